package bundle

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mmpy/mmpy/internal/artifact"
	"github.com/mmpy/mmpy/internal/deps"
	"github.com/mmpy/mmpy/internal/layout"
	"github.com/mmpy/mmpy/internal/manifest"
)

// ArtifactOptions for BuildArtifact.
type ArtifactOptions struct {
	PluginDir  string // the plugin's root (with plugin.json or plugin.yaml)
	RuntimeDir string // an mmpy runtime directory (see package layout)
	// Out is the .wasm file to write ("" = only return the bytes).
	Out string
	// Deps configures dependency resolution (pip, caches).
	Deps deps.Options
	// Progress receives one line per step (nil = silent).
	Progress func(string)
}

// ArtifactResult describes a built artifact.
type ArtifactResult struct {
	Manifest *manifest.Manifest
	Info     artifact.Info
	Data     []byte
	Sizes    artifact.Sizes
}

// ProvidedDistributions are the distributions the runtime itself carries
// (the SDK); requirements on them are not vendored again.
var ProvidedDistributions = []string{"mattermost-plugin-sdk", "mattermost-plugin"}

// BuildArtifact builds a one-file plugin.wasm: the runtime's interpreter,
// standard library and SDK, the plugin's dependencies (per
// server.python.dependency_mode) and the plugin's files.
func BuildArtifact(ctx context.Context, o ArtifactOptions) (*ArtifactResult, error) {
	say := o.Progress
	if say == nil {
		say = func(string) {}
	}
	m, err := loadManifest(o.PluginDir)
	if err != nil {
		return nil, err
	}
	plan, err := m.Dependencies(o.PluginDir)
	if err != nil {
		return nil, err
	}
	read := func(rel string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(o.RuntimeDir, filepath.FromSlash(rel)))
		if err != nil {
			return nil, fmt.Errorf("runtime %s is incomplete: %s is missing: build it with `make runtime` or pass --runtime DIR", o.RuntimeDir, rel)
		}
		return b, nil
	}
	p := artifact.Parts{}
	if p.Interpreter, err = read(layout.PythonWasm); err != nil {
		return nil, err
	}
	if p.Stdlib, err = read(layout.StdlibZip); err != nil {
		return nil, err
	}
	if p.Site, err = read(layout.SiteZip); err != nil {
		return nil, err
	}
	say(fmt.Sprintf("building %s %s from %s (dependency_mode %s)", m.ID, m.Version, o.PluginDir, plan.Mode))

	dopts := o.Deps
	dopts.Progress = say
	dopts.PythonVersion = fmt.Sprintf("%d.%d", InterpreterVersion[0], InterpreterVersion[1])
	dopts.Provided = append(dopts.Provided, ProvidedDistributions...)
	var vendored *deps.Result
	switch plan.Mode {
	case manifest.ModeBundled:
		if plan.Requirements != "" {
			if vendored, err = deps.Resolve(ctx, plan.Requirements, dopts); err != nil {
				where := rel(o.PluginDir, plan.Requirements)
				if strings.HasPrefix(plan.RequirementsField, "server.") {
					where += " (" + filepath.Base(m.File) + ": " + plan.RequirementsField + ")"
				}
				return nil, fmt.Errorf("%s: %w", where, err)
			}
		}
	case manifest.ModeVenv:
		if vendored, err = deps.FromVenv(ctx, plan.Venv, dopts); err != nil {
			return nil, fmt.Errorf("%s: server.python.venv_path: %w", filepath.Base(m.File), err)
		}
	case manifest.ModeSystem:
		if plan.Requirements != "" {
			lines, _, err := deps.ReadRequirements(plan.Requirements, dopts.Provided)
			if err != nil {
				return nil, err
			}
			if len(lines) > 0 {
				return nil, fmt.Errorf(`%s: server.python.dependency_mode: "system" means the interpreter's own packages, and in the WebAssembly sandbox that is only the standard library and the SDK (the server's Python installation is invisible to the plugin), but %s requires %s: set "dependency_mode": "bundled" to vendor them into the artifact`,
					filepath.Base(m.File), rel(o.PluginDir, plan.Requirements), strings.Join(lines, ", "))
			}
		}
	}
	p.Info = artifact.Info{Format: artifact.Format, ID: m.ID, Version: m.Version, Entry: m.Server.Executable, Python: dopts.PythonVersion, DependencyMode: plan.Mode}
	if vendored != nil {
		p.Deps = vendored.Zip
		for _, d := range vendored.Dependencies {
			p.Info.Dependencies = append(p.Info.Dependencies, artifact.Dependency(d))
		}
		if len(vendored.Dependencies) > 0 {
			names := make([]string, 0, len(vendored.Dependencies))
			for _, d := range vendored.Dependencies {
				names = append(names, d.Name+"=="+d.Version)
			}
			say(fmt.Sprintf("vendored %d packages (%d files, precompiled: %v): %s", len(names), vendored.Files, vendored.Precompiled, strings.Join(names, " ")))
		}
	}
	if p.Manifest, err = json.MarshalIndent(m.Raw, "", "  "); err != nil {
		return nil, err
	}
	if p.Plugin, err = zipPlugin(o.PluginDir, m, plan.Venv, p.Manifest); err != nil {
		return nil, err
	}
	data, sizes, err := artifact.Assemble(p)
	if err != nil {
		return nil, err
	}
	if o.Out != "" {
		if err := writeAtomic(o.Out, data); err != nil {
			return nil, err
		}
		say(fmt.Sprintf("wrote %s (%.1f MB)", o.Out, float64(len(data))/1e6))
	}
	say("size: " + sizes.String())
	return &ArtifactResult{Manifest: m, Info: p.Info, Data: data, Sizes: sizes}, nil
}

func rel(base, p string) string {
	if r, err := filepath.Rel(base, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

// zipPlugin packs the plugin's files as the bundle would carry them, with
// plugin.json (the manifest as JSON) at the root. venv (absolute, may be
// "") is left out: its packages travel as dependencies.
func zipPlugin(dir string, m *manifest.Manifest, venv string, manifestJSON []byte) ([]byte, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(dir, p)
		r = filepath.ToSlash(r)
		if r == "." {
			return nil
		}
		if skipped[d.Name()] || strings.HasSuffix(d.Name(), ".pyc") || (venv != "" && p == venv) || r == "plugin.json" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symlink: artifacts cannot contain symlinks; replace it with the file it points to", p)
		}
		if d.Type().IsRegular() {
			files = append(files, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	epoch := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(name string, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: epoch})
		if err == nil {
			_, err = w.Write(data)
		}
		return err
	}
	if err := add("plugin.json", manifestJSON); err != nil {
		return nil, err
	}
	for _, r := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r)))
		if err != nil {
			return nil, err
		}
		if err := add(r, data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeAtomic(out string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".artifact-*.wasm")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}
