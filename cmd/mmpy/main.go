// Command mmpy builds, bundles and runs Python Mattermost plugins.
//
//	mmpy new DIR                     scaffold a plugin (manifest, code, tests)
//	mmpy bundle DIR -o FILE.tar.gz   bundle a plugin for an unmodified server
//	mmpy run DIR|FILE.tar.gz         run a plugin in the embedded host against
//	                                 an in-memory fake server and fire hooks
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "mmpy",
		Short:         "Python plugins for Mattermost, sandboxed in WebAssembly",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newCmd(), bundleCmd(), runCmd(), versionCmd())
	return root
}

func main() {
	if err := newRoot().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "mmpy:", err)
		os.Exit(1)
	}
}
