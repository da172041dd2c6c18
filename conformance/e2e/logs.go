package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// LogLine is one JSON line of mattermost.log.
type LogLine struct {
	Timestamp string
	Level     string
	Msg       string
	Caller    string
	// PluginID is the plugin_id field: set on every line a plugin logs through
	// the API, on its stdout/stderr lines and on the server's lines about it.
	PluginID string
	// Fields holds every field of the line, the ones above included.
	Fields map[string]any
	// Raw is the line as written.
	Raw string
}

// Contains reports whether sub occurs in the message or in any string field
// (an error field, a plugin's stderr line, ...).
func (l LogLine) Contains(sub string) bool {
	if strings.Contains(l.Msg, sub) {
		return true
	}
	for _, v := range l.Fields {
		if s, ok := v.(string); ok && strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func (l LogLine) String() string {
	return l.Raw
}

// LogMark is a position in mattermost.log (see Server.LogMark).
type LogMark int64

// LogMark returns the current end of mattermost.log. Pass it to
// LogLinesSince or WaitForLogSince to look only at lines written after it, so
// that a line from an earlier test (or an earlier -count run) cannot satisfy a
// wait.
func (s *Server) LogMark() LogMark {
	fi, err := os.Stat(s.LogPath)
	if err != nil {
		return 0
	}
	return LogMark(fi.Size())
}

// LogLines returns the lines of mattermost.log whose plugin_id is pluginID
// (all lines if pluginID is empty). Lines that are not JSON are skipped.
func (s *Server) LogLines(pluginID string) ([]LogLine, error) {
	return s.LogLinesSince(0, pluginID)
}

// LogLinesSince is LogLines for the lines written after mark.
func (s *Server) LogLinesSince(mark LogMark, pluginID string) ([]LogLine, error) {
	data, err := os.ReadFile(s.LogPath)
	if err != nil {
		return nil, err
	}
	if int64(mark) <= int64(len(data)) {
		data = data[mark:]
	}
	var lines []LogLine
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		raw := sc.Bytes()
		if len(raw) == 0 || raw[0] != '{' {
			continue
		}
		var fields map[string]any
		if json.Unmarshal(raw, &fields) != nil {
			continue
		}
		l := LogLine{Fields: fields, Raw: string(raw)}
		l.Timestamp, _ = fields["timestamp"].(string)
		l.Level, _ = fields["level"].(string)
		l.Msg, _ = fields["msg"].(string)
		l.Caller, _ = fields["caller"].(string)
		l.PluginID, _ = fields["plugin_id"].(string)
		if pluginID == "" || l.PluginID == pluginID {
			lines = append(lines, l)
		}
	}
	return lines, sc.Err()
}

// FindLog returns the first line after mark of the plugin (any line if
// pluginID is empty) that contains substring, and whether there is one.
func (s *Server) FindLog(mark LogMark, pluginID, substring string) (LogLine, bool) {
	lines, _ := s.LogLinesSince(mark, pluginID)
	for _, l := range lines {
		if l.Contains(substring) {
			return l, true
		}
	}
	return LogLine{}, false
}

// WaitForLog waits until mattermost.log has a line of the plugin (any line if
// pluginID is empty) containing substring, and returns it. After timeout it
// fails the test, showing the plugin's last lines.
func (s *Server) WaitForLog(t testing.TB, pluginID, substring string, timeout time.Duration) LogLine {
	t.Helper()
	return s.WaitForLogSince(t, 0, pluginID, substring, timeout)
}

// WaitForLogSince is WaitForLog for the lines written after mark.
func (s *Server) WaitForLogSince(t testing.TB, mark LogMark, pluginID, substring string, timeout time.Duration) LogLine {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if l, ok := s.FindLog(mark, pluginID, substring); ok {
			return l
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	lines, err := s.LogLinesSince(mark, pluginID)
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "(%v)\n", err)
	}
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	for _, l := range lines {
		b.WriteString(l.Raw)
		b.WriteByte('\n')
	}
	t.Fatalf("no log line of plugin %q containing %q within %s; last lines:\n%s", pluginID, substring, timeout, b.String())
	return LogLine{}
}
