package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mmpy/mmpy/conformance"
	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/layout"
)

type conformanceFlags struct {
	engines           []string
	hostBin, guest    string
	runtime, jsonOut  string
	run, golden       string
	failuresPerTarget int
}

func conformanceCmd() *cobra.Command {
	var f conformanceFlags
	c := &cobra.Command{
		Use:   "conformance",
		Short: "Check a host and a guest against the ABI's conformance scenarios",
		Long: "Conformance plays the ABI's conformance scenarios (every plugin.API method, every\n" +
			"hook, hook failures, re-entrant calls; golden files conformance/testdata/*.json, built into this\n" +
			"binary) as the Mattermost server, against the recording reference API, and prints\n" +
			"a scenario-group x engine table (pass/total, skipped, seconds). It exits non-zero\n" +
			"when a scenario fails.\n\n" +
			"Targets:\n" +
			"  (default)      the guest in this binary's embedded host, on each --engine\n" +
			"  --host BINARY  a plugin executable speaking Mattermost's plugin RPC (e.g.\n" +
			"                 build/runtime/shim/mmpy-shim-linux-amd64), started and called by\n" +
			"                 Mattermost's own plugin.Environment; --engine is passed to it as\n" +
			"                 MMPY_ENGINE\n" +
			"  --guest PATH   another guest (plugin folder, bundle .tar.gz or one-file .wasm)\n" +
			"                 implementing the guest protocol of conformance/README.md; default:\n" +
			"                 the conformance plugin (conformance/plugin)\n\n" +
			"Per-engine compile, activation, hook and API latency are benchmarks, not part of\n" +
			"this run: see docs/benchmarks.md (make bench).",
		Example: "  mmpy conformance\n" +
			"  mmpy conformance --engine wasmtime --json build/conformance.json\n" +
			"  mmpy conformance --host build/runtime/shim/mmpy-shim-linux-amd64 --run 'hooks/'\n" +
			"  mmpy conformance --guest ./my-guest --run 'api/KV'",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConformance(cmd.Context(), cmd.OutOrStdout(), f)
		},
	}
	c.Flags().StringSliceVar(&f.engines, "engine", nil, "engine(s) to run on: "+strings.Join([]string{host.EngineWazero, host.EngineWasmtime}, ", ")+" (default: every engine compiled in; with --host: the host's default)")
	c.Flags().StringVar(&f.hostBin, "host", "", "a plugin executable that hosts the guest behind Mattermost's plugin RPC")
	c.Flags().StringVar(&f.guest, "guest", "", "the guest: a plugin folder, a bundle (.tar.gz) or an artifact (.wasm) (default: the conformance plugin)")
	c.Flags().StringVar(&f.runtime, "runtime", "", "mmpy runtime directory (default $MMPY_RUNTIME or ./build/runtime)")
	c.Flags().StringVar(&f.jsonOut, "json", "", "also write the results (one row per scenario and engine) as JSON to this file")
	c.Flags().StringVar(&f.run, "run", "", "only scenarios whose group/name matches this regular expression (e.g. 'api/KV', 'hooks/ServeHTTP')")
	c.Flags().StringVar(&f.golden, "golden", "", "read the golden files from this directory instead of the built-in copy")
	c.Flags().IntVar(&f.failuresPerTarget, "show", 20, "print the problems of at most this many failed scenarios per engine")
	return c
}

func runConformance(ctx context.Context, out io.Writer, f conformanceFlags) error {
	if ctx == nil {
		ctx = context.Background()
	}
	var re *regexp.Regexp
	if f.run != "" {
		var err error
		if re, err = regexp.Compile(f.run); err != nil {
			return fmt.Errorf("--run %q: %w", f.run, err)
		}
	}
	groups, err := conformance.Load()
	if f.golden != "" {
		groups, err = conformance.LoadDir(f.golden)
	}
	if err != nil {
		return err
	}
	scenarios := conformance.Selected(groups, re)
	if len(scenarios) == 0 {
		return fmt.Errorf("--run %q matches no scenario (names are group/Name#n-kind, e.g. api/KVGet#1-zero, hooks/ServeHTTP, errors/ServeHTTP-raises)", f.run)
	}
	rt := f.runtime
	if rt == "" {
		rt = defaultRuntime()
	}
	guest := conformance.Guest{Path: f.guest, RuntimeDir: rt}
	engines := f.engines
	if len(engines) == 0 {
		engines = host.Engines()
		if f.hostBin != "" {
			engines = []string{""}
		}
	}
	var results []conformance.Result
	for _, eng := range engines {
		ref := conformance.NewReference()
		var target conformance.Target
		if f.hostBin != "" {
			if f.guest != "" && !isDir(f.guest) {
				return fmt.Errorf("--guest %s: with --host the guest must be a plugin folder (the host binary is put in its server/dist/)", f.guest)
			}
			restore := setEnv("MMPY_ENGINE", eng)
			target, err = conformance.StartHost(ctx, f.hostBin, guest, ref)
			restore()
		} else {
			target, err = conformance.StartInProcess(ctx, eng, guest, ref, layout.CompileCacheDir())
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "conformance: %d scenarios on %s\n", len(scenarios), target.Name())
		if err := conformance.Activate(ctx, target); err != nil {
			_ = target.Close()
			return fmt.Errorf("%s: activation: %w", target.Name(), err)
		}
		shown := 0
		for _, s := range scenarios {
			r := conformance.Run(ctx, target, ref, s)
			results = append(results, r)
			if !r.Pass && shown < f.failuresPerTarget {
				shown++
				for _, p := range r.Problems {
					fmt.Fprintf(out, "conformance: %s: %s\n", r.Target, p)
				}
			}
		}
		if err := target.Close(); err != nil {
			fmt.Fprintf(out, "conformance: %s: closing: %v\n", target.Name(), err)
		}
	}
	conformance.Table(out, results)
	if f.jsonOut != "" {
		if err := conformance.WriteJSON(f.jsonOut, results); err != nil {
			return err
		}
		fmt.Fprintf(out, "conformance: wrote %s\n", f.jsonOut)
	}
	failed := 0
	for _, r := range results {
		if !r.Pass {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("conformance: %d of %d scenario runs failed", failed, len(results))
	}
	return nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// setEnv sets name to value ("" leaves it alone) and returns the undo.
func setEnv(name, value string) func() {
	if value == "" {
		return func() {}
	}
	old, had := os.LookupEnv(name)
	_ = os.Setenv(name, value)
	return func() {
		if had {
			_ = os.Setenv(name, old)
		} else {
			_ = os.Unsetenv(name)
		}
	}
}
