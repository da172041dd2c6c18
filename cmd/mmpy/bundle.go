package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mmpy/mmpy/internal/bundle"
)

func bundleCmd() *cobra.Command {
	var out, runtime string
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
			_, err := bundle.Build(bundle.Options{
				PluginDir:  args[0],
				RuntimeDir: abs,
				Out:        out,
				Progress:   func(s string) { fmt.Fprintln(cmd.ErrOrStderr(), "[bundle]", s) },
				Artifact:   art,
				Context:    cmd.Context(),
			})
			return err
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "bundle file to write (.tar.gz)")
	c.Flags().BoolVar(&art, "artifact", false, "ship the one-file plugin.wasm (mmpy build) instead of the loose runtime (always so for a plugin with dependencies)")
	c.Flags().StringVar(&runtime, "runtime", "", "mmpy runtime directory (default $MMPY_RUNTIME or ./build/runtime)")
	return c
}
