//go:build wasmtime && cgo

package wasmtimeengine

// #include "capi.h"
import "C"

import (
	"fmt"
	"io"
	"reflect"
	"runtime"
	"runtime/cgo"
	"unsafe"

	"github.com/bytecodealliance/wasmtime-go/v39"
)

// wasmtime-go v39 does not wrap three parts of wasmtime's C API that this
// engine needs: memory_may_move (the cooperative interrupt writes into a
// memory that must never move), custom stdout/stderr callbacks (the policy
// sends guest output to io.Writers, not files) and the epoch-deadline
// callback (a hard stop of one guest without trapping every other guest of the
// engine). capi.c calls them on the raw C objects, which wasmtime-go keeps in
// the first, unexported field of Config, WasiConfig and Store. rawPtr checks
// that layout by reflection before reading it, so a wasmtime-go upgrade that
// changes it fails with an error instead of corrupting memory.

// rawPtr returns the C object behind a wasmtime-go wrapper (*Config,
// *WasiConfig, *Store).
func rawPtr(obj any) (unsafe.Pointer, error) {
	v := reflect.ValueOf(obj)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("wasmtime-go: %T is not a pointer to a struct", obj)
	}
	t := v.Elem().Type()
	if t.NumField() == 0 || t.Field(0).Name != "_ptr" || t.Field(0).Type.Kind() != reflect.Pointer || t.Field(0).Offset != 0 {
		return nil, fmt.Errorf("wasmtime-go: %s no longer keeps its C object in its first field _ptr: this engine needs updating for the new wasmtime-go version", t)
	}
	p := *(*unsafe.Pointer)(v.UnsafePointer())
	if p == nil {
		return nil, fmt.Errorf("wasmtime-go: %s was already closed or consumed", t)
	}
	return p, nil
}

// fixMemories makes every linear memory one reservation of 4 GiB (all a
// 32-bit memory can address) that is never moved: growing past it fails
// instead of relocating, so the base address stays valid for the life of the
// instance (guest.WordMemory).
func fixMemories(cfg *wasmtime.Config) error {
	p, err := rawPtr(cfg)
	if err != nil {
		return err
	}
	C.wasmtime_config_memory_reservation_set(p, 1<<32)
	C.wasmtime_config_memory_reservation_for_growth_set(p, 0)
	C.wasmtime_config_memory_may_move_set(p, false)
	runtime.KeepAlive(cfg)
	return nil
}

// threadStackSize is the default stack size of new threads (glibc: the
// RLIMIT_STACK soft limit, or 2 MiB when unlimited), which is what Go's cgo
// threads get.
func threadStackSize() uint64 { return uint64(C.mmpy_thread_stack_size()) }

// stdio holds the writers behind the C stdout/stderr callbacks of one store.
type stdio struct{ out, err cgo.Handle }

func setStdio(wc *wasmtime.WasiConfig, stdout, stderr io.Writer) (*stdio, error) {
	p, err := rawPtr(wc)
	if err != nil {
		return nil, err
	}
	s := &stdio{out: cgo.NewHandle(stdout), err: cgo.NewHandle(stderr)}
	C.mmpy_set_stdio(p, C.uintptr_t(s.out), C.uintptr_t(s.err))
	runtime.KeepAlive(wc)
	return s, nil
}

// release frees the handles; call it only after the store was deleted.
func (s *stdio) release() {
	s.out.Delete()
	s.err.Delete()
}

//export mmpyGoWrite
func mmpyGoWrite(h C.uintptr_t, buf *C.uchar, n C.size_t) C.ptrdiff_t {
	w, ok := cgo.Handle(h).Value().(io.Writer)
	if !ok {
		return -5 // EIO
	}
	if n == 0 {
		return 0
	}
	written, err := w.Write(C.GoBytes(unsafe.Pointer(buf), C.int(n)))
	if err != nil && written == 0 {
		return -5
	}
	return C.ptrdiff_t(written)
}

// stopper lets another goroutine hard-stop one store: the flag is read by the
// store's epoch-deadline callback at the next epoch tick.
type stopper struct{ flag *C.int }

func installStopper(store *wasmtime.Store) (*stopper, error) {
	p, err := rawPtr(store)
	if err != nil {
		return nil, err
	}
	s := &stopper{flag: C.mmpy_stop_flag_new()}
	C.mmpy_install_epoch_callback(p, s.flag)
	runtime.KeepAlive(store)
	return s, nil
}

func (s *stopper) stop() { C.mmpy_stop_flag_set(s.flag) }

// free releases the flag; call it only after the store was deleted.
func (s *stopper) free() { C.mmpy_stop_flag_free(s.flag) }
