package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/internal/artifact"
	"github.com/mmpy/mmpy/internal/layout"
	"github.com/mmpy/mmpy/internal/manifest"
)

// fakeRuntime makes a runtime directory with placeholder files.
func fakeRuntime(t *testing.T) string {
	dir := t.TempDir()
	for _, f := range []string{layout.PythonWasm, layout.StdlibZip, layout.SiteZip, layout.BuildInfo} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("x-"+f), 0o644))
	}
	for _, p := range layout.Platforms {
		f := filepath.Join(dir, layout.ShimDir, layout.ShimName(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(f), 0o755))
		require.NoError(t, os.WriteFile(f, []byte("shim"), 0o755))
	}
	return dir
}

func plugin(t *testing.T, manifest string) string {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "plugin.json"), []byte(manifest), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "server", "__pycache__"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "tests"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "server", "plugin.py"), []byte("print('hi')\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "server", "__pycache__", "x.pyc"), []byte("junk"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tests", "test_x.py"), []byte(""), 0o644))
	return dir
}

const good = `{"id":"com.example.b","name":"B","version":"1.2.3","server":{"executable":"server/plugin.py","runtime":"python","python_version":">=3.11"},"props":{"k":1}}`

func TestBuildAndExtract(t *testing.T) {
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	var steps []string
	res, err := Build(Options{PluginDir: plugin(t, good), RuntimeDir: fakeRuntime(t), Out: out, Progress: func(s string) { steps = append(steps, s) }})
	require.NoError(t, err)
	assert.Equal(t, "com.example.b", res.Manifest.ID)
	if st, err := os.Stat(out); assert.NoError(t, err) {
		assert.Equal(t, os.FileMode(0o644), st.Mode().Perm(), "the bundle is readable by the server's user")
	}
	assert.Contains(t, steps, "size: plugin 0.00 MB, interpreter 0.00 MB, stdlib 0.00 MB, SDK 0.00 MB, shims 0.00 MB (uncompressed)")

	dest := t.TempDir()
	root, err := Extract(out, dest)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dest, "com.example.b"), root)
	var m map[string]any
	b, err := os.ReadFile(filepath.Join(root, "plugin.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &m))
	server := m["server"].(map[string]any)
	assert.Equal(t, "server/plugin.py", server["executable"])
	assert.Equal(t, map[string]any{
		"linux-amd64": "server/dist/mmpy-shim-linux-amd64",
		"linux-arm64": "server/dist/mmpy-shim-linux-arm64",
	}, server["executables"])
	assert.Equal(t, map[string]any{"k": float64(1)}, m["props"], "author's fields are kept")
	for _, f := range []string{"server/plugin.py", "server/dist/mmpy-shim-linux-amd64", "mmpy/runtime/python.wasm",
		"mmpy/runtime/lib/python313.zip", "mmpy/runtime/lib/mmpy-site.zip"} {
		assert.FileExists(t, filepath.Join(root, filepath.FromSlash(f)))
	}
	st, err := os.Stat(filepath.Join(root, "server/dist/mmpy-shim-linux-amd64"))
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&0o100, "the shim is executable")
	assert.NoFileExists(t, filepath.Join(root, "server/__pycache__/x.pyc"))
	assert.NoFileExists(t, filepath.Join(root, "tests/test_x.py"))
	assert.NoDirExists(t, filepath.Join(root, "mmpy/runtime/shim"))

	// Reproducible: the same inputs give the same bytes.
	out2 := filepath.Join(t.TempDir(), "b.tar.gz")
	_, err = Build(Options{PluginDir: plugin(t, good), RuntimeDir: fakeRuntime(t), Out: out2})
	require.NoError(t, err)
	a1, _ := os.ReadFile(out)
	a2, _ := os.ReadFile(out2)
	assert.Equal(t, a1, a2)
}

// TestBuildEngineShims: Engine goes into server.python.engine and Shims
// replace the runtime's shims, limiting the bundle to their platforms.
func TestBuildEngineShims(t *testing.T) {
	shim := filepath.Join(t.TempDir(), "custom-shim")
	require.NoError(t, os.WriteFile(shim, []byte("wasmtime shim"), 0o755))
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	_, err := Build(Options{PluginDir: plugin(t, good), RuntimeDir: fakeRuntime(t), Out: out,
		Engine: "wasmtime", Shims: map[string]string{"linux-amd64": shim}})
	require.NoError(t, err)
	root, err := Extract(out, t.TempDir())
	require.NoError(t, err)
	m, err := manifest.Load(root)
	require.NoError(t, err)
	require.NotNil(t, m.Server.Python)
	assert.Equal(t, "wasmtime", m.Server.Python.Engine)
	assert.Equal(t, map[string]string{"linux-amd64": "server/dist/mmpy-shim-linux-amd64"}, m.Server.Executables)
	b, err := os.ReadFile(filepath.Join(root, "server", "dist", "mmpy-shim-linux-amd64"))
	require.NoError(t, err)
	assert.Equal(t, "wasmtime shim", string(b))
	assert.NoFileExists(t, filepath.Join(root, "server", "dist", "mmpy-shim-linux-arm64"))
}

func TestBuildRefuses(t *testing.T) {
	rt := fakeRuntime(t)
	for _, tc := range []struct{ name, manifest, want string }{
		{"no executable", `{"id":"com.e.b","version":"1","server":{"runtime":"python"}}`, "server.executable: missing"},
		{"runtime go", `{"id":"com.e.b","version":"1","server":{"runtime":"go","executable":"server/plugin.py"}}`, "server.runtime"},
		{"missing entry", `{"id":"com.e.b","version":"1","server":{"runtime":"python","executable":"server/nope.py"}}`, "does not exist"},
		{"python too old", `{"id":"com.e.b","version":"1","server":{"runtime":"python","executable":"server/plugin.py","python_version":">=3.14"}}`,
			"does not allow the bundled interpreter Python 3.13"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(Options{PluginDir: plugin(t, tc.manifest), RuntimeDir: rt, Out: filepath.Join(t.TempDir(), "x.tar.gz")})
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err := Build(Options{PluginDir: plugin(t, good), RuntimeDir: t.TempDir(), Out: filepath.Join(t.TempDir(), "x.tar.gz")})
	require.ErrorContains(t, err, "make runtime")
}

func tarball(t *testing.T, entries ...*tar.Header) string {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, h := range entries {
		body := bytes.Repeat([]byte("a"), int(h.Size))
		require.NoError(t, tw.WriteHeader(h))
		if h.Typeflag == tar.TypeReg {
			_, err := tw.Write(body)
			require.NoError(t, err)
		}
	}
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	p := filepath.Join(t.TempDir(), "b.tar.gz")
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	return p
}

func TestExtractHostile(t *testing.T) {
	reg := func(name string, size int64) *tar.Header {
		return &tar.Header{Name: name, Typeflag: tar.TypeReg, Size: size, Mode: 0o644}
	}
	for _, tc := range []struct {
		name    string
		entries []*tar.Header
		want    string
	}{
		{"dotdot", []*tar.Header{reg("p/plugin.json", 2), reg("../evil", 1)}, "escapes the bundle folder"},
		{"absolute", []*tar.Header{reg("/etc/evil", 1)}, "escapes the bundle folder"},
		{"symlink", []*tar.Header{{Name: "p/link", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}}, `entry "p/link" is a symbolic link (to "/etc/passwd")`},
		{"hardlink", []*tar.Header{{Name: "p/link", Typeflag: tar.TypeLink, Linkname: "p/plugin.json"}}, `entry "p/link" is a hard link (to "p/plugin.json")`},
		{"fifo", []*tar.Header{{Name: "p/fifo", Typeflag: tar.TypeFifo}}, `entry "p/fifo" is a FIFO (named pipe): bundles may hold only regular files and folders`},
		{"device", []*tar.Header{{Name: "p/null", Typeflag: tar.TypeChar, Devmajor: 1, Devminor: 3}}, `entry "p/null" is a character device`},
		{"duplicate", []*tar.Header{reg("p/plugin.json", 2), reg("p/plugin.json", 2)}, `entry "p/plugin.json" appears twice`},
		{"no manifest", []*tar.Header{reg("p/x.py", 1)}, "no plugin.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dest := t.TempDir()
			_, err := Extract(tarball(t, tc.entries...), dest)
			require.ErrorContains(t, err, tc.want)
			assert.NoFileExists(t, filepath.Join(filepath.Dir(dest), "evil"))
		})
	}
}

func TestExtractBomb(t *testing.T) {
	// Zeros compress ~1000:1; extraction must stop at the cap, not fill the
	// disk. The cap is lowered so the test stays fast under -race.
	defer func(old int64) { MaxExtractBytes = old }(MaxExtractBytes)
	MaxExtractBytes = 8 << 20
	var buf bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	tw := tar.NewWriter(gz)
	size := MaxExtractBytes + 4<<20
	// Two files of 6 MiB: the first fits, the second is refused by its
	// declared size before a byte of it is written.
	zeros := make([]byte, 1<<20)
	for _, name := range []string{"p/plugin.json", "p/zeros"} {
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: name, Typeflag: tar.TypeReg, Size: size / 2, Mode: 0o644}))
		for i := int64(0); i < size>>21; i++ {
			_, err := tw.Write(zeros)
			require.NoError(t, err)
		}
	}
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	p := filepath.Join(t.TempDir(), "bomb.tar.gz")
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	dest := t.TempDir()
	_, err := Extract(p, dest)
	require.ErrorContains(t, err, `entry "p/zeros" is 6291456 bytes, more than the 2 MB left of the 8 MB a bundle may unpack to`)
	assert.NoFileExists(t, filepath.Join(dest, "p", "zeros"))
}

func TestExtractTooManyEntries(t *testing.T) {
	defer func(old int) { MaxExtractFiles = old }(MaxExtractFiles)
	MaxExtractFiles = 50
	entries := []*tar.Header{{Name: "p/plugin.json", Typeflag: tar.TypeReg, Size: 2, Mode: 0o644}}
	for i := 0; i < 100; i++ { // folders count too (each costs an inode)
		entries = append(entries, &tar.Header{Name: fmt.Sprintf("p/d%d/", i), Typeflag: tar.TypeDir, Mode: 0o755})
	}
	_, err := Extract(tarball(t, entries...), t.TempDir())
	require.ErrorContains(t, err, `more than 50 files and folders (at entry "p/d49/")`)
}

// wasmRuntime is fakeRuntime with a minimal but valid python.wasm, enough to
// assemble artifacts.
func wasmRuntime(t *testing.T) string {
	dir := fakeRuntime(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, layout.PythonWasm), []byte("\x00asm\x01\x00\x00\x00"), 0o644))
	return dir
}

func TestBuildArtifact(t *testing.T) {
	dir := plugin(t, good)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "server", "requirements.txt"), []byte("mattermost-plugin-sdk>=0.1\n"), 0o644))
	var steps []string
	out := filepath.Join(t.TempDir(), "p.wasm")
	res, err := BuildArtifact(context.Background(), ArtifactOptions{PluginDir: dir, RuntimeDir: wasmRuntime(t), Out: out,
		Progress: func(s string) { steps = append(steps, s) }})
	require.NoError(t, err)
	assert.Equal(t, artifact.Info{Format: 1, ID: "com.example.b", Version: "1.2.3", Entry: "server/plugin.py", Python: "3.13", DependencyMode: "bundled"}, res.Info)
	assert.Contains(t, strings.Join(steps, "\n"), "requirement mattermost-plugin-sdk is provided by the mmpy runtime: skipped")
	assert.Contains(t, strings.Join(steps, "\n"), "size: interpreter 0.0 kB, stdlib")

	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, res.Data, data)
	base, parts, err := artifact.Split(data)
	require.NoError(t, err)
	assert.Equal(t, []byte("\x00asm\x01\x00\x00\x00"), base)
	assert.Equal(t, []byte("x-"+layout.StdlibZip), parts.Stdlib)
	assert.Empty(t, parts.Deps)
	_, pfs, err := artifact.FileSystems(parts)
	require.NoError(t, err)
	src, err := fs.ReadFile(pfs, "server/plugin.py")
	require.NoError(t, err)
	assert.Equal(t, "print('hi')\n", string(src))
	_, err = fs.Stat(pfs, "plugin.json")
	require.NoError(t, err)
	for _, gone := range []string{"tests/test_x.py", "server/__pycache__/x.pyc"} {
		_, err = fs.Stat(pfs, gone)
		assert.ErrorIs(t, err, fs.ErrNotExist, gone)
	}
}

func TestBundleShipsArtifact(t *testing.T) {
	out := filepath.Join(t.TempDir(), "b.tar.gz")
	res, err := Build(Options{PluginDir: plugin(t, good), RuntimeDir: wasmRuntime(t), Out: out, Artifact: true})
	require.NoError(t, err)
	require.NotNil(t, res.Artifact)
	root, err := Extract(out, t.TempDir())
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "mmpy", "plugin.wasm"), layout.ArtifactIn(root), "the shim finds the artifact")
	assert.NoDirExists(t, filepath.Join(root, "mmpy", "runtime"))
	assert.FileExists(t, filepath.Join(root, "server", "dist", "mmpy-shim-linux-amd64"))
	assert.FileExists(t, filepath.Join(root, "plugin.json"))

	// A loose-runtime bundle has no artifact.
	out2 := filepath.Join(t.TempDir(), "b2.tar.gz")
	_, err = Build(Options{PluginDir: plugin(t, good), RuntimeDir: fakeRuntime(t), Out: out2})
	require.NoError(t, err)
	root2, err := Extract(out2, t.TempDir())
	require.NoError(t, err)
	assert.Empty(t, layout.ArtifactIn(root2))
}

func TestDependencyModes(t *testing.T) {
	const head = `{"id":"com.e.b","version":"1","server":{"runtime":"python","executable":"server/plugin.py"`
	t.Run("system refuses requirements", func(t *testing.T) {
		dir := plugin(t, head+`,"python":{"dependency_mode":"system"}}}`)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte("attrs\n"), 0o644))
		_, err := BuildArtifact(context.Background(), ArtifactOptions{PluginDir: dir, RuntimeDir: wasmRuntime(t)})
		require.ErrorContains(t, err, `plugin.json: server.python.dependency_mode: "system" means the interpreter's own packages`)
		assert.ErrorContains(t, err, "requirements.txt requires attrs")
		assert.ErrorContains(t, err, `set "dependency_mode": "bundled"`)
	})
	t.Run("system without requirements", func(t *testing.T) {
		dir := plugin(t, head+`,"python":{"dependency_mode":"system"}}}`)
		res, err := BuildArtifact(context.Background(), ArtifactOptions{PluginDir: dir, RuntimeDir: wasmRuntime(t)})
		require.NoError(t, err)
		assert.Equal(t, "system", res.Info.DependencyMode)
	})
	t.Run("venv is vendored and left out of the plugin files", func(t *testing.T) {
		dir := plugin(t, head+`,"python":{"dependency_mode":"venv","venv_path":"server/env"}}}`)
		sp := filepath.Join(dir, "server", "env", "lib", "python3.13", "site-packages")
		for f, body := range map[string]string{
			"tinypkg/__init__.py":               "VALUE = 42\n",
			"tinypkg-1.0.dist-info/METADATA":    "Name: tinypkg\n",
			"pip/__init__.py":                   "",
			"pip-24.0.dist-info/METADATA":       "",
			"distutils-precedence.pth":          "",
			"tinypkg/__pycache__/x.cpython.pyc": "junk",
		} {
			p := filepath.Join(sp, filepath.FromSlash(f))
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		}
		has, err := HasDependencies(dir, mustManifest(t, dir))
		require.NoError(t, err)
		assert.True(t, has)
		res, err := BuildArtifact(context.Background(), ArtifactOptions{PluginDir: dir, RuntimeDir: wasmRuntime(t)})
		require.NoError(t, err)
		assert.Equal(t, []artifact.Dependency{{Name: "tinypkg", Version: "1.0"}}, res.Info.Dependencies)
		_, parts, err := artifact.Split(res.Data)
		require.NoError(t, err)
		rfs, pfs, err := artifact.FileSystems(parts)
		require.NoError(t, err)
		b, err := fs.ReadFile(rfs, artifact.SitePackages+"/tinypkg/__init__.py")
		require.NoError(t, err)
		assert.Equal(t, "VALUE = 42\n", string(b))
		for _, gone := range []string{artifact.SitePackages + "/pip/__init__.py", artifact.SitePackages + "/distutils-precedence.pth"} {
			_, err = fs.Stat(rfs, gone)
			assert.ErrorIs(t, err, fs.ErrNotExist, gone)
		}
		_, err = fs.Stat(pfs, "server/env")
		assert.ErrorIs(t, err, fs.ErrNotExist, "the venv is not shipped twice")
	})
	t.Run("venv with a compiled extension is refused", func(t *testing.T) {
		dir := plugin(t, head+`,"python":{"dependency_mode":"venv","venv_path":"server/env"}}}`)
		p := filepath.Join(dir, "server", "env", "lib", "python3.13", "site-packages", "fast", "_speed.cpython-313-x86_64-linux-gnu.so")
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("ELF"), 0o644))
		_, err := BuildArtifact(context.Background(), ArtifactOptions{PluginDir: dir, RuntimeDir: wasmRuntime(t)})
		require.ErrorContains(t, err, "fast: needs compiled extension; not available in the WASI sandbox")
		assert.ErrorContains(t, err, "server.python.venv_path")
	})
}

func mustManifest(t *testing.T, dir string) *manifest.Manifest {
	m, err := manifest.Load(dir)
	require.NoError(t, err)
	return m
}
