// Package hclogjson is a slog.Handler that writes hclog's JSON line format,
// which hashicorp/go-plugin (and so the Mattermost server) parses from a
// plugin's stderr and logs at the right level with the plugin id.
package hclogjson

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
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
	obj := map[string]any{
		"@level":     levelName(r.Level),
		"@message":   r.Message,
		"@timestamp": r.Time.UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
	}
	if r.Time.IsZero() {
		obj["@timestamp"] = time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00")
	}
	add := func(a slog.Attr) {
		k := a.Key
		if h.group != "" {
			k = h.group + "." + k
		}
		v := a.Value.Resolve()
		switch v.Kind() {
		case slog.KindString:
			obj[k] = v.String()
		case slog.KindInt64, slog.KindUint64, slog.KindFloat64, slog.KindBool:
			obj[k] = v.Any()
		default:
			obj[k] = fmt.Sprint(v.Any())
		}
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(func(a slog.Attr) bool { add(a); return true })
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
