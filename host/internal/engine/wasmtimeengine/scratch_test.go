//go:build wasmtime && cgo

package wasmtimeengine

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bytecodealliance/wasmtime-go/v39"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// TestScratchQuotaEstimate: the estimate starts at what the directory holds,
// grows with what is settled, and is measured again (deletions, unused
// reservations) before anything is refused.
func TestScratchQuotaEstimate(t *testing.T) {
	const entry = wasi.ScratchEntryCost
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a"), make([]byte, 1000), 0o600))
	q1 := acquireQuota(dir, 3*entry)
	q2 := acquireQuota(dir, 3*entry)
	require.Same(t, q1, q2, "instances mounting one directory share its quota")
	assert.EqualValues(t, 1000+entry, q1.used, "what the directory holds counts from the start")

	require.True(t, q1.reserve(entry))
	q1.settle(entry, entry)
	assert.EqualValues(t, 1000+2*entry, q1.used)
	// The estimate is full, but the reserved entry was never made: the
	// directory is measured again and the reservation fits.
	require.True(t, q1.reserve(entry+500))
	assert.EqualValues(t, 1000+2*entry+500, q1.used)
	assert.EqualValues(t, entry+500, q1.held)
	q1.settle(entry+500, 0)
	assert.EqualValues(t, 1000+entry, q1.used, "an unused reservation is given back")
	assert.Zero(t, q1.held)

	// Past the quota even after measuring: refused, or cut short.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b"), make([]byte, entry), 0o600))
	assert.False(t, q1.reserve(2*entry))
	assert.Zero(t, q1.reserveUpTo(entry), "nothing fits")
	require.NoError(t, os.Remove(filepath.Join(dir, "b")))
	got := q1.reserveUpTo(10 * entry)
	assert.EqualValues(t, 3*entry-(1000+entry), got, "cut short at the quota after measuring again")
	q1.settle(got, got)

	q1.release()
	assert.True(t, quotas.Held(dir), "the second instance still holds the quota")
	q2.release()
	assert.False(t, quotas.Held(dir), "the last instance frees the shared quota")
}

// TestShadowSignatures: the parameter types of scratch.go's table are those
// of wasmtime's own WASI functions (which the trampoline imports), and every
// shadowed function is trampolined.
func TestShadowSignatures(t *testing.T) {
	e := newEngineCfg(t, Config{}, func(*wasmtime.Caller, int32) {})
	store := wasmtime.NewStore(e.engine)
	defer store.Close()
	names := map[string]bool{}
	for _, f := range trampolined {
		names[f.name] = true
		ext := e.wasiLinker.Get(store, wasip1, f.name)
		require.NotNil(t, ext, f.name)
		require.NotNil(t, ext.Func(), f.name)
		assert.Equal(t, typeString(funcType(f.params)), typeString(ext.Func().Type(store)), f.name)
	}
	for name := range shadowed {
		assert.True(t, names[name], "%s is shadowed but not trampolined", name)
	}
	assert.Contains(t, trampolineWAT(), `(export "memory" (memory 0))`)
}

func typeString(ft *wasmtime.FuncType) string {
	var b strings.Builder
	for _, p := range ft.Params() {
		b.WriteString(p.String() + " ")
	}
	b.WriteString("->")
	for _, r := range ft.Results() {
		b.WriteString(" " + r.String())
	}
	return b.String()
}

// fdTrackingWAT calls WASI directly, as a hostile guest could: it opens a
// file f in the scratch directory (fd 3, the only preopen), renumbers it onto
// stdout, opens g, and writes 1 MiB through fd 1; then it writes 50 bytes to
// g, seeks back to 0, sets append mode with fd_fdstat_set_flags and writes
// 100 bytes; then it writes through fd 1 again. Every errno and byte count
// is reported.
const fdTrackingWAT = `(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber" (func $renumber (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $setflags (param i32 i32) (result i32)))
  (import "test" "report" (func $report (param i32)))
  (memory (export "memory") 17)
  (data (i32.const 1024) "fg")
  (func $iov (param $len i32)
    (i32.store (i32.const 2048) (i32.const 65536))
    (i32.store (i32.const 2052) (local.get $len)))
  (func (export "_start")
    (local $g i32)
    (call $report (call $open (i32.const 3) (i32.const 0) (i32.const 1024) (i32.const 1) (i32.const 1) (i64.const 0x1fffffff) (i64.const 0x1fffffff) (i32.const 0) (i32.const 512)))
    (call $report (call $renumber (i32.load (i32.const 512)) (i32.const 1)))
    (call $report (call $open (i32.const 3) (i32.const 0) (i32.const 1025) (i32.const 1) (i32.const 1) (i64.const 0x1fffffff) (i64.const 0x1fffffff) (i32.const 0) (i32.const 512)))
    (local.set $g (i32.load (i32.const 512)))
    (call $iov (i32.const 0x100000))
    (call $report (call $write (i32.const 1) (i32.const 2048) (i32.const 1) (i32.const 516)))
    (call $report (i32.load (i32.const 516)))
    (call $iov (i32.const 50))
    (call $report (call $write (local.get $g) (i32.const 2048) (i32.const 1) (i32.const 516)))
    (call $report (call $seek (local.get $g) (i64.const 0) (i32.const 0) (i32.const 520)))
    (call $report (call $setflags (local.get $g) (i32.const 1)))
    (call $iov (i32.const 100))
    (call $report (call $write (local.get $g) (i32.const 2048) (i32.const 1) (i32.const 516)))
    (call $report (i32.load (i32.const 516)))
    (call $report (call $write (i32.const 1) (i32.const 2048) (i32.const 1) (i32.const 516)))))`

// TestScratchFdTracking: a scratch file renumbered onto stdout, or switched
// to append mode, is still counted against the quota.
func TestScratchFdTracking(t *testing.T) {
	const entry = wasi.ScratchEntryCost
	var reports []int32
	e := newEngineCfg(t, Config{}, func(_ *wasmtime.Caller, v int32) { reports = append(reports, v) })
	wasm, err := wasmtime.Wat2Wasm(fdTrackingWAT)
	require.NoError(t, err)
	ctx := context.Background()
	m, err := e.Compile(ctx, wasm)
	require.NoError(t, err)
	dir := t.TempDir()
	// Room for f (entry + 1 MiB), g's entry and 100 bytes.
	p := policyForTest().WithScratch(wasi.Scratch{HostDir: dir, QuotaBytes: 1<<20 + 2*entry + 100})
	var stderr strings.Builder
	require.NoError(t, m.Run(ctx, p, io.Discard, &stderr, guest.New(ctx, guest.Config{PluginID: "fds"}), engine.Boot{}))
	assert.Equal(t, []int32{
		0, 0, 0, // f opened and renumbered onto fd 1, g opened
		0, 1 << 20, // 1 MiB written through fd 1: it fits
		0, 0, 0, // 50 bytes to g, seek to 0, append mode
		0, 50, // of 100 appended bytes, 50 fit
		errnoIO, // fd 1 again: the quota is used up
	}, reports)
	assert.Contains(t, stderr.String(), "a write to /scratch was refused: its quota of 1056868 bytes is used up")
	st, err := os.Stat(filepath.Join(dir, "f"))
	require.NoError(t, err)
	assert.EqualValues(t, 1<<20, st.Size())
	st, err = os.Stat(filepath.Join(dir, "g"))
	require.NoError(t, err)
	assert.EqualValues(t, 100, st.Size())
	assert.EqualValues(t, engine.ScratchUsage(dir), 1<<20+2*entry+100, "exactly the quota is used")
}
