package grpcbaseline_test

import (
	"context"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/bench/grpcbaseline"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

// BenchmarkGRPCAPICall: the baseline of host's BenchmarkAPICall — b.N API
// calls from a Python gRPC client (grpcio) to the Go server, timed by
// Python around its loop (guest-ns/call, as the host benchmark reports).
func BenchmarkGRPCAPICall(b *testing.B) {
	needPython(b)
	client := startPy(b, "client.py", serveAPI(b, fakeapi.New()))
	for _, m := range []string{"get_user", "kv_set", "create_post"} {
		b.Run(m, func(b *testing.B) {
			cpu := cpuMeter(b, client)
			b.ResetTimer()
			d, err := client.Run(m, b.N)
			b.StopTimer()
			require.NoError(b, err)
			b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "guest-ns/call")
			b.ReportMetric(float64(cpu().Nanoseconds())/float64(b.N), "cpu-ns/call")
		})
	}
}

// BenchmarkGRPCHookMessageWillBePosted: the baseline of host's
// BenchmarkHookMessageWillBePosted — Go calls the allow path of the same
// filter on a Python gRPC server.
func BenchmarkGRPCHookMessageWillBePosted(b *testing.B) {
	needPython(b)
	target := "unix://" + filepath.Join(socketDir(b), "hooks.sock")
	server := startPy(b, "server.py", target)
	h, err := grpcbaseline.DialHooks(target)
	require.NoError(b, err)
	b.Cleanup(func() { _ = h.Close() })
	ctx := context.Background()
	post := &model.Post{Id: "p", ChannelId: "c", UserId: "u", Message: "hello world"}
	c := &plugin.Context{}
	cpu := cpuMeter(b, server)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got, reason, err := h.MessageWillBePosted(ctx, c, post)
		if err != nil || got == nil || reason != "" {
			b.Fatalf("unexpected answer: %v %q %v", got, reason, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpu().Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// cpuMeter starts measuring the CPU time of this process plus the Python
// process; calling the result returns the CPU used since. Both sides of the
// baseline burn CPU per call, and CPU time is inflated far less than wall
// time by other load on the machine.
func cpuMeter(b *testing.B, py *grpcbaseline.Proc) func() time.Duration {
	self := func() time.Duration {
		var ru syscall.Rusage
		require.NoError(b, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	other := func() time.Duration {
		d, err := py.CPU()
		require.NoError(b, err)
		return d
	}
	s0, o0 := self(), other()
	return func() time.Duration { return self() - s0 + other() - o0 }
}

// BenchmarkGRPCHookParallel: the baseline of host's BenchmarkHookParallel —
// 8 callers per core calling MessageWillBePosted on one Python gRPC server
// (a 4-thread pool, one GIL).
func BenchmarkGRPCHookParallel(b *testing.B) {
	needPython(b)
	target := "unix://" + filepath.Join(socketDir(b), "hooks.sock")
	startPy(b, "server.py", target)
	h, err := grpcbaseline.DialHooks(target)
	require.NoError(b, err)
	b.Cleanup(func() { _ = h.Close() })
	ctx := context.Background()
	b.SetParallelism((64 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0)) // 64 callers, as BenchmarkHookParallel
	b.ResetTimer()
	t0 := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		post := &model.Post{Id: "p", ChannelId: "c", UserId: "u", Message: "hello world"}
		c := &plugin.Context{}
		for pb.Next() {
			if got, reason, err := h.MessageWillBePosted(ctx, c, post); err != nil || got == nil || reason != "" {
				b.Errorf("unexpected answer: %v %q %v", got, reason, err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(t0).Seconds(), "hooks/s")
}
