package abi_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/abi"
)

// TestInterfaceCounts pins the interface mmpy mirrors: server/public v0.4.4
// has 258 API methods and 51 hooks (plus Implemented).
func TestInterfaceCounts(t *testing.T) {
	it := abi.Interface()
	assert.Equal(t, "v0.4.4", it.Version)
	assert.Len(t, it.API, 258)
	assert.Len(t, it.Hooks, 51)
	seen := map[int]bool{}
	for _, h := range it.Hooks {
		require.NotNil(t, h.ID, h.Name)
		assert.False(t, seen[*h.ID], "duplicate hook id %d", *h.ID)
		seen[*h.ID] = true
		assert.NotEmpty(t, h.MinServerVersion, h.Name)
	}
	m, ok := abi.APIMethod("GetUser")
	require.True(t, ok)
	assert.Equal(t, []string{"userID"}, []string{m.Params[0].Name})
	assert.Equal(t, "*model.User", m.Results[0].Type)
	h, ok := abi.Hook("MessageWillBePosted")
	require.True(t, ok)
	assert.Equal(t, 5, *h.ID)
}

// TestInterfaceFresh regenerates interface.json and compares: a stale file
// (after bumping server/public) fails here.
func TestInterfaceFresh(t *testing.T) {
	out := filepath.Join(t.TempDir(), "interface.json")
	cmd := exec.Command("go", "run", "./cmd/mmpy-gen", out)
	cmd.Dir = ".."
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, string(b))
	fresh, err := os.ReadFile(out)
	require.NoError(t, err)
	committed, err := os.ReadFile("interface.json")
	require.NoError(t, err)
	assert.Equal(t, string(fresh), string(committed), "abi/interface.json is stale: run `make generate`")
}
