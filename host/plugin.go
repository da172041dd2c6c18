package host

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattermost/mattermost/server/public/plugin"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/host/internal/apiserve"
	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// Spec describes one plugin to start.
type Spec struct {
	// ID is the plugin id (from its manifest); it tags every log line.
	ID string
	// RuntimeDir holds python.wasm and lib/ (the interpreter prefix).
	RuntimeDir string
	// PluginDir is the plugin's root folder (where plugin.json is); it is
	// mounted read-only at /plugin.
	PluginDir string
	// Entry is the plugin's Python entry point relative to PluginDir, as in
	// the manifest's server.executable (e.g. "server/plugin.py").
	Entry string
	// API serves the guest's API calls. It may be nil at start and attached
	// later with SetAPI (the shim gets it only in OnActivate).
	API plugin.API
	// Logger receives the guest's stdout (Info) and stderr (Error) lines and
	// hook failures; nil uses slog.Default(). Lines carry plugin_id.
	Logger *slog.Logger
	// Policy overrides the sandbox; nil uses wasi.ForPlugin.
	Policy *wasi.Policy

	// Artifact is the path of a one-file .wasm artifact made by `mmpy build`
	// (interpreter, stdlib, SDK, dependencies and the plugin's files in one
	// module). When it (or ArtifactData) is set, RuntimeDir and PluginDir are
	// not used, and ID and Entry default to the artifact's manifest. The
	// interpreter inside is compiled once per runtime build, not per artifact.
	Artifact string
	// ArtifactData is an artifact's contents, instead of Artifact. Start
	// keeps references into it: do not modify it afterwards.
	ArtifactData []byte
	// Scratch, if set, is an existing host directory the guest may write,
	// mounted at /scratch (wasi.ScratchMount) with TMPDIR and HOME pointing
	// there. Empty (the default) gives the guest no writable path at all.
	Scratch string
	// ScratchQuota caps the bytes in Scratch (0 = Options.ScratchQuota).
	ScratchQuota int64
	// Egress lists the host patterns the plugin declares it needs to reach
	// over HTTP(S): its manifest's server.python.egress (see
	// wasi.ValidateEgressPattern). Nil: no egress at all.
	Egress []string
	// EgressPermit is the administrator's consent, checked on every request
	// and redirect as well as Egress (nil: every host is refused). The shim
	// passes PluginConfigPermit.
	EgressPermit EgressPermit
}

// DeadlineError is returned by a hook call whose deadline passed without an
// answer from the guest (see Options.Deadlines).
type DeadlineError = guest.DeadlineError

// ErrRestarting is returned by hooks while a stuck or crashed guest is being
// replaced.
var ErrRestarting = errors.New("python guest is restarting")

// Restart policy for stuck and crashed guests.
const (
	restartBackoffMin = time.Second
	restartBackoffMax = time.Minute
	restartQuiet      = 10 * time.Minute // this long without a restart resets the backoff
	// maxAbandoned: without HardStop an abandoned guest keeps its goroutine
	// (and a core, if it spins); after this many live ones the plugin is not
	// restarted again and its hooks fail until it is reloaded.
	maxAbandoned = 3
	// maxCrashes: a guest that crashes (trap, abort, exit) this many times in
	// a row, without restartQuiet of calm in between, is not restarted
	// again: the plugin stays down until it is reloaded.
	maxCrashes = 5
)

// Plugin is one running plugin. Its methods are safe for concurrent use. It
// runs one guest instance at a time; a guest that is stuck past a hook's
// deadline and grace period is abandoned and replaced (see Restarts in
// docs/ARCHITECTURE.md).
type Plugin struct {
	id     string
	log    *slog.Logger
	rt     *Runtime
	mod    engine.Module
	policy wasi.Policy
	hello  *pb.GuestHello // from the first instance: same code, same hooks
	api    atomic.Pointer[apiHolder]

	streams sync.Map                 // stream id -> *exchange (HTTP bodies in flight, streams.go)
	logs    *logLimiter              // log volume cap (stdout, stderr, API Log*)
	egress  *egress                  // serves EgressMethod
	cur     atomic.Pointer[instance] // nil while restarting or after giving up

	activated atomic.Bool // OnActivate succeeded and OnDeactivate not called since
	stopping  atomic.Bool
	stopCh    chan struct{}
	done      chan struct{} // closed when the plugin is finished (stopped or crashed)
	doneOnce  sync.Once
	stopOnce  sync.Once

	mu        sync.Mutex // guards the fields below
	gen       int
	restarts  int // consecutive restarts (reset after restartQuiet)
	lastStart time.Time
	abandoned int // abandoned guests whose goroutine still runs
	lastErr   error
}

// instance is one guest: its ABI state and its goroutine.
type instance struct {
	gen    int
	inst   *guest.Instance
	done   chan struct{} // closed when the guest goroutine returned
	cancel context.CancelFunc
	stdout *lineWriter
	stderr *lineWriter
	// restored: started from the plugin's snapshot ("plugin") or the
	// runtime's ("runtime"), or not ("")
	restored string
}

func snapshotUsed(b engine.Boot) string {
	switch {
	case b.From != nil:
		return "plugin"
	case b.Base != nil:
		return "runtime"
	}
	return ""
}

// apiHolder is the plugin.API attached to the plugin and the dispatcher of
// the guest's calls to it (which learns the server's version once).
type apiHolder struct {
	api      plugin.API
	dispatch *apiserve.API
}

func newAPIHolder(api plugin.API) *apiHolder {
	return &apiHolder{api: api, dispatch: apiserve.Wrap(api)}
}

// Start compiles (or reuses) the interpreter, starts the guest, imports the
// plugin and waits until it is ready to receive hooks. A plugin that fails at
// import returns an error carrying the Python traceback.
func (r *Runtime) Start(ctx context.Context, s Spec) (*Plugin, error) {
	var art *loadedArtifact
	if s.Artifact != "" || s.ArtifactData != nil {
		name, data, err := readArtifact(s)
		if err != nil {
			return nil, err
		}
		if art, err = r.loadArtifact(ctx, name, data); err != nil {
			return nil, err
		}
		s.ID = cmp.Or(s.ID, art.info.ID)
		s.Entry = cmp.Or(s.Entry, art.info.Entry)
	}
	if s.ID == "" {
		return nil, errors.New("mmpy: Spec.ID is empty: pass the plugin id from plugin.json")
	}
	if s.Entry == "" {
		return nil, fmt.Errorf("mmpy: plugin %s: Spec.Entry is empty: set server.executable in plugin.json (e.g. \"server/plugin.py\")", s.ID)
	}
	var mod engine.Module
	var policy wasi.Policy
	if art != nil {
		mod, policy = art.mod, art.policy(s.Entry)
	} else {
		var err error
		if mod, err = r.module(ctx, s.RuntimeDir+"/python.wasm"); err != nil {
			return nil, err
		}
		policy = wasi.ForPlugin(s.RuntimeDir, s.PluginDir, s.Entry)
	}
	if s.Policy != nil {
		policy = *s.Policy
	}
	if r.opts.MemoryLimitPages != 0 {
		policy.MemoryLimitPages = r.opts.MemoryLimitPages
	}
	if s.Scratch != "" {
		var err error
		policy, err = withScratch(policy, s.Scratch, cmp.Or(s.ScratchQuota, r.opts.ScratchQuota))
		if err != nil {
			return nil, fmt.Errorf("mmpy: plugin %s: %w", s.ID, err)
		}
	}
	log := defaultLogger(s.Logger).With("plugin_id", s.ID)
	p := &Plugin{id: s.ID, log: log, rt: r, mod: mod, policy: policy, stopCh: make(chan struct{}), done: make(chan struct{})}
	p.logs = newLogLimiter(s.ID, log, r.opts.Logs)
	for i, h := range s.Egress {
		if err := wasi.ValidateEgressPattern(h); err != nil {
			return nil, fmt.Errorf("mmpy: plugin %s: Spec.Egress[%d]: %w", s.ID, i, err)
		}
	}
	p.egress = &egress{id: s.ID, declared: s.Egress, permit: s.EgressPermit, opts: r.opts.Egress.withDefaults(),
		api: func() plugin.API { return p.api.Load().api }}
	p.SetAPI(s.API)
	in, err := p.launch(ctx)
	if err != nil {
		return nil, fmt.Errorf("mmpy: plugin %s %w", s.ID, err)
	}
	p.hello = in.inst.GuestHello()
	p.cur.Store(in)
	log.Debug("python plugin ready", "class", p.hello.PluginClass, "hooks", p.hello.Hooks, "python", p.hello.PythonVersion,
		"interruptible", in.inst.Interruptible(), "from_snapshot", in.restored)
	if !in.inst.Interruptible() {
		log.Warn("this python.wasm does not announce its interrupt target (older runtime): hooks that overrun their deadline cannot be interrupted, only abandoned")
	}
	return p, nil
}

// launch starts one guest instance and waits until it is ready: restored
// from the Runtime's snapshot of this plugin when it has one (and afresh if
// that fails), else afresh, pausing for a snapshot when the Runtime wants one.
func (p *Plugin) launch(ctx context.Context) (*instance, error) {
	var key, base snapKey
	var pins, bpins []any
	usable := p.mod.Snapshottable() && p.rt.snaps.after > 0
	if usable { // the stat walks only when a snapshot may be used
		var fp, bfp [32]byte
		fp, bfp, pins, bpins, usable = snapshotKeys(p.policy)
		key = snapKey{mod: p.mod, id: p.id, fp: fp}
		base = snapKey{mod: p.mod, base: true, fp: bfp}
	}
	// A runtime snapshot not in memory may be on disk (from an earlier
	// process); one taken now is written there for the next.
	var diskKey *[32]byte
	if usable && p.rt.snapshotDir() != "" && !p.rt.snaps.has(base) {
		if dk, ok := p.rt.runtimeDiskKey(p.mod, p.policy); ok {
			diskKey = &dk
			if s, err := p.rt.loadSnapshot(dk); err != nil {
				p.log.Warn("mmpy: ignoring a damaged runtime snapshot in the cache (it was removed)", "error", err)
			} else if s != nil {
				p.rt.snaps.put(base, s, bpins)
			}
		}
	}
	boot := p.rt.snaps.boot(key, base, pins, bpins, usable)
	if keep := boot.OnBase; keep != nil && diskKey != nil {
		dk := *diskKey
		boot.OnBase = func(s *engine.Snapshot) {
			keep(s)
			go func() {
				if err := p.rt.saveSnapshot(dk, s); err != nil {
					p.log.Warn("mmpy: could not write the runtime snapshot to the cache", "dir", p.rt.snapshotDir(), "error", err)
				}
			}()
		}
	}
	logged := func(keep func(*engine.Snapshot), what string) func(*engine.Snapshot) {
		if keep == nil {
			return nil
		}
		return func(s *engine.Snapshot) {
			keep(s)
			p.log.Debug("python guest snapshot taken", "of", what, "memory_mib", s.Pages/16, "kept_mib", float64(s.Bytes())/(1<<20))
		}
	}
	boot.OnBase = logged(boot.OnBase, "runtime")
	boot.OnPause = logged(boot.OnPause, "plugin")
	in, err := p.launchWith(ctx, boot)
	if err != nil && errors.Is(err, engine.ErrRestore) && ctx.Err() == nil {
		p.log.Warn("mmpy: could not restore the plugin from a snapshot; starting it afresh", "error", err)
		p.rt.snaps.drop(key, base)
		return p.launchWith(ctx, engine.Boot{})
	}
	return in, err
}

func (p *Plugin) launchWith(ctx context.Context, boot engine.Boot) (*instance, error) {
	p.mu.Lock()
	p.gen++
	in := &instance{gen: p.gen, done: make(chan struct{}), restored: snapshotUsed(boot)}
	p.lastStart = time.Now()
	p.mu.Unlock()
	log := p.log
	maxLine := p.logs.lim.MaxLine
	in.stdout = newLineWriter(maxLine, func(line string) {
		if p.logs.allow() {
			log.Info(line, "source", "python stdout")
		}
	})
	in.stderr = newLineWriter(maxLine, func(line string) {
		if p.logs.allow() {
			log.Error(line, "source", "python stderr")
		}
	})
	in.stderr.notice = func(msg string) { log.Warn(msg, "source", "mmpy sandbox") }
	// The guest outlives Start's ctx: it runs until Stop (or until it is
	// abandoned: cancel stops it when the engine has HardStop).
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	in.cancel = cancel
	in.inst = guest.New(runCtx, guest.Config{
		PluginID:   p.id,
		HostVer:    Version,
		MaxMessage: p.rt.opts.MaxMessage,
		Dispatch: func(ctx context.Context, method string, req []byte) ([]byte, *pbAppError) {
			if method == EgressMethod {
				return p.egress.serve(ctx, req)
			}
			if resp, appErr, ok := p.dispatchInternal(method, req); ok {
				return resp, appErr
			}
			return p.api.Load().dispatch.Dispatch(method, req)
		},
		Inline: apiserve.CannotReenter,
		Log:    func(msg string, kv ...any) { log.Warn(msg, kv...) },
	})
	go func() {
		defer close(in.done)
		defer cancel()
		err := p.mod.Run(runCtx, p.policy, in.stdout, in.stderr, in.inst, boot)
		in.stdout.Flush()
		in.stderr.Flush()
		if err == nil {
			err = guest.ErrExited
		}
		if tail := in.stderr.Tail(); tail != "" {
			err = fmt.Errorf("%w\n%s", err, tail)
		}
		in.inst.MarkDead(err)
		p.exited(in, err)
	}()
	select {
	case <-in.inst.Ready():
		return in, nil
	case <-in.inst.Dead():
		return nil, fmt.Errorf("failed to start: %w", in.inst.Err())
	case <-ctx.Done():
		// Stuck at import (a loop in the plugin's module code): interrupt it
		// like a hook past its deadline, so the guest ends with a traceback
		// instead of spinning on; a guest stuck outside Python bytecode is
		// abandoned after the grace period.
		why := "the guest has not announced its interrupt target (interrupt_info), so it cannot be interrupted"
		if in.inst.InterruptStartup() {
			why = fmt.Sprintf("it did not exit within %s of the interrupt (stuck outside Python bytecode)", startupGrace)
			grace := time.NewTimer(startupGrace)
			defer grace.Stop()
			nudge := time.NewTicker(20 * time.Millisecond)
			defer nudge.Stop()
		wait:
			for {
				select {
				case <-in.inst.Dead():
					return nil, fmt.Errorf("did not become ready: %w: its import was interrupted: %w", ctx.Err(), in.inst.Err())
				case <-nudge.C:
					in.inst.NudgeStartup()
				case <-grace.C:
					break wait
				}
			}
		}
		in.inst.MarkDead(ctx.Err())
		cancel()
		return nil, fmt.Errorf("did not become ready: %w; its import was abandoned: %s", ctx.Err(), why)
	}
}

// startupGrace is how long a guest interrupted at import gets to exit.
const startupGrace = 3 * time.Second

// exited runs on an instance's goroutine when its guest is gone.
func (p *Plugin) exited(in *instance, err error) {
	p.mu.Lock()
	p.lastErr = err
	p.mu.Unlock()
	if p.cur.CompareAndSwap(in, nil) {
		if p.stopping.Load() {
			p.finish() // Stop: the plugin is finished
			return
		}
		p.crashed(in, err)
		return
	}
	if in.inst.GuestHello() == nil {
		return // a launch that failed; launch reports it
	}
	p.mu.Lock()
	p.abandoned--
	p.mu.Unlock()
	p.log.Info("abandoned python guest finally exited", "generation", in.gen, "error", err)
}

func (p *Plugin) finish() {
	p.doneOnce.Do(func() {
		p.logs.flush()
		p.egress.close()
		close(p.done)
	})
}

// bumpRestarts counts one more restart and returns the count and the backoff
// before it (0 for the first, then 1 s, 2 s, ... up to restartBackoffMax).
// p.mu must be held.
func (p *Plugin) bumpRestarts() (int, time.Duration) {
	if time.Since(p.lastStart) > restartQuiet {
		p.restarts = 0
	}
	p.restarts++
	delay := time.Duration(0)
	if p.restarts > 1 {
		delay = min(restartBackoffMin<<min(p.restarts-2, 6), restartBackoffMax)
	}
	return p.restarts, delay
}

// crashed handles the current guest exiting on its own (a trap such as
// os.abort(), an exit, a fatal error): pending calls have already failed; the
// guest is restarted after the backoff and re-activated, or, after
// maxCrashes crashes in a row, the plugin is given up.
func (p *Plugin) crashed(in *instance, why error) {
	p.mu.Lock()
	n, delay := p.bumpRestarts()
	p.mu.Unlock()
	if n > maxCrashes {
		p.log.Error("python guest crashed again; giving up after repeated crashes: the plugin stays down until it is reloaded",
			"generation", in.gen, "crashes_in_a_row", n, "error", why.Error())
		p.finish()
		return
	}
	p.log.Error("python guest crashed; restarting it", "generation", in.gen, "crashes_in_a_row", n,
		"restart_in", delay.String(), "error", why.Error())
	go p.restart(delay)
}

// abandon replaces a stuck instance: no further hooks go to it, pending
// calls fail, it is stopped if the engine can (HardStop) and a new instance
// is started after the backoff.
func (p *Plugin) abandon(in *instance, why error) {
	if !p.cur.CompareAndSwap(in, nil) {
		return // already replaced (or stopping)
	}
	p.mu.Lock()
	p.abandoned++
	abandoned := p.abandoned
	_, delay := p.bumpRestarts()
	p.mu.Unlock()
	in.inst.MarkDead(fmt.Errorf("abandoned: %w", why))
	in.cancel()
	hard := p.rt.opts.HardStop
	if hard {
		p.log.Error("python guest is stuck; stopping it and starting a new one",
			"generation", in.gen, "error", why.Error(), "restart_in", delay.String())
	} else {
		p.log.Error("python guest is stuck; abandoning it and starting a new one (without Options.HardStop its goroutine keeps running until it returns to Python or the process exits)",
			"generation", in.gen, "error", why.Error(), "restart_in", delay.String(), "abandoned_guests", abandoned)
	}
	if !hard && abandoned > maxAbandoned {
		p.log.Error("too many stuck python guests are still running; not restarting the plugin: its hooks fail until it is reloaded",
			"abandoned_guests", abandoned)
		return
	}
	go p.restart(delay)
}

// restart starts a replacement instance and, if the plugin was active,
// re-runs OnConfigurationChange and OnActivate on it (the server does not know
// the guest was replaced).
func (p *Plugin) restart(delay time.Duration) {
	for attempt := 1; ; attempt++ {
		select {
		case <-time.After(delay):
		case <-p.stopCh:
			p.finish()
			return
		}
		t0 := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		in, err := p.launch(ctx)
		cancel()
		if err != nil {
			delay = min(max(2*delay, restartBackoffMin), restartBackoffMax)
			p.log.Error("python guest restart failed; retrying", "attempt", attempt, "error", err.Error(), "retry_in", delay.String())
			continue
		}
		p.cur.Store(in)
		if p.stopping.Load() {
			in.inst.Shutdown()
			return
		}
		p.log.Warn("python guest restarted", "generation", in.gen, "seconds", time.Since(t0).Seconds(),
			"reactivate", p.activated.Load(), "from_snapshot", in.restored)
		if p.activated.Load() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			if err := p.OnConfigurationChange(ctx); err != nil {
				p.log.Error("OnConfigurationChange failed on the restarted guest", "error", err.Error())
			}
			if err := p.OnActivate(ctx); err != nil {
				p.log.Error("OnActivate failed on the restarted guest: the plugin is not active", "error", err.Error())
			} else {
				p.log.Info("restarted guest re-activated", "generation", in.gen)
			}
			cancel()
		}
		return
	}
}

// ID returns the plugin id.
func (p *Plugin) ID() string { return p.id }

// SetAPI attaches (or replaces) the API that serves the guest's calls.
func (p *Plugin) SetAPI(api plugin.API) { p.api.Store(newAPIHolder(limitAPI(api, p.logs))) }

// Implemented lists the hooks the Python plugin defines.
func (p *Plugin) Implemented() []string {
	return append([]string(nil), p.hello.Hooks...)
}

// Implements reports whether the plugin defines hook name.
func (p *Plugin) Implements(name string) bool {
	for _, h := range p.hello.Hooks {
		if h == name {
			return true
		}
	}
	return false
}

// Generation counts guest instances: 1 for the first, +1 per restart.
func (p *Plugin) Generation() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gen
}

// Done is closed when the plugin is finished: after Stop, or when it was
// given up after repeated crashes (a crashed or stuck guest is otherwise
// replaced, see crashed and abandon).
func (p *Plugin) Done() <-chan struct{} { return p.done }

// Err tells why the guest died (nil while it runs).
func (p *Plugin) Err() error {
	if in := p.cur.Load(); in != nil {
		return in.inst.Err()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lastErr == nil {
		return ErrRestarting
	}
	return p.lastErr
}

// Stop asks the guest to leave its serve loop once no hook is running and
// waits for it to exit (or for ctx).
func (p *Plugin) Stop(ctx context.Context) error {
	p.stopOnce.Do(func() {
		p.stopping.Store(true)
		close(p.stopCh)
		if in := p.cur.Load(); in != nil {
			in.inst.Shutdown()
		} else {
			p.finish() // restarting or given up: nothing runs that we own
		}
	})
	select {
	case <-p.done:
		if err := p.Err(); err != nil && !errors.Is(err, guest.ErrExited) && !errors.Is(err, ErrRestarting) {
			return err
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("mmpy: plugin %s did not stop: %w", p.id, ctx.Err())
	}
}
