//go:build wasmtime && cgo

package wasmtimeengine

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/bytecodealliance/wasmtime-go/v39"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/engine/enginetest"
	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

func newEngineCfg(t *testing.T, cfg Config, report func(*wasmtime.Caller, int32)) *wtEngine {
	e, err := New(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = e.Close(context.Background()) })
	we := e.(*wtEngine)
	ty := wasmtime.NewFuncType([]*wasmtime.ValType{wasmtime.NewValType(wasmtime.KindI32)}, nil)
	for _, l := range []*wasmtime.Linker{we.linker, we.qlinker} {
		require.NoError(t, l.FuncNew("test", "report", ty, func(c *wasmtime.Caller, args []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
			report(c, args[0].I32())
			return nil, nil
		}))
	}
	return we
}

func newEngine(t *testing.T, memoryPages uint32, hardStop bool, report func(int32)) engine.Engine {
	return newEngineCfg(t, Config{MemoryLimitPages: memoryPages, HardStop: hardStop}, func(_ *wasmtime.Caller, v int32) { report(v) })
}

func TestHostileGuestModule(t *testing.T) { enginetest.TestHostileGuest(t, newEngine) }

func TestInterruptInfoImport(t *testing.T) { enginetest.TestInterruptInfo(t, newEngine) }

func TestMemoryCap(t *testing.T) { enginetest.TestMemoryCap(t, newEngine) }

func TestHardStop(t *testing.T) { enginetest.TestHardStop(t, newEngine) }

// TestMemoryDoesNotMove: the base address of linear memory is the same
// before and after the guest grows it by 1000 pages (64 MiB), which is what
// makes the WordMemory of the cooperative interrupt sound on this engine.
func TestMemoryDoesNotMove(t *testing.T) {
	var bases []unsafe.Pointer
	var sizes []uintptr
	var grew int32
	e := newEngineCfg(t, Config{}, func(c *wasmtime.Caller, v int32) {
		m := c.GetExport("memory").Memory()
		bases = append(bases, m.Data(c))
		sizes = append(sizes, m.DataSize(c))
		grew = v
	})
	ctx := context.Background()
	m, err := e.Compile(ctx, enginetest.GrowModule(1000))
	require.NoError(t, err)
	require.NoError(t, m.Run(ctx, policyForTest(), io.Discard, io.Discard, guest.New(ctx, guest.Config{PluginID: "grow"}), engine.Boot{}))
	assert.Equal(t, int32(1), grew, "memory.grow returned the old size")
	require.Len(t, bases, 2)
	assert.Equal(t, []uintptr{64 << 10, 1001 * 64 << 10}, sizes)
	assert.Equal(t, bases[0], bases[1], "the memory did not move when it grew")
}

// TestCompileCache: a second engine loads the serialized code from the cache
// directory instead of compiling, and a corrupt cache file is replaced.
func TestCompileCache(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	wasm := enginetest.GrowModule(1)
	var reports []int32
	report := func(_ *wasmtime.Caller, v int32) { reports = append(reports, v) }
	e1 := newEngineCfg(t, Config{CacheDir: dir}, report)
	_, err := e1.Compile(ctx, wasm)
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(dir, "wasmtime", "*.cwasm"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	info, err := os.Stat(files[0])
	require.NoError(t, err)

	e2 := newEngineCfg(t, Config{CacheDir: dir}, report)
	m, err := e2.Compile(ctx, wasm)
	require.NoError(t, err)
	require.NoError(t, m.Run(ctx, policyForTest(), io.Discard, io.Discard, guest.New(ctx, guest.Config{PluginID: "cached"}), engine.Boot{}))
	assert.Equal(t, []int32{0, 1}, reports, "the cached code runs")
	info2, err := os.Stat(files[0])
	require.NoError(t, err)
	assert.Equal(t, info.ModTime(), info2.ModTime(), "loaded, not rewritten")

	require.NoError(t, os.WriteFile(files[0], []byte("garbage"), 0o644))
	e3 := newEngineCfg(t, Config{CacheDir: dir}, report)
	reports = nil
	m, err = e3.Compile(ctx, wasm)
	require.NoError(t, err, "a corrupt cache file is recompiled")
	require.NoError(t, m.Run(ctx, policyForTest(), io.Discard, io.Discard, guest.New(ctx, guest.Config{PluginID: "recompiled"}), engine.Boot{}))
	assert.Equal(t, []int32{0, 1}, reports)
	b, err := os.ReadFile(files[0])
	require.NoError(t, err)
	assert.NotEqual(t, "garbage", string(b), "and replaced")

	e4 := newEngineCfg(t, Config{CacheDir: dir, HardStop: true}, report)
	_, err = e4.Compile(ctx, wasm)
	require.NoError(t, err)
	files, err = filepath.Glob(filepath.Join(dir, "wasmtime", "*.cwasm"))
	require.NoError(t, err)
	assert.Len(t, files, 2, "code compiled with epoch checks has its own key")
}

func TestCustomSections(t *testing.T) {
	e := newEngineCfg(t, Config{}, func(*wasmtime.Caller, int32) {})
	wasm := enginetest.GrowModule(1)
	for _, v := range []string{"1", "2"} {
		wasm = append(wasm, 0, byte(1+len("mmpy.abi")+len(v)), byte(len("mmpy.abi")))
		wasm = append(wasm, "mmpy.abi"+v...)
	}
	m, err := e.Compile(context.Background(), wasm)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("1"), []byte("2")}, m.CustomSections("mmpy.abi"))
	assert.Empty(t, m.CustomSections("other"))
}

func policyForTest() wasi.Policy { return wasi.Policy{Args: []string{"t"}, Env: map[string]string{}} }

func TestWasmStackSize(t *testing.T) {
	assert.Equal(t, 4<<20, wasmStackSize(8<<20), "8 MiB threads (ulimit -s 8192)")
	assert.Equal(t, 1<<20, wasmStackSize(2<<20), "2 MiB threads (glibc default when unlimited)")
	assert.Equal(t, 512<<10, wasmStackSize(0), "unknown")
	assert.Equal(t, 4<<20, wasmStackSize(1<<40))
	assert.Positive(t, threadStackSize())
}

// TestStopAfterClose: a guest stopped after its engine was closed (against
// the documented order) does not crash the process.
func TestStopAfterClose(t *testing.T) {
	e := newEngineCfg(t, Config{HardStop: true}, func(*wasmtime.Caller, int32) {})
	require.NoError(t, e.Close(context.Background()))
	assert.NotPanics(t, e.tick)
	require.NoError(t, e.Close(context.Background()), "Close is idempotent")
}
