package wazeroengine

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero/api"

	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// A hand-assembled hostile guest: it calls the mmpy imports with
// out-of-bounds pointers, garbage bytes and in the wrong order, reports each
// result through test.report, then traps. The host must answer with error
// codes, never panic, and contain the trap.

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

type hostileCall struct {
	fn       uint32 // 0 hello, 1 call, 2 ret, 3 recv
	ptr, len int32
}

func hostileModule(calls []hostileCall) []byte {
	i32 := byte(0x7f)
	types := vec(
		[]byte{0x60, 2, i32, i32, 1, i32}, // (i32,i32)->i32
		[]byte{0x60, 1, i32, 0},           // (i32)->()
		[]byte{0x60, 0, 0},                // ()->()
	)
	imports := vec(importFunc("mmpy", "hello", 0), importFunc("mmpy", "call", 0),
		importFunc("mmpy", "ret", 0), importFunc("mmpy", "recv", 0), importFunc("test", "report", 1))
	funcs := vec(uleb(2))
	memory := vec([]byte{0x00, 1}) // min 1 page, no max
	exports := vec(append(append(name("memory"), 0x02), uleb(0)...), append(append(name("_start"), 0x00), uleb(5)...))
	var code []byte
	for _, c := range calls {
		code = append(code, 0x41)
		code = append(code, sleb(c.ptr)...)
		code = append(code, 0x41)
		code = append(code, sleb(c.len)...)
		code = append(code, 0x10)
		code = append(code, uleb(c.fn)...)
		code = append(code, 0x10, 4) // call report
	}
	code = append(code, 0x00, 0x0b) // unreachable; end
	body := append([]byte{0}, code...)
	codeSec := vec(append(uleb(uint32(len(body))), body...))
	garbage := []byte{0xff, 0xff, 0xff, 0xff, 0x0f}
	data := vec(append(append([]byte{0x00, 0x41}, sleb(100)...), append([]byte{0x0b}, append(uleb(uint32(len(garbage))), garbage...)...)...))
	var m bytes.Buffer
	m.Write([]byte{0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0})
	m.Write(section(1, types))
	m.Write(section(2, imports))
	m.Write(section(3, funcs))
	m.Write(section(5, memory))
	m.Write(section(7, exports))
	m.Write(section(10, codeSec))
	m.Write(section(11, data))
	return m.Bytes()
}

func TestHostileGuestModule(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Config{})
	require.NoError(t, err)
	defer e.Close(ctx)
	var reports []int32
	we := e.(*wzEngine)
	_, err = we.rt.NewHostModuleBuilder("test").NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, s []uint64) {
			reports = append(reports, api.DecodeI32(s[0]))
		}), []api.ValueType{api.ValueTypeI32}, nil).Export("report").Instantiate(ctx)
	require.NoError(t, err)

	m, err := e.Compile(ctx, hostileModule([]hostileCall{
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
	inst := guest.New(ctx, guest.Config{PluginID: "hostile"})
	p := wasi.Policy{Args: []string{"hostile"}, Env: map[string]string{}}
	err = m.Run(ctx, p, io.Discard, io.Discard, inst)
	require.Error(t, err, "the trap is reported")
	assert.Contains(t, err.Error(), "unreachable")
	assert.Equal(t, []int32{guest.EFAULT, guest.EFAULT, guest.EPROTO, guest.ENOFRAME, guest.ESTATE, guest.ESTATE, guest.ETOOBIG, guest.ENOFRAME}, reports)

	// The engine is still usable after the hostile guest trapped.
	reports = nil
	m2, err := e.Compile(ctx, hostileModule([]hostileCall{{3, 0, 0}}))
	require.NoError(t, err)
	err = m2.Run(ctx, p, io.Discard, io.Discard, guest.New(ctx, guest.Config{PluginID: "again"}))
	require.Error(t, err)
	assert.Equal(t, []int32{guest.ENOFRAME}, reports)
}
