package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/internal/bundle"
)

func TestMultiTenant(t *testing.T) {
	_, f, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(filepath.Dir(f)))
	rt := filepath.Join(root, "build", "runtime")
	if _, err := os.Stat(filepath.Join(rt, "python.wasm")); err != nil {
		if os.Getenv("MMPY_REQUIRE_RUNTIME") == "1" {
			t.Fatalf("runtime missing at %s: run make runtime", rt)
		}
		t.Skip("runtime missing: run make runtime")
	}
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, 4, rt, filepath.Join(root, "examples", "hello_python")), out.String())
	assert.Contains(t, out.String(), "each tenant saw its own API; 4 of 4 filters blocked")
	t.Log(out.String())
}

// TestMultiTenantArtifacts: tenants run from one-file .wasm artifacts only
// (the runtime directory is used to build them, not to run them).
func TestMultiTenantArtifacts(t *testing.T) {
	_, f, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(filepath.Dir(f)))
	rt := filepath.Join(root, "build", "runtime")
	if _, err := os.Stat(filepath.Join(rt, "python.wasm")); err != nil {
		if os.Getenv("MMPY_REQUIRE_RUNTIME") == "1" {
			t.Fatalf("runtime missing at %s: run make runtime", rt)
		}
		t.Skip("runtime missing: run make runtime")
	}
	wasm := filepath.Join(t.TempDir(), "hello.wasm")
	_, err := bundle.BuildArtifact(context.Background(), bundle.ArtifactOptions{
		PluginDir: filepath.Join(root, "examples", "hello_python"), RuntimeDir: rt, Out: wasm})
	require.NoError(t, err)
	var out bytes.Buffer
	missing := filepath.Join(t.TempDir(), "no-such-dir")
	require.NoError(t, run(context.Background(), &out, 3, missing, missing, wasm), out.String())
	assert.Contains(t, out.String(), "read 1 artifact(s)")
	assert.Contains(t, out.String(), "each tenant saw its own API; 3 of 3 filters blocked")
	t.Log(out.String())
}
