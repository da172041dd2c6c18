package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/layout"
)

// engineFlagHelp documents --engine (host.Options.Engine).
const engineFlagHelp = "WebAssembly engine: wazero (default, pure Go) or wasmtime (cgo; only in an mmpy built with -tags wasmtime)"

// defaultRuntime finds the runtime directory: $MMPY_RUNTIME, else
// build/runtime in the current folder or one of its parents.
func defaultRuntime() string {
	if d := os.Getenv("MMPY_RUNTIME"); d != "" {
		return d
	}
	dir, _ := os.Getwd()
	for i := 0; i < 8; i++ {
		c := filepath.Join(dir, "build", "runtime")
		if _, err := os.Stat(filepath.Join(c, layout.PythonWasm)); err == nil {
			return c
		}
		p := filepath.Dir(dir)
		if p == dir {
			break
		}
		dir = p
	}
	return filepath.Join("build", "runtime")
}

func versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the mmpy version and ABI",
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "mmpy %s (guest ABI v%d)\n", host.Version, host.ABIVersion)
			return nil
		},
	}
}
