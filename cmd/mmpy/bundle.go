package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/bundle"
	"github.com/mmpy/mmpy/internal/layout"
)

func bundleCmd() *cobra.Command {
	var out, runtime, engine string
	var art bool
	c := &cobra.Command{
		Use:   "bundle DIR -o FILE.tar.gz",
		Short: "Bundle a Python plugin for an unmodified Mattermost server",
		Long: "Bundle writes a plugin bundle (tar.gz) that a stock Mattermost server installs:\n" +
			"the plugin's files, the WebAssembly interpreter and standard library, the SDK,\n" +
			"and the mmpy shim executable for each platform. No Python is needed on the server.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("missing -o FILE.tar.gz: name the bundle to write")
			}
			if !isBundle(out) {
				return fmt.Errorf("-o %s: a bundle must end in .tar.gz", out)
			}
			if runtime == "" {
				runtime = defaultRuntime()
			}
			abs, _ := filepath.Abs(runtime)
			progress := func(s string) { fmt.Fprintln(cmd.ErrOrStderr(), "[bundle]", s) }
			shims, cleanup, err := engineShims(cmd.Context(), engine, progress)
			if err != nil {
				return err
			}
			defer cleanup()
			_, err = bundle.Build(bundle.Options{
				PluginDir:  args[0],
				RuntimeDir: abs,
				Out:        out,
				Progress:   progress,
				Artifact:   art,
				Context:    cmd.Context(),
				Engine:     engine,
				Shims:      shims,
			})
			return err
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "bundle file to write (.tar.gz)")
	c.Flags().BoolVar(&art, "artifact", false, "ship the one-file plugin.wasm (mmpy build) instead of the loose runtime (always so for a plugin with dependencies)")
	c.Flags().StringVar(&runtime, "runtime", "", "mmpy runtime directory (default $MMPY_RUNTIME or ./build/runtime)")
	c.Flags().StringVar(&engine, "engine", "", "engine the shim runs the plugin on (server.python.engine): wazero (default) or wasmtime, "+
		"which builds a shim with -tags wasmtime for this machine's platform only (needs the mmpy source tree, Go, cgo and a C compiler)")
	return c
}

// engineShims builds the shim for engine when the runtime's prebuilt
// (wazero) shims do not have it: for wasmtime, cmd/mmpy-shim with -tags
// wasmtime and cgo, for this machine's platform.
func engineShims(ctx context.Context, engine string, say func(string)) (map[string]string, func(), error) {
	switch engine {
	case "", host.EngineWazero:
		return nil, func() {}, nil
	case host.EngineWasmtime:
	default:
		return nil, nil, fmt.Errorf("--engine %q: use %s or %s", engine, host.EngineWazero, host.EngineWasmtime)
	}
	platform := goruntime.GOOS + "-" + goruntime.GOARCH
	if !slices.Contains(layout.Platforms, platform) {
		return nil, nil, fmt.Errorf("--engine wasmtime builds the shim for this machine (%s), which a Mattermost server does not run on (%s): bundle on one of those", platform, strings.Join(layout.Platforms, ", "))
	}
	src, err := mmpySource()
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "mmpy-shim-wasmtime-*")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	out := filepath.Join(dir, layout.ShimName(platform))
	say("building the wasmtime shim for " + platform + " (go build -tags wasmtime, cgo)")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-tags", "wasmtime", "-ldflags", "-s -w", "-o", out, "./cmd/mmpy-shim")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("--engine wasmtime: building the shim with -tags wasmtime failed (it needs cgo and a C compiler): %w\n%s", err, b)
	}
	return map[string]string{platform: out}, cleanup, nil
}

// mmpySource finds the mmpy module (go.mod of github.com/mmpy/mmpy) at or
// above the working directory.
func mmpySource() (string, error) {
	dir, _ := os.Getwd()
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module github.com/mmpy/mmpy\n") {
			return dir, nil
		}
		p := filepath.Dir(dir)
		if p == dir {
			return "", fmt.Errorf("--engine wasmtime builds the shim from source: run mmpy inside the mmpy repository (no go.mod of github.com/mmpy/mmpy at or above the working directory)")
		}
		dir = p
	}
}
