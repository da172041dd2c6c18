package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run pytest in python.wasm. They need the runtime (`make
// runtime`; skipped without it unless MMPY_REQUIRE_RUNTIME=1) and, the
// first time, PyPI for pytest (then ~/.cache/mmpy/wheels).

func testRuntimeDir(t *testing.T) string {
	t.Helper()
	rt := filepath.Join(repoRoot(), "build", "runtime")
	if _, err := os.Stat(filepath.Join(rt, "python.wasm")); err != nil {
		if os.Getenv("MMPY_REQUIRE_RUNTIME") == "1" {
			t.Fatalf("runtime missing at %s: run make runtime", rt)
		}
		t.Skip("runtime missing: run make runtime")
	}
	return rt
}

// mmpyTest runs `mmpy test` through the CLI's command tree.
func mmpyTest(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRoot()
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(append([]string{"test"}, args...))
	err = root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

func scaffoldForTest(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "probe")
	require.NoError(t, scaffold(dir, "com.example.probe", "Probe", func(string) {}))
	for rel, content := range extra {
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), []byte(content), 0o644))
	}
	return dir
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	var te *testExitError
	require.True(t, errors.As(err, &te), "want a pytest exit status, got %v", err)
	return te.ExitCode()
}

func TestTestCommandPassesTheScaffold(t *testing.T) {
	rt := testRuntimeDir(t)
	dir := scaffoldForTest(t, nil)
	out, errOut, err := mmpyTest(t, dir, "--runtime", rt)
	require.NoError(t, err, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, out, "platform wasi -- Python 3.13", "pytest ran inside the guest")
	assert.Contains(t, out, "rootdir: /plugin")
	assert.Contains(t, out, "tests/test_plugin.py .")
	assert.Regexp(t, `=+ 1 passed in [0-9.]+s =+`, out)
	// Nothing was written into the plugin folder (mounted read-only).
	_, statErr := os.Stat(filepath.Join(dir, ".pytest_cache"))
	assert.True(t, os.IsNotExist(statErr))
}

func TestTestCommandReportsAFailingTest(t *testing.T) {
	rt := testRuntimeDir(t)
	dir := scaffoldForTest(t, map[string]string{"tests/test_broken.py": `
def test_arithmetic():
    total = 1 + 1
    assert total == 3
`})
	out, errOut, err := mmpyTest(t, dir, "--runtime", rt)
	require.Error(t, err)
	assert.Equal(t, 1, exitCode(t, err))
	assert.EqualError(t, err, "pytest exited with status 1 (tests failed)")
	assert.Contains(t, out, "assert 2 == 3", "assertion rewriting works in the guest")
	assert.Contains(t, out, "FAILED tests/test_broken.py::test_arithmetic")
	assert.Regexp(t, `1 failed, 1 passed in [0-9.]+s`, out, "stderr:\n%s", errOut)

	// Arguments after -- reach pytest; paths are relative to the plugin.
	out, _, err = mmpyTest(t, dir, "--runtime", rt, "--", "-q", "tests/test_plugin.py")
	require.NoError(t, err, out)
	assert.Regexp(t, `1 passed in`, out)
	assert.NotContains(t, out, "test_broken")

	_, _, err = mmpyTest(t, dir, "--runtime", rt, "--", "-k", "no_such_test")
	assert.Equal(t, 5, exitCode(t, err), "no tests collected")
}

func TestTestCommandVendorsThePluginsRequirements(t *testing.T) {
	rt := testRuntimeDir(t)
	dir := scaffoldForTest(t, map[string]string{
		"server/requirements.txt": "mattermost-plugin-sdk>=0.1.0\nsix==1.17.0\n",
		"tests/test_dep.py": `import six


def test_vendored_dependency_imports():
    assert six.__version__ == "1.17.0"
    assert six.__file__.startswith("/mmpy-test/site/")
`})
	out, errOut, err := mmpyTest(t, dir, "--runtime", rt, "--", "-q")
	require.NoError(t, err, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Regexp(t, `2 passed in`, out)
}

// wasiOnly holds tests that pass under native CPython but fail in the
// sandbox, and pytest features that must keep working there.
const wasiOnly = `import logging
import socket
import threading


def test_socket():
    s = socket.socket()
    s.close()


def test_ctypes():
    import ctypes  # noqa: F401


def test_thread():
    t = threading.Thread(target=lambda: None)
    t.start()
    t.join()


def test_tmp_path(tmp_path):
    (tmp_path / "f.txt").write_text("kept in the scratch directory")
    assert (tmp_path / "f.txt").read_text() == "kept in the scratch directory"


def test_caplog(caplog):
    logging.getLogger("plugin").warning("logged")
    assert "logged" in caplog.text


def test_capsys(capsys):
    print("to stdout")
    assert capsys.readouterr().out == "to stdout\n"


def test_package_sources_are_readable():
    # tracebacks into dependencies need seekable files in the mounted tree
    import inspect
    import _pytest.runner

    assert "def call_and_report" in inspect.getsource(_pytest.runner)
`

func TestTestCommandCatchesWhatOnlyFailsUnderWASI(t *testing.T) {
	rt := testRuntimeDir(t)
	dir := scaffoldForTest(t, map[string]string{"tests/test_wasi.py": wasiOnly})

	// Natively (when the dev venv is available) every test passes.
	if py := os.Getenv("MMPY_PY"); py != "" {
		cmd := exec.Command(py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_wasi.py")
		cmd.Dir = dir
		native, err := cmd.CombinedOutput()
		require.NoError(t, err, string(native))
		assert.Contains(t, string(native), "7 passed")
	}

	out, errOut, err := mmpyTest(t, dir, "--runtime", rt, "--", "tests/test_wasi.py")
	assert.Equal(t, 1, exitCode(t, err), "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, out, "FAILED tests/test_wasi.py::test_socket - OSError")
	assert.Contains(t, out, "FAILED tests/test_wasi.py::test_ctypes - ModuleNotFoundError")
	assert.Contains(t, out, "E       ModuleNotFoundError: No module named 'ctypes'")
	assert.Contains(t, out, "FAILED tests/test_wasi.py::test_thread - RuntimeError: can't start new thread")
	assert.Regexp(t, `3 failed, 4 passed in [0-9.]+s`, out, "tmp_path, caplog, capsys and package sources work in the guest")
}

func TestTestCommandErrors(t *testing.T) {
	dir := scaffoldForTest(t, nil)

	_, _, err := mmpyTest(t, dir, "--runtime", t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "has no python.wasm: run `make runtime`")

	_, _, err = mmpyTest(t, dir, "other-dir")
	assert.ErrorContains(t, err, "usage: mmpy test DIR [-- PYTEST-ARGS...]")

	rt := testRuntimeDir(t)
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "tests")))
	_, _, err = mmpyTest(t, dir, "--runtime", rt)
	assert.ErrorContains(t, err, "has no tests/ folder")

	_, _, err = mmpyTest(t, t.TempDir(), "--runtime", rt)
	assert.ErrorContains(t, err, "plugin.json")
}

func TestTestExitErrorNamesPytestStatus(t *testing.T) {
	assert.EqualError(t, &testExitError{code: 5}, "pytest exited with status 5 (no tests collected)")
	assert.EqualError(t, &testExitError{code: 4}, "pytest exited with status 4 (usage error)")
	assert.EqualError(t, &testExitError{code: 120}, "pytest exited with status 120 (the interpreter failed)")
}
