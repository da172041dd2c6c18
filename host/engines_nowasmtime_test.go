//go:build !(wasmtime && cgo)

package host_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
)

// TestWasmtimeNotCompiledIn: asking a binary built without the tag for
// wasmtime names the tag to build with.
func TestWasmtimeNotCompiledIn(t *testing.T) {
	assert.NotContains(t, host.Engines(), host.EngineWasmtime)
	_, err := host.NewRuntime(context.Background(), host.Options{Engine: host.EngineWasmtime})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "go build -tags wasmtime")
}
