// Package engine is the seam between the host and a WebAssembly engine. An
// engine compiles a guest module once and runs many instances of it, each
// under a wasi.Policy, wiring the mmpy imports to a guest.Instance. The
// default engine is wazero (pure Go); wasmtime-go lives behind a build tag.
package engine

import (
	"context"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// Engine compiles modules.
type Engine interface {
	// Compile validates and compiles a guest module (cached on disk when the
	// engine was given a cache directory).
	Compile(ctx context.Context, wasm []byte) (Module, error)
	Close(ctx context.Context) error
}

// Module is a compiled guest, shareable by many instances.
type Module interface {
	// CustomSections returns the payloads of every custom section with this
	// name, in module order.
	CustomSections(name string) [][]byte
	// Run instantiates the module under policy and runs its guest to the
	// end (RunGuest: _start of a command; of a reactor, a fresh start or
	// boot.From, pausing for boot.OnPause), serving the mmpy imports from
	// inst. It blocks; it returns nil when the guest exited with status 0. For the cooperative interrupt the
	// engine hands interrupt_info a guest.WordMemory: a view of linear memory
	// that never moves and may be written from other goroutines (nil if the
	// engine cannot offer one). Cancelling ctx stops the guest only if the
	// engine was created with a hard stop.
	Run(ctx context.Context, policy wasi.Policy, stdout, stderr io.Writer, inst *guest.Instance, boot Boot) error
	// Snapshottable reports whether instances of this module can pause for
	// a snapshot and be restored from one (see Snapshot).
	Snapshottable() bool
}

// Noticer is implemented by a stderr writer that can log a line from the
// engine itself (e.g. why a write to the scratch directory failed) apart from
// the guest's output, so that the guest's log budget does not swallow it.
type Noticer interface {
	Notice(msg string)
}

// Notice reports msg through w's Notice if it has one, else as a line on w.
func Notice(w io.Writer, msg string) {
	if n, ok := w.(Noticer); ok {
		n.Notice(msg)
		return
	}
	_, _ = io.WriteString(w, strings.TrimRight(msg, "\n")+"\n")
}

// ScratchUsage is what a scratch directory holds, counted as its quota
// counts: the apparent size of every regular file plus
// wasi.ScratchEntryCost per entry (files, directories and anything else).
// Both engines' quotas start from it.
func ScratchUsage(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		n += wasi.ScratchEntryCost
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
