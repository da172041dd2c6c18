package guest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Cooperative interrupt (abi/ABI.md §3.1). At start the guest announces, with
// import interrupt_info(ptr, len), where its main thread state's eval_breaker
// word and async_exc slot live, the address of its DeadlineExceeded type and
// the bit that means "asynchronous exception pending". To interrupt a hook the
// host stores the type into async_exc and ORs the bit into eval_breaker, from
// any goroutine, while the guest runs: CPython raises the exception at its
// next eval-breaker check (loop back-edges, calls). It costs nothing while no
// deadline fires.

// InterruptInfoVersion is the layout version of the interrupt_info struct.
const InterruptInfoVersion = 1

// InterruptInfoSize is the size in bytes of the interrupt_info struct.
const InterruptInfoSize = 24

// InterruptInfo is the decoded interrupt_info struct: six little-endian u32.
type InterruptInfo struct {
	EvalBreaker uint32 // address of the eval-breaker word (4 bytes)
	AsyncExc    uint32 // address of the async-exception slot (4 bytes)
	ExcType     uint32 // value stored into AsyncExc: the exception type object
	Bit         uint32 // bit ORed into EvalBreaker
}

// DecodeInterruptInfo parses and validates the interrupt_info struct. It does
// not check the addresses against a memory (see WordMemory for that).
func DecodeInterruptInfo(b []byte) (InterruptInfo, error) {
	if len(b) != InterruptInfoSize {
		return InterruptInfo{}, fmt.Errorf("interrupt_info: %d bytes, want %d", len(b), InterruptInfoSize)
	}
	u := func(i int) uint32 { return binary.LittleEndian.Uint32(b[4*i:]) }
	if v := u(0); v != InterruptInfoVersion {
		return InterruptInfo{}, fmt.Errorf("interrupt_info: layout version %d, want %d", v, InterruptInfoVersion)
	}
	ii := InterruptInfo{EvalBreaker: u(1), AsyncExc: u(2), ExcType: u(3), Bit: u(4)}
	switch {
	case u(5) != 0:
		return InterruptInfo{}, errors.New("interrupt_info: reserved word is not 0")
	case ii.EvalBreaker%4 != 0 || ii.AsyncExc%4 != 0:
		return InterruptInfo{}, errors.New("interrupt_info: eval_breaker and async_exc must be 4-byte aligned")
	case ii.EvalBreaker == 0 || ii.AsyncExc == 0 || ii.ExcType == 0:
		return InterruptInfo{}, errors.New("interrupt_info: null address")
	case ii.EvalBreaker == ii.AsyncExc:
		return InterruptInfo{}, errors.New("interrupt_info: eval_breaker and async_exc overlap")
	case ii.Bit == 0 || ii.Bit&(ii.Bit-1) != 0 || ii.Bit > 0x80:
		// CPython keeps its event bits in the low byte (_PY_EVAL_EVENTS_BITS = 8);
		// the upper bits hold the instrumentation version and must not change.
		return InterruptInfo{}, fmt.Errorf("interrupt_info: bit %#x is not a single event bit (0x1..0x80)", ii.Bit)
	}
	return ii, nil
}

// WordMemory is a guest linear memory whose base address never moves, so that
// 32-bit words in it can be read and written atomically from any goroutine
// while the guest runs (an engine backs it with a reservation of the maximum
// size). Every access is bounds-checked against the current size and must be
// 4-byte aligned; after Release every access fails.
type WordMemory struct {
	mu   sync.RWMutex // write-held by Release only
	buf  []byte       // the whole reservation; nil after Release
	size atomic.Uint64
}

// NewWordMemory wraps a reservation; size is the current memory size.
func NewWordMemory(reservation []byte, size uint64) *WordMemory {
	w := &WordMemory{buf: reservation}
	w.SetSize(size)
	return w
}

// SetSize records the current memory size (after a grow), capped to the reservation.
func (w *WordMemory) SetSize(n uint64) {
	if n > uint64(len(w.buf)) {
		n = uint64(len(w.buf))
	}
	w.size.Store(n)
}

// Release makes every later access fail; it waits for accesses in progress.
// Call it before the reservation is unmapped.
func (w *WordMemory) Release() {
	w.mu.Lock()
	w.buf = nil
	w.size.Store(0)
	w.mu.Unlock()
}

// word returns the aligned, in-bounds word at off. Callers hold w.mu.RLock.
func (w *WordMemory) word(off uint32) (*uint32, bool) {
	if off%4 != 0 || w.buf == nil || uint64(off)+4 > w.size.Load() || uint64(off)+4 > uint64(len(w.buf)) {
		return nil, false
	}
	p := unsafe.Pointer(&w.buf[off])
	if uintptr(p)%4 != 0 {
		return nil, false // a reservation that is not 4-byte aligned (never from mmap)
	}
	return (*uint32)(p), true
}

// Load32 atomically loads the little-endian word at off.
func (w *WordMemory) Load32(off uint32) (uint32, bool) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	p, ok := w.word(off)
	if !ok {
		return 0, false
	}
	return fromLE(atomic.LoadUint32(p)), true
}

// Store32 atomically stores v at off.
func (w *WordMemory) Store32(off, v uint32) bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	p, ok := w.word(off)
	if ok {
		atomic.StoreUint32(p, toLE(v))
	}
	return ok
}

// Or32 atomically ORs v into the word at off.
func (w *WordMemory) Or32(off, v uint32) bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	p, ok := w.word(off)
	if ok {
		atomic.OrUint32(p, toLE(v))
	}
	return ok
}

// AndNot32 atomically clears the bits of v in the word at off.
func (w *WordMemory) AndNot32(off, v uint32) bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	p, ok := w.word(off)
	if ok {
		atomic.AndUint32(p, ^toLE(v))
	}
	return ok
}

// Wasm memory is little-endian; so are the hosts we run on (amd64, arm64).
// These are identities there and keep the code honest elsewhere.
var littleEndianHost = func() bool { x := uint16(1); return *(*byte)(unsafe.Pointer(&x)) == 1 }()

func toLE(v uint32) uint32 {
	if littleEndianHost {
		return v
	}
	return v>>24 | (v>>8)&0xff00 | (v<<8)&0xff0000 | v<<24
}

func fromLE(v uint32) uint32 { return toLE(v) }

// interrupter is an Instance's view of the guest's interrupt target.
type interrupter struct {
	mem  *WordMemory
	info InterruptInfo
}

// arm stores the exception and sets the bit. Order matters: the guest reads
// async_exc only after it saw the bit.
func (it *interrupter) arm() bool {
	return it.mem.Store32(it.info.AsyncExc, it.info.ExcType) && it.mem.Or32(it.info.EvalBreaker, it.info.Bit)
}

// pending reports whether an armed exception is still unconsumed.
func (it *interrupter) pending() bool {
	v, ok := it.mem.Load32(it.info.AsyncExc)
	return ok && v == it.info.ExcType
}

// nudge re-sets the bit if the exception is still pending. The guest clears
// other eval-breaker bits with a plain read-modify-write (wasm32 without
// threads has no atomic RMW), which can lose a concurrent OR.
func (it *interrupter) nudge() {
	if it.pending() {
		it.mem.Or32(it.info.EvalBreaker, it.info.Bit)
	}
}

// disarm clears an unconsumed exception. Only called while the guest is
// inside an import (not running), so it cannot race with the eval loop.
func (it *interrupter) disarm() (wasPending bool) {
	wasPending = it.pending()
	if wasPending {
		it.mem.Store32(it.info.AsyncExc, 0)
		it.mem.AndNot32(it.info.EvalBreaker, it.info.Bit)
	}
	return wasPending
}
