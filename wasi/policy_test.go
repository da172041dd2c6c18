package wasi

import (
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
