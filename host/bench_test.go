package host_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

// Every benchmark runs once per engine compiled in, as sub-benchmarks
// engine=wazero and (with -tags wasmtime) engine=wasmtime.
func forEachEngineB(b *testing.B, f func(b *testing.B, eng string)) {
	for _, eng := range host.Engines() {
		b.Run("engine="+eng, func(b *testing.B) { f(b, eng) })
	}
}

func benchPlugin(b *testing.B, eng string) (*host.Plugin, *fakeapi.API) {
	api := fakeapi.New()
	p, _ := startOn(b, eng, filepath.Join(repoRoot(), "host", "testdata", "bench"), api)
	return p, api
}

// BenchmarkHookMessageWillBePosted: one host -> guest -> host round trip of
// the allow path of a content filter.
func BenchmarkHookMessageWillBePosted(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		p, _ := benchPlugin(b, eng)
		benchMWBP(b, p)
	})
}

// BenchmarkHookParallel64: MessageWillBePosted from 64 goroutines at once
// (the guest serves one hook at a time; the rest queue): hooks/s is the
// throughput of one plugin under load.
func BenchmarkHookParallel64(b *testing.B) {
	p, _ := benchPlugin(b, host.EngineWazero)
	ctx := context.Background()
	c := &plugin.Context{}
	b.SetParallelism((64 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		post := &model.Post{Id: "p", ChannelId: "c", UserId: "u", Message: "hello world"}
		for pb.Next() {
			if got, reason := p.MessageWillBePosted(ctx, c, post); got == nil || reason != "" {
				b.Error("unexpected rejection")
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "hooks/s")
}

// BenchmarkAPICall: b.N guest -> host API calls from Python inside one hook;
// ns/op is the cost of one call as Python sees it (encode, cross, dispatch,
// decode).
func BenchmarkAPICall(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		for _, m := range []string{"get_user", "kv_set", "create_post"} {
			b.Run(m, func(b *testing.B) {
				p, _ := benchPlugin(b, eng)
				done := reportCPU(b)
				resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{},
					&model.CommandArgs{Command: fmt.Sprintf("/api %s %d", m, b.N)})
				done()
				require.Nil(b, aerr)
				var r struct {
					Total float64 `json:"total_ns"`
					P50   float64 `json:"p50_ns"`
					P99   float64 `json:"p99_ns"`
					Codec float64 `json:"codec_ns"`
				}
				require.NoError(b, json.Unmarshal([]byte(resp.Text), &r), resp.Text)
				b.ReportMetric(r.Total/float64(b.N), "guest-ns/call")
				b.ReportMetric(r.P50, "p50-ns")
				b.ReportMetric(r.P99, "p99-ns")
				b.ReportMetric(r.Codec, "codec-ns")
			})
		}
	})
}

// nativeFib is the guest's fib benchmark (testdata/bench) for native CPython:
// it prints the wall and CPU nanoseconds n runs of fib(20) took.
const nativeFib = `import sys, time
def fib(k):
    return k if k < 2 else fib(k - 1) + fib(k - 2)
n = int(sys.argv[1])
t0, c0 = time.perf_counter_ns(), time.process_time_ns()
for _ in range(n):
    fib(20)
print(time.perf_counter_ns() - t0, time.process_time_ns() - c0)
`

// nativePython is the CPython to compare the guest with: $MMPY_NATIVE_PYTHON,
// else python3.13 (the guest's version), else python3.
func nativePython() (string, error) {
	if p := os.Getenv("MMPY_NATIVE_PYTHON"); p != "" {
		return p, nil
	}
	for _, name := range []string{"python3.13", "python3"} {
		if p, err := exec.LookPath(name); err == nil && exec.Command(p, "-c", "pass").Run() == nil {
			return p, nil
		}
	}
	return "", errors.New("no native python3 found (set MMPY_NATIVE_PYTHON)")
}

// benchFib runs b.N fib(20) in the guest and also reports the process's CPU
// time per run (cpu-ns/op: the guest's work plus the host's, which is idle
// meanwhile).
func benchFib(b *testing.B, p *host.Plugin) {
	done := reportCPU(b)
	_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: fmt.Sprintf("/api fib %d", b.N)})
	done()
	require.Nil(b, aerr)
}

// BenchmarkGuestCPU: fib(20) in the guest on each engine, and in native
// CPython (sub-benchmark native; its ns/op is the time measured inside
// Python, without process start-up). Speed relative to native = native ns/op
// divided by the engine's; on a loaded machine compare cpu-ns/op.
func BenchmarkGuestCPU(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		p, _ := benchPlugin(b, eng)
		benchFib(b, p)
	})
	b.Run("native", func(b *testing.B) {
		py, err := nativePython()
		if err != nil {
			b.Skip(err)
		}
		out, err := exec.Command(py, "-c", nativeFib, strconv.Itoa(b.N)).Output()
		require.NoError(b, err)
		f := strings.Fields(string(out))
		require.Len(b, f, 2, "native output %q", out)
		ns, err := strconv.ParseFloat(f[0], 64)
		require.NoError(b, err)
		cpu, err := strconv.ParseFloat(f[1], 64)
		require.NoError(b, err)
		b.ReportMetric(ns/float64(b.N), "ns/op")
		b.ReportMetric(cpu/float64(b.N), "cpu-ns/op")
		if b.N > 1 {
			ver, _ := exec.Command(py, "-c", "import sys; print(sys.version.split()[0])").Output()
			b.Logf("native CPython %s (%s)", strings.TrimSpace(string(ver)), py)
		}
	})
}

// BenchmarkStartWarm: compile from the in-process module cache, instantiate,
// import the plugin and reach ready (what plugin start costs after the first).
func BenchmarkStartWarm(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		rd := runtimeDir(b)
		r := sharedRuntimeOn(b, eng)
		require.NoError(b, r.Compile(context.Background(), rd))
		dir := filepath.Join(repoRoot(), "examples", "hello_python")
		defer reportCPU(b)()
		for i := 0; i < b.N; i++ {
			p, err := r.Start(context.Background(), host.Spec{ID: "warm", RuntimeDir: rd, PluginDir: dir, Entry: "server/plugin.py", API: fakeapi.New()})
			require.NoError(b, err)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			require.NoError(b, p.Stop(ctx))
			cancel()
		}
	})
}

// BenchmarkCompile: python.wasm compiled with no cache (cold) and from a
// warmed on-disk compilation cache, each in a fresh Runtime (as a new shim
// process would).
func BenchmarkCompile(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		rd := runtimeDir(b)
		ctx := context.Background()
		b.Run("cold", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r, err := host.NewRuntime(ctx, host.Options{Engine: eng})
				require.NoError(b, err)
				require.NoError(b, r.Compile(ctx, rd))
				require.NoError(b, r.Close(ctx))
			}
		})
		b.Run("cached", func(b *testing.B) {
			dir := b.TempDir()
			r, err := host.NewRuntime(ctx, host.Options{Engine: eng, CacheDir: dir})
			require.NoError(b, err)
			require.NoError(b, r.Compile(ctx, rd))
			require.NoError(b, r.Close(ctx))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r, err := host.NewRuntime(ctx, host.Options{Engine: eng, CacheDir: dir})
				require.NoError(b, err)
				require.NoError(b, r.Compile(ctx, rd))
				require.NoError(b, r.Close(ctx))
			}
		})
	})
}

func benchRuntimePlugin(b *testing.B, opts host.Options) *host.Plugin {
	opts.CacheDir = compileCacheDir()
	r, err := host.NewRuntime(context.Background(), opts)
	require.NoError(b, err)
	b.Cleanup(func() { _ = r.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	p, err := r.Start(ctx, host.Spec{ID: "bench", RuntimeDir: runtimeDir(b), PluginDir: filepath.Join(repoRoot(), "host", "testdata", "bench"),
		Entry: "server/plugin.py", API: fakeapi.New()})
	require.NoError(b, err)
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.Stop(ctx)
	})
	return p
}

func benchMWBP(b *testing.B, p *host.Plugin) {
	ctx := context.Background()
	post := &model.Post{Id: "p", ChannelId: "c", UserId: "u", Message: "hello world"}
	c := &plugin.Context{}
	times := make([]time.Duration, b.N)
	done := reportCPU(b)
	for i := 0; i < b.N; i++ {
		t := time.Now()
		if got, reason := p.MessageWillBePosted(ctx, c, post); got == nil || reason != "" {
			b.Fatal("unexpected rejection")
		}
		times[i] = time.Since(t)
	}
	done()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(times[min(len(times)-1, len(times)*99/100)].Nanoseconds()), "p99-ns")
}

// reportCPU resets the timer and returns a func that stops it and reports
// the process's CPU time per op (cpu-ns/op), which other processes' load on
// a shared machine disturbs far less than wall time.
func reportCPU(b *testing.B) func() {
	c0, ok0 := processCPU()
	b.ResetTimer()
	return func() {
		b.StopTimer()
		if c1, ok := processCPU(); ok && ok0 {
			b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
		}
	}
}

// BenchmarkDeadlineOverhead: the MessageWillBePosted round trip with hook
// deadlines disabled and with the defaults (a timer per call; the guest side
// costs nothing until a deadline fires).
func BenchmarkDeadlineOverhead(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		b.Run("off", func(b *testing.B) {
			benchMWBP(b, benchRuntimePlugin(b, host.Options{Engine: eng, Deadlines: host.Deadlines{Hook: -1, Lifecycle: -1}}))
		})
		b.Run("on", func(b *testing.B) { benchMWBP(b, benchRuntimePlugin(b, host.Options{Engine: eng})) })
	})
}

// BenchmarkHardStop: guest code compiled with and without the hard stop
// (Options.HardStop: wazero's CloseOnContextDone, wasmtime's epoch
// interruption).
func BenchmarkHardStop(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		for _, hard := range []bool{false, true} {
			name := "off"
			if hard {
				name = "on"
			}
			opts := host.Options{Engine: eng, HardStop: hard}
			b.Run(name+"/MessageWillBePosted", func(b *testing.B) { benchMWBP(b, benchRuntimePlugin(b, opts)) })
			b.Run(name+"/GuestCPU", func(b *testing.B) { benchFib(b, benchRuntimePlugin(b, opts)) })
			b.Run(name+"/APICall", func(b *testing.B) {
				p := benchRuntimePlugin(b, opts)
				done := reportCPU(b)
				_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: fmt.Sprintf("/api get_user %d", b.N)})
				done()
				require.Nil(b, aerr)
			})
		}
	})
}
