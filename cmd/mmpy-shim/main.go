// Command mmpy-shim is an ordinary Go Mattermost plugin that runs a Python
// plugin from its bundle in a WebAssembly sandbox. `mmpy bundle` puts it in
// every bundle as server.executables; the server starts it like any Go plugin.
//
// Stdout belongs to the go-plugin handshake: nothing else is ever written
// there. Everything the shim and the guest log goes to stderr as hclog JSON
// lines, which the server logs with the plugin id.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/rpc"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	goplugin "github.com/hashicorp/go-plugin"
	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/hclogjson"
	"github.com/mmpy/mmpy/internal/layout"
	"github.com/mmpy/mmpy/internal/manifest"
)

// Shim implements plugin.Hooks by forwarding to the Python guest.
type Shim struct {
	plugin.MattermostPlugin

	log    *slog.Logger
	loaded chan struct{}
	once   sync.Once
	guest  *host.Plugin
	rt     *host.Runtime
	err    error

	deactivating atomic.Bool
	profile      *diagFile // ProfileEnv; nil when off
	trace        *diagFile // TraceEnv; nil when off
}

func main() {
	log := slog.New(hclogjson.NewHandler(os.Stderr, slog.LevelDebug))
	s := &Shim{log: log, loaded: make(chan struct{})}
	var err error
	if s.profile, err = startCPUProfile(); err != nil {
		log.Error(err.Error())
	}
	if s.trace, err = startTrace(); err != nil {
		log.Error(err.Error())
	}
	// Compile and import in the background: the handshake below must finish
	// within the server's start timeout, whatever the compile costs.
	go s.load()
	plugin.ClientMain(s, func(c *goplugin.ServeConfig) error {
		orig, ok := c.Plugins["hooks"]
		if !ok {
			return fmt.Errorf("mmpy-shim: Mattermost's ClientMain serves no \"hooks\" plugin; this server/public version is not supported")
		}
		c.Plugins["hooks"] = &dynHooks{orig: orig, shim: s}
		return nil
	})
}

// dynHooks wraps Mattermost's hooks plugin so that the server learns only
// the hooks the Python plugin defines (see rpcHooks).
type dynHooks struct {
	orig goplugin.Plugin
	shim *Shim
}

func (d *dynHooks) Server(b *goplugin.MuxBroker) (any, error) {
	inner, err := d.orig.Server(b)
	if err != nil {
		return nil, err
	}
	return &rpcHooks{inner: inner, shim: d.shim}, nil
}

func (d *dynHooks) Client(b *goplugin.MuxBroker, c *rpc.Client) (any, error) {
	return d.orig.Client(b, c)
}

// Implemented answers the server's question "which hooks does this plugin
// have?" with the hooks the Python plugin defines, plus the lifecycle hooks
// the shim always handles. Shim has every hook of plugin.Hooks as a method
// (so Mattermost's RPC server can call them), but the server calls only
// these.
func (h *rpcHooks) Implemented(args struct{}, reply *[]string) error {
	var all []string
	if err := h.inner.(interface {
		Implemented(struct{}, *[]string) error
	}).Implemented(args, &all); err != nil {
		return err
	}
	*reply = h.shim.implemented(all)
	return nil
}

// lifecycle hooks are always reported: they load, activate and stop the guest.
var lifecycle = map[string]bool{"OnActivate": true, "OnDeactivate": true, "OnConfigurationChange": true}

func (s *Shim) implemented(all []string) []string {
	g, err := s.ready()
	out := make([]string, 0, len(all))
	for _, h := range all {
		if lifecycle[h] || err == nil && g.Implements(h) {
			out = append(out, h)
		}
	}
	return out
}

func (s *Shim) load() {
	defer close(s.loaded)
	start := time.Now()
	exe, err := os.Executable()
	if err != nil {
		s.err = fmt.Errorf("mmpy-shim: cannot locate own executable: %w", err)
		return
	}
	exe, _ = filepath.EvalSymlinks(exe)
	root, ok := layout.FindPluginRoot(filepath.Dir(exe))
	if !ok {
		s.err = fmt.Errorf("mmpy-shim: no plugin.json above %s: the shim must run from an mmpy bundle (server/dist/)", exe)
		return
	}
	m, err := manifest.Load(root)
	if err != nil {
		s.err = fmt.Errorf("mmpy-shim: %w", err)
		return
	}
	s.log = s.log.With("plugin_id", m.ID)
	rtDir := filepath.Join(root, filepath.FromSlash(layout.BundleRuntime))
	engine, err := chooseEngine(m)
	if err != nil {
		s.err = err
		return
	}
	s.rt, err = host.NewRuntime(context.Background(), host.Options{CacheDir: layout.CompileCacheDir(), Engine: engine})
	if err != nil {
		s.err = err
		return
	}
	scratch, err := layout.ScratchDir(root, m.ID)
	if err != nil {
		s.err = fmt.Errorf("mmpy-shim: scratch directory: %w", err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s.guest, s.err = s.rt.Start(ctx, host.Spec{
		ID:           m.ID,
		RuntimeDir:   rtDir,
		PluginDir:    root,
		Entry:        m.Server.Executable,
		Logger:       s.log,
		Artifact:     layout.ArtifactIn(root), // mmpy/plugin.wasm, if the bundle ships one
		Scratch:      scratch,
		Egress:       m.EgressHosts(),
		EgressPermit: host.PluginConfigPermit,
	})
	if s.err == nil {
		s.log.Info("python plugin loaded", "engine", s.rt.Engine(), "seconds", time.Since(start).Seconds(), "hooks", s.guest.Implemented())
		go s.watch()
	}
}

// chooseEngine is the engine the server's MMPY_ENGINE or the manifest's
// server.python.engine names ("" = the default, wazero); an error names
// the engines compiled into this shim and how to get the one asked for.
func chooseEngine(m *manifest.Manifest) (string, error) {
	engine, from := os.Getenv("MMPY_ENGINE"), "the server's MMPY_ENGINE"
	if engine == "" && m.Server.Python != nil {
		engine, from = m.Server.Python.Engine, "server.python.engine in plugin.json"
	}
	if engine == "" || slices.Contains(host.Engines(), engine) {
		return engine, nil
	}
	hint := "use one of them"
	if engine == host.EngineWasmtime {
		hint = "bundle with `mmpy bundle --engine wasmtime`, which builds the shim with -tags wasmtime (cgo, a C compiler), or build cmd/mmpy-shim so into the bundle's server/dist/"
	}
	return "", fmt.Errorf("mmpy-shim: engine %q (%s) is not compiled into this shim, which has %s: %s", engine, from, strings.Join(host.Engines(), ", "), hint)
}

// watch exits the process when the host gave the guest up (repeated
// crashes): the server's health check then notices, restarts the plugin
// process and, after repeated failures, deactivates it — Mattermost's own
// policy for crashing plugins.
func (s *Shim) watch() {
	<-s.guest.Done()
	if s.deactivating.Load() {
		return
	}
	s.log.Error("python guest was given up after repeated crashes; exiting so the server restarts the plugin", "error", fmt.Sprint(s.guest.Err()))
	time.Sleep(100 * time.Millisecond) // let the log line reach stderr
	os.Exit(1)
}

// ready waits for the guest and attaches the server API to it.
func (s *Shim) ready() (*host.Plugin, error) {
	<-s.loaded
	if s.err != nil {
		return nil, s.err
	}
	if s.API != nil {
		s.once.Do(func() { s.guest.SetAPI(s.API) })
	}
	return s.guest, nil
}

// OnConfigurationChange is called by the server before OnActivate too.
func (s *Shim) OnConfigurationChange() error {
	g, err := s.ready()
	if err != nil {
		return err
	}
	return g.OnConfigurationChange(context.Background())
}

// OnActivate runs the Python OnActivate; failures (including a traceback at
// import) fail activation with the Python error in the message.
func (s *Shim) OnActivate() error {
	g, err := s.ready()
	if err != nil {
		s.log.Error("activation failed", "error", err.Error())
		return err
	}
	return g.OnActivate(context.Background())
}

// OnDeactivate runs the Python OnDeactivate and stops the guest.
func (s *Shim) OnDeactivate() error {
	g, err := s.ready()
	if err != nil {
		return nil
	}
	s.deactivating.Store(true)
	herr := g.OnDeactivate(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := g.Stop(ctx); err != nil {
		s.log.Warn("guest did not stop cleanly", "error", err.Error())
	}
	if err := s.profile.finish(); err != nil {
		s.log.Warn("CPU profile not written", "env", ProfileEnv, "error", err.Error())
	}
	if err := s.trace.finish(); err != nil {
		s.log.Warn("execution trace not written", "env", TraceEnv, "error", err.Error())
	}
	return herr
}
