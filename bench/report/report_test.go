package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/mmpy/mmpy/host
cpu: AMD EPYC
BenchmarkHookMessageWillBePosted-2   	   11251	    121000 ns/op
BenchmarkHookMessageWillBePosted-2   	   11251	    100000 ns/op
BenchmarkHookMessageWillBePosted-2   	   11251	    110000 ns/op
BenchmarkAPICall/get_user-2          	   15438	     91028 ns/op	     4000 guest-ns/call	5000 cpu-ns/call
BenchmarkAPICall/get_user-2          	   15438	     91028 ns/op	     6000 guest-ns/call	5000 cpu-ns/call
BenchmarkGuestCPU/fib-2              	     405	   3079121 ns/op	   3000000 cpu-ns/op
BenchmarkNativeCPU/fib-2             	     405	   3079121 ns/op	   1200000 cpu-ns/op
BenchmarkStartWarm-2                 	       6	 190000000 ns/op
BenchmarkCompile/cold-2              	       1	6417000000 ns/op
PASS
ok  	github.com/mmpy/mmpy/host	12.1s
pkg: github.com/mmpy/mmpy/bench/grpcbaseline
BenchmarkGRPCAPICall/get_user-2      	    4368	    274419 ns/op	    50000 guest-ns/call	60000 cpu-ns/call
BenchmarkGRPCAPICall/get_user-2      	    4368	    274419 ns/op	    40000 guest-ns/call	60000 cpu-ns/call
BenchmarkGRPCHookMessageWillBePosted-2	    3265	    452795 ns/op
BenchmarkGRPCHookParallel-2   	    3445	    293963 ns/op	      3000 hooks/s
BenchmarkHookParallel-2   	    3445	    293963 ns/op	      9000 hooks/s
`

func parsed(t *testing.T, extra string) *Results {
	res := &Results{}
	require.NoError(t, Parse(strings.NewReader(sample+extra), res))
	return res
}

func TestParse(t *testing.T) {
	res := parsed(t, "")
	assert.Equal(t, "AMD EPYC", res.Config["cpu"])
	assert.Equal(t, []float64{121000, 100000, 110000}, res.Values["HookMessageWillBePosted"]["ns/op"])
	assert.Equal(t, []float64{4000, 6000}, res.Values["APICall/get_user"]["guest-ns/call"])
	s, ok := res.Get("HookMessageWillBePosted", "ns/op")
	require.True(t, ok)
	assert.Equal(t, Stat{Min: 100000, Median: 110000, N: 3}, s)
	s, ok = res.Get("GRPCAPICall/get_user", "guest-ns/call")
	require.True(t, ok)
	assert.Equal(t, Stat{Min: 40000, Median: 45000, N: 2}, s, "median of an even count is the mean of the middle two")
	_, ok = res.Get("APICall/kv_set", "guest-ns/call")
	assert.False(t, ok)

	require.Error(t, Parse(strings.NewReader("BenchmarkX-2 10 1e 	ns/op\n"), &Results{}), "a bad value is an error")
}

func line(t *testing.T, lines []Line, label string) Line {
	for _, l := range lines {
		if strings.HasPrefix(l.Label, label) {
			return l
		}
	}
	t.Fatalf("no line %q", label)
	return Line{}
}

func TestTable(t *testing.T) {
	res := parsed(t, "BenchmarkRSSPerPlugin 1 14.2 MB/plugin\n")
	lines := Table(res)

	api := line(t, lines, "API call `get_user`")
	assert.Equal(t, "4.0 µs / 5.0 µs", api.Ours)
	assert.Equal(t, "40.0 µs / 45.0 µs (gRPC (grpcio → Go))", api.Base)
	assert.Equal(t, "9.0× faster (CPU time per op: 5.0 µs vs 60.0 µs, 12.0× less)", api.Ratio)
	assert.Equal(t, "**met**", api.Status, "9× faster and 5 µs median meet ≥ 7× and ≤ 5 µs")

	kv := line(t, lines, "API call `kv_set`")
	assert.Equal(t, "not measured", kv.Status)

	hook := line(t, lines, "MessageWillBePosted")
	assert.Equal(t, "4.1× faster", hook.Ratio)
	assert.Equal(t, "unmet", hook.Status, "110 µs > 15 µs")

	par := line(t, lines, "MessageWillBePosted throughput")
	assert.Equal(t, "9000/s / 9000/s", par.Ours)
	assert.Equal(t, "3.0× more", par.Ratio)
	assert.Empty(t, par.Status, "no target")

	cpu := line(t, lines, "guest CPU `fib`")
	assert.Equal(t, "0.40× native", cpu.Ratio)
	assert.Equal(t, "unmet", cpu.Status)

	warm := line(t, lines, "activation, warm")
	assert.Equal(t, "190.0 ms / 190.0 ms", warm.Ours)
	assert.Equal(t, "unmet", warm.Status)
	for _, l := range lines {
		assert.NotContains(t, l.Label, "snapshot", "not measured: left out")
	}

	rss := line(t, lines, "RSS per plugin")
	assert.Equal(t, "14.2 MB / 14.2 MB", rss.Ours)
	assert.Equal(t, "**met**", rss.Status)

	cold := line(t, lines, "compile python.wasm, no cache")
	assert.Equal(t, "6.42 s / 6.42 s", cold.Ours)
	assert.Empty(t, cold.Status, "no target")
	assert.Equal(t, "not measured", line(t, lines, "compile python.wasm, on-disk cache").Ours)
}

func TestTableSecondEngine(t *testing.T) {
	without := Table(parsed(t, ""))
	for _, l := range without {
		assert.NotContains(t, l.Label, "wasmtime", "rows of an engine that was not measured are left out")
	}
	lines := Table(parsed(t, `BenchmarkGuestCPU/engine=wasmtime/fib-2 405 3079121 ns/op 2000000 cpu-ns/op
BenchmarkHookMessageWillBePosted/engine=wasmtime-2 100 90000 ns/op
BenchmarkStartWarm/engine=wasmtime-2 6 120000000 ns/op
BenchmarkStartSnapshot/engine=wasmtime-2 20 12000000 ns/op
`))
	snap := line(t, lines, "activation from the plugin's snapshot (instantiate, restore memory, ready) (wasmtime)")
	assert.Equal(t, "12.0 ms / 12.0 ms", snap.Ours)
	assert.Equal(t, "**met**", snap.Status, "12 ms <= 30 ms")
	cpu := line(t, lines, "guest CPU `fib` (wasmtime)")
	assert.Equal(t, "0.60× native", cpu.Ratio)
	assert.Equal(t, "**met**", cpu.Status)
	hook := line(t, lines, "MessageWillBePosted dispatch (wasmtime)")
	assert.Equal(t, "5.0× faster", hook.Ratio)
	warm := line(t, lines, "activation, warm cache (wasmtime)")
	assert.Equal(t, "**met**", warm.Status, "120 ms <= 150 ms")
	assert.Equal(t, "unmet", line(t, lines, "guest CPU `fib` (wazero)").Status, "the default engine's row is unchanged")
	for _, l := range lines {
		assert.NotEqual(t, "API call `kv_set` (Python sees, wasmtime)", l.Label, "not measured on wasmtime: left out")
	}
}

func TestMultitenantToBench(t *testing.T) {
	got, err := MultitenantToBench("compiled python.wasm in 123 ms; RSS 59.2 MB\n" +
		"started and activated 10 plugins in 1742 ms; RSS 101.9 MB (14.2 MB per plugin)\n" +
		"started and activated 10 plugins in 1700 ms; RSS 99.0 MB (13.9 MB per plugin)\n")
	require.NoError(t, err)
	assert.Equal(t, "BenchmarkRSSPerPlugin 1 14.2 MB/plugin\nBenchmarkRSSPerPlugin 1 13.9 MB/plugin\n", got)
	_, err = MultitenantToBench("nothing")
	require.Error(t, err)
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	bench := filepath.Join(dir, "bench.txt")
	mt := filepath.Join(dir, "mt.txt")
	require.NoError(t, os.WriteFile(bench, []byte(sample), 0o644))
	require.NoError(t, os.WriteFile(mt, []byte("started and activated 10 plugins in 1742 ms; RSS 101.9 MB (14.2 MB per plugin)\n"), 0o644))
	rt := filepath.Join(dir, "rt")
	require.NoError(t, os.MkdirAll(rt, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(rt, "BUILDINFO.json"),
		[]byte(`{"cpython_version":"3.13.5","cflags_opt":"-O3","wasm_opt":"wasm-opt -O3","python_wasm_bytes":6291456}`), 0o644))
	md, raw := filepath.Join(dir, "b.md"), filepath.Join(dir, "raw.txt")
	require.NoError(t, run(bench, mt, rt, md, raw, "make bench"))

	doc, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Contains(t, string(doc), "CPython 3.13.5 for wasm32-wasip1, -O3, wasm-opt -O3, python.wasm 6.0 MB")
	assert.Contains(t, string(doc), "min / median over 3 runs")
	assert.Contains(t, string(doc), "| API call `get_user` (Python sees) | 4.0 µs / 5.0 µs |")
	rawData, err := os.ReadFile(raw)
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(string(rawData), "BenchmarkRSSPerPlugin 1 14.2 MB/plugin\n"))

	require.ErrorContains(t, run(filepath.Join(dir, "missing.txt"), "", rt, md, "", "x"), "make bench")
}

const realSample = `pkg: github.com/mmpy/mmpy/bench/realserver
mattermost: 11.4.0
BenchmarkRealServerAPI/get_user-2    500  669143 ns/op  155280 go-cpu-ns/call  100000 go-ns/call  90000 go-p50-ns  260000 go-p99-ns  467390 shim-cpu-ns/call  300000 shim-ns/call  280000 shim-p50-ns  640000 shim-p99-ns
BenchmarkRealServerAPI/get_user-2    500  669143 ns/op  155280 go-cpu-ns/call  120000 go-ns/call  90000 go-p50-ns  260000 go-p99-ns  467390 shim-cpu-ns/call  320000 shim-ns/call  280000 shim-p50-ns  640000 shim-p99-ns
BenchmarkRealServerAPI/kv_set-2      500  669143 ns/op  700000 go-ns/call  600000 go-p50-ns  800000 go-p99-ns  800000 shim-ns/call  650000 shim-p50-ns  900000 shim-p99-ns
BenchmarkRealServerHook-2            500  15551517 ns/op  487644 go-hook-cpu-ns  1000000 go-hook-ns  4000000 go-p50-ns  26000000 go-p99-ns  3000000 none-p50-ns  19000000 none-p99-ns  1722563 shim-hook-cpu-ns  2000000 shim-hook-ns  5000000 shim-p50-ns  31000000 shim-p99-ns
`

func TestRealServerTable(t *testing.T) {
	lines := RealServerTable(parsed(t, realSample))

	gu := line(t, lines, "API call `get_user`")
	assert.Equal(t, "100.0 µs / 110.0 µs", gu.Base, "Go plugin: min / median of go-ns/call")
	assert.Equal(t, "300.0 µs / 310.0 µs", gu.Ours, "shim: min / median of shim-ns/call")
	assert.Equal(t, "2.82× (p50: 90.0 µs vs 280.0 µs, 3.11×; p99: 260.0 µs vs 640.0 µs, 2.46×; "+
		"CPU per call, server + plugin process: 155.3 µs vs 467.4 µs, 3.01×)", gu.Ratio)
	assert.Equal(t, "≤ 1.2× the Go plugin", gu.Target)
	assert.Equal(t, "unmet", gu.Status)

	kv := line(t, lines, "API call `kv_set`")
	assert.Equal(t, "1.14× (p50: 600.0 µs vs 650.0 µs, 1.08×; p99: 800.0 µs vs 900.0 µs, 1.12×)", kv.Ratio, "no CPU metric, no CPU ratio")
	assert.Equal(t, "**met**", kv.Status)

	cp := line(t, lines, "API call `create_post`")
	assert.Equal(t, "not measured", cp.Ours)
	assert.Equal(t, "not measured", cp.Status)

	hook := line(t, lines, "MessageWillBePosted dispatch")
	assert.Equal(t, "1.0 ms / 1.0 ms", hook.Base)
	assert.Equal(t, "2.00× (CPU per post, server + plugin process, with − without: 487.6 µs vs 1.7 ms, 3.53×)", hook.Ratio)
	assert.Equal(t, "unmet", hook.Status)

	post := line(t, lines, "`POST /api/v4/posts` p50")
	assert.Equal(t, "1.25× (p99: 26.0 ms vs 31.0 ms, 1.19×)", post.Ratio)
	assert.Empty(t, post.Status, "no target: the request's latency is context")
	assert.Equal(t, "—", post.Target)

	noisy := RealServerTable(parsed(t, "BenchmarkRealServerHook-2 10 1 ns/op -5000 go-hook-ns 90000 shim-hook-ns\n"))
	h := line(t, noisy, "MessageWillBePosted dispatch")
	assert.Equal(t, "−5.0 µs / −5.0 µs", h.Base, "a negative difference is shown as such")
	assert.Equal(t, "— (the Go plugin's value is not above the noise)", h.Ratio)
	assert.Equal(t, "inconclusive", h.Status)
}

func TestWriteMarkdownRealServer(t *testing.T) {
	var with, without strings.Builder
	require.NoError(t, WriteMarkdown(&with, parsed(t, realSample), Meta{Runs: 2}))
	require.NoError(t, WriteMarkdown(&without, parsed(t, ""), Meta{Runs: 2}))

	assert.Contains(t, with.String(), "## Real server: shim vs Go plugin")
	assert.Contains(t, with.String(), "A real Mattermost server (11.4.0, built from the Go module proxy", "the version the benchmark recorded")
	assert.Contains(t, with.String(), "`POST /api/v4/posts` took 3.0 ms (p50; min / median 3.0 ms / 3.0 ms)")
	assert.Contains(t, with.String(), "| API call `get_user` (mean per call, timed inside the plugin) | 100.0 µs / 110.0 µs | 300.0 µs / 310.0 µs | 2.82× (")
	assert.NotContains(t, with.String(), "Not measured in this run")
	assert.Contains(t, without.String(), "Not measured in this run (bench/realserver")
	for _, doc := range []string{with.String(), without.String()} {
		assert.Contains(t, doc, "**Real server: shim vs Go plugin** (bench/realserver", "the method is described either way")
		assert.NotContains(t, doc, "on a real server\n(shim mode", "the old 'not measured' sentence is gone")
	}
}
