package artifact

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/internal/wasmsec"
)

var interp = wasmsec.AppendSection([]byte{0, 'a', 's', 'm', 1, 0, 0, 0}, wasmsec.Section{Name: "mmpy.abi", Data: []byte("1")})

func zipOf(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write([]byte(data))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func parts(t *testing.T) Parts {
	return Parts{
		Interpreter: interp,
		Info:        Info{ID: "com.x.y", Version: "1.0.0", Entry: "server/plugin.py", Python: "3.13", DependencyMode: "bundled", Dependencies: []Dependency{{"attrs", "25.1.0"}}},
		Manifest:    []byte(`{"id":"com.x.y"}`),
		Stdlib:      []byte("stdlib zip bytes"),
		Site:        []byte("site zip bytes"),
		Deps:        zipOf(t, map[string]string{"attrs/__init__.py": "A = 1\n"}),
		Plugin:      zipOf(t, map[string]string{"plugin.json": `{"id":"com.x.y"}`, "server/plugin.py": "pass\n"}),
	}
}

func TestAssembleSplit(t *testing.T) {
	p := parts(t)
	data, sizes, err := Assemble(p)
	require.NoError(t, err)
	assert.True(t, IsArtifact(data))
	assert.False(t, IsArtifact(interp))
	assert.Equal(t, int64(len(data)), sizes.Total)
	assert.Equal(t, int64(len(interp)), sizes.Interpreter)
	assert.Greater(t, sizes.Deps, int64(len(p.Deps)), "section header counted")
	assert.Equal(t, sizes.Total, sizes.Interpreter+sizes.Stdlib+sizes.SDK+sizes.Deps+sizes.Plugin+sizes.Metadata)
	assert.Contains(t, sizes.String(), "interpreter 0.0 kB")
	assert.Equal(t, "interpreter 1.50 MB, stdlib 2.0 kB, SDK 0.0 kB, dependencies 0.0 kB, plugin 0.0 kB, metadata 0.0 kB; total 1.50 MB",
		Sizes{Interpreter: 1.5e6, Stdlib: 2000, Total: 1.5e6}.String())

	base, got, err := Split(data)
	require.NoError(t, err)
	assert.Equal(t, interp, base, "the bare interpreter is byte-identical to python.wasm (same compile cache key)")
	p.Info.Format = Format
	assert.Equal(t, p.Info, got.Info)
	assert.Equal(t, p.Stdlib, got.Stdlib)
	assert.Equal(t, p.Plugin, got.Plugin)

	_, _, err = Assemble(Parts{Interpreter: data})
	assert.ErrorContains(t, err, "already carries artifact sections")
}

func TestFileSystems(t *testing.T) {
	root, plugin, err := FileSystems(parts(t))
	require.NoError(t, err)
	b, err := fs.ReadFile(root, StdlibFile)
	require.NoError(t, err)
	assert.Equal(t, "stdlib zip bytes", string(b))
	b, err = fs.ReadFile(root, SitePackages+"/attrs/__init__.py")
	require.NoError(t, err)
	assert.Equal(t, "A = 1\n", string(b))
	st, err := fs.Stat(root, LibDynload)
	require.NoError(t, err)
	assert.True(t, st.IsDir())
	b, err = fs.ReadFile(plugin, "server/plugin.py")
	require.NoError(t, err)
	assert.Equal(t, "pass\n", string(b))
}

func TestSplitErrors(t *testing.T) {
	_, _, err := Split(interp)
	assert.ErrorContains(t, err, "bare python.wasm")

	p := parts(t)
	data, _, err := Assemble(p)
	require.NoError(t, err)
	dup := wasmsec.AppendSection(bytes.Clone(data), wasmsec.Section{Name: SecStdlib, Data: []byte("again")})
	_, _, err = Split(dup)
	assert.ErrorContains(t, err, "appears twice")

	unknown := wasmsec.AppendSection(bytes.Clone(data), wasmsec.Section{Name: "mmpy.fs.future"})
	_, _, err = Split(unknown)
	assert.ErrorContains(t, err, "unknown artifact section mmpy.fs.future")

	p.Info.Entry = ""
	data, _, err = Assemble(p)
	require.NoError(t, err)
	_, _, err = Split(data)
	assert.ErrorContains(t, err, "no entry point")

	p = parts(t)
	p.Info.Format = 99
	data, _, err = Assemble(p)
	require.NoError(t, err)
	_, _, err = Split(data)
	assert.ErrorContains(t, err, "format 99")
}
