// Package wazeroengine runs guests in wazero, the default, pure-Go engine.
package wazeroengine

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
	"github.com/tetratelabs/wazero/experimental/sysfs"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// Config configures the engine.
type Config struct {
	// CacheDir holds compiled code across processes ("" = in-memory only).
	CacheDir string
	// MemoryLimitPages caps every instance's linear memory.
	MemoryLimitPages uint32
	// HardStop compiles guests so that cancelling the context given to Run
	// stops the guest wherever it is (wazero's WithCloseOnContextDone). It
	// makes guest code slower (checks at every loop back-edge and call);
	// see docs/RATIONALE.md for the measurements.
	HardStop bool
}

type wzEngine struct {
	rt    wazero.Runtime
	cache wazero.CompilationCache
	seq   atomic.Uint64
}

type instKey struct{}

// runState is what the host functions of one instance need.
type runState struct {
	inst  *guest.Instance
	alloc *allocator
}

// New creates a wazero engine with the mmpy and WASI host modules.
func New(ctx context.Context, cfg Config) (engine.Engine, error) {
	rc := wazero.NewRuntimeConfig().WithCustomSections(true).WithCloseOnContextDone(cfg.HardStop)
	if cfg.MemoryLimitPages > 0 {
		rc = rc.WithMemoryLimitPages(cfg.MemoryLimitPages)
	}
	var cache wazero.CompilationCache
	if cfg.CacheDir != "" {
		c, err := wazero.NewCompilationCacheWithDir(cfg.CacheDir)
		if err != nil {
			return nil, fmt.Errorf("wazero compilation cache %s: %w", cfg.CacheDir, err)
		}
		cache = c
		rc = rc.WithCompilationCache(c)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		return nil, err
	}
	b := rt.NewHostModuleBuilder("mmpy")
	i32 := api.ValueTypeI32
	for name, fn := range map[string]func(*guest.Instance, guest.Memory, uint32, uint32) int32{
		"hello": (*guest.Instance).Hello,
		"call":  (*guest.Instance).Call,
		"ret":   (*guest.Instance).Ret,
		"recv":  (*guest.Instance).Recv,
	} {
		b.NewFunctionBuilder().
			WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
				rs, _ := ctx.Value(instKey{}).(*runState)
				if rs == nil {
					stack[0] = api.EncodeI32(guest.ESTATE)
					return
				}
				stack[0] = api.EncodeI32(fn(rs.inst, m.Memory(), api.DecodeU32(stack[0]), api.DecodeU32(stack[1])))
			}), []api.ValueType{i32, i32}, []api.ValueType{i32}).
			WithParameterNames("ptr", "len").
			Export(name)
	}
	b.NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
			rs, _ := ctx.Value(instKey{}).(*runState)
			if rs == nil {
				stack[0] = api.EncodeI32(guest.ESTATE)
				return
			}
			var words *guest.WordMemory
			if rs.alloc.mem != nil {
				words = rs.alloc.mem.words
			}
			stack[0] = api.EncodeI32(rs.inst.InterruptInfo(m.Memory(), words, api.DecodeU32(stack[0]), api.DecodeU32(stack[1])))
		}), []api.ValueType{i32, i32}, []api.ValueType{i32}).
		WithParameterNames("ptr", "len").
		Export("interrupt_info")
	if _, err := b.Instantiate(ctx); err != nil {
		return nil, err
	}
	return &wzEngine{rt: rt, cache: cache}, nil
}

func (e *wzEngine) Close(ctx context.Context) error {
	err := e.rt.Close(ctx)
	if e.cache != nil {
		err = errors.Join(err, e.cache.Close(ctx))
	}
	return err
}

func (e *wzEngine) Compile(ctx context.Context, wasm []byte) (engine.Module, error) {
	cm, err := e.rt.CompileModule(ctx, wasm)
	if err != nil {
		return nil, fmt.Errorf("compile guest module: %w", err)
	}
	globals, err := engine.MutableGlobals(wasm)
	return &wzModule{e: e, cm: cm, snapshottable: err == nil && engine.Snapshottable(globals)}, nil
}

type wzModule struct {
	e             *wzEngine
	cm            wazero.CompiledModule
	snapshottable bool
}

func (m *wzModule) CustomSections(name string) [][]byte {
	var out [][]byte
	for _, s := range m.cm.CustomSections() {
		if s.Name() == name {
			out = append(out, s.Data())
		}
	}
	return out
}

func (m *wzModule) Snapshottable() bool { return m.snapshottable }

func (m *wzModule) Run(ctx context.Context, p wasi.Policy, stdout, stderr io.Writer, inst *guest.Instance, boot engine.Boot) error {
	if err := p.Validate(); err != nil {
		return err
	}
	// Every mount is confined (no symlink escapes, see confinedFS); the
	// scratch directory also counts bytes against its quota.
	fs := wazero.NewFSConfig()
	for _, mt := range p.Mounts {
		if mt.FS != nil { // in-memory (one-file artifacts): no host paths, no symlinks
			fs = fs.WithFSMount(mt.FS, mt.GuestPath)
			continue
		}
		var root experimentalsys.FS = newConfinedFS(mt.HostDir, mt.GuestPath, nil, nil)
		if mt.ReadOnly {
			root = &sysfs.ReadFS{FS: root}
		}
		fs = fs.(sysfs.FSConfig).WithSysFSMount(root, mt.GuestPath)
	}
	if s := p.Scratch; s != nil {
		dir := filepath.Clean(s.HostDir)
		q := acquireQuota(dir, s.Quota())
		defer releaseQuota(dir)
		fs = fs.(sysfs.FSConfig).WithSysFSMount(newConfinedFS(dir, s.Guest(), q, func(msg string) { engine.Notice(stderr, msg) }), s.Guest())
	}
	clock := engine.NewClock()
	mc := wazero.NewModuleConfig().
		WithName(fmt.Sprintf("guest-%d", m.e.seq.Add(1))).
		WithArgs(p.Args...).
		WithFSConfig(fs).
		WithStdout(stdout).
		WithStderr(stderr).
		WithSysWalltime().
		WithNanotime(func() int64 { return int64(clock.Now()) }, 1).
		WithNanosleep(func(ns int64) { inst.Sleep(time.Duration(ns)) }).
		WithRandSource(rand.Reader).
		WithStartFunctions() // engine.RunGuest calls the entry points
	for _, kv := range p.SortedEnv() {
		mc = mc.WithEnv(kv[0], kv[1])
	}
	alloc := &allocator{}
	ctx = context.WithValue(ctx, instKey{}, &runState{inst: inst, alloc: alloc})
	ctx = experimental.WithMemoryAllocator(ctx, alloc)
	mod, err := m.e.rt.InstantiateModule(ctx, m.cm, mc)
	if err == nil {
		err = engine.RunGuest(&exports{ctx: ctx, mod: mod, alloc: alloc}, boot, m.snapshottable, inst, clock)
	}
	if mod != nil {
		_ = mod.Close(context.Background())
	}
	if alloc.mem != nil {
		alloc.mem.unmap() // the guest no longer runs: release its memory
	}
	return exitError(err)
}

// exitError turns wazero's exit into engine.ExitError.
func exitError(err error) error {
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		return &engine.ExitError{Status: exit.ExitCode()}
	}
	return err
}

// exports is engine.Exports over a wazero module instance.
type exports struct {
	ctx   context.Context
	mod   api.Module
	alloc *allocator
}

func (x *exports) Has(name string) bool { return x.mod.ExportedFunction(name) != nil }

func (x *exports) Call(name string) (int32, error) {
	f := x.mod.ExportedFunction(name)
	if f == nil {
		return 0, fmt.Errorf("the guest module does not export %s", name)
	}
	res, err := f.Call(x.ctx)
	if err != nil {
		return 0, exitError(err)
	}
	if len(res) == 0 {
		return 0, nil
	}
	return api.DecodeI32(res[0]), nil
}

func (x *exports) Memory() []byte {
	mem := x.mod.Memory()
	if mem == nil {
		return nil
	}
	b, _ := mem.Read(0, mem.Size())
	return b
}

func (x *exports) Grow(delta uint32) error {
	mem := x.mod.Memory()
	if mem == nil {
		return errors.New("the guest module has no memory")
	}
	if _, ok := mem.Grow(delta); !ok {
		return fmt.Errorf("memory.grow by %d pages refused (over the memory cap?)", delta)
	}
	return nil
}

func (x *exports) Words() *guest.WordMemory {
	if x.alloc.mem != nil {
		return x.alloc.mem.words
	}
	return nil
}
