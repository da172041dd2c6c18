package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/bundle"
	"github.com/mmpy/mmpy/internal/deps"
	"github.com/mmpy/mmpy/internal/layout"
	"github.com/mmpy/mmpy/internal/manifest"
	"github.com/mmpy/mmpy/internal/memfs"
	"github.com/mmpy/mmpy/wasi"
)

// testRequirement is the pytest the guest runs (pluggy, iniconfig and
// packaging come with it); all are pure Python.
const testRequirement = "pytest>=8,<9"

// Guest paths of the test tools and the plugin's dependencies.
const (
	testSiteMount = "/mmpy-test/site"
	testVenvMount = "/mmpy-test/venv"
)

// testBoot starts pytest in the plugin folder (WASI has no working directory
// of its own: the guest starts in /) and exits with pytest's status.
const testBoot = "import os, sys\n" +
	"os.chdir(" + `"` + wasi.PluginMount + `"` + ")\n" +
	"import pytest\n" +
	"sys.exit(int(pytest.main(sys.argv[1:])))\n"

// pytestDefaults: no cache written into the read-only plugin folder, no
// faulthandler (WASI has no signals), capture at the sys level (WASI has no
// dup for file-descriptor capture), the log file (default os.devnull, absent
// under WASI) and tmp_path's base (found with os.getuid otherwise, absent
// under WASI) in the scratch directory, rootdir the plugin folder as natively.
var pytestDefaults = []string{"-p", "no:cacheprovider", "-p", "no:faulthandler", "--capture=sys",
	"--log-file=" + wasi.ScratchMount + "/pytest.log", "--basetemp=" + wasi.ScratchMount + "/pytest-tmp",
	"--rootdir=" + wasi.PluginMount}

// testExitError is a pytest run that ended with a non-zero status.
type testExitError struct{ code int }

func (e *testExitError) Error() string {
	return fmt.Sprintf("pytest exited with status %d (%s)", e.code, pytestStatus(e.code))
}

// ExitCode is pytest's exit status.
func (e *testExitError) ExitCode() int { return e.code }

func pytestStatus(code int) string {
	switch code {
	case 1:
		return "tests failed"
	case 2:
		return "interrupted"
	case 3:
		return "internal error"
	case 4:
		return "usage error"
	case 5:
		return "no tests collected"
	}
	return "the interpreter failed"
}

func testCmd() *cobra.Command {
	var runtime, engine string
	c := &cobra.Command{
		Use:   "test DIR [-- PYTEST-ARGS...]",
		Short: "Run the plugin's pytest suite inside the WebAssembly sandbox",
		Long: "Test runs the plugin's tests with pytest in the same sandboxed interpreter the\n" +
			"plugin runs in (CPython for WASI): what only fails there fails here (a module the\n" +
			"runtime lacks, sockets, threads, subprocesses, compiled extensions).\n" +
			"pytest and the plugin's requirements are resolved to pure-Python wheels (cached in\n" +
			"~/.cache/mmpy/wheels). The plugin folder is mounted read-only at /plugin (the\n" +
			"working directory), with a writable temporary directory for tmp_path.\n" +
			"Without arguments after --, pytest runs tests/; paths are relative to DIR.\n" +
			"mmpy exits non-zero when pytest does.",
		Example: "  mmpy test my-plugin\n  mmpy test my-plugin -- -k activate -v tests/test_plugin.py",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dash := cmd.ArgsLenAtDash()
			if (dash < 0 && len(args) != 1) || dash > 1 || dash == 0 {
				return fmt.Errorf("usage: mmpy test DIR [-- PYTEST-ARGS...]: give one plugin folder before --")
			}
			var pytestArgs []string
			if dash == 1 {
				pytestArgs = args[1:]
			}
			return runTests(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], runtime, engine, pytestArgs)
		},
	}
	c.Flags().StringVar(&runtime, "runtime", "", "mmpy runtime directory (default $MMPY_RUNTIME or ./build/runtime)")
	c.Flags().StringVar(&engine, "engine", "", engineFlagHelp)
	return c
}

// runTests runs pytest on the plugin in dir inside the sandbox. It returns a
// *testExitError when pytest exits non-zero.
func runTests(ctx context.Context, stdout, stderr io.Writer, dir, runtime, engine string, pytestArgs []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	say := func(format string, a ...any) { fmt.Fprintf(stderr, "[test] "+format+"\n", a...) }
	if runtime == "" {
		runtime = defaultRuntime()
	}
	rtDir, err := filepath.Abs(runtime)
	if err != nil {
		return err
	}
	for _, f := range []string{layout.PythonWasm, layout.StdlibZip, layout.SiteZip} {
		if _, err := os.Stat(filepath.Join(rtDir, filepath.FromSlash(f))); err != nil {
			return fmt.Errorf("mmpy runtime %s has no %s: run `make runtime` in the mmpy repository, or pass --runtime DIR (or set MMPY_RUNTIME)", rtDir, f)
		}
	}
	pluginDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	m, err := manifest.Load(pluginDir)
	if err != nil {
		return err
	}
	if len(pytestArgs) == 0 {
		if st, err := os.Stat(filepath.Join(pluginDir, "tests")); err != nil || !st.IsDir() {
			return fmt.Errorf("%s has no tests/ folder: put the plugin's pytest tests there (mmpy new scaffolds one), or name test paths after --", dir)
		}
		pytestArgs = []string{"tests"}
	}

	t0 := time.Now()
	site, venv, err := testPackages(ctx, pluginDir, m, say)
	if err != nil {
		return err
	}
	say("test packages ready in %d ms", time.Since(t0).Milliseconds())

	policy := wasi.ForPlugin(rtDir, pluginDir, m.Server.Executable, testSiteMount)
	policy.Mounts = append(policy.Mounts, wasi.Mount{FS: site, GuestPath: testSiteMount, ReadOnly: true})
	if venv != nil {
		policy.Mounts = append(policy.Mounts, wasi.Mount{FS: venv, GuestPath: testVenvMount, ReadOnly: true})
		policy.Env["PYTHONPATH"] += ":" + testVenvMount
	}
	scratch, err := os.MkdirTemp("", "mmpy-test-scratch-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	policy = policy.WithScratch(wasi.Scratch{HostDir: scratch})
	policy.Args = append(append([]string{"python", "-c", testBoot}, pytestDefaults...), pytestArgs...)

	rt, err := host.NewRuntime(ctx, host.Options{CacheDir: layout.CompileCacheDir(), Engine: engine})
	if err != nil {
		return err
	}
	interrupted := false
	defer func() {
		if !interrupted { // a guest still running would block Close
			_ = rt.Close(context.WithoutCancel(ctx))
		}
	}()
	type result struct {
		code int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		code, err := rt.RunProgram(ctx, host.ProgramSpec{RuntimeDir: rtDir, Policy: policy, Stdout: stdout, Stderr: stderr})
		done <- result{code, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		// The guest cannot be stopped mid-bytecode without HardStop (which
		// slows every test); the process is about to exit anyway.
		interrupted = true
		return fmt.Errorf("tests interrupted: %w", ctx.Err())
	}
	if res.err != nil {
		return fmt.Errorf("pytest in the sandbox: %w", res.err)
	}
	if res.code != 0 {
		return &testExitError{code: res.code}
	}
	return nil
}

// testPackages resolves pytest and the plugin's dependencies (cached by
// internal/deps) and returns them as read-only file systems: the
// site-packages tree, and the venv's packages for dependency_mode "venv".
func testPackages(ctx context.Context, pluginDir string, m *manifest.Manifest, say func(string, ...any)) (site, venv *memfs.FS, err error) {
	plan, err := m.Dependencies(pluginDir)
	if err != nil {
		return nil, nil, err
	}
	lines := []string{testRequirement}
	var where string
	if plan.Mode == manifest.ModeBundled && plan.Requirements != "" {
		reqs, _, err := deps.ReadRequirements(plan.Requirements, bundle.ProvidedDistributions)
		if err != nil {
			return nil, nil, err
		}
		lines = append(lines, reqs...)
		where, _ = filepath.Rel(pluginDir, plan.Requirements)
	}
	tmp, err := os.MkdirTemp("", "mmpy-test-req-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	req := filepath.Join(tmp, "requirements.txt")
	if err := os.WriteFile(req, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return nil, nil, err
	}
	opts := deps.Options{
		PythonVersion: fmt.Sprintf("%d.%d", bundle.InterpreterVersion[0], bundle.InterpreterVersion[1]),
		Provided:      bundle.ProvidedDistributions,
		Progress:      func(s string) { say("%s", s) },
	}
	res, err := deps.Resolve(ctx, req, opts)
	if err != nil {
		var ne *deps.NativeError
		if errors.As(err, &ne) && where != "" {
			return nil, nil, fmt.Errorf("%s: %w", where, err)
		}
		if where != "" {
			return nil, nil, fmt.Errorf("resolving pytest and %s: %w", where, err)
		}
		return nil, nil, fmt.Errorf("resolving pytest: %w", err)
	}
	// memfs files seek (tokenize, linecache and package data need it; the
	// files of a zip.Reader do not).
	if site, err = memfs.FromZip(res.Zip); err != nil {
		return nil, nil, fmt.Errorf("test packages: %w", err)
	}
	if plan.Mode == manifest.ModeVenv {
		vr, err := deps.FromVenv(ctx, plan.Venv, opts)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: server.python.venv_path: %w", filepath.Base(m.File), err)
		}
		if len(vr.Zip) == 0 { // an empty venv
			return site, nil, nil
		}
		if venv, err = memfs.FromZip(vr.Zip); err != nil {
			return nil, nil, fmt.Errorf("venv packages: %w", err)
		}
	}
	return site, venv, nil
}
