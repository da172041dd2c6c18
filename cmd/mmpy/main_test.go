package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/mmpy/mmpy/internal/testenv"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/internal/layout"
	"github.com/mmpy/mmpy/internal/manifest"
)

func repoRoot() string { return testenv.RepoRoot() }

func TestScaffoldIsValidAndItsTestPasses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my-plugin")
	require.NoError(t, scaffold(dir, "", "", func(string) {}))
	m, err := manifest.Load(dir)
	require.NoError(t, err)
	assert.Equal(t, "com.example.my-plugin", m.ID)
	src, err := os.ReadFile(filepath.Join(dir, "server", "plugin.py"))
	require.NoError(t, err)
	assert.Contains(t, string(src), "class MyPluginPlugin(Plugin)")
	require.Error(t, scaffold(dir, "", "", func(string) {}), "refuses a non-empty folder")

	// The scaffold's own test passes natively with the SDK from this repo.
	py := os.Getenv("MMPY_PY")
	if py == "" {
		t.Skip("MMPY_PY not set (make test-go sets it): skipping the scaffold's pytest run")
	}
	cmd := exec.Command(py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONPATH="+filepath.Join(repoRoot(), "sdk", "src"))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "1 passed")
}

func TestRunBundleEndToEnd(t *testing.T) {
	rt := filepath.Join(repoRoot(), "build", "runtime")
	if _, err := os.Stat(filepath.Join(rt, "python.wasm")); err != nil {
		if os.Getenv("MMPY_REQUIRE_RUNTIME") == "1" {
			t.Fatalf("runtime missing at %s: run make runtime", rt)
		}
		t.Skip("runtime missing: run make runtime")
	}
	dir := filepath.Join(t.TempDir(), "scaffolded")
	require.NoError(t, scaffold(dir, "com.example.scaffolded", "Scaffolded", func(string) {}))
	out := filepath.Join(t.TempDir(), "s.tar.gz")
	root := newRoot()
	root.SetArgs([]string{"bundle", dir, "-o", out, "--runtime", rt})
	root.SetErr(&bytes.Buffer{})
	require.NoError(t, root.Execute())
	var buf bytes.Buffer
	require.NoError(t, runPlugin(context.Background(), &buf, out, "", nil, nil, nil))
	assert.Contains(t, buf.String(), "Scaffolded activated on Mattermost 11.4.0")
	assert.Contains(t, buf.String(), "deactivated and stopped")
}

func TestBuildAndRunArtifact(t *testing.T) {
	rt := filepath.Join(repoRoot(), "build", "runtime")
	if _, err := os.Stat(filepath.Join(rt, "python.wasm")); err != nil {
		if os.Getenv("MMPY_REQUIRE_RUNTIME") == "1" {
			t.Fatalf("runtime missing at %s: run make runtime", rt)
		}
		t.Skip("runtime missing: run make runtime")
	}
	wasm := filepath.Join(t.TempDir(), "hello.wasm")
	root := newRoot()
	var progress bytes.Buffer
	root.SetArgs([]string{"build", filepath.Join(repoRoot(), "examples", "hello_python"), "-o", wasm, "--runtime", rt})
	root.SetErr(&progress)
	require.NoError(t, root.Execute())
	assert.Contains(t, progress.String(), "[build] size: interpreter 7.")
	assert.FileExists(t, wasm)

	var buf bytes.Buffer
	require.NoError(t, runPlugin(context.Background(), &buf, wasm, "/nonexistent-runtime", []string{"a badword"}, []string{"/hello"}, nil))
	assert.Contains(t, buf.String(), "started com.mattermost.hello-python")
	assert.Contains(t, buf.String(), `post "a badword": rejected`)
	assert.Contains(t, buf.String(), `command /hello: ephemeral "Hello from Python!"`)

	// A bundle that ships the artifact (mmpy bundle --artifact; here only
	// the files the host reads, to keep the test fast) runs from it, found
	// the way the shim finds it.
	data, err := os.ReadFile(wasm)
	require.NoError(t, err)
	bundlePath := filepath.Join(t.TempDir(), "hello.tar.gz")
	var tgz bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&tgz, gzip.NoCompression) // fast under -race
	tw := tar.NewWriter(gz)
	manifestJSON, err := os.ReadFile(filepath.Join(repoRoot(), "examples", "hello_python", "plugin.json"))
	require.NoError(t, err)
	for name, body := range map[string][]byte{"hello/plugin.json": manifestJSON, "hello/" + layout.BundleArtifact: data} {
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}))
		_, err = tw.Write(body)
		require.NoError(t, err)
	}
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	require.NoError(t, os.WriteFile(bundlePath, tgz.Bytes(), 0o644))
	buf.Reset()
	require.NoError(t, runPlugin(context.Background(), &buf, bundlePath, "", nil, []string{"/hello"}, nil))
	assert.Contains(t, buf.String(), `command /hello: ephemeral "Hello from Python!"`)

	root = newRoot()
	root.SetArgs([]string{"build", filepath.Join(repoRoot(), "examples", "hello_python"), "-o", "x.zip"})
	root.SetErr(&progress)
	assert.ErrorContains(t, root.Execute(), "an artifact must end in .wasm")
}
