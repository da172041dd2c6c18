package host

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
)

const tailLines = 40 // stderr lines kept for error messages

// lineWriter turns the guest's stdout/stderr byte stream into log lines and
// keeps the last lines for error reports. A line longer than max bytes keeps
// its first max bytes (marked as truncated); the rest is dropped unbuffered,
// so memory stays bounded whatever the guest writes.
type lineWriter struct {
	mu     sync.Mutex
	max    int
	emit   func(string)
	notice func(string) // engine notices (engine.Noticer); nil: emitted as lines
	buf    []byte
	extra  int // bytes of the current line dropped past max
	tail   []string
}

func newLineWriter(maxLine int, emit func(string)) *lineWriter {
	return &lineWriter{max: maxLine, emit: emit}
}

func (w *lineWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		chunk := b
		if i >= 0 {
			chunk = b[:i]
		}
		room := w.max - len(w.buf)
		if len(chunk) > room {
			w.buf = append(w.buf, chunk[:room]...)
			w.extra += len(chunk) - room
		} else {
			w.buf = append(w.buf, chunk...)
		}
		if i < 0 {
			break
		}
		w.endLine()
		b = b[i+1:]
	}
	return n, nil
}

func (w *lineWriter) endLine() {
	s := strings.TrimRight(string(w.buf), "\r")
	if w.extra > 0 {
		s = fmt.Sprintf("%s… [line truncated: %d of %d bytes shown]", s, len(w.buf), len(w.buf)+w.extra)
	}
	w.buf, w.extra = w.buf[:0], 0
	w.tail = append(w.tail, s)
	if len(w.tail) > tailLines {
		w.tail = w.tail[len(w.tail)-tailLines:]
	}
	w.emit(s)
}

// Notice logs a line from the engine about this guest (not the guest's own
// output: it bypasses the log limiter).
func (w *lineWriter) Notice(msg string) {
	if w.notice != nil {
		w.notice(msg)
		return
	}
	_, _ = w.Write([]byte(msg + "\n"))
}

// Flush emits a trailing partial line.
func (w *lineWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 || w.extra > 0 {
		w.endLine()
	}
	w.buf = nil
}

// Tail returns the last lines written, joined.
func (w *lineWriter) Tail() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.tail, "\n")
}
