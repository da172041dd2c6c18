package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mmpy/mmpy/internal/syncbuf"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is written by one goroutine and read by another while it runs.
type syncBuffer = syncbuf.Buffer

func TestLogsFiltersAndFormatsThePluginsLines(t *testing.T) {
	clearConnEnv(t)
	for _, local := range []bool{true, false} {
		f := newFakeMM(t, local)
		f.log("info", "Server is starting", "")
		f.log("info", "Hello activated on Mattermost 11.4.0", "com.example.a", "source", "plugin", "count", 3)
		f.log("info", "other plugin line", "com.example.b")
		f.log("error", "Unable to activate plugin", "com.example.a", "error", "Traceback (most recent call last):\n  File \"x.py\"\nRuntimeError: boom")
		f.log("debug", "a value with spaces", "com.example.a", "note", "two words")
		f.mu.Lock()
		f.logLines = append(f.logLines, "not json at all")
		f.mu.Unlock()

		var out, errOut bytes.Buffer
		require.NoError(t, showLogs(t.Context(), &out, &errOut, "com.example.a", logsOptions{conn: f.conn(), tail: 100}))
		lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
		require.Len(t, lines, 7, out.String())
		assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} Z info  Hello activated on Mattermost 11.4.0 count=3 source=plugin$`, lines[0])
		assert.Contains(t, lines[1], "error Unable to activate plugin")
		assert.Equal(t, "    error:", lines[2])
		assert.Equal(t, "      Traceback (most recent call last):", lines[3])
		assert.Equal(t, "        File \"x.py\"", lines[4])
		assert.Equal(t, "      RuntimeError: boom", lines[5])
		assert.Contains(t, lines[6], `debug a value with spaces note="two words"`)
		assert.NotContains(t, out.String(), "other plugin line")
		assert.NotContains(t, out.String(), "Server is starting")
		assert.NotContains(t, out.String(), "caller=")

		// --tail and --json.
		out.Reset()
		require.NoError(t, showLogs(t.Context(), &out, &errOut, "com.example.a", logsOptions{conn: f.conn(), tail: 1, json: true}))
		assert.Equal(t, 1, strings.Count(out.String(), "\n"))
		assert.Contains(t, out.String(), `"note":"two words"`)
		assert.Contains(t, out.String(), `"plugin_id":"com.example.a"`)

		// --level.
		out.Reset()
		require.NoError(t, showLogs(t.Context(), &out, &errOut, "com.example.a", logsOptions{conn: f.conn(), level: "warn"}))
		assert.Contains(t, out.String(), "Unable to activate plugin")
		assert.NotContains(t, out.String(), "Hello activated")
		assert.NotContains(t, out.String(), "a value with spaces")
		assert.ErrorContains(t, showLogs(t.Context(), &out, &errOut, "com.example.a", logsOptions{conn: f.conn(), level: "loud"}), "--level")

		// No lines: say so on stderr.
		out.Reset()
		errOut.Reset()
		require.NoError(t, showLogs(t.Context(), &out, &errOut, "com.example.none", logsOptions{conn: f.conn()}))
		assert.Empty(t, out.String())
		assert.Contains(t, errOut.String(), "no lines of com.example.none")
	}
}

func TestLogsFollowPrintsNewLinesUntilCancelled(t *testing.T) {
	clearConnEnv(t)
	f := newFakeMM(t, true)
	f.log("info", "old line", "com.example.f")
	ctx, cancel := context.WithCancel(t.Context())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- showLogs(ctx, &out, &errOut, "com.example.f", logsOptions{conn: f.conn(), follow: true, interval: time.Millisecond})
	}()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "old line") }, 5*time.Second, 10*time.Millisecond)
	for i := range 5 {
		f.log("info", fmt.Sprintf("new line %d", i), "com.example.f")
		f.log("info", "noise", "com.example.other")
	}
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "new line 4") }, 5*time.Second, 10*time.Millisecond)
	// Many lines between two polls: more than one page.
	for i := range 1200 {
		f.log("debug", fmt.Sprintf("burst %d", i), "com.example.f")
	}
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "burst 1199") }, 5*time.Second, 10*time.Millisecond)
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "an interrupt ends --follow cleanly")
	case <-time.After(5 * time.Second):
		t.Fatal("--follow did not stop on cancel")
	}
	got := out.String()
	assert.Equal(t, 1, strings.Count(got, "old line"), "no line twice")
	for i := range 5 {
		assert.Equal(t, 1, strings.Count(got, fmt.Sprintf("new line %d\n", i)))
	}
	for i := range 1200 {
		require.Equal(t, 1, strings.Count(got, fmt.Sprintf("burst %d\n", i)), "burst %d", i)
	}
	assert.NotContains(t, got, "noise")
	assert.Contains(t, errOut.String(), "following com.example.f")
	assert.Contains(t, errOut.String(), "every 250ms", "the interval is bounded")
}

func TestLogsErrors(t *testing.T) {
	clearConnEnv(t)
	f := newFakeMM(t, true)
	f.mu.Lock()
	f.logLines = []string{"plain text log", "more plain text"}
	f.mu.Unlock()
	err := showLogs(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, "com.example.a", logsOptions{conn: f.conn()})
	var lu *LogUnavailableError
	require.ErrorAs(t, err, &lu)
	assert.Contains(t, err.Error(), "LogSettings.FileJson")

	// EnableFile off: the server answers [""].
	f2 := newFakeMM(t, true)
	f2.intercept = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/api/v4/logs" {
			_, _ = w.Write([]byte(`[""]`))
			return true
		}
		return false
	}
	err = showLogs(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, "com.example.a", logsOptions{conn: f2.conn()})
	require.ErrorAs(t, err, &lu)
	assert.Contains(t, err.Error(), "LogSettings.EnableFile")

	f3 := newFakeMM(t, true)
	f3.logsStatus = http.StatusInternalServerError
	err = showLogs(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, "com.example.a", logsOptions{conn: f3.conn()})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Contains(t, err.Error(), "api.admin.file_read_error")

	// A token without admin rights.
	f4 := newFakeMM(t, false)
	f4.intercept = func(w http.ResponseWriter, r *http.Request) bool {
		f4.appError(w, http.StatusForbidden, "api.context.permissions.app_error", "You do not have the appropriate permissions.")
		return true
	}
	err = showLogs(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, "com.example.a", logsOptions{conn: f4.conn()})
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusForbidden, ae.StatusCode)
	assert.Contains(t, err.Error(), "system admin")

	err = showLogs(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, "bad id!", logsOptions{conn: f.conn()})
	assert.ErrorContains(t, err, "neither a plugin folder")
	err = showLogs(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, "com.example.a", logsOptions{conn: f.conn(), tail: -1})
	assert.ErrorContains(t, err, "--tail")
}

func TestLogsCommandFlags(t *testing.T) {
	clearConnEnv(t)
	f := newFakeMM(t, false)
	f.log("warn", "careful", "com.example.cmd")
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&bytes.Buffer{})
	root.SetArgs([]string{"logs", "com.example.cmd", "--url", f.srv.URL, "--token", f.token, "-n", "5"})
	require.NoError(t, root.ExecuteContext(t.Context()))
	assert.Contains(t, out.String(), "warn  careful")
	assert.Contains(t, f.requestList(), "GET /api/v4/logs")
}

func TestLogReaderAnchorsAndGaps(t *testing.T) {
	clearConnEnv(t)
	f := newFakeMM(t, true)
	c, err := connect(f.conn())
	require.NoError(t, err)
	r := newLogReader(c)
	r.pageSize, r.maxPages = 3, 3

	// An empty log, then lines.
	require.NoError(t, r.markEnd(t.Context()))
	for i := range 4 {
		f.log("info", fmt.Sprintf("l%d", i), "")
	}
	lines, gap, err := r.next(t.Context())
	require.NoError(t, err)
	assert.False(t, gap)
	assert.Len(t, lines, 4)

	// Nothing new.
	lines, gap, err = r.next(t.Context())
	require.NoError(t, err)
	assert.False(t, gap)
	assert.Empty(t, lines)

	// More than pageSize*maxPages new lines: a gap, the newest 9 lines.
	for i := range 20 {
		f.log("info", fmt.Sprintf("m%d", i), "")
	}
	lines, gap, err = r.next(t.Context())
	require.NoError(t, err)
	assert.True(t, gap)
	require.Len(t, lines, 9)
	assert.Contains(t, lines[8], `"m19"`)

	// The log rotated (a new, short file): a gap, all its lines.
	f.mu.Lock()
	f.logLines = nil
	f.mu.Unlock()
	f.log("info", "after rotation", "")
	lines, gap, err = r.next(t.Context())
	require.NoError(t, err)
	assert.True(t, gap)
	require.Len(t, lines, 1)
	assert.Contains(t, lines[0], "after rotation")
}

func TestJoinPagesAndFindAnchor(t *testing.T) {
	assert.Equal(t, []string{"a", "b", "c", "d"}, joinPages([]string{"a", "b", "c"}, []string{"b", "c", "d"}), "shifted pages overlap")
	assert.Equal(t, []string{"a", "b", "c", "d"}, joinPages([]string{"a", "b"}, []string{"c", "d"}))
	assert.Equal(t, []string{"a"}, joinPages([]string{"a"}, nil))
	assert.Equal(t, 3, findAnchor([]string{"x", "a", "b", "c", "d"}, []string{"a", "b", "c"}))
	assert.Equal(t, -1, findAnchor([]string{"x", "y"}, []string{"a", "b"}))
	// The same line twice: the context before it decides.
	assert.Equal(t, 2, findAnchor([]string{"p", "q", "c", "r", "c"}, []string{"p", "q", "c"}))
}
