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

func infoStruct(eb, ae, exc, bit uint32) []byte {
	var b []byte
	for _, v := range []uint32{guest.InterruptInfoVersion, eb, ae, exc, bit, 0} {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

// interruptModule calls mmpy.interrupt_info(ptr, len) for each call, reports
// each result through test.report and returns (exit 0). data are placed at
// the given offsets of its one-page memory.
func interruptModule(calls []hostileCall, data map[int32][]byte) []byte {
	i32 := byte(0x7f)
	types := vec([]byte{0x60, 2, i32, i32, 1, i32}, []byte{0x60, 1, i32, 0}, []byte{0x60, 0, 0})
	imports := vec(importFunc("mmpy", "interrupt_info", 0), importFunc("test", "report", 1))
	funcs := vec(uleb(2))
	memory := vec([]byte{0x00, 1})
	exports := vec(append(append(name("memory"), 0x02), uleb(0)...), append(append(name("_start"), 0x00), uleb(2)...))
	var code []byte
	for _, c := range calls {
		code = append(code, 0x41)
		code = append(code, sleb(c.ptr)...)
		code = append(code, 0x41)
		code = append(code, sleb(c.len)...)
		code = append(code, 0x10, 0, 0x10, 1) // call interrupt_info; call report
	}
	code = append(code, 0x0b)
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
	m.Write(section(2, imports))
	m.Write(section(3, funcs))
	m.Write(section(5, memory))
	m.Write(section(7, exports))
	m.Write(section(10, codeSec))
	m.Write(section(11, vec(segs...)))
	return m.Bytes()
}

// TestInterruptInfoImport: the engine checks the announced addresses against
// the real (reserved, non-moving) memory.
func TestInterruptInfoImport(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Config{MemoryLimitPages: 4})
	require.NoError(t, err)
	defer e.Close(ctx)
	var reports []int32
	_, err = e.(*wzEngine).rt.NewHostModuleBuilder("test").NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, s []uint64) {
			reports = append(reports, api.DecodeI32(s[0]))
		}), []api.ValueType{api.ValueTypeI32}, nil).Export("report").Instantiate(ctx)
	require.NoError(t, err)
	m, err := e.Compile(ctx, interruptModule([]hostileCall{
		{fn: 0, ptr: 1024, len: guest.InterruptInfoSize},  // valid
		{fn: 0, ptr: 2048, len: guest.InterruptInfoSize},  // eval_breaker past the memory's current size
		{fn: 0, ptr: 3072, len: guest.InterruptInfoSize},  // misaligned async_exc
		{fn: 0, ptr: 1024, len: 20},                       // short struct
		{fn: 0, ptr: 65530, len: guest.InterruptInfoSize}, // struct out of bounds
	}, map[int32][]byte{
		1024: infoStruct(4096, 4100, 8192, 8),
		2048: infoStruct(65536, 4100, 8192, 8), // 64 KiB = end of the one-page memory
		3072: infoStruct(4096, 4102, 8192, 8),
	}))
	require.NoError(t, err)
	inst := guest.New(ctx, guest.Config{PluginID: "interrupt"})
	require.NoError(t, m.Run(ctx, wasi.Policy{Args: []string{"t"}, Env: map[string]string{}}, io.Discard, io.Discard, inst))
	assert.Equal(t, []int32{0, guest.EFAULT, guest.EPROTO, guest.EPROTO, guest.EFAULT}, reports)
	assert.True(t, inst.Interruptible(), "the valid announcement was kept")
}
