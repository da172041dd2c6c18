// Package enginetest holds hand-assembled guest modules and the tests every
// engine (wazeroengine, wasmtimeengine) must pass with them: hostile ABI use,
// interrupt_info checks, a trap, and the hard stop. Engine packages call it
// from their own tests, registering the extra import test.report.
package enginetest

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// NewEngine creates the engine under test with memoryPages as its memory cap
// (0 = the engine's default) and hardStop, and with an import test.report(i32)
// that calls report on the guest goroutine.
type NewEngine func(t *testing.T, memoryPages uint32, hardStop bool, report func(int32)) engine.Engine

func uleb(v uint32) []byte { return binary.AppendUvarint(nil, uint64(v)) }

func sleb(v int32) []byte {
	var out []byte
	for {
		b := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && b&0x40 == 0) || (v == -1 && b&0x40 != 0) {
			return append(out, b)
		}
		out = append(out, b|0x80)
	}
}

func section(id byte, body []byte) []byte {
	return append(append([]byte{id}, uleb(uint32(len(body)))...), body...)
}

func vec(items ...[]byte) []byte {
	out := uleb(uint32(len(items)))
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

func name(s string) []byte { return append(uleb(uint32(len(s))), s...) }

func importFunc(mod, fn string, typ uint32) []byte {
	return append(append(append(name(mod), name(fn)...), 0x00), uleb(typ)...)
}

const i32 = byte(0x7f)

// module assembles a command module: types (i32,i32)->i32, (i32)->(), ()->();
// the given imports; one-page memory "memory"; _start with body code (after
// the imports, so its index is len(imports)); and data segments.
func module(imports [][]byte, code []byte, data map[int32][]byte) []byte {
	types := vec([]byte{0x60, 2, i32, i32, 1, i32}, []byte{0x60, 1, i32, 0}, []byte{0x60, 0, 0})
	funcs := vec(uleb(2))
	memory := vec([]byte{0x00, 1}) // min 1 page, no max
	exports := vec(append(append(name("memory"), 0x02), uleb(0)...),
		append(append(name("_start"), 0x00), uleb(uint32(len(imports)))...))
	body := append([]byte{0}, code...)
	codeSec := vec(append(uleb(uint32(len(body))), body...))
	var segs [][]byte
	for off, b := range data {
		seg := append([]byte{0x00, 0x41}, sleb(off)...)
		seg = append(seg, 0x0b)
		seg = append(seg, uleb(uint32(len(b)))...)
		segs = append(segs, append(seg, b...))
	}
	var m bytes.Buffer
	m.Write([]byte{0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0})
	m.Write(section(1, types))
	m.Write(section(2, vec(imports...)))
	m.Write(section(3, funcs))
	m.Write(section(5, memory))
	m.Write(section(7, exports))
	m.Write(section(10, codeSec))
	if len(segs) > 0 {
		m.Write(section(11, vec(segs...)))
	}
	return m.Bytes()
}

// Call is one call of an mmpy import (index fn among the module's imports)
// with (ptr, len).
type Call struct {
	Fn       uint32
	Ptr, Len int32
}

// callsCode calls each import and reports its result through import report.
func callsCode(calls []Call, report uint32) []byte {
	var code []byte
	for _, c := range calls {
		code = append(code, 0x41)
		code = append(code, sleb(c.Ptr)...)
		code = append(code, 0x41)
		code = append(code, sleb(c.Len)...)
		code = append(code, 0x10)
		code = append(code, uleb(c.Fn)...)
		code = append(code, 0x10)
		code = append(code, uleb(report)...)
	}
	return code
}

// HostileModule calls the mmpy imports (Fn 0 hello, 1 call, 2 ret, 3 recv)
// with the given arguments, reports each result through test.report, then
// traps (unreachable).
func HostileModule(calls []Call) []byte {
	imports := [][]byte{importFunc("mmpy", "hello", 0), importFunc("mmpy", "call", 0),
		importFunc("mmpy", "ret", 0), importFunc("mmpy", "recv", 0), importFunc("test", "report", 1)}
	code := append(callsCode(calls, 4), 0x00, 0x0b) // unreachable; end
	return module(imports, code, map[int32][]byte{100: {0xff, 0xff, 0xff, 0xff, 0x0f}})
}

// InterruptModule calls mmpy.interrupt_info(ptr, len) for each call (Fn
// ignored), reports each result through test.report and returns (exit 0).
func InterruptModule(calls []Call, data map[int32][]byte) []byte {
	for i := range calls {
		calls[i].Fn = 0
	}
	imports := [][]byte{importFunc("mmpy", "interrupt_info", 0), importFunc("test", "report", 1)}
	return module(imports, append(callsCode(calls, 1), 0x0b), data)
}

// GrowModule reports 0, grows its memory by pages, reports the result of
// memory.grow, and returns.
func GrowModule(pages int32) []byte {
	imports := [][]byte{importFunc("test", "report", 1)}
	code := []byte{0x41, 0, 0x10, 0, 0x41}
	code = append(code, sleb(pages)...)
	code = append(code, 0x40, 0x00, 0x10, 0, 0x0b) // memory.grow 0; call report; end
	return module(imports, code, nil)
}

// LoopModule reports 1 and then spins forever (loop br 0).
func LoopModule() []byte {
	imports := [][]byte{importFunc("test", "report", 1)}
	code := []byte{0x41, 1, 0x10, 0, 0x03, 0x40, 0x0c, 0, 0x0b, 0x0b} // report(1); loop br 0 end; end
	return module(imports, code, nil)
}

// InfoStruct is an interrupt_info struct (abi/ABI.md §3.1).
func InfoStruct(eb, ae, exc, bit uint32) []byte {
	var b []byte
	for _, v := range []uint32{guest.InterruptInfoVersion, eb, ae, exc, bit, 0} {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

func policy() wasi.Policy { return wasi.Policy{Args: []string{"t"}, Env: map[string]string{}} }

// TestHostileGuest: the host answers hostile ABI use with error codes, never
// panics, contains the trap, and the engine stays usable.
func TestHostileGuest(t *testing.T, newEngine NewEngine) {
	ctx := context.Background()
	var reports []int32
	e := newEngine(t, 0, false, func(v int32) { reports = append(reports, v) })
	m, err := e.Compile(ctx, HostileModule([]Call{
		{0, 70000, 10},  // hello: pointer past the 64 KiB memory
		{0, -16, 100},   // hello: pointer wrapping around 4 GiB
		{0, 100, 5},     // hello: garbage bytes
		{3, 0, 4},       // recv: nothing pending
		{1, 0, 0},       // call before hello
		{2, 0, 0},       // ret before hello
		{0, 0, 1 << 30}, // hello: a 1 GiB length
		{3, 65530, 100}, // recv out of bounds, nothing pending
	}))
	require.NoError(t, err)
	err = m.Run(ctx, wasi.Policy{Args: []string{"hostile"}, Env: map[string]string{}}, io.Discard, io.Discard, guest.New(ctx, guest.Config{PluginID: "hostile"}), engine.Boot{})
	require.Error(t, err, "the trap is reported")
	assert.Contains(t, err.Error(), "unreachable")
	assert.Equal(t, []int32{guest.EFAULT, guest.EFAULT, guest.EPROTO, guest.ENOFRAME, guest.ESTATE, guest.ESTATE, guest.ETOOBIG, guest.ENOFRAME}, reports)

	reports = nil
	m2, err := e.Compile(ctx, HostileModule([]Call{{3, 0, 0}}))
	require.NoError(t, err)
	require.Error(t, m2.Run(ctx, policy(), io.Discard, io.Discard, guest.New(ctx, guest.Config{PluginID: "again"}), engine.Boot{}))
	assert.Equal(t, []int32{guest.ENOFRAME}, reports, "the engine is still usable after a trap")
}

// TestInterruptInfo: the engine checks the announced addresses against the
// real (non-moving) memory and offers a WordMemory.
func TestInterruptInfo(t *testing.T, newEngine NewEngine) {
	ctx := context.Background()
	var reports []int32
	e := newEngine(t, 4, false, func(v int32) { reports = append(reports, v) })
	m, err := e.Compile(ctx, InterruptModule([]Call{
		{Ptr: 1024, Len: guest.InterruptInfoSize},  // valid
		{Ptr: 2048, Len: guest.InterruptInfoSize},  // eval_breaker past the memory's current size
		{Ptr: 3072, Len: guest.InterruptInfoSize},  // misaligned async_exc
		{Ptr: 1024, Len: 20},                       // short struct
		{Ptr: 65530, Len: guest.InterruptInfoSize}, // struct out of bounds
	}, map[int32][]byte{
		1024: InfoStruct(4096, 4100, 8192, 8),
		2048: InfoStruct(65536, 4100, 8192, 8), // 64 KiB = end of the one-page memory
		3072: InfoStruct(4096, 4102, 8192, 8),
	}))
	require.NoError(t, err)
	inst := guest.New(ctx, guest.Config{PluginID: "interrupt"})
	require.NoError(t, m.Run(ctx, policy(), io.Discard, io.Discard, inst, engine.Boot{}))
	assert.Equal(t, []int32{0, guest.EFAULT, guest.EPROTO, guest.EPROTO, guest.EFAULT}, reports)
	assert.True(t, inst.Interruptible(), "the valid announcement was kept")
}

// TestMemoryCap: memory.grow past the engine's cap fails (-1) without a
// trap; within the cap it succeeds.
func TestMemoryCap(t *testing.T, newEngine NewEngine) {
	ctx := context.Background()
	var reports []int32
	e := newEngine(t, 4, false, func(v int32) { reports = append(reports, v) })
	for _, c := range []struct {
		pages int32
		want  int32
	}{{3, 1}, {4, -1}} {
		reports = nil
		m, err := e.Compile(ctx, GrowModule(c.pages))
		require.NoError(t, err)
		require.NoError(t, m.Run(ctx, policy(), io.Discard, io.Discard, guest.New(ctx, guest.Config{PluginID: "grow"}), engine.Boot{}))
		assert.Equal(t, []int32{0, c.want}, reports, "grow by %d pages under a 4-page cap", c.pages)
	}
}

// TestHardStop: cancelling one guest's context stops it in an endless loop;
// another guest of the same engine keeps running until its own is cancelled.
func TestHardStop(t *testing.T, newEngine NewEngine) {
	started := make(chan struct{}, 2)
	e := newEngine(t, 0, true, func(int32) { started <- struct{}{} })
	m, err := e.Compile(context.Background(), LoopModule())
	require.NoError(t, err)
	run := func(ctx context.Context) <-chan error {
		ch := make(chan error, 1)
		go func() {
			ch <- m.Run(ctx, policy(), io.Discard, io.Discard, guest.New(ctx, guest.Config{PluginID: "loop"}), engine.Boot{})
		}()
		return ch
	}
	ctxA, cancelA := context.WithCancel(context.Background())
	defer cancelA()
	ctxB, cancelB := context.WithCancel(context.Background())
	defer cancelB()
	a, b := run(ctxA), run(ctxB)
	<-started
	<-started
	cancelA()
	select {
	case err := <-a:
		require.Error(t, err, "the stopped guest reports why")
	case <-time.After(30 * time.Second):
		t.Fatal("the hard stop did not stop the looping guest")
	}
	select {
	case err := <-b:
		t.Fatalf("stopping one guest stopped another: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	cancelB()
	select {
	case err := <-b:
		require.Error(t, err)
	case <-time.After(30 * time.Second):
		t.Fatal("the second guest was not stopped")
	}
}
