package host

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/mmpy/mmpy/host/internal/apiserve"
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
}

// Plugin is one running guest. Its methods are safe for concurrent use.
type Plugin struct {
	id     string
	log    *slog.Logger
	inst   *guest.Instance
	api    atomic.Pointer[apiHolder]
	done   chan struct{} // closed when the guest goroutine returned
	stderr *lineWriter
	stdout *lineWriter

	stopOnce sync.Once
}

type apiHolder struct{ api plugin.API }

// Start compiles (or reuses) the interpreter, starts the guest, imports the
// plugin and waits until it is ready to receive hooks. A plugin that fails at
// import returns an error carrying the Python traceback.
func (r *Runtime) Start(ctx context.Context, s Spec) (*Plugin, error) {
	if s.ID == "" {
		return nil, errors.New("mmpy: Spec.ID is empty: pass the plugin id from plugin.json")
	}
	if s.Entry == "" {
		return nil, fmt.Errorf("mmpy: plugin %s: Spec.Entry is empty: set server.executable in plugin.json (e.g. \"server/plugin.py\")", s.ID)
	}
	mod, err := r.module(ctx, s.RuntimeDir+"/python.wasm")
	if err != nil {
		return nil, err
	}
	policy := wasi.ForPlugin(s.RuntimeDir, s.PluginDir, s.Entry)
	if s.Policy != nil {
		policy = *s.Policy
	}
	if r.opts.MemoryLimitPages != 0 {
		policy.MemoryLimitPages = r.opts.MemoryLimitPages
	}
	log := defaultLogger(s.Logger).With("plugin_id", s.ID)
	p := &Plugin{id: s.ID, log: log, done: make(chan struct{})}
	p.api.Store(&apiHolder{api: s.API})
	p.stdout = newLineWriter(func(line string) { log.Info(line, "source", "python stdout") })
	p.stderr = newLineWriter(func(line string) { log.Error(line, "source", "python stderr") })
	// The guest outlives Start's ctx: it runs until Stop.
	runCtx := context.WithoutCancel(ctx)
	p.inst = guest.New(runCtx, guest.Config{
		PluginID:   s.ID,
		HostVer:    Version,
		MaxMessage: r.opts.MaxMessage,
		Dispatch: func(_ context.Context, method string, req []byte) ([]byte, *pbAppError) {
			return apiserve.Dispatch(p.api.Load().api, method, req)
		},
		Log: func(msg string, kv ...any) { log.Warn(msg, kv...) },
	})
	go func() {
		defer close(p.done)
		err := mod.Run(runCtx, policy, p.stdout, p.stderr, p.inst)
		p.stdout.Flush()
		p.stderr.Flush()
		if err == nil {
			err = guest.ErrExited
		}
		if tail := p.stderr.Tail(); tail != "" {
			err = fmt.Errorf("%w\n%s", err, tail)
		}
		p.inst.MarkDead(err)
	}()
	select {
	case <-p.inst.Ready():
		h := p.inst.GuestHello()
		log.Debug("python plugin ready", "class", h.PluginClass, "hooks", h.Hooks, "python", h.PythonVersion)
		return p, nil
	case <-p.inst.Dead():
		return nil, fmt.Errorf("mmpy: plugin %s failed to start: %w", s.ID, p.inst.Err())
	case <-ctx.Done():
		p.inst.MarkDead(ctx.Err())
		return nil, fmt.Errorf("mmpy: plugin %s did not become ready: %w", s.ID, ctx.Err())
	}
}

// ID returns the plugin id.
func (p *Plugin) ID() string { return p.id }

// SetAPI attaches (or replaces) the API that serves the guest's calls.
func (p *Plugin) SetAPI(api plugin.API) { p.api.Store(&apiHolder{api: api}) }

// Implemented lists the hooks the Python plugin defines.
func (p *Plugin) Implemented() []string {
	return append([]string(nil), p.inst.GuestHello().Hooks...)
}

// Implements reports whether the plugin defines hook name.
func (p *Plugin) Implements(name string) bool {
	for _, h := range p.inst.GuestHello().Hooks {
		if h == name {
			return true
		}
	}
	return false
}

// Done is closed when the guest has exited (after Stop, or on a crash).
func (p *Plugin) Done() <-chan struct{} { return p.done }

// Err tells why the guest died (nil while it runs).
func (p *Plugin) Err() error { return p.inst.Err() }

// Stop asks the guest to leave its serve loop once no hook is running and
// waits for it to exit (or for ctx).
func (p *Plugin) Stop(ctx context.Context) error {
	p.stopOnce.Do(p.inst.Shutdown)
	select {
	case <-p.done:
		if err := p.inst.Err(); err != nil && !errors.Is(err, guest.ErrExited) {
			return err
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("mmpy: plugin %s did not stop: %w", p.id, ctx.Err())
	}
}
