package engine

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// Snapshot is a guest paused right after its plugin said hello (the guest's
// mmpy_init export returned): the plugin is imported, no wasm frame is live,
// and the module's only mutable global, the C stack pointer, is back at its
// initial value. Restoring it into a new instance of the same module (Boot.From)
// skips the interpreter's start and the plugin's import. It is immutable
// once made and may be restored by any number of instances at once.
type Snapshot struct {
	// Pages is the size of linear memory in 64 KiB pages.
	Pages uint32
	// Chunks are the parts of linear memory that are not zero, in 4 KiB
	// pages (a restored memory starts zeroed); Offset is ascending.
	Chunks []Chunk
	// Clock is the guest's monotonic clock at the pause: a restored guest's
	// clock continues from it, so it never sees time run backwards.
	Clock time.Duration
	// Guest is what the host learned from the guest before the pause.
	Guest guest.Resumption
}

// Chunk is a run of linear memory.
type Chunk struct {
	Offset uint32
	Data   []byte
}

// Bytes is the memory the snapshot holds.
func (s *Snapshot) Bytes() int64 {
	var n int64
	for _, c := range s.Chunks {
		n += int64(len(c.Data))
	}
	return n
}

// Boot says how Module.Run starts its guest.
type Boot struct {
	// From restores this snapshot (made from the same module) instead of
	// starting the interpreter.
	From *Snapshot
	// OnPause, when set, asks a guest started afresh to pause after its
	// hello if it can (a reactor module with mmpy_init and mmpy_serve, at
	// most one mutable global, a plugin file that allows it): OnPause then
	// gets its snapshot, on the guest goroutine, before the guest goes on to
	// serve. Not called when the guest does not pause.
	OnPause func(*Snapshot)
}

// Exports is what an engine offers the start sequence (RunGuest) of one
// instance.
type Exports interface {
	// Has reports whether the module exports a function of this name.
	Has(name string) bool
	// Call calls an exported function without parameters; its i32 result
	// (0 if it has none). A guest that exits returns an *ExitError.
	Call(name string) (int32, error)
	// Memory is linear memory, valid until the guest runs again.
	Memory() []byte
	// Grow grows linear memory by delta pages.
	Grow(delta uint32) error
	// Words is the instance's memory as seen from other goroutines (the
	// cooperative interrupt; nil when the engine cannot offer one).
	Words() *guest.WordMemory
}

// ExitError is a guest that called proc_exit.
type ExitError struct{ Status uint32 }

func (e *ExitError) Error() string { return fmt.Sprintf("guest exited with status %d", e.Status) }

// Clock is a guest's monotonic clock: time since the instance started, plus
// the clock of the snapshot it was restored from.
type Clock struct {
	start time.Time
	base  atomic.Int64
}

// NewClock starts a clock at 1 ns.
func NewClock() *Clock { return &Clock{start: time.Now()} }

// Now is the guest's monotonic time (never 0).
func (c *Clock) Now() time.Duration {
	return time.Duration(c.base.Load()) + time.Since(c.start) + 1
}

// continueFrom makes the clock go on from d (a snapshot's clock).
func (c *Clock) continueFrom(d time.Duration) {
	c.base.Store(int64(d - time.Since(c.start)))
}

// snapshotPage is the granularity of Snapshot.Chunks: the host's page size,
// so that pages that were zero are never touched when restoring.
const snapshotPage = 4096

// Snapshottable reports whether a module whose binary has this many mutable
// globals can be snapshotted (see Snapshot).
func Snapshottable(mutableGlobals int) bool { return mutableGlobals <= 1 }

// RunGuest runs one instance's start sequence (abi/ABI.md section 1) and
// returns when its guest is gone: nil after a clean exit (status 0).
//
//   - A command module (one that exports _start): _start.
//   - A reactor (_initialize and mmpy_main): restored from b.From, then
//     mmpy_serve; or _initialize, then mmpy_init, which returns 0 when the
//     plugin paused after its hello (b.OnPause gets the snapshot) and is
//     resumed with mmpy_serve; or, without b.OnPause or when the module
//     cannot be snapshotted, mmpy_main (`python -m ...` with the WASI args).
func RunGuest(x Exports, b Boot, snapshottable bool, inst *guest.Instance, clock *Clock) error {
	return exitResult(runGuest(x, b, snapshottable, inst, clock))
}

func runGuest(x Exports, b Boot, snapshottable bool, inst *guest.Instance, clock *Clock) error {
	if x.Has("_start") {
		if b.From != nil {
			return errors.New("the guest module is a WASI command (it exports _start): it cannot be restored from a snapshot")
		}
		_, err := x.Call("_start")
		return err
	}
	if !x.Has("_initialize") || !x.Has("mmpy_main") {
		return errors.New("the guest module exports neither _start (a WASI command) nor _initialize and mmpy_main (a reactor): see abi/ABI.md section 1")
	}
	canPause := snapshottable && x.Has("mmpy_init") && x.Has("mmpy_serve")
	if b.From != nil {
		if !canPause {
			return errors.New("this guest module cannot be restored from a snapshot (it needs mmpy_init, mmpy_serve and at most one mutable global)")
		}
		if err := restore(x, b.From); err != nil {
			return fmt.Errorf("restore snapshot: %w", err)
		}
		if err := inst.Resume(b.From.Guest, x.Words()); err != nil {
			return err
		}
		clock.continueFrom(b.From.Clock)
		_, err := x.Call("mmpy_serve")
		return err
	}
	if _, err := x.Call("_initialize"); err != nil {
		return err
	}
	if b.OnPause == nil || !canPause {
		_, err := x.Call("mmpy_main")
		return err
	}
	r, err := x.Call("mmpy_init")
	if err != nil {
		return err // it exited: it served within init, or failed
	}
	if r != 0 {
		return fmt.Errorf("the guest's mmpy_init returned %d (expected 0 when paused, or an exit)", r)
	}
	res, err := inst.Paused()
	if err != nil {
		return fmt.Errorf("mmpy_init returned, but %w", err)
	}
	b.OnPause(&Snapshot{Pages: uint32(len(x.Memory()) / wasi.WasmPageSize), Chunks: capture(x.Memory()), Clock: clock.Now(), Guest: res})
	_, err = x.Call("mmpy_serve")
	return err
}

func exitResult(err error) error {
	var exit *ExitError
	if errors.As(err, &exit) && exit.Status == 0 {
		return nil
	}
	return err
}

// capture copies the non-zero pages of mem.
func capture(mem []byte) []Chunk {
	var out []Chunk
	for off := 0; off < len(mem); off += snapshotPage {
		end := min(off+snapshotPage, len(mem))
		if isZero(mem[off:end]) {
			continue
		}
		if k := len(out) - 1; k >= 0 && int(out[k].Offset)+len(out[k].Data) == off {
			out[k].Data = append(out[k].Data, mem[off:end]...)
			continue
		}
		out = append(out, Chunk{Offset: uint32(off), Data: append([]byte(nil), mem[off:end]...)})
	}
	return out
}

func isZero(b []byte) bool {
	for len(b) >= 8 {
		if b[0]|b[1]|b[2]|b[3]|b[4]|b[5]|b[6]|b[7] != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// restore makes a fresh instance's memory the snapshot's: grown to its size,
// then its non-zero pages written and every other page zeroed (a fresh
// instance holds the module's data segments, which the snapshot supersedes).
func restore(x Exports, s *Snapshot) error {
	have := uint32(len(x.Memory()) / wasi.WasmPageSize)
	if s.Pages < have {
		return fmt.Errorf("the snapshot has %d pages of memory, less than the module's initial %d", s.Pages, have)
	}
	if s.Pages > have {
		if err := x.Grow(s.Pages - have); err != nil {
			return fmt.Errorf("grow memory to the snapshot's %d pages (%d MiB): %w", s.Pages, s.Pages/16, err)
		}
	}
	mem := x.Memory()
	if len(mem) != int(s.Pages)*wasi.WasmPageSize {
		return fmt.Errorf("memory is %d bytes after growing, want %d", len(mem), int(s.Pages)*wasi.WasmPageSize)
	}
	// Only the initial pages can hold anything (data segments); the grown
	// ones are zero already.
	initial := int(have) * wasi.WasmPageSize
	pos := 0
	for _, c := range s.Chunks {
		end := int(c.Offset) + len(c.Data)
		if end > len(mem) || int(c.Offset) < pos {
			return errors.New("the snapshot's chunks are out of order or past its memory")
		}
		if pos < initial {
			clear(mem[pos:min(int(c.Offset), initial)])
		}
		copy(mem[c.Offset:], c.Data)
		pos = end
	}
	if pos < initial {
		clear(mem[pos:initial])
	}
	return nil
}
