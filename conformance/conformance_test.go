package conformance_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/mmpy/mmpy/internal/testenv"

	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/abi"
	"github.com/mmpy/mmpy/conformance"
	"github.com/mmpy/mmpy/host"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json from the generator (conformance.Generate)")

func here() string {
	_, f, _, _ := runtime.Caller(0)
	return filepath.Dir(f)
}

// TestGolden: the golden files are what the generator makes from its
// seeds (run with -update after changing the generator or the interface,
// and review the diff).
func TestGolden(t *testing.T) {
	groups, err := conformance.Generate()
	require.NoError(t, err)
	if *update {
		for _, g := range groups {
			b, err := g.Encode()
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(here(), "testdata", g.Group+".json"), b, 0o644))
		}
		t.Logf("wrote %d golden files", len(groups))
	}
	files, err := conformance.LoadDir(filepath.Join(here(), "testdata"))
	require.NoError(t, err)
	embedded, err := conformance.Load()
	require.NoError(t, err)
	require.Len(t, files, len(groups))
	for i, g := range groups {
		f := files[i]
		assert.Equal(t, len(g.Scenarios), len(f.Scenarios), "%s.json: number of scenarios (go test ./conformance -run TestGolden -update)", g.Group)
		byName := map[string]conformance.Scenario{}
		for _, s := range f.Scenarios {
			byName[s.Name] = s
		}
		for _, s := range g.Scenarios {
			got, ok := byName[s.Name]
			if !assert.True(t, ok, "%s/%s: missing from the golden file (-update)", g.Group, s.Name) {
				continue
			}
			want, have := mustJSON(t, s), mustJSON(t, got)
			assert.JSONEq(t, want, have, "%s/%s: the golden file differs from the generator (-update)", g.Group, s.Name)
		}
		if !*update {
			assert.Equal(t, mustJSON(t, f), mustJSON(t, embedded[i]), "%s.json: the embedded copy is stale: rebuild", g.Group)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestCoverage: the golden files cover every plugin.API method (each with
// an error scenario where it has an error result) and every hook of
// abi/interface.json, which describes server/public in go.mod. A method or
// hook added to the interface without scenarios fails here.
func TestCoverage(t *testing.T) {
	groups, err := conformance.Load()
	require.NoError(t, err)
	calls, callErrors, hooks, raises := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, s := range conformance.Selected(groups, nil) {
		switch {
		case s.Method != "":
			calls[s.Method]++
			if s.Want.Error != nil {
				callErrors[s.Method]++
			}
		case s.Group == "errors":
			raises[s.Hook]++
		default:
			hooks[s.Hook]++
		}
	}
	apiT := reflect.TypeFor[plugin.API]()
	require.Equal(t, apiT.NumMethod(), len(abi.Interface().API), "abi/interface.json describes plugin.API of the module in go.mod")
	for _, m := range abi.Interface().API {
		assert.Positive(t, calls[m.Name], "API method %s has no scenario", m.Name)
		mt, _ := apiT.MethodByName(m.Name)
		if n := mt.Type.NumOut(); n > 0 && strings.HasSuffix(mt.Type.Out(n-1).String(), "rror") {
			assert.Positive(t, callErrors[m.Name], "API method %s has no error scenario", m.Name)
		}
	}
	for _, h := range abi.Interface().Hooks {
		assert.Positive(t, hooks[h.Name], "hook %s has no scenario", h.Name)
		if h.Name != "OnActivate" && h.Name != "OnDeactivate" {
			assert.Positive(t, raises[h.Name], "hook %s has no failure scenario", h.Name)
		}
	}
	assert.Len(t, calls, 258, "server/public v0.4.4 has 258 plugin.API methods")
	assert.Len(t, hooks, 51, "server/public v0.4.4 has 51 hooks")
	assert.Len(t, raises, 49)
	t.Logf("%d methods in %d call scenarios (%d errors), %d hooks, %d failing hooks", len(calls), sum(calls), sum(callErrors), len(hooks), len(raises))
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func runtimeDir(t *testing.T) string { return testenv.RuntimeDir(t) }

func compileCacheDir() string { return testenv.CompileCacheDir() }

var report struct {
	mu   sync.Mutex
	rows []conformance.Result
}

// runAll plays every scenario against target as subtests group/name.
func runAll(t *testing.T, target conformance.Target, ref *conformance.Reference) {
	groups, err := conformance.Load()
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, conformance.Activate(ctx, target))
	for _, s := range conformance.Selected(groups, nil) {
		t.Run(s.ID(), func(t *testing.T) {
			r := conformance.Run(ctx, target, ref, s)
			report.mu.Lock()
			report.rows = append(report.rows, r)
			report.mu.Unlock()
			for _, p := range r.Problems {
				t.Error(p)
			}
		})
	}
}

// TestConformance plays the golden scenarios against the conformance
// plugin on every engine compiled in (wazero; wasmtime with -tags wasmtime).
func TestConformance(t *testing.T) {
	rd := runtimeDir(t)
	for _, eng := range host.Engines() {
		t.Run("engine="+eng, func(t *testing.T) {
			ref := conformance.NewReference()
			target, err := conformance.StartInProcess(context.Background(), eng, conformance.Guest{RuntimeDir: rd}, ref, compileCacheDir())
			require.NoError(t, err)
			defer func() {
				if t.Failed() {
					log, _ := target.Log()
					t.Logf("host log (last 4000 bytes):\n%s", tail(log, 4000))
				}
				assert.NoError(t, target.Close())
			}()
			runAll(t, target, ref)
		})
	}
}

func head(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// TestMain prints the scenario × engine table and, when
// MMPY_CONFORMANCE_REPORT names a file, writes the rows there as JSON.
func TestMain(m *testing.M) {
	code := m.Run()
	report.mu.Lock()
	rows := report.rows
	report.mu.Unlock()
	if len(rows) > 0 {
		conformance.Table(os.Stdout, rows)
		if p := os.Getenv("MMPY_CONFORMANCE_REPORT"); p != "" {
			if err := conformance.WriteJSON(p, rows); err != nil {
				fmt.Fprintln(os.Stderr, "conformance report:", err)
				code = 1
			}
		}
	}
	if shims.dir != "" {
		os.RemoveAll(shims.dir)
	}
	os.Exit(code)
}

var shims struct {
	sync.Mutex
	dir   string
	built map[string]string
}

// buildShim builds cmd/mmpy-shim from this tree (once per set of tags).
func buildShim(t *testing.T, tags ...string) string {
	t.Helper()
	shims.Lock()
	defer shims.Unlock()
	key := strings.Join(tags, ",")
	if p, ok := shims.built[key]; ok {
		return p
	}
	if shims.dir == "" {
		d, err := os.MkdirTemp("", "mmpy-conformance-shims-*")
		require.NoError(t, err)
		shims.dir, shims.built = d, map[string]string{}
	}
	out := filepath.Join(shims.dir, fmt.Sprintf("%d", len(shims.built)), "mmpy-shim")
	args := []string{"build", "-o", out}
	if key != "" {
		args = append(args, "-tags", key)
	}
	cmd := exec.Command("go", append(args, "./cmd/mmpy-shim")...)
	cmd.Dir = filepath.Dir(here())
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build ./cmd/mmpy-shim:\n%s", b)
	shims.built[key] = out
	return out
}

// runHost plays every scenario against the shim at path.
func runHost(t *testing.T, shim string) *conformance.OutOfProcess {
	ref := conformance.NewReference()
	target, err := conformance.StartHost(context.Background(), shim, conformance.Guest{RuntimeDir: runtimeDir(t)}, ref)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, target.Close()) })
	defer func() {
		if t.Failed() {
			log, _ := target.Log()
			t.Logf("server log (first 6000 bytes):\n%s", head(log, 6000))
		}
	}()
	runAll(t, target, ref)
	return target
}

// TestHostShim plays the golden scenarios against cmd/mmpy-shim as a
// Mattermost server would run it: a plugin executable started and called
// by Mattermost's own plugin.Environment (go-plugin RPC), the reference API
// served back to it over that RPC.
func TestHostShim(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cmd/mmpy-shim")
	}
	runtimeDir(t)
	target := runHost(t, buildShim(t))
	log, _ := target.Log()
	assert.Contains(t, log, `engine=wazero`, "the shim runs on the default engine")
}
