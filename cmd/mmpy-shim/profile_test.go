package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCPUProfileOffByDefault(t *testing.T) {
	t.Setenv(ProfileEnv, "")
	p, err := startCPUProfile()
	require.NoError(t, err)
	assert.Nil(t, p)
	assert.NoError(t, p.stop(), "stopping no profile is a no-op")
}

func TestCPUProfileWritesAFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(ProfileEnv, dir)
	p, err := startCPUProfile()
	require.NoError(t, err)
	require.NotNil(t, p)
	require.NoError(t, p.stop())
	require.NoError(t, p.stop(), "a second stop does nothing")
	files, err := filepath.Glob(filepath.Join(dir, "*.pprof"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	fi, err := os.Stat(files[0])
	require.NoError(t, err)
	assert.Positive(t, fi.Size(), "a finished profile is not empty")
}

func TestCPUProfileBadDir(t *testing.T) {
	t.Setenv(ProfileEnv, filepath.Join(t.TempDir(), "missing"))
	_, err := startCPUProfile()
	require.ErrorContains(t, err, ProfileEnv)
}
