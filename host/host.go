// Package host runs Python Mattermost plugins compiled to WebAssembly. It is
// both the engine of the shim executable (one plugin per process, on a stock
// Mattermost server) and an embeddable library (many plugins in one process).
//
// A Runtime compiles the interpreter once (with an on-disk compilation cache)
// and starts plugins from it. A Plugin is one sandboxed guest instance; its
// hook methods are safe for concurrent use and are delivered to the guest one
// at a time. See docs/ARCHITECTURE.md for the data paths and abi/ABI.md for
// the protocol.
package host

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
	"weak"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/internal/memfs"
	"github.com/mmpy/mmpy/wasi"
)

// Version is the host's version string, reported to guests.
const Version = "0.1.0"

// ABIVersion is the guest ABI this host speaks (abi/ABI.md).
const ABIVersion = guest.ABIVersion

// Options configure a Runtime. The zero value is usable.
type Options struct {
	// CacheDir keeps compiled guest code across processes. Empty disables the
	// on-disk cache (every process then compiles the interpreter, ~1.5 s).
	CacheDir string
	// MemoryLimitPages caps each guest's linear memory in 64 KiB pages
	// (0 = wasi.DefaultMemoryLimitPages, 256 MiB).
	MemoryLimitPages uint32
	// MaxMessage caps one message crossing the ABI (0 = 64 MiB).
	MaxMessage int
	// Deadlines bound every hook call (zero value: the defaults below).
	Deadlines Deadlines
	// Engine names the WebAssembly engine: "wazero" (default, pure Go) or
	// "wasmtime" (cgo; only in binaries built with `go build -tags wasmtime`,
	// otherwise NewRuntime returns an error saying so). See Engines.
	Engine string
	// HardStop lets the host stop a guest that is stuck outside Python
	// bytecode (a C loop, a regex catastrophe) by compiling guests with
	// wazero's CloseOnContextDone (wasmtime: epoch interruption). It costs
	// guest CPU speed on every loop, so
	// it is off by default: a stuck guest is then abandoned (no more hooks,
	// a replacement started) but its goroutine keeps running until the
	// process exits. See docs/RATIONALE.md ("Hook deadlines").
	HardStop bool
	// ScratchQuota caps each plugin's scratch directory (Spec.Scratch) in
	// bytes, entries included (0 = wasi.DefaultScratchQuota, 64 MiB;
	// negative = no quota).
	ScratchQuota int64
	// Logs caps each plugin's log volume: guest stdout/stderr lines and API
	// Log* calls share one token bucket; dropped lines are counted and
	// reported in one summary line (zero value: the Default* log limits).
	Logs LogLimits
	// SnapshotAfter is how many starts of a plugin (the same id, interpreter,
	// files and sandbox) it takes before the Runtime keeps a snapshot of its
	// guest paused right after import; later starts and restarts are
	// restored from it in milliseconds instead of starting the interpreter
	// and importing the plugin again (docs/ARCHITECTURE.md, "Snapshots").
	// 0 means 1: the first start takes it. A multi-tenant host that starts
	// most plugins once can raise it, so that one-off plugins hold no
	// snapshot memory. Negative: no snapshots.
	SnapshotAfter int
	// SnapshotBudget caps the memory of the snapshots kept (0 =
	// DefaultSnapshotBudget, 1 GiB; negative: no snapshots); the least
	// recently used are dropped first.
	SnapshotBudget int64
	// Egress configures the outbound HTTP(S) capability (timeouts, response
	// cap, private networks); which hosts a plugin may reach is per plugin
	// (Spec.Egress and Spec.EgressPermit).
	Egress EgressOptions
}

// Default hook deadlines (docs/ARCHITECTURE.md, "Deadlines").
const (
	// DefaultHookDeadline bounds ordinary hooks. A server request (a post, a
	// slash command) waits on the hook; 30 s is well past anything a user
	// waits for, and a hook that runs longer is almost always looping.
	DefaultHookDeadline = 30 * time.Second
	// DefaultLifecycleDeadline bounds OnActivate and OnDeactivate, which
	// legitimately do more (bots, commands, KV migrations over many API
	// calls) and block no user request.
	DefaultLifecycleDeadline = 2 * time.Minute
	// DefaultGrace is how long an interrupted hook may take to come back
	// before the instance is declared stuck and replaced.
	DefaultGrace = 5 * time.Second
)

// Deadlines configure per-hook deadlines. Zero durations take the defaults;
// a negative duration disables the deadline.
type Deadlines struct {
	// Hook is the deadline of hooks not named elsewhere (DefaultHookDeadline).
	Hook time.Duration
	// Lifecycle is the deadline of OnActivate and OnDeactivate
	// (DefaultLifecycleDeadline).
	Lifecycle time.Duration
	// PerHook overrides the deadline by hook name (e.g. "ExecuteCommand").
	PerHook map[string]time.Duration
	// Grace is how long an interrupted hook may take to answer (DefaultGrace).
	Grace time.Duration
}

// For returns the deadline of hook name (0 = none) and the grace period.
func (d Deadlines) For(name string) (deadline, grace time.Duration) {
	deadline = d.PerHook[name]
	if deadline == 0 {
		switch name {
		case "OnActivate", "OnDeactivate":
			deadline = orDefault(d.Lifecycle, DefaultLifecycleDeadline)
		default:
			deadline = orDefault(d.Hook, DefaultHookDeadline)
		}
	}
	if deadline < 0 {
		deadline = 0
	}
	return deadline, orDefault(d.Grace, DefaultGrace)
}

func orDefault(v, def time.Duration) time.Duration {
	if v == 0 {
		return def
	}
	if v < 0 {
		return 0
	}
	return v
}

// Runtime compiles guest modules once and runs plugins from them.
type Runtime struct {
	opts   Options
	eng    engine.Engine
	engine string // its name (Options.Engine)

	mu       sync.Mutex
	modules  map[[32]byte]engine.Module
	blobs    map[[32]byte]internEntry            // shared stdlib/SDK bytes of artifacts
	trees    map[[32]byte]weak.Pointer[memfs.FS] // shared /usr/local trees of artifacts
	snaps    *snapshots                          // guests paused after import (snapshot.go)
	contents map[fileIdentity][32]byte           // SHA-256 of files already read: python.wasm (module), runtime files (snapshotdisk.go)
}

// NewRuntime creates a Runtime on the engine opts.Engine names (default wazero).
func NewRuntime(ctx context.Context, opts Options) (*Runtime, error) {
	if opts.MemoryLimitPages == 0 {
		opts.MemoryLimitPages = wasi.DefaultMemoryLimitPages
	}
	if opts.CacheDir != "" {
		if err := os.MkdirAll(opts.CacheDir, 0o755); err != nil {
			return nil, fmt.Errorf("mmpy: compilation cache dir: %w", err)
		}
	}
	eng, name, err := newEngine(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Runtime{opts: opts, eng: eng, engine: name, modules: map[[32]byte]engine.Module{}, blobs: map[[32]byte]internEntry{},
		trees: map[[32]byte]weak.Pointer[memfs.FS]{}, snaps: newSnapshots(opts), contents: map[fileIdentity][32]byte{}}, nil
}

// Close releases the engine. Plugins must be stopped first.
func (r *Runtime) Close(ctx context.Context) error { return r.eng.Close(ctx) }

// CustomSectionABI is the custom section that records a guest's ABI version.
const CustomSectionABI = "mmpy.abi"

// Compile loads and compiles python.wasm from runtimeDir (cached per content).
// Start calls it; call it ahead of time to warm up.
func (r *Runtime) Compile(ctx context.Context, runtimeDir string) error {
	_, err := r.module(ctx, filepath.Join(runtimeDir, "python.wasm"))
	return err
}

// module returns the compiled module of the python.wasm at wasmPath. A file
// whose identity (path, size, times, inode) was seen before is not read and
// hashed again (7 MB of reading and SHA-256 on every plugin start, ~10 ms).
func (r *Runtime) module(ctx context.Context, wasmPath string) (engine.Module, error) {
	var fk fileIdentity
	if abs, err := filepath.Abs(wasmPath); err == nil {
		if st, err := os.Stat(abs); err == nil && st.Mode().IsRegular() {
			fk = identify(abs, st)
			r.mu.Lock()
			key, seen := r.contents[fk]
			m := r.modules[key]
			r.mu.Unlock()
			if seen && m != nil {
				return m, nil
			}
		}
	}
	wasm, err := os.ReadFile(wasmPath)
	if err != nil {
		return nil, fmt.Errorf("mmpy: read interpreter: %w (build it with `make python-wasm`, or check the bundle's mmpy/ folder)", err)
	}
	key := sha256.Sum256(wasm)
	m, err := r.moduleKeyed(ctx, key, wasm, wasmPath)
	if err == nil && fk.path != "" && int64(len(wasm)) == fk.size {
		r.mu.Lock()
		r.contents[fk] = key
		r.mu.Unlock()
	}
	return m, err
}

// moduleFrom compiles a module binary, once per content.
func (r *Runtime) moduleFrom(ctx context.Context, wasm []byte, wasmPath string) (engine.Module, error) {
	return r.moduleKeyed(ctx, sha256.Sum256(wasm), wasm, wasmPath)
}

// moduleKeyed is moduleFrom with the content hash already computed.
func (r *Runtime) moduleKeyed(ctx context.Context, key [32]byte, wasm []byte, wasmPath string) (engine.Module, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if m, ok := r.modules[key]; ok {
		return m, nil
	}
	m, err := r.eng.Compile(ctx, wasm)
	if err != nil {
		return nil, fmt.Errorf("mmpy: %s: %w", wasmPath, err)
	}
	// Every mmpy.abi section must agree (a module with a second, different
	// one appended is refused rather than trusted by its first).
	for _, v := range m.CustomSections(CustomSectionABI) {
		n, perr := strconv.Atoi(string(v))
		if perr != nil || n != ABIVersion {
			return nil, fmt.Errorf("mmpy: %s speaks mmpy ABI v%s, this host speaks v%d: rebuild the plugin with an mmpy release for ABI v%d or upgrade the host",
				wasmPath, string(v), ABIVersion, ABIVersion)
		}
	}
	r.modules[key] = m
	return m, nil
}

// ErrStopped is returned by hooks of a plugin that was stopped.
var ErrStopped = errors.New("plugin stopped")

func defaultLogger(l *slog.Logger) *slog.Logger {
	if l != nil {
		return l
	}
	return slog.Default()
}
