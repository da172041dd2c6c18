package host_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
)

func TestEngineSelection(t *testing.T) {
	ctx := context.Background()
	assert.Contains(t, host.Engines(), host.EngineWazero)
	r, err := host.NewRuntime(ctx, host.Options{})
	require.NoError(t, err)
	assert.Equal(t, host.EngineWazero, r.Engine(), "wazero is the default")
	require.NoError(t, r.Close(ctx))

	_, err = host.NewRuntime(ctx, host.Options{Engine: "v8"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown Options.Engine "v8"`)
	assert.Contains(t, err.Error(), host.EngineWazero, "the error lists the engines compiled in")
}
