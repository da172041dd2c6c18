// Command mmpy builds, bundles and runs Python Mattermost plugins.
//
//	mmpy new DIR                     scaffold a plugin (manifest, code, tests)
//	mmpy bundle DIR -o FILE.tar.gz   bundle a plugin for an unmodified server
//	mmpy build DIR -o FILE.wasm      build a one-file WebAssembly artifact
//	mmpy run DIR|FILE.tar.gz|.wasm   run a plugin in the embedded host against
//	                                 an in-memory fake server and fire hooks
//	mmpy conformance [--engine E]    check a host and a guest against the
//	                                 ABI's conformance scenarios
//	mmpy deploy DIR|FILE.tar.gz      upload, enable and wait until it runs
//	mmpy disable ID|DIR              disable a plugin on the server
//	mmpy logs ID|DIR [--follow]      print a plugin's server log lines
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "mmpy",
		Short:         "Python plugins for Mattermost, sandboxed in WebAssembly",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newCmd(), bundleCmd(), buildCmd(), runCmd(), testCmd(), conformanceCmd(), deployCmd(), disableCmd(), logsCmd(), versionCmd())
	return root
}

func main() {
	// Ctrl-C cancels the command's context (logs --follow ends cleanly).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRoot().ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mmpy:", err)
		var ec interface{ ExitCode() int }
		if errors.As(err, &ec) && ec.ExitCode() > 0 {
			os.Exit(ec.ExitCode()) // e.g. pytest's status from `mmpy test`
		}
		os.Exit(1)
	}
}
