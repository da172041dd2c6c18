package host_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/wasi"
)

func runProgram(t *testing.T, eng string, code string) (int, string, string) {
	t.Helper()
	rtDir := runtimeDir(t)
	p := wasi.ForPlugin(rtDir, t.TempDir(), "unused.py")
	p.Args = []string{"python", "-c", code}
	var stdout, stderr bytes.Buffer
	status, err := sharedRuntimeOn(t, eng).RunProgram(context.Background(), host.ProgramSpec{
		RuntimeDir: rtDir, Policy: p, Stdout: &stdout, Stderr: &stderr})
	require.NoError(t, err)
	return status, stdout.String(), stderr.String()
}

func TestRunProgramExitStatusAndOutput(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		status, out, _ := runProgram(t, eng, "print('hello from the guest')")
		assert.Equal(t, 0, status)
		assert.Equal(t, "hello from the guest\n", out)

		status, out, errOut := runProgram(t, eng, "import sys; print('partial'); print('bad', file=sys.stderr); sys.exit(3)")
		assert.Equal(t, 3, status)
		assert.Equal(t, "partial\n", out)
		assert.Equal(t, "bad\n", errOut)
	})
}

func TestRunProgramSandboxLimits(t *testing.T) {
	// What only fails in the sandbox fails here: no ctypes, no sockets.
	status, _, errOut := runProgram(t, host.EngineWazero, "import ctypes")
	assert.Equal(t, 1, status)
	assert.Contains(t, errOut, "ModuleNotFoundError")

	status, _, errOut = runProgram(t, host.EngineWazero, "import socket; socket.socket()")
	assert.NotEqual(t, 0, status)
	assert.Contains(t, errOut, "Error")
}

func TestRunProgramMissingRuntime(t *testing.T) {
	r := sharedRuntime(t)
	_, err := r.RunProgram(context.Background(), host.ProgramSpec{RuntimeDir: t.TempDir(), Policy: wasi.ForPlugin(t.TempDir(), t.TempDir(), "x.py")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "python.wasm")
}
