// Package hclogjson is a slog.Handler that writes hclog's JSON line format,
// which hashicorp/go-plugin (and so the Mattermost server) parses from a
// plugin's stderr and logs at the right level with the plugin id.
//
// Attributes are folded into the message as key=value: the server's hclog
// adapter would otherwise glue every extra field into one unreadable
// "wrapped_extras" string. plugin_id is dropped (the server adds its own).
package hclogjson

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Handler writes one JSON object per record:
// {"@level":"info","@message":"...","@timestamp":"...","key":"value",...}
type Handler struct {
	mu    *sync.Mutex
	w     io.Writer
	level slog.Leveler
	attrs []slog.Attr
	group string
}

// NewHandler returns a Handler writing to w records at or above level.
func NewHandler(w io.Writer, level slog.Leveler) *Handler {
	return &Handler{mu: &sync.Mutex{}, w: w, level: level}
}

// Enabled implements slog.Handler.
func (h *Handler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level.Level() }

func levelName(l slog.Level) string {
	switch {
	case l < slog.LevelInfo:
		return "debug"
	case l < slog.LevelWarn:
		return "info"
	case l < slog.LevelError:
		return "warn"
	default:
		return "error"
	}
}

// Handle implements slog.Handler.
func (h *Handler) Handle(_ context.Context, r slog.Record) error {
	ts := r.Time
	if ts.IsZero() {
		ts = time.Now()
	}
	var msg strings.Builder
	msg.WriteString(r.Message)
	add := func(a slog.Attr) {
		if a.Key == "plugin_id" || a.Key == "" {
			return
		}
		k := a.Key
		if h.group != "" {
			k = h.group + "." + k
		}
		v := fmt.Sprint(a.Value.Resolve().Any())
		if v == "" || strings.ContainsAny(v, " \t\n\"=") {
			v = strconv.Quote(v)
		}
		msg.WriteString(" " + k + "=" + v)
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(func(a slog.Attr) bool { add(a); return true })
	obj := map[string]any{
		"@level":     levelName(r.Level),
		"@message":   msg.String(),
		"@timestamp": ts.UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err = h.w.Write(append(b, '\n'))
	return err
}

// WithAttrs implements slog.Handler.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &c
}

// WithGroup implements slog.Handler.
func (h *Handler) WithGroup(name string) slog.Handler {
	c := *h
	if c.group != "" {
		name = c.group + "." + name
	}
	c.group = name
	return &c
}
