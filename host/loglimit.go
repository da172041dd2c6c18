package host

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/plugin"
)

// Default log limits (docs/ARCHITECTURE.md, "Sandbox policy").
const (
	// DefaultLogLinesPerSecond is the sustained rate of log lines a plugin
	// may write (stdout, stderr and the API's Log* calls together).
	DefaultLogLinesPerSecond = 100
	// DefaultLogBurst is how many lines may come at once before the rate
	// applies (a traceback, a start-up banner).
	DefaultLogBurst = 1000
	// DefaultLogMaxLine caps one line in bytes; the rest is cut off and the
	// line marked as truncated.
	DefaultLogMaxLine = 8 << 10
	// DefaultLogSummaryEvery is how often dropped lines are reported.
	DefaultLogSummaryEvery = 10 * time.Second
)

// LogLimits cap the log volume of each plugin. Zero fields take the
// defaults; a negative LinesPerSecond disables the rate limit.
type LogLimits struct {
	// LinesPerSecond is the sustained rate (DefaultLogLinesPerSecond).
	LinesPerSecond float64
	// Burst is the bucket size (DefaultLogBurst).
	Burst int
	// MaxLine caps a line in bytes (DefaultLogMaxLine).
	MaxLine int
	// SummaryEvery is the period of the "dropped N log lines" summary
	// (DefaultLogSummaryEvery).
	SummaryEvery time.Duration
}

func (l LogLimits) withDefaults() LogLimits {
	if l.LinesPerSecond == 0 {
		l.LinesPerSecond = DefaultLogLinesPerSecond
	}
	if l.Burst <= 0 {
		l.Burst = DefaultLogBurst
	}
	if l.MaxLine <= 0 {
		l.MaxLine = DefaultLogMaxLine
	}
	if l.SummaryEvery <= 0 {
		l.SummaryEvery = DefaultLogSummaryEvery
	}
	return l
}

// logLimiter is one plugin's token bucket, shared by its guests' stdout and
// stderr and its API log calls. Dropped lines are counted and reported in
// one summary line per SummaryEvery.
type logLimiter struct {
	lim LogLimits
	log *slog.Logger
	id  string

	mu      sync.Mutex
	tokens  float64
	last    time.Time
	dropped int64
	since   time.Time
	timer   *time.Timer
}

func newLogLimiter(id string, log *slog.Logger, lim LogLimits) *logLimiter {
	lim = lim.withDefaults()
	return &logLimiter{lim: lim, log: log, id: id, tokens: float64(lim.Burst), last: time.Now()}
}

// allow takes a token for one line; false means drop it (it is counted).
func (l *logLimiter) allow() bool {
	if l.lim.LinesPerSecond < 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	l.tokens = min(float64(l.lim.Burst), l.tokens+now.Sub(l.last).Seconds()*l.lim.LinesPerSecond)
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return true
	}
	if l.dropped == 0 {
		l.since = now
		l.timer = time.AfterFunc(l.lim.SummaryEvery, l.summarize)
	}
	l.dropped++
	return false
}

// summarize logs the dropped-lines summary (always: it is not rate-limited).
func (l *logLimiter) summarize() {
	l.mu.Lock()
	n, since := l.dropped, l.since
	l.dropped, l.timer = 0, nil
	l.mu.Unlock()
	if n == 0 {
		return
	}
	l.log.Warn(fmt.Sprintf("plugin %s: dropped %d log lines in the last %s (limit %g lines/s, burst %d; host.Options.Logs)",
		l.id, n, time.Since(since).Round(time.Second), l.lim.LinesPerSecond, l.lim.Burst),
		"dropped_lines", n)
}

// flush reports pending drops at once (the plugin stops).
func (l *logLimiter) flush() {
	l.mu.Lock()
	if l.timer != nil {
		l.timer.Stop()
	}
	l.mu.Unlock()
	l.summarize()
}

// truncate caps s at MaxLine bytes (on a UTF-8 boundary).
func (l *logLimiter) truncate(s string) string {
	return truncateLine(s, l.lim.MaxLine)
}

func truncateLine(s string, maxBytes int) string {
	if len(s) <= maxBytes {
		return s
	}
	cut := maxBytes
	for cut > 0 && cut > maxBytes-4 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return fmt.Sprintf("%s… [line truncated: %d of %d bytes shown]", s[:cut], cut, len(s))
}

// limitedAPI is the plugin.API the guest's calls reach: LogDebug, LogInfo,
// LogWarn and LogError share the plugin's log limiter; everything else
// passes through.
type limitedAPI struct {
	plugin.API
	lim *logLimiter
}

func limitAPI(api plugin.API, lim *logLimiter) plugin.API {
	if api == nil {
		return nil
	}
	return &limitedAPI{API: api, lim: lim}
}

func (a *limitedAPI) LogDebug(msg string, kv ...any) {
	if a.lim.allow() {
		a.API.LogDebug(a.lim.truncate(msg), kv...)
	}
}

func (a *limitedAPI) LogInfo(msg string, kv ...any) {
	if a.lim.allow() {
		a.API.LogInfo(a.lim.truncate(msg), kv...)
	}
}

func (a *limitedAPI) LogWarn(msg string, kv ...any) {
	if a.lim.allow() {
		a.API.LogWarn(a.lim.truncate(msg), kv...)
	}
}

func (a *limitedAPI) LogError(msg string, kv ...any) {
	if a.lim.allow() {
		a.API.LogError(a.lim.truncate(msg), kv...)
	}
}
