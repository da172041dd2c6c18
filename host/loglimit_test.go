package host

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host/internal/engine"
)

type recorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, rec.Message)
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }
func (r *recorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.lines...)
}

func TestLogLimiterBucketAndSummary(t *testing.T) {
	rec := &recorder{}
	l := newLogLimiter("com.example.noisy", slog.New(rec), LogLimits{LinesPerSecond: 1, Burst: 5, SummaryEvery: 50 * time.Millisecond})
	allowed := 0
	for range 100 {
		if l.allow() {
			allowed++
		}
	}
	assert.Equal(t, 5, allowed, "the burst passes, then the rate applies")
	require.Eventually(t, func() bool { return len(rec.get()) == 1 }, 5*time.Second, 10*time.Millisecond)
	assert.Regexp(t, `^plugin com\.example\.noisy: dropped 95 log lines in the last \d+s \(limit 1 lines/s, burst 5; host\.Options\.Logs\)$`, rec.get()[0])
	// Tokens refill at the rate.
	time.Sleep(1100 * time.Millisecond)
	assert.True(t, l.allow())

	unlimited := newLogLimiter("x", slog.New(rec), LogLimits{LinesPerSecond: -1})
	for range 10000 {
		require.True(t, unlimited.allow())
	}
}

func TestLineWriterCapsLineLength(t *testing.T) {
	var got []string
	w := newLineWriter(10, func(s string) { got = append(got, s) })
	_, _ = w.Write([]byte("short\n0123456789ABCDEF"))
	_, _ = w.Write([]byte(strings.Repeat("x", 1000) + "\nnext\r\ntail"))
	assert.Equal(t, []string{"short", "0123456789… [line truncated: 10 of 1016 bytes shown]", "next"}, got)
	w.Flush()
	assert.Equal(t, "tail", got[3])
	assert.LessOrEqual(t, cap(w.buf), 64, "a long line is not buffered")
	assert.Equal(t, "0123456789… [line truncated: 10 of 1016 bytes shown]", strings.Split(w.Tail(), "\n")[1])

	var notices []string
	w.notice = func(s string) { notices = append(notices, s) }
	engine.Notice(w, "from the engine")
	assert.Equal(t, []string{"from the engine"}, notices, "engine notices bypass the line stream")
	assert.Len(t, got, 4)
}

func TestTruncateLineKeepsUTF8(t *testing.T) {
	s := strings.Repeat("é", 10) // 2 bytes each
	got := truncateLine(s, 5)
	assert.True(t, strings.HasPrefix(got, "éé… [line truncated: 4 of 20 bytes shown]"), got)
	assert.Equal(t, "abc", truncateLine("abc", 5))
}

type logAPI struct {
	plugin.API
	msgs []string
}

func (a *logAPI) LogInfo(msg string, _ ...any)  { a.msgs = append(a.msgs, msg) }
func (a *logAPI) LogError(msg string, _ ...any) { a.msgs = append(a.msgs, msg) }

func TestLimitedAPISharesTheBucket(t *testing.T) {
	rec := &recorder{}
	l := newLogLimiter("p", slog.New(rec), LogLimits{LinesPerSecond: 0.001, Burst: 3, MaxLine: 4})
	inner := &logAPI{}
	api := limitAPI(inner, l)
	assert.Nil(t, limitAPI(nil, l), "no API stays no API")
	for range 10 {
		api.LogInfo("hello world")
		api.LogError("x")
	}
	assert.Equal(t, []string{"hell… [line truncated: 4 of 11 bytes shown]", "x", "hell… [line truncated: 4 of 11 bytes shown]"}, inner.msgs)
	l.flush()
	require.Len(t, rec.get(), 1)
	assert.Contains(t, rec.get()[0], "dropped 17 log lines")
}
