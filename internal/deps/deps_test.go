package deps

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadRequirements(t *testing.T) {
	dir := t.TempDir()
	req := filepath.Join(dir, "server", "requirements.txt")
	require.NoError(t, os.MkdirAll(filepath.Dir(req), 0o755))
	require.NoError(t, os.WriteFile(req, []byte(`# comment
attrs>=23   # trailing comment

Mattermost_Plugin.SDK>=0.1
-r more.txt
jinja2==3.1.6 ; python_version >= "3.8"
`), 0o644))
	lines, skipped, err := ReadRequirements(req, []string{"mattermost-plugin-sdk"})
	require.NoError(t, err)
	assert.Equal(t, []string{"attrs>=23", "-r " + filepath.Join(dir, "server", "more.txt"), `jinja2==3.1.6 ; python_version >= "3.8"`}, lines)
	assert.Equal(t, []string{"Mattermost_Plugin.SDK"}, skipped, "the SDK is matched by its normalized name")

	require.NoError(t, os.WriteFile(req, []byte("-e ./local\n"), 0o644))
	_, _, err = ReadRequirements(req, nil)
	assert.ErrorContains(t, err, "editable requirements cannot be vendored")
}

func TestNormalizeAndBinary(t *testing.T) {
	assert.Equal(t, "markupsafe", Normalize("MarkupSafe"))
	assert.Equal(t, "typing-extensions", Normalize("typing_extensions"))
	assert.True(t, isBinary("yaml/_yaml.cpython-313-x86_64-linux-gnu.so"))
	assert.True(t, isBinary("lib/libfoo.so.1"))
	assert.True(t, isBinary("x/_speedups.pyd"))
	assert.False(t, isBinary("x/solver.py"))
	assert.Equal(t, "pip: needs compiled extension; not available in the WASI sandbox (why): remove it from the requirements or pick a pure-Python alternative",
		(&NativeError{Package: "pip", Detail: "why"}).Error())
}

func writeWheel(t *testing.T, path string, files map[string]string) {
	f, err := os.Create(path)
	require.NoError(t, err)
	zw := zip.NewWriter(f)
	for name, body := range files {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, f.Close())
}

func TestVendorWheels(t *testing.T) {
	dir := t.TempDir()
	writeWheel(t, filepath.Join(dir, "demo-1.0-py3-none-any.whl"), map[string]string{
		"demo/__init__.py":                  "X = 1\n",
		"demo-1.0.dist-info/METADATA":       "Name: demo\n",
		"demo-1.0.data/purelib/demo_ext.py": "Y = 2\n",
		"demo-1.0.data/scripts/demo":        "#!/bin/sh\n",
	})
	res, err := vendorWheels(context.Background(), Options{PythonVersion: "3.13", Progress: func(string) {}}, dir, filepath.Join(t.TempDir(), "site"))
	require.NoError(t, err)
	assert.Equal(t, []Dependency{{Name: "demo", Version: "1.0"}}, res.Dependencies)
	zr, err := zip.NewReader(strings.NewReader(string(res.Zip)), int64(len(res.Zip)))
	require.NoError(t, err)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	assert.Contains(t, names, "demo/__init__.py")
	assert.Contains(t, names, "demo_ext.py", "purelib data goes to the root")
	assert.NotContains(t, names, "demo-1.0.data/scripts/demo")
	for _, n := range names {
		assert.NotContains(t, n, "scripts")
	}
	if res.Precompiled {
		assert.Contains(t, names, "demo/__pycache__/__init__.cpython-313.pyc")
	}

	bad := t.TempDir()
	writeWheel(t, filepath.Join(bad, "fast-2.0-cp313-cp313-linux_x86_64.whl"), map[string]string{"fast/_c.cpython-313-x86_64-linux-gnu.so": "ELF"})
	_, err = vendorWheels(context.Background(), Options{PythonVersion: "3.13", Progress: func(string) {}}, bad, filepath.Join(t.TempDir(), "site"))
	assert.ErrorContains(t, err, "fast: needs compiled extension; not available in the WASI sandbox")
}

// TestResolveRefusesNative asks PyPI for a package that exists only as a C
// extension: it is refused by name, with the reason. (Network: PyPI.)
func TestResolveRefusesNative(t *testing.T) {
	dir := t.TempDir()
	req := filepath.Join(dir, "requirements.txt")
	require.NoError(t, os.WriteFile(req, []byte("attrs\nujson==5.10.0\n"), 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var steps []string
	_, err := Resolve(ctx, req, Options{CacheDir: t.TempDir(), Progress: func(s string) { steps = append(steps, s) }})
	require.Error(t, err)
	var ne *NativeError
	require.ErrorAs(t, err, &ne, "%v", err)
	assert.Equal(t, "ujson", ne.Package)
	assert.ErrorContains(t, err, "ujson: needs compiled extension; not available in the WASI sandbox")
	assert.Contains(t, strings.Join(steps, "\n"), "ujson==5.10.0 has no pure-Python wheel on PyPI")
}

// TestResolvePureAndCache resolves a small pure package from PyPI and hits
// the cache the second time. (Network: PyPI.)
func TestResolvePureAndCache(t *testing.T) {
	dir := t.TempDir()
	req := filepath.Join(dir, "requirements.txt")
	require.NoError(t, os.WriteFile(req, []byte("six==1.17.0\n"), 0o644))
	cache := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	res, err := Resolve(ctx, req, Options{CacheDir: cache})
	require.NoError(t, err)
	assert.Equal(t, []Dependency{{Name: "six", Version: "1.17.0"}}, res.Dependencies)
	var steps []string
	again, err := Resolve(ctx, req, Options{CacheDir: cache, Progress: func(s string) { steps = append(steps, s) }})
	require.NoError(t, err)
	assert.Equal(t, res.Zip, again.Zip)
	assert.Contains(t, strings.Join(steps, "\n"), "dependencies from cache")
}

func TestIncludedFile(t *testing.T) {
	assert.Equal(t, "/x/more.txt", includedFile("-r /x/more.txt"))
	assert.Equal(t, "/x/c.txt", includedFile("--constraint /x/c.txt"))
	assert.Empty(t, includedFile("--index-url https://pypi.org/simple"))
	assert.Empty(t, includedFile("attrs"))
}

// TestResolveUnknownPackage: a name PyPI does not have is reported as such,
// not as a native package. (Network: PyPI.)
func TestResolveUnknownPackage(t *testing.T) {
	req := filepath.Join(t.TempDir(), "requirements.txt")
	require.NoError(t, os.WriteFile(req, []byte("mmpy-no-such-package-4f7a2c==1.0\n"), 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	_, err := Resolve(ctx, req, Options{CacheDir: t.TempDir()})
	require.ErrorContains(t, err, "mmpy-no-such-package-4f7a2c: not found on PyPI")
	var ne *NativeError
	assert.NotErrorAs(t, err, &ne)
}
