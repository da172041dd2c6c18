package wazeroengine

import (
	"github.com/tetratelabs/wazero/experimental"

	"github.com/mmpy/mmpy/host/internal/guest"
)

// linearMemory backs a guest's linear memory with one reservation of its
// maximum size, so the memory never moves when it grows. That is what lets
// the host write the cooperative-interrupt words (guest.WordMemory) from
// another goroutine while the guest runs, without racing wazero's grow. The
// reservation is virtual (mmap, MAP_NORESERVE on unix): only touched pages
// cost memory.
//
// When no reservation can be made, the memory lives in an ordinary growing
// Go slice (it may move), words is nil and the guest is not interruptible.
type linearMemory struct {
	res     []byte // the reservation (len = max); nil in fallback mode
	heap    []byte // fallback mode only
	max     uint64
	words   *guest.WordMemory
	release func()
}

func (l *linearMemory) Reallocate(size uint64) []byte {
	if size > l.max {
		return nil // beyond the maximum: memory.grow returns -1
	}
	if l.res == nil {
		if size <= uint64(cap(l.heap)) {
			l.heap = l.heap[:size]
		} else {
			n := make([]byte, size, size+size/4)
			copy(n, l.heap)
			l.heap = n
		}
		return l.heap
	}
	l.words.SetSize(size)
	return l.res[:size]
}

// Free is called by wazero when the module closes. With CloseOnContextDone
// that can happen on wazero's watcher goroutine while guest code still runs
// (it stops at its next check), so Free only cuts off the host's interrupt
// writes; the mapping is released by unmap once Run has returned.
func (l *linearMemory) Free() {
	if l.words != nil {
		l.words.Release() // waits for interrupt writes in progress
	}
}

// unmap releases the reservation. Only call it after the guest's code has
// stopped running (Run returned).
func (l *linearMemory) unmap() {
	if l.words != nil {
		l.words.Release()
	}
	if l.release != nil {
		l.release()
		l.release = nil
	}
}

// allocator creates the instance's linear memory and remembers it for the
// interrupt_info import.
type allocator struct {
	mem *linearMemory
}

func (a *allocator) Allocate(capBytes, maxBytes uint64) experimental.LinearMemory {
	l := &linearMemory{max: maxBytes}
	if res, release := reserve(maxBytes); res != nil {
		l.res, l.release = res, release
		l.words = guest.NewWordMemory(res, 0)
	}
	a.mem = l
	return l
}
