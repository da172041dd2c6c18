package host_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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

func benchPlugin(b testing.TB, eng string) (*host.Plugin, *fakeapi.API) {
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

// BenchmarkAPICall: b.N guest -> host API calls from Python inside one hook;
// ns/op is the cost of one call as Python sees it (encode, cross, dispatch,
// decode).
func BenchmarkAPICall(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		for _, m := range []string{"get_user", "kv_set", "create_post"} {
			b.Run(m, func(b *testing.B) {
				p, _ := benchPlugin(b, eng)
				c0, ok0 := processCPU()
				b.ResetTimer()
				resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{},
					&model.CommandArgs{Command: fmt.Sprintf("/api %s %d", m, b.N)})
				b.StopTimer()
				if c1, ok := processCPU(); ok && ok0 {
					b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/call")
				}
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

// BenchmarkGuestCPU: the CPU workloads of testdata/bench/server/workloads.py
// in the guest, on each engine; py-ns/op is Python's own timing of one run,
// cpu-ns/op the process CPU time per run (compare with BenchmarkNativeCPU).
func BenchmarkGuestCPU(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		p, _ := benchPlugin(b, eng)
		for _, w := range cpuWorkloads {
			b.Run(w, func(b *testing.B) {
				done := reportCPU(b)
				resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{},
					&model.CommandArgs{Command: fmt.Sprintf("/api cpu:%s %d", w, b.N)})
				done()
				require.Nil(b, aerr)
				ns, err := strconv.ParseFloat(resp.Text, 64)
				require.NoError(b, err)
				b.ReportMetric(ns/float64(b.N), "py-ns/op")
			})
		}
	})
}

// benchFib runs b.N fib(20) in the guest (workloads.py) and reports the
// process's CPU time per run.
func benchFib(b *testing.B, p *host.Plugin) {
	done := reportCPU(b)
	_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: fmt.Sprintf("/api cpu:fib %d", b.N)})
	done()
	require.Nil(b, aerr)
}

// BenchmarkStartWarm: python.wasm already compiled in the Runtime;
// instantiate, start the interpreter, import the plugin and reach ready
// (what a plugin's first start costs after the compile). Snapshots are off.
// Only Start is timed, not the Stop after it.
func BenchmarkStartWarm(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		benchStart(b, eng, host.Options{SnapshotAfter: -1})
	})
}

// BenchmarkStartSnapshot: the same start restored from the plugin snapshot
// the Runtime took at the plugin's first start (untimed): instantiate, copy
// the paused guest's memory in, reach ready.
func BenchmarkStartSnapshot(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		benchStart(b, eng, host.Options{})
	})
}

// BenchmarkStartRuntimeSnapshot: a start restored from the runtime
// snapshot (interpreter started, SDK imported) the Runtime took at its first
// start, then the plugin's own import: what a plugin's first start costs in
// a Runtime that started any plugin before (plugin snapshots off).
func BenchmarkStartRuntimeSnapshot(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		benchStart(b, eng, host.Options{SnapshotAfter: math.MaxInt})
	})
}

// BenchmarkStartNewRuntime: what a shim process does to start its plugin
// when the caches are warm: a new Runtime compiles python.wasm from the
// on-disk compilation cache, restores the runtime snapshot an earlier
// process wrote to disk, imports the plugin and reaches ready.
func BenchmarkStartNewRuntime(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		rd := bundleRuntime(b)
		dir := filepath.Join(repoRoot(), "examples", "hello_python")
		run := func() {
			r, err := host.NewRuntime(context.Background(), host.Options{CacheDir: compileCacheDir(), Engine: eng})
			require.NoError(b, err)
			p, err := r.Start(context.Background(), host.Spec{ID: "warm", RuntimeDir: rd, PluginDir: dir, Entry: "server/plugin.py", API: fakeapi.New()})
			require.NoError(b, err)
			b.StopTimer()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			require.NoError(b, p.Stop(ctx))
			cancel()
			_ = r.Close(context.Background())
			b.StartTimer()
		}
		run()
		time.Sleep(time.Second) // the first process's runtime snapshot is written in the background
		b.ResetTimer()
		defer reportCPU(b)()
		for i := 0; i < b.N; i++ {
			run()
		}
	})
}

// bundleRuntime is the runtime directory as a bundle carries it (without
// the shim executables of build/runtime/shim, which the runtime snapshot's
// key would otherwise hash).
func bundleRuntime(b *testing.B) string {
	src := runtimeDir(b)
	dst := filepath.Join(b.TempDir(), "runtime")
	require.NoError(b, os.CopyFS(dst, os.DirFS(src)))
	require.NoError(b, os.RemoveAll(filepath.Join(dst, "shim")))
	return dst
}

func benchStart(b *testing.B, eng string, opts host.Options) {
	rd := runtimeDir(b)
	opts.CacheDir, opts.Engine = compileCacheDir(), eng
	r, err := host.NewRuntime(context.Background(), opts)
	require.NoError(b, err)
	defer func() { _ = r.Close(context.Background()) }()
	require.NoError(b, r.Compile(context.Background(), rd))
	dir := filepath.Join(repoRoot(), "examples", "hello_python")
	start := func() *host.Plugin {
		p, err := r.Start(context.Background(), host.Spec{ID: "warm", RuntimeDir: rd, PluginDir: dir, Entry: "server/plugin.py", API: fakeapi.New()})
		require.NoError(b, err)
		return p
	}
	stop := func(p *host.Plugin) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(b, p.Stop(ctx))
	}
	stop(start()) // the first start (takes the snapshot when snapshots are on)
	b.ResetTimer()
	defer reportCPU(b)()
	for i := 0; i < b.N; i++ {
		p := start()
		b.StopTimer()
		stop(p)
		b.StartTimer()
	}
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
