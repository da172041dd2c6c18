package wazeroengine

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
)

func TestConfinedResolve(t *testing.T) {
	outside := t.TempDir()
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "a", "b"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "a", "b", "f"), []byte("x"), 0o644))
	require.NoError(t, os.Symlink("b/f", filepath.Join(root, "a", "in")))
	require.NoError(t, os.Symlink("..", filepath.Join(root, "a", "b", "up")))
	require.NoError(t, os.Symlink("../../..", filepath.Join(root, "a", "b", "out")))
	require.NoError(t, os.Symlink(outside, filepath.Join(root, "abs")))
	require.NoError(t, os.Symlink("loop", filepath.Join(root, "loop")))
	c := newConfinedFS(root, "/m", nil, nil)

	for in, want := range map[string]string{
		"":           ".",
		".":          ".",
		"a/in":       "a/b/f",
		"a/b/up/in":  "a/b/f",
		"a/b/up/b/f": "a/b/f",
		"a/new/x":    "a/new/x",
		"a/b/":       "a/b/",
	} {
		got, errno := c.resolve(in, true)
		require.Zero(t, errno, in)
		assert.Equal(t, want, got, in)
	}
	got, errno := c.resolve("a/in", false)
	require.Zero(t, errno)
	assert.Equal(t, "a/in", got, "the last component is kept when not following")

	for in, want := range map[string]experimentalsys.Errno{
		"abs":         experimentalsys.EPERM,
		"abs/x":       experimentalsys.EPERM,
		"a/b/out":     experimentalsys.EPERM,
		"a/b/out/etc": experimentalsys.EPERM,
		"..":          experimentalsys.EPERM,
		"loop":        experimentalsys.ELOOP,
	} {
		_, errno := c.resolve(in, true)
		assert.Equal(t, want, errno, in)
	}
	// Through the FS methods too.
	_, errno = c.OpenFile("abs", experimentalsys.O_RDONLY, 0)
	assert.Equal(t, experimentalsys.EPERM, errno)
	_, errno = c.Stat("a/b/out")
	assert.Equal(t, experimentalsys.EPERM, errno)
	assert.Equal(t, experimentalsys.EPERM, c.Symlink("x", "l"))
	assert.Equal(t, experimentalsys.EPERM, c.Link("a/b/f", "l"))
	f, errno := c.OpenFile("a/in", experimentalsys.O_RDONLY, 0)
	require.Zero(t, errno)
	buf := make([]byte, 4)
	n, _ := f.Read(buf)
	assert.Equal(t, "x", string(buf[:n]))
	f.Close()
}

func TestQuotaSharedAndCounted(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "old"), make([]byte, 1000), 0o644))
	q1 := acquireQuota(dir, 20000)
	q2 := acquireQuota(dir, 20000)
	require.Same(t, q1, q2, "instances of one plugin share the count")
	assert.EqualValues(t, 1000+entryCost, q1.used, "what the directory holds counts from the start")
	c := newConfinedFS(dir, "/scratch", q1, nil)

	f, errno := c.OpenFile("new", experimentalsys.O_CREAT|experimentalsys.O_WRONLY, 0o644)
	require.Zero(t, errno)
	n, errno := f.Write(make([]byte, 5000))
	require.Zero(t, errno)
	assert.Equal(t, 5000, n)
	n, errno = f.Pwrite(make([]byte, 10), 2000) // inside the file: no growth
	require.Zero(t, errno)
	assert.Equal(t, 10, n)
	assert.EqualValues(t, 1000+5000+2*entryCost, q1.used)
	// 20000 - 14192 = 5808 left: a 9000-byte write is cut short, then refused.
	n, errno = f.Write(make([]byte, 9000))
	require.Zero(t, errno)
	assert.Equal(t, 5808, n)
	_, errno = f.Write([]byte{1})
	assert.Equal(t, experimentalsys.EIO, errno)
	require.Zero(t, f.Truncate(100))
	assert.EqualValues(t, 1000+100+2*entryCost, q1.used)
	f.Close()
	require.Zero(t, c.Unlink("new"))
	require.Zero(t, c.Unlink("old"))
	assert.EqualValues(t, 0, q1.used)
	require.Zero(t, c.Mkdir("d", 0o755))
	assert.EqualValues(t, entryCost, q1.used)
	require.Zero(t, c.Rmdir("d"))

	releaseQuota(dir)
	assert.True(t, quotas.Held(dir), "the second user still holds the count")
	releaseQuota(dir)
	assert.False(t, quotas.Held(dir), "the last user releases the count")
}
