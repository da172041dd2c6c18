package host

import (
	"bytes"
	"strings"
	"sync"
)

const (
	maxLineBytes = 16 << 10 // longer lines are split
	tailLines    = 40       // stderr lines kept for error messages
)

// lineWriter turns the guest's stdout/stderr byte stream into log lines and
// keeps the last lines for error reports.
type lineWriter struct {
	mu   sync.Mutex
	emit func(string)
	buf  []byte
	tail []string
}

func newLineWriter(emit func(string)) *lineWriter { return &lineWriter{emit: emit} }

func (w *lineWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, b...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			if len(w.buf) >= maxLineBytes {
				w.line(string(w.buf[:maxLineBytes]))
				w.buf = append(w.buf[:0], w.buf[maxLineBytes:]...)
				continue
			}
			break
		}
		w.line(string(w.buf[:i]))
		w.buf = w.buf[i+1:]
	}
	if len(w.buf) == 0 {
		w.buf = nil
	}
	return len(b), nil
}

func (w *lineWriter) line(s string) {
	s = strings.TrimRight(s, "\r")
	w.tail = append(w.tail, s)
	if len(w.tail) > tailLines {
		w.tail = w.tail[len(w.tail)-tailLines:]
	}
	w.emit(s)
}

// Flush emits a trailing partial line.
func (w *lineWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.line(string(w.buf))
		w.buf = nil
	}
}

// Tail returns the last lines written, joined.
func (w *lineWriter) Tail() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.tail, "\n")
}
