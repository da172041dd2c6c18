package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mmpy/mmpy/internal/bundle"
)

func buildCmd() *cobra.Command {
	var out, runtime string
	c := &cobra.Command{
		Use:   "build DIR -o plugin.wasm",
		Short: "Build a one-file WebAssembly artifact of a Python plugin",
		Long: "Build writes one WebAssembly module holding the interpreter, the standard library,\n" +
			"the SDK, the plugin's vendored dependencies (server.python.dependency_mode: its\n" +
			"requirements.txt resolved with pip to pure-Python wheels, or the packages of its venv)\n" +
			"and the plugin's files. `mmpy run plugin.wasm` runs it; a host embedding mmpy starts\n" +
			"it with host.Spec{Artifact: \"plugin.wasm\"} and no other files.",
		Example: "  mmpy build examples/hello_python -o hello.wasm",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("missing -o FILE.wasm: name the artifact to write")
			}
			if !strings.HasSuffix(out, ".wasm") {
				return fmt.Errorf("-o %s: an artifact must end in .wasm", out)
			}
			if runtime == "" {
				runtime = defaultRuntime()
			}
			abs, _ := filepath.Abs(runtime)
			_, err := bundle.BuildArtifact(cmd.Context(), bundle.ArtifactOptions{
				PluginDir:  args[0],
				RuntimeDir: abs,
				Out:        out,
				Progress:   func(s string) { fmt.Fprintln(cmd.ErrOrStderr(), "[build]", s) },
			})
			return err
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "artifact file to write (.wasm)")
	c.Flags().StringVar(&runtime, "runtime", "", "mmpy runtime directory (default $MMPY_RUNTIME or ./build/runtime)")
	return c
}
