package host

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/internal/artifact"
)

func internalRuntimeDir(tb testing.TB) string {
	_, f, _, _ := runtime.Caller(0)
	d := os.Getenv("MMPY_RUNTIME")
	if d == "" {
		d = filepath.Join(filepath.Dir(filepath.Dir(f)), "build", "runtime")
	}
	if _, err := os.Stat(filepath.Join(d, "python.wasm")); err != nil {
		if os.Getenv("MMPY_REQUIRE_RUNTIME") == "1" {
			tb.Fatalf("runtime missing at %s: run `make runtime`", d)
		}
		tb.Skipf("runtime missing at %s: run `make runtime`", d)
	}
	return d
}

// fakeArtifact wraps the runtime's files into an artifact with a tiny plugin.
func fakeArtifact(tb testing.TB, rd, id string) []byte {
	read := func(p string) []byte {
		b, err := os.ReadFile(filepath.Join(rd, p))
		require.NoError(tb, err)
		return b
	}
	data, _, err := artifact.Assemble(artifact.Parts{
		Interpreter: read("python.wasm"), Stdlib: read("lib/python313.zip"), Site: read("lib/mmpy-site.zip"),
		Info:   artifact.Info{ID: id, Entry: "server/plugin.py"},
		Plugin: emptyZip(tb),
	})
	require.NoError(tb, err)
	return data
}

func emptyZip(tb testing.TB) []byte {
	// The smallest valid zip: an end-of-central-directory record.
	return append([]byte("PK\x05\x06"), make([]byte, 18)...)
}

func TestArtifactSharesModuleAndStdlib(t *testing.T) {
	rd := internalRuntimeDir(t)
	ctx := context.Background()
	cache := filepath.Join(os.TempDir(), "mmpy-test-compile-cache")
	if d, err := os.UserCacheDir(); err == nil {
		cache = filepath.Join(d, "mmpy", "compile") // as host_test's shared runtime
	}
	r, err := NewRuntime(ctx, Options{CacheDir: cache})
	require.NoError(t, err)
	defer r.Close(ctx)
	require.NoError(t, r.Compile(ctx, rd))

	a1, err := r.loadArtifact(ctx, "a1", fakeArtifact(t, rd, "one"))
	require.NoError(t, err)
	a2, err := r.loadArtifact(ctx, "a2", fakeArtifact(t, rd, "two"))
	require.NoError(t, err)
	assert.Len(t, r.modules, 1, "python.wasm and every artifact built from it compile to one module")
	assert.Same(t, a1.mod, a2.mod)

	r.mu.Lock()
	assert.Len(t, r.blobs, 2, "the stdlib and the SDK of both artifacts are interned once")
	assert.Len(t, r.trees, 1, "one /usr/local tree for artifacts with the same stdlib, SDK and dependencies")
	r.mu.Unlock()
	assert.True(t, a1.rootFS == a2.rootFS, "the tree is shared")
	assert.False(t, a1.pluginFS == a2.pluginFS, "each plugin has its own /plugin")
	x := []byte("some shared bytes")
	s1, s2 := r.intern(x), r.intern(bytes.Clone(x))
	assert.True(t, unsafe.SliceData(s1) == unsafe.SliceData(s2), "the same content gives one copy")
	assert.False(t, unsafe.SliceData(x) == unsafe.SliceData(s1), "the caller's buffer is not kept")
	runtime.KeepAlive(a1)
	runtime.KeepAlive(a2)
	assert.Equal(t, "one", a1.info.ID)
}

// BenchmarkArtifactCompileCached: what a new process pays to get an
// artifact's module when the on-disk compilation cache is warm (split off
// the sections, hash, load the compiled code), against the same for the
// runtime's python.wasm.
func BenchmarkArtifactCompileCached(b *testing.B) {
	rd := internalRuntimeDir(b)
	cache := b.TempDir()
	ctx := context.Background()
	data := fakeArtifact(b, rd, "bench")
	warm, err := NewRuntime(ctx, Options{CacheDir: cache})
	require.NoError(b, err)
	require.NoError(b, warm.Compile(ctx, rd))
	require.NoError(b, warm.Close(ctx))
	b.Run("artifact", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			r, err := NewRuntime(ctx, Options{CacheDir: cache})
			require.NoError(b, err)
			if _, err := r.loadArtifact(ctx, "bench", data); err != nil {
				b.Fatal(err)
			}
			require.NoError(b, r.Close(ctx))
		}
	})
	b.Run("python.wasm", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			r, err := NewRuntime(ctx, Options{CacheDir: cache})
			require.NoError(b, err)
			if err := r.Compile(ctx, rd); err != nil {
				b.Fatal(err)
			}
			require.NoError(b, r.Close(ctx))
		}
	})
}
