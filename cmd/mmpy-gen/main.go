// Command mmpy-gen regenerates abi/interface.json, the description of
// Mattermost's plugin.API and plugin.Hooks at the server/public version
// pinned in go.mod (every method and hook: signature, doc comment, @tag,
// minimum server version, hook id). `make generate` runs it; CI fails when
// the committed file is stale.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/mmpy/mmpy/internal/gen/emit"
	"github.com/mmpy/mmpy/internal/gen/iface"
	"github.com/mmpy/mmpy/internal/gen/ir"
)

const module = "github.com/mattermost/mattermost/server/public"

func main() {
	out := "abi/interface.json"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := run(out); err != nil {
		fmt.Fprintln(os.Stderr, "mmpy-gen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	b, err := exec.Command("go", "list", "-m", "-json", module).Output()
	if err != nil {
		return fmt.Errorf("go list -m %s: %w (run from the repository root)", module, err)
	}
	var mod struct{ Version, Dir string }
	if err := json.Unmarshal(b, &mod); err != nil {
		return err
	}
	if mod.Dir == "" {
		if err := exec.Command("go", "mod", "download", module+"@"+mod.Version).Run(); err != nil {
			return err
		}
		if b, err = exec.Command("go", "list", "-m", "-json", module).Output(); err != nil {
			return err
		}
		if err := json.Unmarshal(b, &mod); err != nil {
			return err
		}
	}
	it, err := iface.Read(filepath.Join(mod.Dir, "plugin"), module, mod.Version)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(it, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, append(data, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf("mmpy-gen: %s: %d API methods, %d hooks (server/public %s)\n", out, len(it.API), len(it.Hooks), mod.Version)
	x, err := ir.Load(".", it)
	if err != nil {
		return err
	}
	goAPI, err := emit.GoAPI(x)
	if err != nil {
		return err
	}
	goHooks, err := emit.GoHooks(x)
	if err != nil {
		return err
	}
	goShim, err := emit.GoShim(x)
	if err != nil {
		return err
	}
	files := []struct {
		path string
		data []byte
	}{
		{"abi/proto/mmpy/v1/plugin.proto", emit.Proto(x)},
		{"host/internal/apiserve/zz_generated.go", goAPI},
		{"host/zz_hooks_generated.go", goHooks},
		{"cmd/mmpy-shim/zz_hooks_generated.go", goShim},
		{"docs/reference/api.md", emit.DocsAPI(x)},
		{"docs/reference/hooks.md", emit.DocsHooks(x)},
		{"sdk/src/mattermost_plugin/models.py", emit.PyModels(x)},
		{"sdk/src/mattermost_plugin/models.pyi", emit.PyModelsStub(x)},
		{"sdk/src/mattermost_plugin/_client.py", emit.PyClient(x)},
		{"sdk/src/mattermost_plugin/_hooks.py", emit.PyHooks(x)},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("mmpy-gen: %d models, %d files\n", len(x.Models), len(files))
	return nil
}
