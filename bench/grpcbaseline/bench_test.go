package grpcbaseline_test

import (
	"context"
	"path/filepath"
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
			b.ResetTimer()
			d, err := client.Run(m, b.N)
			b.StopTimer()
			require.NoError(b, err)
			b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "guest-ns/call")
		})
	}
}

// BenchmarkGRPCHookMessageWillBePosted: the baseline of host's
// BenchmarkHookMessageWillBePosted — Go calls the allow path of the same
// filter on a Python gRPC server.
func BenchmarkGRPCHookMessageWillBePosted(b *testing.B) {
	needPython(b)
	target := "unix://" + filepath.Join(socketDir(b), "hooks.sock")
	startPy(b, "server.py", target)
	h, err := grpcbaseline.DialHooks(target)
	require.NoError(b, err)
	b.Cleanup(func() { _ = h.Close() })
	ctx := context.Background()
	post := &model.Post{Id: "p", ChannelId: "c", UserId: "u", Message: "hello world"}
	c := &plugin.Context{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got, reason, err := h.MessageWillBePosted(ctx, c, post)
		if err != nil || got == nil || reason != "" {
			b.Fatalf("unexpected answer: %v %q %v", got, reason, err)
		}
	}
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
	b.SetParallelism(8)
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
