package host_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/mmpy/mmpy/host"
)

// BenchmarkHookParallel: MessageWillBePosted on one plugin from 64 callers
// at once (as a busy server's request goroutines would call it);
// hooks/s is the throughput. The guest runs one hook at a time, so this
// measures queueing + dispatch, not parallel speed-up.
func BenchmarkHookParallel(b *testing.B) {
	p, _ := benchPlugin(b, host.EngineWazero)
	ctx := context.Background()
	b.SetParallelism((64 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	t0 := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		post := &model.Post{Id: "p", ChannelId: "c", UserId: "u", Message: "hello world"}
		c := &plugin.Context{}
		for pb.Next() {
			if got, reason := p.MessageWillBePosted(ctx, c, post); got == nil || reason != "" {
				b.Error("unexpected rejection")
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(t0).Seconds(), "hooks/s")
}
