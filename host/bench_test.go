package host_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

func benchPlugin(b testing.TB) (*host.Plugin, *fakeapi.API) {
	api := fakeapi.New()
	p, _ := start(b, filepath.Join(repoRoot(), "host", "testdata", "bench"), api)
	return p, api
}

// BenchmarkHookMessageWillBePosted: one host -> guest -> host round trip of
// the allow path of a content filter.
func BenchmarkHookMessageWillBePosted(b *testing.B) {
	p, _ := benchPlugin(b)
	ctx := context.Background()
	post := &model.Post{Id: "p", ChannelId: "c", UserId: "u", Message: "hello world"}
	c := &plugin.Context{}
	b.ResetTimer()
	c0 := processCPU(b)
	for i := 0; i < b.N; i++ {
		got, reason := p.MessageWillBePosted(ctx, c, post)
		if got == nil || reason != "" {
			b.Fatal("unexpected rejection")
		}
	}
	b.ReportMetric(float64((processCPU(b)-c0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkAPICall: b.N guest -> host API calls from Python inside one hook;
// guest-ns/call is the cost of one call as Python sees it (encode, cross,
// dispatch, decode); cpu-ns/call the process CPU time per call.
func BenchmarkAPICall(b *testing.B) {
	for _, m := range []string{"get_user", "kv_set", "create_post"} {
		b.Run(m, func(b *testing.B) {
			p, _ := benchPlugin(b)
			b.ResetTimer()
			c0 := processCPU(b)
			resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{},
				&model.CommandArgs{Command: fmt.Sprintf("/api %s %d", m, b.N)})
			cpu := processCPU(b) - c0
			b.StopTimer()
			require.Nil(b, aerr)
			ns, err := strconv.ParseFloat(resp.Text, 64)
			require.NoError(b, err)
			b.ReportMetric(ns/float64(b.N), "guest-ns/call")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/call")
		})
	}
}

// BenchmarkGuestCPU: the CPU workloads of testdata/bench/server/workloads.py
// in the guest; py-ns/op is Python's own timing of one run, cpu-ns/op the
// process CPU time per run (compare with BenchmarkNativeCPU's).
func BenchmarkGuestCPU(b *testing.B) {
	p, _ := benchPlugin(b)
	for _, w := range cpuWorkloads {
		b.Run(w, func(b *testing.B) {
			b.ResetTimer()
			c0 := processCPU(b)
			resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{},
				&model.CommandArgs{Command: fmt.Sprintf("/api cpu:%s %d", w, b.N)})
			cpu := processCPU(b) - c0
			b.StopTimer()
			require.Nil(b, aerr)
			ns, err := strconv.ParseFloat(resp.Text, 64)
			require.NoError(b, err)
			b.ReportMetric(ns/float64(b.N), "py-ns/op")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkStartWarm: compile from the in-process module cache, instantiate,
// import the plugin and reach ready (what plugin start costs after the first).
func BenchmarkStartWarm(b *testing.B) {
	rd := runtimeDir(b)
	r := sharedRuntime(b)
	require.NoError(b, r.Compile(context.Background(), rd))
	dir := filepath.Join(repoRoot(), "examples", "hello_python")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := r.Start(context.Background(), host.Spec{ID: "warm", RuntimeDir: rd, PluginDir: dir, Entry: "server/plugin.py", API: fakeapi.New()})
		require.NoError(b, err)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		require.NoError(b, p.Stop(ctx))
		cancel()
	}
}

// BenchmarkCompile: python.wasm compiled with no cache (cold) and from a
// warmed on-disk compilation cache, each in a fresh Runtime (as a new shim
// process would).
func BenchmarkCompile(b *testing.B) {
	rd := runtimeDir(b)
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			r, err := host.NewRuntime(ctx, host.Options{})
			require.NoError(b, err)
			require.NoError(b, r.Compile(ctx, rd))
			require.NoError(b, r.Close(ctx))
		}
	})
	b.Run("cached", func(b *testing.B) {
		dir := b.TempDir()
		r, err := host.NewRuntime(ctx, host.Options{CacheDir: dir})
		require.NoError(b, err)
		require.NoError(b, r.Compile(ctx, rd))
		require.NoError(b, r.Close(ctx))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			r, err := host.NewRuntime(ctx, host.Options{CacheDir: dir})
			require.NoError(b, err)
			require.NoError(b, r.Compile(ctx, rd))
			require.NoError(b, r.Close(ctx))
		}
	})
}

func benchRuntimePlugin(b *testing.B, opts host.Options) *host.Plugin {
	cache := filepath.Join(os.TempDir(), "mmpy-test-compile-cache")
	if d, err := os.UserCacheDir(); err == nil {
		cache = filepath.Join(d, "mmpy", "compile")
	}
	opts.CacheDir = cache
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
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got, reason := p.MessageWillBePosted(ctx, c, post); got == nil || reason != "" {
			b.Fatal("unexpected rejection")
		}
	}
}

// BenchmarkDeadlineOverhead: the MessageWillBePosted round trip with hook
// deadlines disabled and with the defaults (a timer per call; the guest side
// costs nothing until a deadline fires).
func BenchmarkDeadlineOverhead(b *testing.B) {
	b.Run("off", func(b *testing.B) {
		benchMWBP(b, benchRuntimePlugin(b, host.Options{Deadlines: host.Deadlines{Hook: -1, Lifecycle: -1}}))
	})
	b.Run("on", func(b *testing.B) { benchMWBP(b, benchRuntimePlugin(b, host.Options{})) })
}

// BenchmarkHardStop: guest code compiled with and without wazero's
// CloseOnContextDone (Options.HardStop).
func BenchmarkHardStop(b *testing.B) {
	for _, hard := range []bool{false, true} {
		name := "off"
		if hard {
			name = "on"
		}
		b.Run(name+"/MessageWillBePosted", func(b *testing.B) { benchMWBP(b, benchRuntimePlugin(b, host.Options{HardStop: hard})) })
		b.Run(name+"/GuestCPU", func(b *testing.B) {
			p := benchRuntimePlugin(b, host.Options{HardStop: hard})
			b.ResetTimer()
			_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: fmt.Sprintf("/api fib %d", b.N)})
			require.Nil(b, aerr)
		})
		b.Run(name+"/APICall", func(b *testing.B) {
			p := benchRuntimePlugin(b, host.Options{HardStop: hard})
			b.ResetTimer()
			_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: fmt.Sprintf("/api get_user %d", b.N)})
			require.Nil(b, aerr)
		})
	}
}
