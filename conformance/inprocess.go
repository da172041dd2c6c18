package conformance

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/mmpy/mmpy/internal/syncbuf"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/artifact"
	"github.com/mmpy/mmpy/internal/bundle"
	"github.com/mmpy/mmpy/internal/layout"
	"github.com/mmpy/mmpy/internal/manifest"
)

//go:embed plugin
var pluginFS embed.FS

// WritePlugin writes the conformance plugin (plugin.json, server/plugin.py)
// into dir.
func WritePlugin(dir string) error {
	return fs.WalkDir(pluginFS, "plugin", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "plugin")))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := pluginFS.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}

// Guest is the guest the scenarios run against.
type Guest struct {
	// Path is a plugin folder (plugin.json), a bundle (.tar.gz or its
	// unpacked folder) or a one-file artifact (.wasm); "" is the
	// conformance plugin of this package.
	Path string
	// RuntimeDir is the mmpy runtime for a plugin folder (a bundle brings
	// its own).
	RuntimeDir string
}

// resolved is a guest ready for host.Spec.
type resolved struct {
	id, pluginDir, runtimeDir, entry, artifact string
	cleanup                                    func()
}

func (g Guest) resolve() (*resolved, error) {
	r := &resolved{pluginDir: g.Path, runtimeDir: g.RuntimeDir, cleanup: func() {}}
	switch {
	case g.Path == "":
		tmp, err := os.MkdirTemp("", "mmpy-conformance-*")
		if err != nil {
			return nil, err
		}
		r.cleanup = func() { os.RemoveAll(tmp) }
		if err := WritePlugin(tmp); err != nil {
			r.cleanup()
			return nil, err
		}
		r.pluginDir = tmp
	case strings.HasSuffix(g.Path, ".wasm"):
		data, err := os.ReadFile(g.Path)
		if err != nil {
			return nil, err
		}
		_, parts, err := artifact.Split(data)
		if err != nil {
			return nil, fmt.Errorf("guest %s: %w", g.Path, err)
		}
		m, err := manifest.Parse("plugin.json", parts.Manifest)
		if err != nil {
			return nil, fmt.Errorf("guest %s: %w", g.Path, err)
		}
		r.artifact, r.pluginDir = g.Path, ""
		r.id, r.entry = m.ID, m.Server.Executable
		return r, nil
	case strings.HasSuffix(g.Path, ".tar.gz") || strings.HasSuffix(g.Path, ".tgz"):
		tmp, err := os.MkdirTemp("", "mmpy-conformance-*")
		if err != nil {
			return nil, err
		}
		r.cleanup = func() { os.RemoveAll(tmp) }
		if r.pluginDir, err = bundle.Extract(g.Path, tmp); err != nil {
			r.cleanup()
			return nil, err
		}
	}
	if rt := filepath.Join(r.pluginDir, filepath.FromSlash(layout.BundleRuntime)); dirExists(rt) {
		r.runtimeDir = rt // a bundle's own interpreter
	}
	if a := layout.ArtifactIn(r.pluginDir); a != "" {
		r.artifact = a
	}
	m, err := manifest.Load(r.pluginDir)
	if err != nil {
		r.cleanup()
		return nil, fmt.Errorf("guest %s: %w", g.Path, err)
	}
	r.id, r.entry = m.ID, m.Server.Executable
	if r.artifact == "" && r.runtimeDir == "" {
		r.cleanup()
		return nil, fmt.Errorf("guest %s: no mmpy runtime: pass one (--runtime, $MMPY_RUNTIME; `make runtime` builds build/runtime)", g.Path)
	}
	return r, nil
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// InProcess is a guest in this process's host.Runtime on one engine.
type InProcess struct {
	engine string
	rt     *host.Runtime
	p      *host.Plugin
	log    *logBuf
	clean  func()
}

// StartInProcess starts g on the engine (host.EngineWazero,
// host.EngineWasmtime) with ref as its API. cacheDir keeps compiled code
// ("" = none).
func StartInProcess(ctx context.Context, engine string, g Guest, ref *Reference, cacheDir string) (*InProcess, error) {
	r, err := g.resolve()
	if err != nil {
		return nil, err
	}
	rt, err := host.NewRuntime(ctx, host.Options{Engine: engine, CacheDir: cacheDir})
	if err != nil {
		r.cleanup()
		return nil, err
	}
	lb := &logBuf{}
	sctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	p, err := rt.Start(sctx, host.Spec{
		ID: r.id, RuntimeDir: r.runtimeDir, PluginDir: r.pluginDir, Entry: r.entry, Artifact: r.artifact, API: ref,
		Logger: slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		_ = rt.Close(ctx)
		r.cleanup()
		return nil, fmt.Errorf("starting the guest on %s: %w", engine, err)
	}
	return &InProcess{engine: rt.Engine(), rt: rt, p: p, log: lb, clean: r.cleanup}, nil
}

// Name is the engine's name.
func (t *InProcess) Name() string { return t.engine }

// Call calls the hook on host.Plugin (which takes a context first).
func (t *InProcess) Call(ctx context.Context, hook string, args []reflect.Value) []reflect.Value {
	return reflect.ValueOf(t.p).MethodByName(hook).Call(append([]reflect.Value{reflect.ValueOf(ctx)}, args...))
}

// Supports: an in-process host carries every scenario.
func (t *InProcess) Supports(Named) string { return "" }

// Adapt: nothing changes in process.
func (t *InProcess) Adapt(s Scenario) Scenario { return s }

// Log is the host's log of the guest.
func (t *InProcess) Log() (string, bool) { return t.log.String(), true }

// Close stops the guest and the runtime.
func (t *InProcess) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := t.p.Stop(ctx)
	if cerr := t.rt.Close(ctx); err == nil {
		err = cerr
	}
	t.clean()
	return err
}

// logBuf collects a plugin's log while it runs.
type logBuf = syncbuf.Buffer
