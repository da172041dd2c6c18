package host_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

// The hostile-plugin suite: each case makes testdata/hostile misbehave in one
// way while a well-behaved plugin (testdata/probe) in the same Runtime is
// pinged continuously. Every case asserts containment: the good plugin keeps
// answering correctly and promptly, the hostile one gets a clear failure (and
// is interrupted, restarted or given up as the limits say), the log stays
// bounded, and the process survives.

// hostileOptions are tight limits so that each case trips them quickly.
func hostileOptions() host.Options {
	return host.Options{
		HardStop:         true, // C loops (sum(range(10**13)), a regex) are stopped, not left spinning
		MemoryLimitPages: 2048, // 128 MiB
		MaxMessage:       2 << 20,
		ScratchQuota:     4 << 20,
		Deadlines:        host.Deadlines{Hook: 4 * time.Second, Grace: 3 * time.Second},
		Logs:             host.LogLimits{LinesPerSecond: 50, Burst: 100, SummaryEvery: 500 * time.Millisecond},
	}
}

// pinger calls the good plugin every 20 ms and records failures and the
// slowest answer.
type pinger struct {
	p    *host.Plugin
	stop chan struct{}
	done chan struct{}

	mu       sync.Mutex
	n        int
	failures []string
	slowest  time.Duration
}

func startPinger(p *host.Plugin) *pinger {
	pg := &pinger{p: p, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(pg.done)
		for i := 0; ; i++ {
			select {
			case <-pg.stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			t0 := time.Now()
			resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: fmt.Sprintf("/probe result = %d * 2", i)})
			d := time.Since(t0)
			pg.mu.Lock()
			pg.n++
			pg.slowest = max(pg.slowest, d)
			switch {
			case aerr != nil:
				pg.failures = append(pg.failures, aerr.Error())
			case resp.Text != fmt.Sprint(i*2):
				pg.failures = append(pg.failures, fmt.Sprintf("wrong answer %q for %d*2", resp.Text, i))
			}
			pg.mu.Unlock()
		}
	}()
	return pg
}

func (pg *pinger) finish(t *testing.T) {
	close(pg.stop)
	<-pg.done
	// One more, so that even a case shorter than a ping period is checked.
	t0 := time.Now()
	resp, aerr := pg.p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/probe result = 'still here'"})
	pg.mu.Lock()
	pg.n++
	pg.slowest = max(pg.slowest, time.Since(t0))
	if aerr != nil || resp.Text != "still here" {
		pg.failures = append(pg.failures, fmt.Sprintf("final ping: %v %v", resp, aerr))
	}
	defer pg.mu.Unlock()
	assert.Empty(t, pg.failures, "the good plugin must keep answering correctly")
	assert.Positive(t, pg.n, "the good plugin was pinged")
	// Generous: -race and a shared 2-core machine; a blocked plugin would take
	// the hostile hook's full deadline (4 s, + 3 s grace) or forever.
	assert.Less(t, pg.slowest, 3*time.Second, "the good plugin must answer promptly (slowest of %d pings)", pg.n)
	t.Logf("good plugin: %d pings, slowest %s", pg.n, pg.slowest)
}

func TestHostilePlugins(t *testing.T) {
	r := deadlineRuntime(t, hostileOptions())
	t.Setenv("MMPY_TEST_SECRET", "hunter2") // the host's environment must stay invisible

	goodSpec, _, _ := probeSpec(t, "test.good")
	good := startSpec(t, r, goodSpec)

	api := fakeapi.New()
	lb := &logBuf{}
	hs := host.Spec{
		ID: "test.hostile", RuntimeDir: runtimeDir(t), PluginDir: filepath.Join(repoRoot(), "host", "testdata", "hostile"),
		Entry: "server/plugin.py", API: api, Scratch: t.TempDir(),
		Logger: slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	bad := startSpec(t, r, hs)

	run := func(what string) (*model.CommandResponse, *model.AppError) {
		return bad.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/hostile " + what})
	}
	// serving waits until the hostile plugin answers again (after a restart).
	serving := func(t *testing.T) {
		require.Eventually(t, func() bool {
			resp, aerr := run("snoop")
			return aerr == nil && resp.Text == "[]"
		}, 60*time.Second, 100*time.Millisecond, "the hostile plugin is served again")
	}

	cases := []struct {
		what  string
		check func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, gen int)
	}{
		{"spin", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
			require.NotNil(t, aerr)
			assert.Contains(t, aerr.Error(), "deadline")
			if bad.Generation() != gen {
				// Only if the loaded machine did not let it unwind within the grace period.
				t.Logf("the interrupted guest was replaced (generation %d -> %d)", gen, bad.Generation())
				serving(t)
			}
		}},
		{"cspin", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
			require.NotNil(t, aerr)
			assert.Contains(t, aerr.Error(), "deadline")
			serving(t)
			assert.Greater(t, bad.Generation(), gen, "a guest stuck in C is stopped and replaced")
		}},
		{"regex", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
			require.NotNil(t, aerr)
			serving(t)
			assert.Greater(t, bad.Generation(), gen)
		}},
		{"oom", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, _ int) {
			failedWith(t, aerr, "MemoryError")
			serving(t)
		}},
		{"recurse", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, _ int) {
			failedWith(t, aerr, "RecursionError")
			serving(t)
		}},
		{"crecurse", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, _ int) {
			require.NotNil(t, aerr, "C recursion ends in RecursionError or a trapped (restarted) guest")
			serving(t)
		}},
		// before "stdout", whose flood spends the log budget the truncated line needs
		{"longline", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, _ int) {
			require.Nil(t, aerr)
			assert.Equal(t, "wrote a 64 MiB line", resp.Text)
			assert.Contains(t, lb.String(), fmt.Sprintf("[line truncated: %d of %d bytes shown]", host.DefaultLogMaxLine, 64<<20))
		}},
		{"stdout", func(t *testing.T, _ *model.CommandResponse, _ *model.AppError, _ int) {
			// Finished or interrupted at its deadline: either way the log stays small.
			require.Eventually(t, func() bool { return strings.Contains(lb.String(), "plugin test.hostile: dropped ") }, 10*time.Second, 50*time.Millisecond)
			serving(t)
		}},
		{"scratch", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, _ int) {
			require.Nil(t, aerr)
			assert.Equal(t, fmt.Sprintf("%d 29", 4<<20-4096), resp.Text, "written up to the quota, then EIO")
			// Reported by the host even though the guest's log budget is spent.
			assert.Contains(t, lb.String(), "a write to /scratch was refused: its quota of 4194304 bytes is used up")
		}},
		{"snoop", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, _ int) {
			require.Nil(t, aerr)
			assert.Equal(t, "[]", resp.Text, "no host file or secret is visible")
		}},
		{"sockets", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, _ int) {
			require.Nil(t, aerr)
			assert.Contains(t, resp.Text, "refused: [Errno 58] sockets are not available in the mmpy plugin sandbox")
		}},
		{"abi", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, gen int) {
			require.Nil(t, aerr)
			assert.Equal(t, "ABIError ABIError accepted", resp.Text, "oversized and malformed messages are refused with an error code")
			assert.Equal(t, gen, bad.Generation())
		}},
		{"bigresult", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
			require.NotNil(t, aerr, "an answer over the message cap is not delivered")
			assert.Contains(t, aerr.DetailedError, "MessageTooLarge")
			assert.Contains(t, aerr.DetailedError, "more than the host's message cap allows")
			assert.Equal(t, gen, bad.Generation(), "the same guest answers with an error instead")
		}},
		{"apiloop", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, _ int) {
			require.NotNil(t, aerr)
			assert.Contains(t, aerr.Error(), "deadline")
			calls := api.CallsTo("GetUser")
			logs := len(api.LogLines())
			assert.Greater(t, calls, 50, "the loop ran")
			// 100 burst + 50/s over the 4-7 s the loop ran (plus slack).
			assert.Less(t, logs, 100+50*10, "API log calls are rate-limited (%d GetUser calls)", calls)
			t.Logf("apiloop: %d API calls, %d log lines let through", calls, logs)
		}},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			pg := startPinger(good)
			gen := bad.Generation()
			resp, aerr := run(c.what)
			c.check(t, resp, aerr, gen)
			pg.finish(t)
			assert.Less(t, len(lb.String()), 8<<20, "the hostile plugin's log stays bounded")
		})
	}

	// Repeated crashes: restarted with backoff, each step logged, then given up.
	t.Run("crashloop", func(t *testing.T) {
		pg := startPinger(good)
		for i := 0; ; i++ {
			require.Less(t, i, 10, "given up after a bounded number of crashes")
			serving := false
			require.Eventually(t, func() bool {
				select {
				case <-bad.Done():
					return true
				default:
				}
				_, aerr := run("snoop")
				serving = aerr == nil
				return serving
			}, 90*time.Second, 100*time.Millisecond)
			if !serving {
				break
			}
			_, aerr := run("abort")
			require.NotNil(t, aerr)
		}
		logs := lb.String()
		assert.Contains(t, logs, "python guest crashed; restarting it")
		assert.Contains(t, logs, "python guest restarted")
		assert.Contains(t, logs, "giving up after repeated crashes")
		_, aerr := run("snoop")
		require.NotNil(t, aerr, "a given-up plugin answers with failures")
		pg.finish(t)
	})
}

// failedWith asserts a hostile hook failed with want in its error, or, on a
// machine too loaded to get there within the deadline, at its deadline:
// either way it was contained.
func failedWith(t *testing.T, aerr *model.AppError, want string) {
	t.Helper()
	require.NotNil(t, aerr)
	if !strings.Contains(aerr.DetailedError, want) {
		assert.Contains(t, aerr.Error(), "deadline", "failed with neither %s nor the deadline", want)
		t.Logf("hit the deadline before %s (a loaded machine): %s", want, aerr.Error())
	}
}

// BenchmarkRestart measures how long a crashed guest takes to serve again:
// from the failed hook (os.abort traps the guest) to the next answer from the
// restarted guest (the first restart has no backoff).
func BenchmarkRestart(b *testing.B) {
	r := sharedRuntime(b)
	for b.Loop() {
		b.StopTimer()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		p, err := r.Start(ctx, host.Spec{
			ID: "bench.restart", RuntimeDir: runtimeDir(b), PluginDir: filepath.Join(repoRoot(), "host", "testdata", "hostile"),
			Entry: "server/plugin.py", API: fakeapi.New(), Logger: slog.New(slog.DiscardHandler),
		})
		cancel()
		require.NoError(b, err)
		b.StartTimer()
		_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/hostile abort"})
		require.NotNil(b, aerr)
		for {
			resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/hostile snoop"})
			if aerr == nil && resp.Text == "[]" {
				break
			}
			time.Sleep(time.Millisecond)
		}
		b.StopTimer()
		_ = p.Stop(context.Background())
		b.StartTimer()
	}
}
