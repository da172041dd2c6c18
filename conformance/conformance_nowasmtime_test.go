//go:build !(wasmtime && cgo)

package conformance_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/conformance"
)

// TestHostShimEngineNotCompiledIn: a shim built without the wasmtime tag
// asked for wasmtime (MMPY_ENGINE) fails activation, naming the engine,
// what it has and how to get it.
func TestHostShimEngineNotCompiledIn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cmd/mmpy-shim")
	}
	rd := runtimeDir(t)
	shim := buildShim(t)
	t.Setenv("MMPY_ENGINE", "wasmtime")
	_, err := conformance.StartHost(context.Background(), shim, conformance.Guest{RuntimeDir: rd}, conformance.NewReference())
	require.Error(t, err)
	require.ErrorContains(t, err, `engine "wasmtime" (the server's MMPY_ENGINE) is not compiled into this shim, which has wazero`)
	require.ErrorContains(t, err, "mmpy bundle --engine wasmtime")
}
