package host_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// cpuWorkloads are the names in testdata/bench/server/workloads.py.
var cpuWorkloads = []string{"fib", "nbody", "json", "regex"}

// nativePython is the native CPython built from the same source as
// python.wasm (pyodide-build/build.sh records its path in
// native-python/LATEST when tools/build-runtime.sh asks for it).
func nativePython(tb testing.TB) string {
	cache := filepath.Join(os.Getenv("HOME"), ".cache", "mmpy")
	if d := os.Getenv("MMPY_CACHE"); d != "" {
		cache = d
	}
	latest := filepath.Join(cache, "native-python", "LATEST")
	b, err := os.ReadFile(latest)
	if err == nil {
		py := strings.TrimSpace(string(b))
		if _, err = os.Stat(py); err == nil {
			return py
		}
	}
	msg := fmt.Sprintf("native CPython missing (%s: %v): run `make runtime`", latest, err)
	if os.Getenv("MMPY_REQUIRE_RUNTIME") == "1" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
	return ""
}

// BenchmarkNativeCPU: BenchmarkGuestCPU's workloads on native CPython of the
// same version (one process; py-ns/op is Python's own wall-clock timing of
// one run, cpu-ns/op its process CPU time).
func BenchmarkNativeCPU(b *testing.B) {
	cmd := exec.Command(nativePython(b), filepath.Join(repoRoot(), "host", "testdata", "bench", "server", "workloads.py"))
	stdin, err := cmd.StdinPipe()
	require.NoError(b, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(b, err)
	cmd.Stderr = os.Stderr
	require.NoError(b, cmd.Start())
	b.Cleanup(func() { _ = stdin.Close(); _ = cmd.Wait() })
	out := bufio.NewScanner(stdout)
	require.True(b, out.Scan(), "workloads.py did not start")
	require.Equal(b, "ready", out.Text())
	for _, w := range cpuWorkloads {
		b.Run(w, func(b *testing.B) {
			b.ResetTimer()
			_, err := fmt.Fprintf(stdin, "%s %d\n", w, b.N)
			require.NoError(b, err)
			require.True(b, out.Scan(), "workloads.py exited")
			b.StopTimer()
			f := strings.Fields(out.Text())
			require.True(b, len(f) == 3 && f[0] == "ok", "workloads.py answered %q", out.Text())
			wall, err := strconv.ParseFloat(f[1], 64)
			require.NoError(b, err)
			cpu, err := strconv.ParseFloat(f[2], 64)
			require.NoError(b, err)
			b.ReportMetric(wall/float64(b.N), "py-ns/op")
			b.ReportMetric(cpu/float64(b.N), "cpu-ns/op")
		})
	}
}
