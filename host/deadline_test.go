package host_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

func TestDeadlinesFor(t *testing.T) {
	var d host.Deadlines
	dl, grace := d.For("MessageWillBePosted")
	assert.Equal(t, host.DefaultHookDeadline, dl)
	assert.Equal(t, host.DefaultGrace, grace)
	dl, _ = d.For("OnActivate")
	assert.Equal(t, host.DefaultLifecycleDeadline, dl)
	d = host.Deadlines{Hook: time.Second, Lifecycle: -1, PerHook: map[string]time.Duration{"ExecuteCommand": 5 * time.Second, "OnDeactivate": -1}, Grace: 2 * time.Second}
	dl, grace = d.For("MessageWillBePosted")
	assert.Equal(t, time.Second, dl)
	assert.Equal(t, 2*time.Second, grace)
	dl, _ = d.For("ExecuteCommand")
	assert.Equal(t, 5*time.Second, dl)
	dl, _ = d.For("OnActivate")
	assert.Zero(t, dl, "negative disables")
	dl, _ = d.For("OnDeactivate")
	assert.Zero(t, dl)
}

// deadlineRuntime is a Runtime with short deadlines (its own, since deadlines
// and HardStop are runtime options).
func deadlineRuntime(t *testing.T, opts host.Options) *host.Runtime {
	opts.CacheDir = compileCacheDir()
	r, err := host.NewRuntime(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	return r
}

func startDeadline(t *testing.T, r *host.Runtime) (*host.Plugin, *fakeapi.API, *logBuf) {
	rd := runtimeDir(t)
	api := fakeapi.New()
	lb := &logBuf{}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	p, err := r.Start(ctx, host.Spec{
		ID: "test.deadline", RuntimeDir: rd, PluginDir: filepath.Join(repoRoot(), "host", "testdata", "deadline"),
		Entry: "server/plugin.py", API: api,
		Logger: slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.Stop(ctx)
	})
	return p, api, lb
}

func command(p *host.Plugin, cmd string) (*model.CommandResponse, *model.AppError, time.Duration) {
	t0 := time.Now()
	resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: cmd})
	return resp, aerr, time.Since(t0)
}

// Bounds are generous: the machine is noisy and -race slows the host side.
const (
	testDeadline = time.Second
	testGrace    = 15 * time.Second
	answerBound  = testDeadline + testGrace + 15*time.Second
)

// TestDeadlineCooperative: hooks that overrun in Python or in time.sleep are
// interrupted with DeadlineExceeded, callers get the hook's failure answer,
// and the same instance keeps serving.
func TestDeadlineCooperative(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		r := deadlineRuntime(t, host.Options{Engine: eng, Deadlines: host.Deadlines{Hook: testDeadline, Lifecycle: testDeadline, Grace: testGrace}})
		p, api, lb := startDeadline(t, r)
		require.NoError(t, p.OnActivate(context.Background()))
		assert.True(t, api.HasLog("activated 1 interruptible=True"), "the guest announced its interrupt target")

		t0 := time.Now()
		got, reason := p.MessageWillBePosted(context.Background(), &plugin.Context{}, &model.Post{Message: "loop"})
		assert.Nil(t, got, "fail-open: post unchanged")
		assert.Empty(t, reason)
		assert.Less(t, time.Since(t0), answerBound)
		out := lb.String()
		assert.Contains(t, out, "python hook exceeded its deadline and was interrupted")
		assert.Contains(t, out, "hook=MessageWillBePosted")
		assert.Contains(t, out, "deadline=1s")
		assert.Contains(t, out, "plugin_id=test.deadline")
		assert.Contains(t, out, "mattermost_plugin.DeadlineExceeded")

		for _, c := range []string{"loop", "swallow", "finally", "sleep"} {
			_, aerr, took := command(p, "/d "+c)
			require.NotNil(t, aerr, c)
			assert.Equal(t, 500, aerr.StatusCode, c)
			assert.Contains(t, aerr.Error(), "exceeded its deadline of 1s", c)
			assert.Less(t, took, answerBound, c)
		}
		assert.True(t, api.HasLog("finally ran after DeadlineExceeded"), "the handler unwinds")
		assert.NotContains(t, lb.String(), "swallowed")

		resp, aerr, _ := command(p, "/d catch")
		require.Nil(t, aerr)
		assert.Equal(t, "caught DeadlineExceeded", resp.Text, "explicitly catchable")

		api.Config["loop_on_activate"] = true
		err := p.OnActivate(context.Background())
		require.Error(t, err, "OnActivate past its deadline fails activation")
		assert.Contains(t, err.Error(), "exceeded its deadline of 1s")
		delete(api.Config, "loop_on_activate")

		resp, aerr, _ = command(p, "/d ok")
		require.Nil(t, aerr)
		assert.Equal(t, "ok", resp.Text, "the same instance still serves")
		got, _ = p.MessageWillBePosted(context.Background(), &plugin.Context{}, &model.Post{Message: "fine"})
		require.NotNil(t, got)
		assert.Equal(t, 1, p.Generation(), "no restart for a cooperative interrupt")
		assert.NotContains(t, lb.String(), "stuck")
	})
}

// TestDeadlineStuckRestart: a hook stuck in C (no bytecode boundary) gets the
// failure answer after deadline+grace, the instance is replaced, re-activated
// and serves the next hook.
func TestDeadlineStuckRestart(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		for _, hard := range []bool{true, false} {
			name := "abandon"
			if hard {
				name = "hardstop"
			}
			t.Run(name, func(t *testing.T) {
				grace := 2 * time.Second
				r := deadlineRuntime(t, host.Options{Engine: eng, HardStop: hard, Deadlines: host.Deadlines{Hook: testDeadline, Grace: grace}})
				p, api, lb := startDeadline(t, r)
				require.NoError(t, p.OnActivate(context.Background()))
				// With the hard stop the loop is endless; without it the abandoned
				// guest must end by itself (a few seconds of C) so it does not
				// spin for the rest of the test run.
				n := "10000000000000"
				if !hard {
					n = "150000000"
				}
				_, aerr, took := command(p, "/d cloop "+n)
				require.NotNil(t, aerr)
				assert.Contains(t, aerr.Error(), "did not answer")
				assert.Less(t, took, testDeadline+grace+20*time.Second)
				require.Eventually(t, func() bool {
					resp, aerr, _ := command(p, "/d activations")
					return aerr == nil && resp.Text == "1"
				}, 2*time.Minute, 200*time.Millisecond, "a new guest serves, re-activated once")
				assert.Equal(t, 2, p.Generation())
				assert.Equal(t, 2, countLogs(api, "activated 1 interruptible=True"), "OnActivate ran again on the new guest")
				out := lb.String()
				assert.Contains(t, out, "python guest is stuck")
				assert.Contains(t, out, "python guest restarted")
				assert.Contains(t, out, "restarted guest re-activated")
				// Hard stop: wazero ends the endless C loop. Without it the
				// abandoned guest finishes its (bounded) loop, gets ESHUTDOWN and exits.
				require.Eventually(t, func() bool { return strings.Contains(lb.String(), "abandoned python guest finally exited") },
					3*time.Minute, 500*time.Millisecond, "the stuck guest's goroutine ends")
				resp, aerr, _ := command(p, "/d ok")
				require.Nil(t, aerr)
				assert.Equal(t, "ok", resp.Text)
			})
		}
	})
}

func countLogs(api *fakeapi.API, msg string) int {
	n := 0
	for _, l := range api.LogLines() {
		if strings.Contains(l.Msg, msg) {
			n++
		}
	}
	return n
}

// TestImportLoopInterrupted: a plugin whose module code loops forever is
// interrupted when Start's context ends (the guest ends with the
// DeadlineExceeded traceback, pointing at the loop) instead of spinning on.
func TestImportLoopInterrupted(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		dir := filepath.Join(repoRoot(), "host", "testdata", "importloop")
		start := time.Now()
		_, err := sharedRuntimeOn(t, eng).Start(ctx, host.Spec{ID: "test.importloop", RuntimeDir: runtimeDir(t), PluginDir: dir, Entry: "server/plugin.py", API: fakeapi.New()})
		require.Error(t, err)
		assert.Less(t, time.Since(start), 3*time.Second+2*time.Second, "interrupted within the grace period")
		assert.Contains(t, err.Error(), "its import was interrupted")
		assert.Contains(t, err.Error(), "DeadlineExceeded")
		assert.Contains(t, err.Error(), "plugin.py")
	})
}
