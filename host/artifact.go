package host

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"unsafe"
	"weak"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/internal/artifact"
	"github.com/mmpy/mmpy/internal/memfs"
	"github.com/mmpy/mmpy/wasi"
)

// loadedArtifact is what Start needs from a one-file .wasm artifact.
type loadedArtifact struct {
	mod      engine.Module
	info     artifact.Info
	rootFS   fs.FS
	pluginFS fs.FS
	extra    []string // PYTHONPATH entries after the SDK
}

func (a *loadedArtifact) policy(entry string) wasi.Policy {
	return wasi.ForPluginFS(a.rootFS, a.pluginFS, entry, a.extra...)
}

// loadArtifact splits an artifact (see internal/artifact) into the bare
// interpreter, which it compiles like python.wasm (the same bytes give the
// same cached module, whatever plugin an artifact carries), and the
// embedded files, which the guest gets as read-only in-memory mounts.
func (r *Runtime) loadArtifact(ctx context.Context, name string, data []byte) (*loadedArtifact, error) {
	base, parts, err := artifact.Split(data)
	if err != nil {
		return nil, fmt.Errorf("mmpy: %s: %w", name, err)
	}
	mod, err := r.moduleFrom(ctx, base, name)
	if err != nil {
		return nil, err
	}
	// Tenants running artifacts of one runtime share the interpreter
	// prefix: the standard library and the SDK are the same in all of them,
	// and so are the unpacked dependencies of the same artifact. Keep one
	// tree per content (and let the artifact's own buffer go).
	rootFS, err := r.sharedRuntimeFS(parts)
	if err != nil {
		return nil, fmt.Errorf("mmpy: %s: %w", name, err)
	}
	pluginFS, err := artifact.PluginFS(parts)
	if err != nil {
		return nil, fmt.Errorf("mmpy: %s: %w", name, err)
	}
	extra := []string{wasi.RuntimeMount + "/" + artifact.SitePackages}
	return &loadedArtifact{mod: mod, info: parts.Info, rootFS: rootFS, pluginFS: pluginFS, extra: extra}, nil
}

// sharedRuntimeFS returns the /usr/local tree of an artifact, one per
// content of its stdlib, SDK and dependency sections for as long as a
// plugin uses it.
func (r *Runtime) sharedRuntimeFS(parts artifact.Parts) (*memfs.FS, error) {
	h := sha256.New()
	for _, b := range [][]byte{parts.Stdlib, parts.Site, parts.Deps} {
		sum := sha256.Sum256(b)
		h.Write(sum[:])
	}
	var key [32]byte
	h.Sum(key[:0])
	r.mu.Lock()
	if wp, ok := r.trees[key]; ok {
		if t := wp.Value(); t != nil {
			r.mu.Unlock()
			return t, nil
		}
	}
	r.mu.Unlock()
	parts.Stdlib = r.intern(parts.Stdlib)
	parts.Site = r.intern(parts.Site)
	t, err := artifact.RuntimeFS(parts)
	if err != nil {
		return nil, err
	}
	wp := weak.Make(t)
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur, ok := r.trees[key]; ok {
		if other := cur.Value(); other != nil {
			return other, nil // built concurrently: use the first
		}
	}
	r.trees[key] = wp
	runtime.AddCleanup(t, func(key [32]byte) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if cur, ok := r.trees[key]; ok && cur == wp {
			delete(r.trees, key)
		}
	}, key)
	return t, nil
}

// internEntry is a weak reference to an interned byte slice's array.
type internEntry struct {
	first weak.Pointer[byte]
	n     int
}

// intern returns a shared copy of b: the same content gives the same backing
// array for as long as some plugin still uses it (then it is collected and
// its entry removed).
func (r *Runtime) intern(b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	key := sha256.Sum256(b)
	r.mu.Lock()
	defer r.mu.Unlock()
	if e, ok := r.blobs[key]; ok && e.n == len(b) {
		if p := e.first.Value(); p != nil {
			return unsafe.Slice(p, e.n)
		}
	}
	c := bytes.Clone(b)
	e := internEntry{first: weak.Make(&c[0]), n: len(c)}
	r.blobs[key] = e
	runtime.AddCleanup(&c[0], func(key [32]byte) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if cur, ok := r.blobs[key]; ok && cur.first == e.first {
			delete(r.blobs, key)
		}
	}, key)
	return c
}

// readArtifact reads Spec.Artifact or returns Spec.ArtifactData.
func readArtifact(s Spec) (string, []byte, error) {
	if s.ArtifactData != nil {
		return "artifact", s.ArtifactData, nil
	}
	data, err := os.ReadFile(s.Artifact)
	if err != nil {
		return "", nil, fmt.Errorf("mmpy: read artifact: %w (build one with `mmpy build DIR -o plugin.wasm`)", err)
	}
	return s.Artifact, data, nil
}
