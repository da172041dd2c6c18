//go:build wasmtime && cgo

package host_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
)

func TestWasmtimeCompiledIn(t *testing.T) {
	assert.Equal(t, []string{host.EngineWasmtime, host.EngineWazero}, host.Engines())
	r, err := host.NewRuntime(context.Background(), host.Options{Engine: host.EngineWasmtime})
	require.NoError(t, err)
	assert.Equal(t, host.EngineWasmtime, r.Engine())
	require.NoError(t, r.Close(context.Background()))
}
