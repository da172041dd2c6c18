package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// diagKinds are the shim's two diagnostics: environment variable, starter
// and file extension.
var diagKinds = []struct {
	env, ext string
	start    func() (*diagFile, error)
}{
	{ProfileEnv, "pprof", startCPUProfile},
	{TraceEnv, "trace", startTrace},
}

func TestDiagOffByDefault(t *testing.T) {
	for _, k := range diagKinds {
		t.Run(k.env, func(t *testing.T) {
			t.Setenv(k.env, "")
			p, err := k.start()
			require.NoError(t, err)
			assert.Nil(t, p)
			assert.NoError(t, p.finish(), "finishing nothing is a no-op")
		})
	}
}

func TestDiagWritesAFile(t *testing.T) {
	for _, k := range diagKinds {
		t.Run(k.env, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv(k.env, dir)
			p, err := k.start()
			require.NoError(t, err)
			require.NotNil(t, p)
			require.NoError(t, p.finish())
			require.NoError(t, p.finish(), "a second finish does nothing")
			files, err := filepath.Glob(filepath.Join(dir, "*."+k.ext))
			require.NoError(t, err)
			require.Len(t, files, 1)
			fi, err := os.Stat(files[0])
			require.NoError(t, err)
			assert.Positive(t, fi.Size(), "a finished %s file is not empty", k.ext)
		})
	}
}

func TestDiagBadDir(t *testing.T) {
	for _, k := range diagKinds {
		t.Run(k.env, func(t *testing.T) {
			t.Setenv(k.env, filepath.Join(t.TempDir(), "missing"))
			_, err := k.start()
			require.ErrorContains(t, err, k.env)
		})
	}
}
