package engine

import (
	"cmp"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// Snapshot is a guest paused between two of its entry points, when no wasm
// frame is live and the module's only mutable global, the C stack pointer,
// is back at its initial value: after mmpy_init (the interpreter started and
// the SDK imported, before any plugin: a runtime snapshot, Boot.Base) or
// after mmpy_plugin (the plugin imported and its hello said: a plugin
// snapshot, Boot.From). Restoring it into a new instance of the same module
// skips what ran before the pause. It is immutable once made and may be
// restored by any number of instances at once.
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

// Boot says how Module.Run starts its guest. With neither snapshot nor
// callback it runs mmpy_main (or _start), without pauses.
type Boot struct {
	// From restores this plugin snapshot (made from the same module and
	// sandbox) and serves.
	From *Snapshot
	// Base restores this runtime snapshot (made from the same module and
	// sandbox, but for any plugin) and runs the plugin from there.
	Base *Snapshot
	// OnBase, when set, gets the runtime snapshot of a guest started
	// afresh, on the guest goroutine, before its plugin runs.
	OnBase func(*Snapshot)
	// OnPause, when set, gets the plugin snapshot when the guest paused
	// after its hello (a plugin file with nothing after run_plugin()), before
	// it goes on to serve. Not called when the guest does not pause.
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

// ErrRestore wraps the errors of restoring a snapshot, before any guest code
// ran: the caller may start the guest afresh instead. (Errors after that,
// such as a plugin that fails at import after a runtime snapshot, are the
// guest's own.)
var ErrRestore = errors.New("restore snapshot")

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
//   - A reactor that can pause (_initialize, mmpy_init, mmpy_plugin and
//     mmpy_serve, at most one mutable global): restored from b.From, then
//     mmpy_serve; or restored from b.Base, then mmpy_plugin and mmpy_serve;
//     or _initialize, mmpy_init, mmpy_plugin and mmpy_serve. mmpy_init
//     returns 0 (b.OnBase gets the runtime snapshot); mmpy_plugin returns 0
//     when the plugin paused after its hello (b.OnPause gets the plugin
//     snapshot) and otherwise serves within and exits.
//   - Any reactor, without snapshots or callbacks: _initialize, mmpy_main
//     (`python -m ...` with the WASI arguments).
func RunGuest(x Exports, b Boot, snapshottable bool, inst *guest.Instance, clock *Clock) error {
	return exitResult(runGuest(x, b, snapshottable, inst, clock))
}

func runGuest(x Exports, b Boot, snapshottable bool, inst *guest.Instance, clock *Clock) error {
	restoring := b.From != nil || b.Base != nil
	if x.Has("_start") {
		if restoring {
			return errors.New("the guest module is a WASI command (it exports _start): it cannot be restored from a snapshot")
		}
		_, err := x.Call("_start")
		return err
	}
	if !x.Has("_initialize") || !x.Has("mmpy_main") {
		return errors.New("the guest module exports neither _start (a WASI command) nor _initialize and mmpy_main (a reactor): see abi/ABI.md section 1")
	}
	canPause := snapshottable && x.Has("mmpy_init") && x.Has("mmpy_plugin") && x.Has("mmpy_serve")
	if restoring && !canPause {
		return errors.New("this guest module cannot be restored from a snapshot (it needs mmpy_init, mmpy_plugin, mmpy_serve and at most one mutable global)")
	}
	if from := cmp.Or(b.From, b.Base); from != nil {
		if err := restore(x, from); err != nil {
			return fmt.Errorf("%w: %w", ErrRestore, err)
		}
		if err := inst.Resume(from.Guest, x.Words()); err != nil {
			return fmt.Errorf("%w: %w", ErrRestore, err)
		}
		clock.continueFrom(from.Clock)
		if b.From != nil {
			_, err := x.Call("mmpy_serve")
			return err
		}
		return runPlugin(x, b, inst, clock)
	}
	if _, err := x.Call("_initialize"); err != nil {
		return err
	}
	if !canPause || (b.OnBase == nil && b.OnPause == nil) {
		_, err := x.Call("mmpy_main")
		return err
	}
	if err := pause(x, "mmpy_init", false, inst, clock, b.OnBase); err != nil {
		return err
	}
	return runPlugin(x, b, inst, clock)
}

// runPlugin runs the plugin of a guest paused after mmpy_init, and serves.
func runPlugin(x Exports, b Boot, inst *guest.Instance, clock *Clock) error {
	if err := pause(x, "mmpy_plugin", true, inst, clock, b.OnPause); err != nil {
		return err
	}
	_, err := x.Call("mmpy_serve")
	return err
}

// pause calls an entry point that returns 0 when the guest paused, and
// hands its snapshot to keep (if set).
func pause(x Exports, entry string, hello bool, inst *guest.Instance, clock *Clock, keep func(*Snapshot)) error {
	r, err := x.Call(entry)
	if err != nil {
		return err // it exited: it served within, or failed
	}
	if r != 0 {
		return fmt.Errorf("the guest's %s returned %d (expected 0 when paused, or an exit)", entry, r)
	}
	res, err := inst.Paused(hello)
	if err != nil {
		return fmt.Errorf("%s returned, but %w", entry, err)
	}
	if keep != nil {
		keep(&Snapshot{Pages: uint32(len(x.Memory()) / wasi.WasmPageSize), Chunks: capture(x.Memory()), Clock: clock.Now(), Guest: res})
	}
	return nil
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
	// ones are zero already. Pages that are zero are left untouched: writing
	// zeros would make them resident (RSS) for nothing.
	initial := int(have) * wasi.WasmPageSize
	pos := 0
	for _, c := range s.Chunks {
		end := int(c.Offset) + len(c.Data)
		if end > len(mem) || int(c.Offset) < pos {
			return errors.New("the snapshot's chunks are out of order or past its memory")
		}
		clearNonZero(mem[min(pos, initial):min(int(c.Offset), initial)])
		copy(mem[c.Offset:], c.Data)
		pos = end
	}
	clearNonZero(mem[min(pos, initial):initial])
	return nil
}

// clearNonZero zeroes the pages of b that are not zero already.
func clearNonZero(b []byte) {
	for len(b) > 0 {
		n := min(snapshotPage, len(b))
		if !isZero(b[:n]) {
			clear(b[:n])
		}
		b = b[n:]
	}
}
