//go:build wasmtime && cgo

package conformance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestHostShimOnWasmtime: the shim built with -tags wasmtime and asked for
// wasmtime (MMPY_ENGINE) passes the same scenarios.
func TestHostShimOnWasmtime(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cmd/mmpy-shim")
	}
	runtimeDir(t)
	shim := buildShim(t, "wasmtime")
	t.Setenv("MMPY_ENGINE", "wasmtime")
	target := runHost(t, shim)
	log, _ := target.Log()
	assert.Contains(t, log, `engine=wasmtime`, "the shim runs on wasmtime")
}
