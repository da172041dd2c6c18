package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/manifest"
)

// TestChooseEngine: MMPY_ENGINE overrides server.python.engine; an engine
// not compiled in is an error naming where it came from and how to get it.
func TestChooseEngine(t *testing.T) {
	t.Setenv("MMPY_ENGINE", "")
	m := &manifest.Manifest{}
	eng, err := chooseEngine(m)
	require.NoError(t, err)
	assert.Equal(t, "", eng, "default: the host's default engine")

	m.Server.Python = &manifest.Python{Engine: host.EngineWazero}
	eng, err = chooseEngine(m)
	require.NoError(t, err)
	assert.Equal(t, host.EngineWazero, eng)

	t.Setenv("MMPY_ENGINE", "v8")
	_, err = chooseEngine(m)
	require.ErrorContains(t, err, `engine "v8" (the server's MMPY_ENGINE) is not compiled into this shim`)

	t.Setenv("MMPY_ENGINE", "")
	m.Server.Python.Engine = host.EngineWasmtime
	eng, err = chooseEngine(m)
	for _, e := range host.Engines() {
		if e == host.EngineWasmtime {
			require.NoError(t, err)
			assert.Equal(t, host.EngineWasmtime, eng)
			return
		}
	}
	require.ErrorContains(t, err, `engine "wasmtime" (server.python.engine in plugin.json) is not compiled into this shim`)
	require.ErrorContains(t, err, "mmpy bundle --engine wasmtime")
}
