package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConnectErrorsNameWhatToSet(t *testing.T) {
	clearConnEnv(t)
	_, err := connect(connFlags{})
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "EnableLocalMode")
	assert.Contains(t, err.Error(), "MM_SERVICESETTINGS_SITEURL")
	assert.Contains(t, err.Error(), "MM_ADMIN_TOKEN")
	assert.Contains(t, err.Error(), "absent.sock", "names the socket it looked for")

	t.Setenv(envURL, "https://chat.example.com")
	_, err = connect(connFlags{})
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "MM_ADMIN_TOKEN")

	t.Setenv(envURL, "")
	t.Setenv(envToken, "tok")
	_, err = connect(connFlags{})
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "MM_SERVICESETTINGS_SITEURL")

	_, err = connect(connFlags{url: "chat.example.com", token: "x"})
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "https://")

	notSock := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(notSock, nil, 0o644))
	_, err = connect(connFlags{socket: notSock})
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "not a socket")
}

func TestConnectPrefersTheSocketLikePluginctl(t *testing.T) {
	f := newFakeMM(t, true)
	t.Setenv(envSocket, f.socket)
	t.Setenv(envURL, "https://chat.example.com")
	t.Setenv(envToken, "tok")
	c, err := connect(connFlags{})
	require.NoError(t, err)
	assert.True(t, c.local)
	assert.Equal(t, "local socket "+f.socket, c.target)

	// Explicit --url/--token win; the env token fills in a missing --token.
	c, err = connect(connFlags{url: "http://127.0.0.1:1/"})
	require.NoError(t, err)
	assert.False(t, c.local)
	assert.Equal(t, "http://127.0.0.1:1", c.base)
	assert.Equal(t, "tok", c.token)

	// Without a socket, the environment's URL and token.
	t.Setenv(envSocket, filepath.Join(t.TempDir(), "absent.sock"))
	c, err = connect(connFlags{})
	require.NoError(t, err)
	assert.Equal(t, "https://chat.example.com", c.base)
}

func TestDeployBundleOverLocalSocket(t *testing.T) {
	f := newFakeMM(t, true)
	clearConnEnv(t)
	b := writeTestBundle(t, "com.example.sock")
	var out, errOut bytes.Buffer
	res, err := deploy(t.Context(), &out, &errOut, b, deployOptions{conn: f.conn(), poll: 10 * time.Millisecond})
	require.NoError(t, err, errOut.String())
	assert.Equal(t, "com.example.sock", res.Manifest.Id)
	assert.Equal(t, "deployed com.example.sock 0.1.0: running\n", out.String())
	assert.Contains(t, errOut.String(), "[deploy] uploading com.example.sock.tar.gz")
	assert.Contains(t, errOut.String(), "local mode")

	reqs := f.requestList()
	assert.Contains(t, reqs, "POST /api/v4/plugins")
	assert.Contains(t, reqs, "POST /api/v4/plugins/com.example.sock/enable")
	assert.Contains(t, reqs, "GET /api/v4/plugins/statuses", "tries the statuses first")
	assert.Equal(t, "GET /api/v4/plugins", reqs[len(reqs)-1], "falls back to the active list")
	for _, a := range f.authzList() {
		assert.Empty(t, a, "no token over the socket")
	}
	ups := f.uploadList()
	require.Len(t, ups, 1)
	assert.Equal(t, "true", ups[0].force)
	assert.Equal(t, "com.example.sock.tar.gz", ups[0].filename)
	want, _ := os.ReadFile(b)
	assert.Equal(t, want, ups[0].data, "the bundle arrives intact")
}

func TestDeployFolderOverTokenBundlesFirst(t *testing.T) {
	f := newFakeMM(t, false)
	clearConnEnv(t)
	dir := filepath.Join(t.TempDir(), "tokplug")
	require.NoError(t, scaffold(dir, "com.example.tokplug", "", func(string) {}))
	var out, errOut bytes.Buffer
	_, err := deploy(t.Context(), &out, &errOut, dir, deployOptions{conn: f.conn(), runtime: fakeRuntime(t), poll: 10 * time.Millisecond})
	require.NoError(t, err, errOut.String())
	assert.Contains(t, errOut.String(), "[bundle] bundling com.example.tokplug 0.1.0")
	assert.Contains(t, out.String(), "deployed com.example.tokplug 0.1.0: running")
	reqs := f.requestList()
	assert.Equal(t, "GET /api/v4/plugins/statuses", reqs[len(reqs)-1], "statuses are served with a token")
	for _, a := range f.authzList() {
		assert.Equal(t, "Bearer admintoken", a)
	}
	ups := f.uploadList()
	require.Len(t, ups, 1)
	m, err := manifestOfBundle(ups[0].data)
	require.NoError(t, err)
	assert.Equal(t, "com.example.tokplug", m.Id)
}

func TestDeployActivationFailurePrintsTheServerError(t *testing.T) {
	const traceback = "Traceback (most recent call last):\n  File \"server/plugin.py\", line 3\nRuntimeError: boom at import"
	for _, local := range []bool{false, true} {
		name := map[bool]string{false: "token", true: "socket"}[local]
		t.Run(name, func(t *testing.T) {
			f := newFakeMM(t, local)
			clearConnEnv(t)
			f.activate = func(string) string { return "OnActivate failed: " + traceback }
			var out, errOut bytes.Buffer
			_, err := deploy(t.Context(), &out, &errOut, writeTestBundle(t, "com.example.broken"),
				deployOptions{conn: f.conn(), poll: 10 * time.Millisecond})
			var ae *ActivationError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "com.example.broken", ae.PluginID)
			assert.Equal(t, "failed_to_start", ae.State)
			assert.Contains(t, err.Error(), "RuntimeError: boom at import")
			assert.Empty(t, out.String())
			// The plugin's log lines since enabling, traceback included.
			assert.Contains(t, errOut.String(), "--- server log of com.example.broken since it was enabled ---")
			assert.Contains(t, errOut.String(), "plugin stderr line source=plugin_stderr")
			assert.Contains(t, errOut.String(), "Unable to activate plugin")
			assert.Contains(t, errOut.String(), "      RuntimeError: boom at import")
		})
	}
}

func TestDeployTimesOutWhenThePluginNeverRuns(t *testing.T) {
	f := newFakeMM(t, true)
	clearConnEnv(t)
	b := writeTestBundle(t, "com.example.slow")
	// The plugin is "enabled" but never becomes active and no error is logged.
	f.intercept = func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/enable") {
			_, _ = w.Write([]byte(`{"status":"OK"}`))
			return true
		}
		return false
	}
	var out, errOut bytes.Buffer
	_, err := deploy(t.Context(), &out, &errOut, b, deployOptions{conn: f.conn(), timeout: 300 * time.Millisecond,
		poll: 20 * time.Millisecond, progressEvery: 100 * time.Millisecond})
	var ae *ActivationError
	require.ErrorAs(t, err, &ae)
	assert.Contains(t, err.Error(), "not running after 300ms")
	assert.Contains(t, errOut.String(), "waiting for com.example.slow to run: not active")
}

func TestDeployUploadErrorsHaveHints(t *testing.T) {
	clearConnEnv(t)
	cases := []struct {
		err  *model.AppError
		want string
	}{
		{&model.AppError{StatusCode: 501, Id: "app.plugin.upload_disabled.app_error", Message: "Plugins and/or plugin uploads have been disabled."}, "PluginSettings.EnableUploads"},
		{&model.AppError{StatusCode: 413, Id: "api.plugin.upload.file_too_large.app_error", Message: "Unable to upload file. File is too large."}, "FileSettings.MaxFileSize"},
	}
	for _, tc := range cases {
		f := newFakeMM(t, true)
		f.uploadErr = tc.err
		_, err := deploy(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, writeTestBundle(t, "com.example.x"), deployOptions{conn: f.conn()})
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, tc.err.StatusCode, ae.StatusCode)
		assert.Contains(t, err.Error(), tc.err.Id)
		assert.Contains(t, err.Error(), tc.want)
	}

	// A wrong token.
	f := newFakeMM(t, false)
	_, err := deploy(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, writeTestBundle(t, "com.example.x"),
		deployOptions{conn: connFlags{url: f.srv.URL, token: "wrong"}})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusUnauthorized, ae.StatusCode)
	assert.Contains(t, err.Error(), "MM_ADMIN_TOKEN")
}

func TestDeployBadInput(t *testing.T) {
	clearConnEnv(t)
	f := newFakeMM(t, true)
	_, err := deploy(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, filepath.Join(t.TempDir(), "missing"), deployOptions{conn: f.conn()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "give a plugin folder or a bundle")

	txt := filepath.Join(t.TempDir(), "x.txt")
	require.NoError(t, os.WriteFile(txt, []byte("x"), 0o644))
	_, err = deploy(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, txt, deployOptions{conn: f.conn()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a plugin folder or a bundle")

	// A folder without a runtime: the bundle step says what to build.
	dir := filepath.Join(t.TempDir(), "p")
	require.NoError(t, scaffold(dir, "", "", func(string) {}))
	_, err = deploy(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, dir, deployOptions{conn: f.conn(), runtime: t.TempDir()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "make runtime")
	assert.Empty(t, f.requestList(), "nothing is sent on bad input")

	// Not a gzip: the server's error comes back.
	bad := filepath.Join(t.TempDir(), "bad.tar.gz")
	require.NoError(t, os.WriteFile(bad, []byte("not gzip"), 0o644))
	_, err = deploy(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, bad, deployOptions{conn: f.conn()})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusBadRequest, ae.StatusCode)
}

func TestStaleSocketSaysNothingListens(t *testing.T) {
	clearConnEnv(t)
	dir, err := os.MkdirTemp("", "mmsock")
	require.NoError(t, err)
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "mm.sock")
	l, err := net.Listen("unix", sock)
	require.NoError(t, err)
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	require.NoError(t, l.Close())
	root := newRoot()
	root.SetArgs([]string{"disable", "com.example.x", "--socket", sock})
	root.SetOut(&bytes.Buffer{})
	err = root.ExecuteContext(t.Context())
	var ce *ConnError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "nothing listens on it")
}

func TestDisableCommand(t *testing.T) {
	clearConnEnv(t)
	for _, local := range []bool{true, false} {
		f := newFakeMM(t, local)
		_, err := deploy(t.Context(), &bytes.Buffer{}, &bytes.Buffer{}, writeTestBundle(t, "com.example.dis"), deployOptions{conn: f.conn(), poll: 10 * time.Millisecond})
		require.NoError(t, err)

		args := []string{"disable", "com.example.dis"}
		if local {
			args = append(args, "--socket", f.socket)
		} else {
			args = append(args, "--url", f.srv.URL, "--token", f.token)
		}
		root := newRoot()
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetArgs(args)
		require.NoError(t, root.ExecuteContext(t.Context()))
		assert.Equal(t, "disabled com.example.dis\n", out.String())
		assert.Equal(t, "POST /api/v4/plugins/com.example.dis/disable", f.requestList()[len(f.requestList())-1])

		// Unknown plugin: 404 with a hint.
		root = newRoot()
		root.SetOut(&bytes.Buffer{})
		root.SetArgs(append([]string{"disable", "com.example.nope"}, args[2:]...))
		err = root.ExecuteContext(t.Context())
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, http.StatusNotFound, ae.StatusCode)
		assert.Contains(t, err.Error(), "is plugin com.example.nope installed?")
	}
}

func TestResolvePluginID(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rp")
	require.NoError(t, scaffold(dir, "com.example.fromdir", "", func(string) {}))
	id, err := resolvePluginID(dir)
	require.NoError(t, err)
	assert.Equal(t, "com.example.fromdir", id)

	id, err = resolvePluginID(writeTestBundle(t, "com.example.frombundle"))
	require.NoError(t, err)
	assert.Equal(t, "com.example.frombundle", id)

	id, err = resolvePluginID("com.example.plain")
	require.NoError(t, err)
	assert.Equal(t, "com.example.plain", id)

	for _, bad := range []string{"", "a", "no/such/dir", "bad id!"} {
		_, err := resolvePluginID(bad)
		assert.Error(t, err, bad)
	}
	_, err = resolvePluginID(t.TempDir())
	assert.ErrorContains(t, err, "no plugin.json")
	notGz := filepath.Join(t.TempDir(), "x.tar.gz")
	require.NoError(t, os.WriteFile(notGz, []byte("x"), 0o644))
	_, err = resolvePluginID(notGz)
	assert.ErrorContains(t, err, "not a gzip bundle")
}

func TestDeployInterruptedReturnsPromptly(t *testing.T) {
	f := newFakeMM(t, true)
	clearConnEnv(t)
	b := writeTestBundle(t, "com.example.intr")
	block := make(chan struct{})
	defer close(block)
	f.intercept = func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/enable") {
			select {
			case <-block:
			case <-r.Context().Done():
			}
			return true
		}
		return false
	}
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(200*time.Millisecond, cancel)
	t0 := time.Now()
	_, err := deploy(ctx, &bytes.Buffer{}, &bytes.Buffer{}, b, deployOptions{conn: f.conn()})
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
	assert.Less(t, time.Since(t0), 5*time.Second)
}
