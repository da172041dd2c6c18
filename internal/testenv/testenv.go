// Package testenv locates what tests that run the real python.wasm need:
// the repository, the runtime directory built by `make runtime` and the
// shared compilation cache. Without a runtime they skip, unless
// MMPY_REQUIRE_RUNTIME=1 (as in `make test`), where they fail.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/mmpy/mmpy/internal/layout"
)

// RepoRoot is the repository's root directory.
func RepoRoot() string {
	_, f, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(filepath.Dir(f)))
}

// RuntimeDir is $MMPY_RUNTIME, or build/runtime in the repository.
func RuntimeDir(tb testing.TB) string {
	d := os.Getenv("MMPY_RUNTIME")
	if d == "" {
		d = filepath.Join(RepoRoot(), "build", "runtime")
	}
	if _, err := os.Stat(filepath.Join(d, "python.wasm")); err != nil {
		if os.Getenv("MMPY_REQUIRE_RUNTIME") == "1" {
			tb.Fatalf("runtime missing at %s: run `make runtime`", d)
		}
		tb.Skipf("runtime missing at %s: run `make runtime` (MMPY_REQUIRE_RUNTIME=1 turns this into a failure)", d)
	}
	return d
}

// CompileCacheDir is the compilation cache the tests share with the CLI
// and the shim (layout.CompileCacheDir).
func CompileCacheDir() string { return layout.CompileCacheDir() }
