//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmpy/mmpy/internal/syncbuf"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The mmpy CLI, built once per test process into the server's temp dir.
var cli struct {
	once sync.Once
	path string
	err  error
}

func mmpyBinary(t *testing.T) string {
	t.Helper()
	cli.once.Do(func() {
		root, err := RepoRoot()
		if err != nil {
			cli.err = err
			return
		}
		out := filepath.Join(srv.Dir, "bin", "mmpy")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		start := time.Now()
		if _, err := runGo(ctx, root, goEnv(), "build", "-o", out, "./cmd/mmpy"); err != nil {
			cli.err = err
			return
		}
		t.Logf("built %s in %s", out, time.Since(start).Round(time.Millisecond))
		cli.path = out
	})
	require.NoError(t, cli.err, "build cmd/mmpy")
	return cli.path
}

// cliResult is the outcome of one mmpy run.
type cliResult struct {
	stdout, stderr string
	err            error
}

// mmpy runs the CLI from the repo root with MM_* cleared (the connection is
// given by flags) and returns its output.
func mmpy(t *testing.T, timeout time.Duration, args ...string) cliResult {
	t.Helper()
	cmd := mmpyCommand(t, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := runWithTimeout(cmd, timeout)
	t.Logf("mmpy %s (%s, err %v)\n--- stdout\n%s--- stderr\n%s", strings.Join(args, " "),
		time.Since(start).Round(time.Millisecond), err, stdout.String(), stderr.String())
	return cliResult{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

func mmpyCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	root, err := RepoRoot()
	require.NoError(t, err)
	cmd := exec.Command(mmpyBinary(t), args...)
	cmd.Dir = root
	cmd.Env = serverEnv() // without MM_*
	return cmd
}

func runWithTimeout(cmd *exec.Cmd, timeout time.Duration) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		_ = cmd.Process.Kill()
		<-done
		return context.DeadlineExceeded
	}
}

// pythonForTests returns a Python with pytest: $MMPY_PY, else the one
// tools/pyenv.sh provides.
func pythonForTests(t *testing.T) string {
	t.Helper()
	if py := os.Getenv("MMPY_PY"); py != "" {
		return py
	}
	root, err := RepoRoot()
	require.NoError(t, err)
	out, err := exec.Command("bash", "-c", `source "$1/tools/pyenv.sh" >&2 && printf %s "$MMPY_PY"`, "_", root).Output()
	require.NoError(t, err, "source tools/pyenv.sh")
	require.NotEmpty(t, out)
	return string(out)
}

// TestCLIScaffoldToServer is the author's round trip with the CLI against the
// real server over its local-mode socket: mmpy new, the scaffold's pytest,
// mmpy deploy (bundles the folder), mmpy logs shows the activation line,
// mmpy logs --follow sees the deactivation that mmpy disable causes.
func TestCLIScaffoldToServer(t *testing.T) {
	ctx := t.Context()
	root, err := RepoRoot()
	require.NoError(t, err)
	const id = "com.mmpy.e2e.scaffold"
	dir := filepath.Join(t.TempDir(), "e2e-scaffold")
	sock := []string{"--socket", srv.SocketPath}

	// mmpy new.
	r := mmpy(t, 2*time.Minute, "new", dir, "--id", id, "--name", "E2E Scaffold")
	require.NoError(t, r.err, r.stderr)
	assert.Contains(t, r.stdout, "created "+dir)

	// The scaffold's own test, natively with the SDK from this repo.
	py := exec.Command(pythonForTests(t), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
	py.Dir = dir
	py.Env = append(os.Environ(), "PYTHONPATH="+filepath.Join(root, "sdk", "src"))
	out, err := py.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "1 passed")

	// mmpy deploy DIR: bundle, upload, enable, wait for running.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = srv.DisablePlugin(ctx, id)
		if err := srv.RemovePlugin(ctx, id); err != nil {
			t.Logf("remove %s: %v", id, err)
		}
	})
	r = mmpy(t, 5*time.Minute, append([]string{"deploy", dir}, sock...)...)
	require.NoError(t, r.err, r.stderr)
	assert.Contains(t, r.stdout, "deployed "+id+" 0.1.0: running")
	assert.Contains(t, r.stderr, "[bundle] bundling "+id)
	assert.Contains(t, r.stderr, "[deploy] uploading")
	assert.Contains(t, r.stderr, "local mode", "over the socket the status comes from the active list")
	st, err := srv.PluginStatus(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, model.PluginStateRunning, st.State, "state %s: %s", PluginStateName(st.State), st.Error)

	// mmpy logs: the activation line, formatted.
	srv.WaitForLog(t, id, "E2E Scaffold activated on Mattermost", logTimeout)
	r = mmpy(t, time.Minute, append([]string{"logs", dir}, sock...)...)
	require.NoError(t, r.err, r.stderr)
	version, err := srv.Version(ctx)
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \S+ info  E2E Scaffold activated on Mattermost `+regexp.QuoteMeta(version), r.stdout)
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		assert.NotContains(t, l, "plugin_id=", "the plugin id is the filter, not printed")
	}

	// mmpy logs --follow, then mmpy disable: the deactivation line arrives.
	follow := mmpyCommand(t, append([]string{"logs", id, "--follow", "--interval", "300ms", "-n", "1"}, sock...)...)
	var fout, ferr syncBuffer
	follow.Stdout, follow.Stderr = &fout, &ferr
	require.NoError(t, follow.Start())
	followDone := make(chan error, 1)
	go func() { followDone <- follow.Wait() }()
	defer func() {
		if follow.ProcessState == nil {
			_ = follow.Process.Kill()
		}
	}()
	require.Eventually(t, func() bool { return strings.Contains(ferr.String(), "following "+id) },
		30*time.Second, 100*time.Millisecond, "stderr: %s", ferr.String())

	r = mmpy(t, 2*time.Minute, append([]string{"disable", id}, sock...)...)
	require.NoError(t, r.err, r.stderr)
	assert.Equal(t, "disabled "+id+"\n", r.stdout)
	assert.Eventually(t, func() bool { return strings.Contains(fout.String(), "E2E Scaffold deactivated") },
		logTimeout, 200*time.Millisecond, "logs --follow output:\n%s\nstderr:\n%s", fout.String(), ferr.String())
	require.NoError(t, follow.Process.Signal(os.Interrupt))
	select {
	case err := <-followDone:
		assert.NoError(t, err, "Ctrl-C ends logs --follow with status 0")
	case <-time.After(15 * time.Second):
		t.Fatal("logs --follow did not stop on SIGINT")
	}
	t.Logf("logs --follow printed:\n%s", fout.String())

	st, err = srv.PluginStatus(ctx, id)
	require.NoError(t, err)
	assert.NotEqual(t, model.PluginStateRunning, st.State)
}

// TestCLIDeployBrokenPlugin deploys a plugin that raises at import, over the
// local socket (no statuses: the server's "Unable to activate plugin" log
// line tells) and with a token over TCP (the statuses tell): deploy must exit
// non-zero and print the server's error with the traceback.
func TestCLIDeployBrokenPlugin(t *testing.T) {
	const id = "com.mmpy.e2e.broken-import"
	for _, tc := range []struct {
		name string
		conn []string
	}{
		{"socket", []string{"--socket", srv.SocketPath}},
		{"token", []string{"--url", srv.URL, "--token", fx.adminToken}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Cleanup(func() {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				_ = srv.DisablePlugin(ctx, id)
				_ = srv.RemovePlugin(ctx, id)
			})
			r := mmpy(t, 5*time.Minute, append([]string{"deploy", "conformance/e2e/testdata/broken_import"}, tc.conn...)...)
			require.Error(t, r.err, "deploy of a broken plugin must fail")
			assert.Contains(t, r.stderr, "mmpy: plugin "+id+" did not start (state failed_to_start): mmpy: plugin "+id+" failed to start")
			assert.Contains(t, r.stderr, "--- server log of "+id+" since it was enabled ---")
			assert.Contains(t, r.stderr, "RuntimeError: boom at import", "the traceback reaches the author")
			assert.NotContains(t, r.stdout, "running")
		})
	}
}

// syncBuffer is written by one goroutine and read by another while it runs.
type syncBuffer = syncbuf.Buffer
