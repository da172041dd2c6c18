package layout

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScratchDir(t *testing.T) {
	root := t.TempDir()
	d, err := ScratchDir(root, "com.example.x")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "mmpy", "scratch"), d)
	st, err := os.Stat(d)
	require.NoError(t, err)
	assert.True(t, st.IsDir())

	// A folder where mmpy/ cannot be created falls back to the temp dir.
	ro := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(ro, "mmpy"), nil, 0o644)) // a file blocks the folder
	d, err = ScratchDir(ro, "com.example.y")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(os.TempDir(), "mmpy-scratch", "com.example.y"), d)
	t.Cleanup(func() { _ = os.RemoveAll(d) })
}
