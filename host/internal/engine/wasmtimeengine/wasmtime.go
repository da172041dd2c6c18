//go:build wasmtime && cgo

// Package wasmtimeengine runs guests in wasmtime (through wasmtime-go, cgo).
// It is compiled only with the build tag "wasmtime"; the default build stays
// pure Go with wazero. See docs/RATIONALE.md ("Engine choice").
package wasmtimeengine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"unsafe"

	"github.com/bytecodealliance/wasmtime-go/v39"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// Config configures the engine.
type Config struct {
	// CacheDir holds compiled code across processes ("" = none). The engine
	// uses its subdirectory "wasmtime".
	CacheDir string
	// MemoryLimitPages caps every instance's linear memory (store limiter).
	MemoryLimitPages uint32
	// HardStop compiles guests with epoch interruption, so that cancelling
	// the context given to Run stops the guest wherever it is. The epoch
	// check at every loop back-edge and function entry costs guest speed;
	// see docs/RATIONALE.md for the measurements.
	HardStop bool
}

type wtEngine struct {
	cfg    Config
	engine *wasmtime.Engine
	linker *wasmtime.Linker
	// qlinker is linker with the scratch quota's shadows of WASI functions
	// (scratch.go), for instances with a scratch quota; wasiLinker has only
	// wasmtime's WASI, which the shadows call through trampoline.
	qlinker    *wasmtime.Linker
	wasiLinker *wasmtime.Linker
	trampoline *wasmtime.Module
	cacheDir   string
	salt       string // what besides the wasm bytes decides the compiled code
	closeMu    sync.Mutex
	closed     bool
}

// runState is the store data: what the host functions of one instance need.
// It is touched only by the guest goroutine (inside host functions).
type runState struct {
	inst  *guest.Instance
	limit uint64        // memory cap in bytes (length of the WordMemory view)
	clock *engine.Clock // the guest's monotonic clock

	mem *wasmtime.Memory // the exported memory, looked up at the first host call

	scratch *scratchState // the scratch quota's bookkeeping (nil = no quota)

	// The interrupt view of linear memory (see syncWords).
	words *guest.WordMemory
	base  unsafe.Pointer
	moved bool
}

// New creates a wasmtime engine with WASI preview 1 and the mmpy imports.
func New(_ context.Context, cfg Config) (engine.Engine, error) {
	wc := wasmtime.NewConfig()
	if err := fixMemories(wc); err != nil {
		return nil, err
	}
	wc.SetEpochInterruption(cfg.HardStop)
	wc.SetMaxWasmStack(wasmStackSize(threadStackSize()))
	e := &wtEngine{cfg: cfg, salt: fmt.Sprintf("wasmtime-go %s %s/%s epoch=%t nomove", wasmtimeVersion(), runtime.GOOS, runtime.GOARCH, cfg.HardStop)}
	if cfg.CacheDir != "" {
		e.cacheDir = filepath.Join(cfg.CacheDir, "wasmtime")
		if err := os.MkdirAll(e.cacheDir, 0o755); err != nil {
			return nil, fmt.Errorf("wasmtime compilation cache: %w", err)
		}
	}
	e.engine = wasmtime.NewEngineWithConfig(wc)
	e.linker = wasmtime.NewLinker(e.engine)
	e.qlinker = wasmtime.NewLinker(e.engine)
	e.wasiLinker = wasmtime.NewLinker(e.engine)
	if err := e.defineImports(e.linker, false); err != nil {
		return nil, err
	}
	if err := e.defineImports(e.qlinker, true); err != nil {
		return nil, err
	}
	if err := e.wasiLinker.DefineWasi(); err != nil {
		return nil, fmt.Errorf("define WASI: %w", err)
	}
	wasm, err := wasmtime.Wat2Wasm(trampolineWAT())
	if err != nil {
		return nil, fmt.Errorf("scratch quota: WASI trampoline: %w", err)
	}
	if e.trampoline, err = wasmtime.NewModule(e.engine, wasm); err != nil {
		return nil, fmt.Errorf("scratch quota: WASI trampoline: %w", err)
	}
	return e, nil
}

// wasmStackSize is the native stack wasm code may use: half the stack of the
// OS threads Go runs cgo calls on (the guest runs there), at most 4 MiB,
// at least wasmtime's default 512 KiB. CPython's own C-recursion guard
// (RecursionError from json.dumps or repr of deeply nested lists) needs about
// 2 MiB; wasmtime's default would trap the guest first.
func wasmStackSize(threadStack uint64) int {
	const lo, hi = 512 << 10, 4 << 20
	return int(min(max(threadStack/2, lo), hi))
}

// wasmtimeVersion is the wasmtime-go module version linked in (part of the
// compilation-cache key; wasmtime itself also refuses code compiled by
// another version).
func wasmtimeVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/bytecodealliance/wasmtime-go/v39" {
				if d.Replace != nil {
					return d.Replace.Path + "@" + d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "v39"
}

// defineImports defines the mmpy imports and WASI in l; with quota, also
// the shadows that enforce a scratch quota.
func (e *wtEngine) defineImports(l *wasmtime.Linker, quota bool) error {
	i32 := wasmtime.NewValType(wasmtime.KindI32)
	i64 := wasmtime.NewValType(wasmtime.KindI64)
	ptrLen := wasmtime.NewFuncType([]*wasmtime.ValType{i32, i32}, []*wasmtime.ValType{i32})
	for name, fn := range map[string]func(*guest.Instance, guest.Memory, uint32, uint32) int32{
		"hello": (*guest.Instance).Hello,
		"call":  (*guest.Instance).Call,
		"ret":   (*guest.Instance).Ret,
		"recv":  (*guest.Instance).Recv,
	} {
		err := l.FuncNew("mmpy", name, ptrLen, func(c *wasmtime.Caller, args []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
			rs, mem := state(c)
			if rs == nil {
				return []wasmtime.Val{wasmtime.ValI32(guest.ESTATE)}, nil
			}
			return []wasmtime.Val{wasmtime.ValI32(fn(rs.inst, mem, uint32(args[0].I32()), uint32(args[1].I32())))}, nil
		})
		if err != nil {
			return fmt.Errorf("define mmpy.%s: %w", name, err)
		}
	}
	err := l.FuncNew("mmpy", "interrupt_info", ptrLen, func(c *wasmtime.Caller, args []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
		rs, mem := state(c)
		if rs == nil {
			return []wasmtime.Val{wasmtime.ValI32(guest.ESTATE)}, nil
		}
		return []wasmtime.Val{wasmtime.ValI32(rs.inst.InterruptInfo(mem, rs.words, uint32(args[0].I32()), uint32(args[1].I32())))}, nil
	})
	if err != nil {
		return fmt.Errorf("define mmpy.interrupt_info: %w", err)
	}
	if err := l.DefineWasi(); err != nil {
		return fmt.Errorf("define WASI: %w", err)
	}
	// poll_oneoff and clock_time_get replace wasmtime's: a clock sleep must
	// end early when a hook's interrupt is armed (guest.Instance.Sleep), as
	// on wazero, and absolute sleeps need the same monotonic clock.
	l.AllowShadowing(true)
	if err := l.FuncNew(wasip1, "poll_oneoff",
		wasmtime.NewFuncType([]*wasmtime.ValType{i32, i32, i32, i32}, []*wasmtime.ValType{i32}), pollOneoff); err != nil {
		return fmt.Errorf("define poll_oneoff: %w", err)
	}
	if err := l.FuncNew(wasip1, "clock_time_get",
		wasmtime.NewFuncType([]*wasmtime.ValType{i32, i64, i32}, []*wasmtime.ValType{i32}), clockTimeGet); err != nil {
		return fmt.Errorf("define clock_time_get: %w", err)
	}
	if err := refuseLinks(l); err != nil {
		return err
	}
	if quota {
		if err := defineScratchShadows(l); err != nil {
			return err
		}
	}
	l.AllowShadowing(false)
	return nil
}

// state returns the instance's run state and a view of its memory, and
// refreshes the interrupt view (every host call passes here, so its size is
// never older than the guest's last call into the host).
func state(c *wasmtime.Caller) (*runState, memView) {
	rs, _ := c.Data().(*runState)
	if rs == nil {
		return nil, nil
	}
	if rs.mem == nil {
		ext := c.GetExport("memory")
		if ext == nil || ext.Memory() == nil {
			return rs, nil
		}
		rs.mem = ext.Memory() // a handle valid for the store's life
	}
	m := rs.mem
	rs.syncWords(m.Data(c), uint64(m.DataSize(c)))
	return rs, memView(m.UnsafeData(c))
}

// syncWords keeps the guest.WordMemory that the cooperative interrupt writes
// through from other goroutines. The engine is configured so that a memory
// is one 4 GiB reservation that never moves (fixMemories): the base address
// is fixed for the instance's life, and only the accessible size grows. The
// size recorded here may lag behind a memory.grow the guest made since its
// last host call, never ahead of it (wasm memories do not shrink), so every
// word the view lets through is mapped. Should the base ever change, the view
// is released and the guest is no longer interrupted (never a stray write).
func (rs *runState) syncWords(base unsafe.Pointer, size uint64) {
	if rs.moved || base == nil {
		return
	}
	if rs.words == nil {
		rs.base = base
		rs.words = guest.NewWordMemory(unsafe.Slice((*byte)(base), rs.limit), size)
		return
	}
	if base != rs.base {
		rs.words.Release()
		rs.words, rs.moved = nil, true
		return
	}
	rs.words.SetSize(size)
}

// memView is guest memory as seen inside one host call.
type memView []byte

func (m memView) Read(off, n uint32) ([]byte, bool) {
	end := uint64(off) + uint64(n)
	if end > uint64(len(m)) {
		return nil, false
	}
	return m[off:end:end], true
}

func (m memView) Write(off uint32, v []byte) bool {
	if uint64(off)+uint64(len(v)) > uint64(len(m)) {
		return false
	}
	copy(m[off:], v)
	return true
}

func (e *wtEngine) Close(context.Context) error {
	e.closeMu.Lock()
	defer e.closeMu.Unlock()
	if !e.closed {
		e.closed = true
		e.linker.Close()
		e.qlinker.Close()
		e.wasiLinker.Close()
		e.trampoline.Close()
		e.engine.Close()
	}
	return nil
}

// tick advances the engine's epoch (a no-op once the engine is closed).
func (e *wtEngine) tick() {
	e.closeMu.Lock()
	defer e.closeMu.Unlock()
	if !e.closed {
		e.engine.IncrementEpoch()
	}
}

func (e *wtEngine) Compile(_ context.Context, wasm []byte) (engine.Module, error) {
	secs, err := engine.ParseCustomSections(wasm)
	if err != nil {
		return nil, fmt.Errorf("compile guest module: %w", err)
	}
	for i := range secs {
		secs[i].Data = append([]byte(nil), secs[i].Data...) // do not keep the whole binary alive
	}
	mod, err := e.compileCached(wasm)
	if err != nil {
		return nil, fmt.Errorf("compile guest module: %w", err)
	}
	globals, err := engine.MutableGlobals(wasm)
	return &wtModule{e: e, mod: mod, sections: secs, snapshottable: err == nil && engine.Snapshottable(globals)}, nil
}

// compileCached compiles wasm, or loads its code from the cache directory.
// A cache file is wasmtime's serialized module, keyed by the hash of the wasm
// and everything that changes the code (salt); wasmtime checks its header
// and refuses code from another version or configuration, and such a file is
// simply recompiled and replaced. The cache directory is trusted like the
// binary itself: its contents become executable code.
func (e *wtEngine) compileCached(wasm []byte) (*wasmtime.Module, error) {
	if e.cacheDir == "" {
		return wasmtime.NewModule(e.engine, wasm)
	}
	h := sha256.New()
	h.Write([]byte(e.salt))
	h.Write([]byte{0})
	h.Write(wasm)
	path := filepath.Join(e.cacheDir, hex.EncodeToString(h.Sum(nil))+".cwasm")
	// Read, not mapped (NewModuleDeserializeFile): a mapped file that another
	// process truncates would crash this one (SIGBUS), and a bad file must
	// only cost a recompile.
	if b, err := os.ReadFile(path); err == nil {
		if mod, err := wasmtime.NewModuleDeserialize(e.engine, b); err == nil {
			return mod, nil
		}
	}
	mod, err := wasmtime.NewModule(e.engine, wasm)
	if err != nil {
		return nil, err
	}
	// A cache that cannot be written only costs the next process a compile.
	if b, err := mod.Serialize(); err == nil {
		if f, err := os.CreateTemp(e.cacheDir, ".tmp-*"); err == nil {
			_, werr := f.Write(b)
			if cerr := f.Close(); werr == nil && cerr == nil {
				_ = os.Rename(f.Name(), path)
			}
			_ = os.Remove(f.Name())
		}
	}
	return mod, nil
}

type wtModule struct {
	e        *wtEngine
	mod      *wasmtime.Module
	sections []engine.CustomSection
	// snapshottable: at most one mutable global (engine.Snapshot)
	snapshottable bool
}

func (m *wtModule) CustomSections(name string) [][]byte {
	var out [][]byte
	for _, s := range m.sections {
		if s.Name == name {
			out = append(out, s.Data)
		}
	}
	return out
}

func (m *wtModule) Snapshottable() bool { return m.snapshottable }

func (m *wtModule) Run(ctx context.Context, p wasi.Policy, stdout, stderr io.Writer, inst *guest.Instance, boot engine.Boot) error {
	if err := p.Validate(); err != nil {
		return err
	}
	wc := wasmtime.NewWasiConfig()
	wc.SetArgv(p.Args)
	var keys, vals []string
	for _, kv := range p.SortedEnv() {
		keys, vals = append(keys, kv[0]), append(vals, kv[1])
	}
	wc.SetEnv(keys, vals)
	for _, mt := range p.Mounts {
		dp, fp := wasmtime.DIR_READ, wasmtime.FILE_READ
		if !mt.ReadOnly {
			dp, fp = dp|wasmtime.DIR_WRITE, fp|wasmtime.FILE_WRITE
		}
		if err := wc.PreopenDir(mt.HostDir, mt.GuestPath, dp, fp); err != nil {
			return fmt.Errorf("wasi policy: mount %s at %s: %w (does the directory exist?)", mt.HostDir, mt.GuestPath, err)
		}
	}
	// The scratch directory: confined by wasmtime's WASI (cap-std), its
	// quota kept by the shadows of scratch.go.
	linker := m.e.linker
	var sc *scratchState
	if s := p.Scratch; s != nil {
		dir := filepath.Clean(s.HostDir)
		if err := wc.PreopenDir(dir, s.Guest(), wasmtime.DIR_READ|wasmtime.DIR_WRITE, wasmtime.FILE_READ|wasmtime.FILE_WRITE); err != nil {
			return fmt.Errorf("wasi policy: mount the scratch directory %s at %s: %w (does the directory exist?)", dir, s.Guest(), err)
		}
		if limit := s.Quota(); limit >= 0 {
			q := acquireQuota(dir, limit)
			defer q.release()
			linker = m.e.qlinker
			sc = &scratchState{q: q, guest: s.Guest(), fds: map[int32]bool{}, appends: map[int32]bool{}}
			if stderr != nil {
				w := stderr
				sc.warn = func(msg string) { engine.Notice(w, msg) }
			}
		}
	}
	if stdout == nil {
		stdout = io.Discard
	}
	if stderr == nil {
		stderr = io.Discard
	}
	stdio, err := setStdio(wc, stdout, stderr)
	if err != nil {
		return err
	}
	defer stdio.release()

	pages := p.MemoryLimitPages
	if m.e.cfg.MemoryLimitPages > 0 && (pages == 0 || m.e.cfg.MemoryLimitPages < pages) {
		pages = m.e.cfg.MemoryLimitPages
	}
	limit := uint64(1) << 32
	if pages > 0 && uint64(pages)*wasi.WasmPageSize < limit {
		limit = uint64(pages) * wasi.WasmPageSize
	}
	rs := &runState{inst: inst, limit: limit, clock: engine.NewClock(), scratch: sc}
	store := wasmtime.NewStoreWithData(m.e.engine, rs)
	store.Limiter(int64(limit), -1, -1, -1, -1)
	store.SetWasi(wc)
	var st *stopper
	defer func() {
		// The guest no longer runs: cut off the host's interrupt writes
		// (waiting for one in progress), then free the store and its memory.
		if rs.words != nil {
			rs.words.Release()
		}
		store.Close()
		if st != nil {
			st.free()
		}
	}()

	if m.e.cfg.HardStop {
		if st, err = installStopper(store); err != nil {
			return err
		}
		// Every tick of the engine's epoch calls the store's callback, which
		// traps if this guest was stopped and otherwise continues. Ticks only
		// happen when some guest of the engine is stopped.
		store.SetEpochDeadline(1)
		done := make(chan struct{})
		watched := make(chan struct{})
		go func() {
			defer close(watched)
			select {
			case <-ctx.Done():
				st.stop()
				m.e.tick()
			case <-done:
			}
		}()
		defer func() { // runs before the store is freed
			close(done)
			<-watched
		}()
	}

	instance, err := linker.Instantiate(store, m.mod)
	if err != nil {
		return fmt.Errorf("instantiate guest: %w", err)
	}
	if sc != nil {
		if err := m.setupScratch(store, instance, sc); err != nil {
			return err
		}
	}
	return engine.RunGuest(&exports{store: store, instance: instance, rs: rs}, boot, m.snapshottable, inst, rs.clock)
}

// exports is engine.Exports over a wasmtime instance.
type exports struct {
	store    *wasmtime.Store
	instance *wasmtime.Instance
	rs       *runState
}

func (x *exports) Has(name string) bool { return x.instance.GetFunc(x.store, name) != nil }

func (x *exports) Call(name string) (int32, error) {
	f := x.instance.GetFunc(x.store, name)
	if f == nil {
		return 0, fmt.Errorf("the guest module does not export %s", name)
	}
	res, err := f.Call(x.store)
	var werr *wasmtime.Error
	if errors.As(err, &werr) {
		if status, ok := werr.ExitStatus(); ok {
			return 0, &engine.ExitError{Status: uint32(status)}
		}
	}
	if err != nil {
		return 0, err
	}
	v, _ := res.(int32)
	return v, nil
}

func (x *exports) memory() *wasmtime.Memory {
	if x.rs.mem == nil {
		if ext := x.instance.GetExport(x.store, "memory"); ext != nil {
			x.rs.mem = ext.Memory()
		}
	}
	return x.rs.mem
}

func (x *exports) Memory() []byte {
	if m := x.memory(); m != nil {
		return m.UnsafeData(x.store)
	}
	return nil
}

func (x *exports) Grow(delta uint32) error {
	m := x.memory()
	if m == nil {
		return errors.New("the guest module has no memory")
	}
	if _, err := m.Grow(x.store, uint64(delta)); err != nil {
		return fmt.Errorf("memory.grow by %d pages refused (over the memory cap?): %w", delta, err)
	}
	return nil
}

func (x *exports) Words() *guest.WordMemory {
	if m := x.memory(); m != nil {
		x.rs.syncWords(m.Data(x.store), uint64(m.DataSize(x.store)))
	}
	return x.rs.words
}
