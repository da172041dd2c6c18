//go:build e2e

package e2e

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Timeouts of the plugin tests. A Python plugin compiles its interpreter on
// first start, so activation gets a generous bound.
const (
	activateTimeout = 90 * time.Second
	logTimeout      = 30 * time.Second
)

// helloPlugin describes a plugin with the behaviour of examples/hello_python:
// it logs "Server version: <v>" on activation, rejects posts containing
// "badword" with the reason "Message blocked", answers /hello with the
// ephemeral text "Hello from Python!" and logs deactivatedLog when disabled.
type helloPlugin struct {
	// bundle returns the path of the plugin's bundle.
	bundle         func(t *testing.T) string
	deactivatedLog string
}

// The same assertions run against the Go reference plugin and the Python
// example: the Go one proves the harness and the assertions, the Python one
// proves mmpy.
var (
	goRefPlugin = helloPlugin{
		bundle:         goRefBundle,
		deactivatedLog: "Go reference plugin deactivated",
	}
	pythonHelloPlugin = helloPlugin{
		bundle: func(t *testing.T) string {
			if p := os.Getenv("MMPY_E2E_BUNDLE"); p != "" {
				t.Logf("using MMPY_E2E_BUNDLE=%s", p)
				return p
			}
			return pythonBundle(t, "examples/hello_python", "hello_python.tar.gz")
		},
		deactivatedLog: "Hello Python plugin deactivated!",
	}
)

func TestGoReferencePlugin(t *testing.T) {
	runHelloPlugin(t, goRefPlugin)
}

func TestPythonHelloPlugin(t *testing.T) {
	runHelloPlugin(t, pythonHelloPlugin)
}

// runHelloPlugin installs, enables, exercises and disables a hello plugin.
func runHelloPlugin(t *testing.T, p helloPlugin) {
	ctx := t.Context()
	m := installPlugin(t, p.bundle(t))
	id := m.Id
	t.Logf("installed %s %s", id, m.Version)

	mark := srv.LogMark()
	t0 := time.Now()
	require.NoError(t, srv.EnablePlugin(ctx, id))
	requireRunning(t, id)
	// Measurements for the issue notes (not assertions: this machine is noisy).
	t.Logf("measure: %s enable -> running (OnActivate done) %d ms; plugin process RSS %.1f MB",
		id, time.Since(t0).Milliseconds(), float64(srv.PluginRSS(id))/(1<<20))

	t.Run("activation logs the server version", func(t *testing.T) {
		l := srv.WaitForLogSince(t, mark, id, "Server version:", logTimeout)
		assert.Equal(t, id, l.PluginID)
		t.Logf("log: %s", l.Msg)
	})
	t.Run("post with badword is rejected", func(t *testing.T) {
		assertPostBlocked(t, "this message has a badword in it")
	})
	t.Run("normal post is created", func(t *testing.T) {
		assertPostCreated(t, "hello, a perfectly normal message")
	})
	t.Run("/hello answers", func(t *testing.T) {
		cr, err := srv.ExecuteCommand(ctx, fx.userToken, fx.channelID, "/hello")
		require.NoError(t, err)
		assert.Equal(t, "Hello from Python!", cr.Text)
		assert.Equal(t, model.CommandResponseTypeEphemeral, cr.ResponseType)
	})
	t.Run("disable logs deactivation", func(t *testing.T) {
		mark := srv.LogMark()
		require.NoError(t, srv.DisablePlugin(ctx, id))
		srv.WaitForLogSince(t, mark, id, p.deactivatedLog, logTimeout)
		st, err := srv.PluginStatus(ctx, id)
		require.NoError(t, err)
		assert.NotEqual(t, model.PluginStateRunning, st.State, "state %s", PluginStateName(st.State))
	})
}

// TestPythonBrokenPlugin enables a Python plugin whose module raises at
// import: enabling must fail, the traceback must reach the server log, and
// the Go reference plugin, enabled before, must keep working.
func TestPythonBrokenPlugin(t *testing.T) {
	ctx := t.Context()
	ref := installPlugin(t, goRefBundle(t))
	require.NoError(t, srv.EnablePlugin(ctx, ref.Id))
	requireRunning(t, ref.Id)
	assertPostBlocked(t, "badword before the broken plugin")

	broken := installPlugin(t, pythonBundle(t, "conformance/e2e/testdata/broken_import", "broken_import.tar.gz"))
	mark := srv.LogMark()
	enableErr := srv.EnablePlugin(ctx, broken.Id)
	t.Logf("enable %s: %v", broken.Id, enableErr)
	st, waitErr := srv.WaitForPluginState(ctx, broken.Id, activateTimeout,
		model.PluginStateFailedToStart, model.PluginStateFailedToStayRunning)
	require.NotNil(t, st, "no status for %s: %v", broken.Id, waitErr)
	t.Logf("status of %s: %s (%q)", broken.Id, PluginStateName(st.State), st.Error)
	assert.NotEqual(t, model.PluginStateRunning, st.State, "a plugin that raises at import must not run")
	assert.True(t, enableErr != nil || waitErr == nil,
		"enable must fail or the plugin must end up failed; state %s", PluginStateName(st.State))

	l := srv.WaitForLogSince(t, mark, broken.Id, "boom at import", logTimeout)
	t.Logf("traceback line: %s", l.Raw)

	// Containment: the Go plugin is untouched.
	refStatus, err := srv.PluginStatus(ctx, ref.Id)
	require.NoError(t, err)
	assert.Equal(t, model.PluginStateRunning, refStatus.State, "state %s", PluginStateName(refStatus.State))
	assertPostBlocked(t, "badword after the broken plugin")
	assertPostCreated(t, "a normal message after the broken plugin")
}

// installPlugin uploads a bundle and removes the plugin when the test ends.
func installPlugin(t *testing.T, bundle string) *model.Manifest {
	t.Helper()
	m, err := srv.UploadPlugin(t.Context(), bundle)
	require.NoError(t, err, "upload %s", bundle)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = srv.DisablePlugin(ctx, m.Id)
		if err := srv.RemovePlugin(ctx, m.Id); err != nil {
			t.Logf("remove %s: %v", m.Id, err)
		}
	})
	return m
}

// requireRunning waits for the plugin to leave the starting state and
// requires it to be running.
func requireRunning(t *testing.T, id string) {
	t.Helper()
	st, err := srv.WaitForPluginState(t.Context(), id, activateTimeout, model.PluginStateRunning,
		model.PluginStateFailedToStart, model.PluginStateFailedToStayRunning)
	require.NoError(t, err)
	require.Equal(t, model.PluginStateRunning, st.State,
		"plugin %s is %s: %s\n%s", id, PluginStateName(st.State), st.Error, pluginLogTail(id))
}

func assertPostBlocked(t *testing.T, message string) {
	t.Helper()
	res, err := srv.CreatePost(t.Context(), fx.userToken, fx.channelID, message)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode, "body: %s", res.Body)
	assert.Contains(t, res.ErrorText(), "Message blocked")
}

func assertPostCreated(t *testing.T, message string) {
	t.Helper()
	res, err := srv.CreatePost(t.Context(), fx.userToken, fx.channelID, message)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, res.StatusCode, "body: %s", res.Body)
	assert.Equal(t, message, res.Post.Message)
}

// goRefBundle builds the Go reference plugin's bundle into the test's temp dir.
func goRefBundle(t *testing.T) string {
	t.Helper()
	start := time.Now()
	b, err := BuildGoRefBundle(t.Context(), t.TempDir())
	require.NoError(t, err)
	t.Logf("built %s in %s", filepath.Base(b), time.Since(start).Round(time.Millisecond))
	return b
}

// pythonBundle bundles a Python plugin (dir relative to the repo root) with
// cmd/mmpy into the test's temp dir.
func pythonBundle(t *testing.T, dir, name string) string {
	t.Helper()
	start := time.Now()
	b, err := BuildPythonBundle(t.Context(), dir, filepath.Join(t.TempDir(), name))
	require.NoError(t, err)
	t.Logf("bundled %s in %s", dir, time.Since(start).Round(time.Millisecond))
	return b
}

// pluginLogTail returns the plugin's last log lines, for failure messages.
func pluginLogTail(id string) string {
	lines, err := srv.LogLines(id)
	if err != nil {
		return err.Error()
	}
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	out := ""
	for _, l := range lines {
		out += l.Raw + "\n"
	}
	return out
}
