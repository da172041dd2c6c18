package wasi

import (
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestForPluginFS(t *testing.T) {
	root, plug := fstest.MapFS{"lib/python313.zip": {}}, fstest.MapFS{"server/plugin.py": {}}
	p := ForPluginFS(root, plug, "server/plugin.py", "/usr/local/lib/python3.13/site-packages")
	require.NoError(t, p.Validate())
	require.Len(t, p.Mounts, 2)
	assert.Equal(t, RuntimeMount, p.Mounts[0].GuestPath)
	assert.True(t, p.Mounts[0].ReadOnly)
	assert.Empty(t, p.Mounts[0].HostDir)
	assert.Equal(t, "/usr/local/lib/mmpy-site.zip:/usr/local/lib/python3.13/site-packages", p.Env["PYTHONPATH"])
	assert.Equal(t, "/plugin/server/plugin.py", p.Args[len(p.Args)-1])
}

func TestValidateMounts(t *testing.T) {
	p := ForPlugin("/rt", "/plugin-dir", "server/plugin.py")
	require.NoError(t, p.Validate())

	p.Mounts = []Mount{{FS: fstest.MapFS{}, GuestPath: "/data", ReadOnly: false}}
	assert.ErrorContains(t, p.Validate(), "fs.FS mounts are read-only")

	p.Mounts = []Mount{{HostDir: "relative", GuestPath: "/data"}}
	assert.ErrorContains(t, p.Validate(), "is not absolute")

	p.Mounts = []Mount{{HostDir: "/a", GuestPath: "/"}}
	assert.ErrorContains(t, p.Validate(), "guest root")
}

func TestWithScratch(t *testing.T) {
	base := ForPlugin("/rt", "/plugin-dir", "server/plugin.py")
	require.NoError(t, base.Validate())
	assert.Nil(t, base.Scratch, "no writable directory by default")

	dir := t.TempDir()
	p := base.WithScratch(Scratch{HostDir: dir})
	require.NoError(t, p.Validate())
	assert.Equal(t, ScratchMount, p.Scratch.Guest())
	assert.EqualValues(t, DefaultScratchQuota, p.Scratch.Quota())
	assert.Equal(t, "/scratch", p.Env["TMPDIR"])
	assert.Equal(t, "/scratch", p.Env["HOME"])
	assert.Equal(t, "/tmp", base.Env["HOME"], "the original policy is not modified")

	assert.EqualValues(t, -1, Scratch{QuotaBytes: -5}.Quota())
	assert.EqualValues(t, 10, Scratch{QuotaBytes: 10}.Quota())

	for s, msg := range map[Scratch]string{
		{HostDir: "rel"}:                         "is not absolute",
		{HostDir: filepath.Join(dir, "missing")}: "is not an existing directory",
		{HostDir: dir, GuestPath: "/"}:           "must be a clean absolute path",
		{HostDir: dir, GuestPath: "scratch"}:     "must be a clean absolute path",
		{HostDir: dir, GuestPath: PluginMount}:   "mounted twice",
		{HostDir: dir, GuestPath: "/a/../b"}:     "must be a clean absolute path",
	} {
		err := base.WithScratch(s).Validate()
		if assert.Error(t, err, "%+v", s) {
			assert.Contains(t, err.Error(), msg)
		}
	}
}
