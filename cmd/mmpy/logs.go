package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// Bounds of the --follow poll interval.
const (
	minPollInterval = 250 * time.Millisecond
	maxPollInterval = 30 * time.Second
)

type logsOptions struct {
	conn     connFlags
	follow   bool
	tail     int
	json     bool
	level    string
	interval time.Duration
}

func logsCmd() *cobra.Command {
	var o logsOptions
	c := &cobra.Command{
		Use:   "logs ID|DIR|BUNDLE.tar.gz",
		Short: "Print a plugin's lines of the server log (--follow to keep printing)",
		Long: "Logs reads the server's log through the API (GET /api/v4/logs: the newest\n" +
			"10000 lines of the server's JSON file log; needs LogSettings.EnableFile and\n" +
			"FileJson, which are the defaults) and prints the lines of one plugin: what it\n" +
			"logs, its stderr, and the server's lines about it, as\n" +
			"\"TIMESTAMP LEVEL MESSAGE key=value ...\". With --follow it polls for new lines\n" +
			"until interrupted.\n\n" + connHelp,
		Example: "  mmpy logs com.example.myplugin\n  mmpy logs my-plugin/ --follow",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return showLogs(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], o)
		},
	}
	o.conn.register(c)
	c.Flags().BoolVarP(&o.follow, "follow", "f", false, "keep printing new lines until interrupted")
	c.Flags().IntVarP(&o.tail, "tail", "n", 100, "print at most this many of the plugin's latest lines first (0: all found)")
	c.Flags().BoolVar(&o.json, "json", false, "print the raw JSON lines")
	c.Flags().StringVar(&o.level, "level", "debug", "print only lines of this level or above: debug, info, warn or error")
	c.Flags().DurationVar(&o.interval, "interval", time.Second, "poll interval with --follow (250ms to 30s)")
	return c
}

// LogUnavailableError means the server's log cannot be read as JSON lines.
type LogUnavailableError struct{ Msg string }

func (e *LogUnavailableError) Error() string { return e.Msg }

func showLogs(ctx context.Context, stdout, stderr io.Writer, target string, o logsOptions) error {
	ctx = ctxOrBackground(ctx)
	id, err := resolvePluginID(target)
	if err != nil {
		return err
	}
	if o.tail < 0 {
		return fmt.Errorf("--tail %d: use 0 (all) or more", o.tail)
	}
	minLevel, ok := levelRank[strings.ToLower(o.level)]
	if o.level == "" {
		minLevel, ok = 0, true
	}
	if !ok {
		return fmt.Errorf("--level %q: use debug, info, warn or error", o.level)
	}
	o.interval = min(max(o.interval, minPollInterval), maxPollInterval)
	c, err := connect(o.conn)
	if err != nil {
		return err
	}
	print := func(lines []string) {
		for _, l := range lines {
			e, ok := parseLogLine(l)
			if !ok || e.pluginID != id || e.rank() < minLevel {
				continue
			}
			if o.json {
				fmt.Fprintln(stdout, e.raw)
			} else {
				fmt.Fprintln(stdout, e.format())
			}
		}
	}

	r := newLogReader(c)
	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	lines, err := r.initial(rctx)
	cancel()
	if err != nil {
		if o.follow && errors.Is(err, context.Canceled) {
			return nil
		}
		return err
	}
	var mine []string
	for _, l := range lines {
		if e, ok := parseLogLine(l); ok && e.pluginID == id && e.rank() >= minLevel {
			mine = append(mine, l)
		}
	}
	if o.tail > 0 && len(mine) > o.tail {
		mine = mine[len(mine)-o.tail:]
	}
	print(mine)
	if !o.follow {
		if len(mine) == 0 {
			fmt.Fprintf(stderr, "[logs] no lines of %s in the server's latest %d log lines\n", id, len(lines))
		}
		return nil
	}

	fmt.Fprintf(stderr, "[logs] following %s on %s (every %s; Ctrl-C to stop)\n", id, c.target, o.interval)
	lastWarn := ""
	t := time.NewTicker(o.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, time.Minute)
		lines, gap, err := r.next(pctx)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var ae *APIError
			if errors.As(err, &ae) && (ae.StatusCode == http.StatusUnauthorized || ae.StatusCode == http.StatusForbidden) {
				return err
			}
			if msg := err.Error(); msg != lastWarn { // a server restart is not the end
				fmt.Fprintf(stderr, "[logs] %v (retrying)\n", err)
				lastWarn = msg
			}
			continue
		}
		if lastWarn != "" {
			fmt.Fprintln(stderr, "[logs] reconnected")
			lastWarn = ""
		}
		if gap {
			fmt.Fprintln(stderr, "[logs] (the log rotated or grew too fast: some lines may be missing)")
		}
		print(lines)
	}
}

// logReader reads new server log lines through GET /api/v4/logs, which
// returns the newest lines of the server's file log (page 0 = the newest
// logs_per_page lines, oldest first). It remembers the last lines it has seen
// (the anchor) and returns what came after them.
type logReader struct {
	c        *client
	pageSize int
	maxPages int
	anchor   []string
}

// anchorLen is how many trailing lines identify a position in the log.
const anchorLen = 8

// maxLogsPerPage is the server's limit of logs_per_page.
const maxLogsPerPage = 10000

func newLogReader(c *client) *logReader {
	return &logReader{c: c, pageSize: 500, maxPages: 20}
}

// fetch returns one page of log lines, oldest first, trimmed, empty ones
// dropped.
func (r *logReader) fetch(ctx context.Context, page, perPage int) ([]string, error) {
	p := fmt.Sprintf("/api/v4/logs?page=%d&logs_per_page=%d", page, perPage)
	var raw []string
	if err := r.c.getJSON(ctx, p, &raw); err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.Hint == "" {
			switch {
			case ae.ID == "api.admin.file_read_error":
				ae.Hint = "the server cannot read its log file (is LogSettings.EnableFile on and the file there?)"
			case ae.StatusCode == http.StatusForbidden || ae.StatusCode == http.StatusUnauthorized:
				ae.Hint = "reading the server log needs a system admin (or the local-mode socket)"
			}
		}
		return nil, err
	}
	lines := make([]string, 0, len(raw))
	for _, l := range raw {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if page == 0 && len(raw) == 1 && len(lines) == 0 {
		return nil, &LogUnavailableError{Msg: "the server does not write a log file: set LogSettings.EnableFile to true (mmpy logs reads the server's file log)"}
	}
	return lines, nil
}

// initial returns the newest lines (up to the server's maximum) and anchors
// the reader at their end. It fails if none of them is JSON.
func (r *logReader) initial(ctx context.Context) ([]string, error) {
	lines, err := r.fetch(ctx, 0, maxLogsPerPage)
	if err != nil {
		return nil, err
	}
	if len(lines) > 0 {
		json := false
		for _, l := range lines {
			if _, ok := parseLogLine(l); ok {
				json = true
				break
			}
		}
		if !json {
			return nil, &LogUnavailableError{Msg: "the server's file log is not JSON: set LogSettings.FileJson to true"}
		}
	}
	r.setAnchor(lines)
	return lines, nil
}

// markEnd anchors the reader at the current end of the log.
func (r *logReader) markEnd(ctx context.Context) error {
	lines, err := r.fetch(ctx, 0, anchorLen)
	if err != nil {
		return err
	}
	r.setAnchor(lines)
	return nil
}

func (r *logReader) setAnchor(lines []string) {
	if len(lines) == 0 {
		return
	}
	r.anchor = append([]string(nil), lines[max(0, len(lines)-anchorLen):]...)
}

// next returns the lines written since the anchor, oldest first, and moves
// the anchor to their end. gap reports that the anchor was not found (the log
// rotated, or more than pageSize*maxPages lines came since): then the lines
// are the newest ones read.
func (r *logReader) next(ctx context.Context) (lines []string, gap bool, err error) {
	var window []string
	for page := 0; page < r.maxPages; page++ {
		got, err := r.fetch(ctx, page, r.pageSize)
		if err != nil {
			return nil, false, err
		}
		window = joinPages(got, window)
		if len(r.anchor) > 0 {
			if i := findAnchor(window, r.anchor); i >= 0 {
				lines = window[i+1:]
				break
			}
		}
		if len(got) < r.pageSize || page == r.maxPages-1 {
			// The start of the log file, or as far as we read.
			lines, gap = window, len(r.anchor) > 0
			break
		}
	}
	r.setAnchor(window)
	return lines, gap, nil
}

// findAnchor returns the index in window of the anchor's last line, where the
// lines before it match the anchor's, searching from the end; -1 if absent.
func findAnchor(window, anchor []string) int {
	last := len(anchor) - 1
	for i := len(window) - 1; i >= 0; i-- {
		if window[i] != anchor[last] {
			continue
		}
		ok := true
		for j := 1; j <= last && j <= i; j++ {
			if window[i-j] != anchor[last-j] {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// joinPages puts an older page before newer lines, dropping the lines both
// hold (lines written between two page requests shift the pages).
func joinPages(older, newer []string) []string {
	if len(newer) == 0 {
		return older
	}
	for k := min(len(older), len(newer)); k > 0; k-- {
		if equalLines(older[len(older)-k:], newer[:k]) {
			return append(append([]string(nil), older[:len(older)-k]...), newer...)
		}
	}
	return append(append([]string(nil), older...), newer...)
}

func equalLines(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// logEntry is one JSON line of the server log.
type logEntry struct {
	timestamp, level, msg, pluginID string
	fields                          map[string]any
	raw                             string
}

// levelRank orders the server's log levels; an unknown level ranks as
// error, so it is never hidden.
var levelRank = map[string]int{"trace": 0, "debug": 0, "info": 1, "warn": 2, "warning": 2, "error": 3, "critical": 4, "fatal": 4, "panic": 4}

func (e logEntry) rank() int {
	if r, ok := levelRank[strings.ToLower(e.level)]; ok {
		return r
	}
	return levelRank["error"]
}

func parseLogLine(line string) (logEntry, bool) {
	if !strings.HasPrefix(line, "{") {
		return logEntry{}, false
	}
	var fields map[string]any
	if json.Unmarshal([]byte(line), &fields) != nil {
		return logEntry{}, false
	}
	e := logEntry{fields: fields, raw: line}
	e.timestamp, _ = fields["timestamp"].(string)
	e.level, _ = fields["level"].(string)
	e.msg, _ = fields["msg"].(string)
	e.pluginID, _ = fields["plugin_id"].(string)
	return e, true
}

// format renders "TIMESTAMP LEVEL MESSAGE key=value ..."; multi-line values
// (a traceback) follow on indented lines.
func (e logEntry) format() string {
	var b strings.Builder
	b.WriteString(e.timestamp)
	fmt.Fprintf(&b, " %-5s %s", e.level, e.msg)
	keys := make([]string, 0, len(e.fields))
	for k := range e.fields {
		switch k {
		case "timestamp", "level", "msg", "plugin_id", "caller":
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var long []string
	for _, k := range keys {
		var v string
		switch x := e.fields[k].(type) {
		case string:
			if strings.Contains(strings.TrimRight(x, "\n"), "\n") {
				long = append(long, k)
				continue
			}
			v = x
			if v == "" || strings.ContainsAny(v, " \t\"=") {
				v = strconv.Quote(v)
			}
		default:
			j, _ := json.Marshal(x)
			v = string(j)
		}
		fmt.Fprintf(&b, " %s=%s", k, v)
	}
	for _, k := range long {
		fmt.Fprintf(&b, "\n    %s:", k)
		for _, l := range strings.Split(strings.TrimRight(e.fields[k].(string), "\n"), "\n") {
			b.WriteString("\n      " + l)
		}
	}
	return b.String()
}
