package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/require"
)

// fakeMM is a fake Mattermost server with the plugin and log endpoints that
// deploy, disable and logs use, served over TCP (with a token) or over a unix
// socket (local mode: no token, no /plugins/statuses, as the real server).
type fakeMM struct {
	t     *testing.T
	local bool
	token string

	mu       sync.Mutex
	requests []string // "METHOD /path"
	authz    []string // Authorization header of each request
	uploads  []fakeUpload
	plugins  map[string]*fakePlugin
	logLines []string // the server's log file, oldest first
	// activate decides the outcome of enabling a plugin: "" to run, else the
	// activation error.
	activate func(id string) string
	// uploadErr, if set, answers the upload with this status and AppError id.
	uploadErr *model.AppError
	// logsStatus, if set, answers GET /api/v4/logs with this status.
	logsStatus int

	// intercept, if set, may answer a request itself (returns true).
	intercept func(w http.ResponseWriter, r *http.Request) bool

	srv    *httptest.Server
	socket string
}

type fakeUpload struct {
	force    string
	filename string
	data     []byte
}

type fakePlugin struct {
	manifest model.Manifest
	state    int
	err      string
}

func newFakeMM(t *testing.T, local bool) *fakeMM {
	f := &fakeMM{t: t, local: local, plugins: map[string]*fakePlugin{}}
	if !local {
		f.token = "admintoken"
	}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	if local {
		dir, err := os.MkdirTemp("", "mmsock") // short: socket paths are limited to ~108 bytes
		require.NoError(t, err)
		t.Cleanup(func() { os.RemoveAll(dir) })
		f.socket = filepath.Join(dir, "mm.sock")
		l, err := net.Listen("unix", f.socket)
		require.NoError(t, err)
		f.srv.Listener.Close()
		f.srv.Listener = l
	}
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

// conn returns the flags that reach this server.
func (f *fakeMM) conn() connFlags {
	if f.local {
		return connFlags{socket: f.socket}
	}
	return connFlags{url: f.srv.URL, token: f.token}
}

func (f *fakeMM) log(level, msg, pluginID string, kv ...any) {
	fields := map[string]any{"timestamp": time.Now().UTC().Format("2006-01-02 15:04:05.000 Z"), "level": level, "msg": msg, "caller": "app/plugin.go:1"}
	if pluginID != "" {
		fields["plugin_id"] = pluginID
	}
	for i := 0; i+1 < len(kv); i += 2 {
		fields[kv[i].(string)] = kv[i+1]
	}
	data, _ := json.Marshal(fields)
	f.mu.Lock()
	f.logLines = append(f.logLines, string(data))
	f.mu.Unlock()
}

func (f *fakeMM) requestList() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

func (f *fakeMM) uploadList() []fakeUpload {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeUpload(nil), f.uploads...)
}

func (f *fakeMM) authzList() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.authz...)
}

func (f *fakeMM) appError(w http.ResponseWriter, status int, id, msg string) {
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"id": id, "message": msg, "status_code": status})
}

func (f *fakeMM) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path)
	f.authz = append(f.authz, r.Header.Get("Authorization"))
	intercept := f.intercept
	f.mu.Unlock()
	if intercept != nil && intercept(w, r) {
		return
	}
	if !f.local && r.Header.Get("Authorization") != "Bearer "+f.token {
		f.appError(w, http.StatusUnauthorized, "api.context.session_expired.app_error", "Invalid or expired session, please login again.")
		return
	}
	path := r.URL.Path
	switch {
	case r.Method == http.MethodPost && path == "/api/v4/plugins":
		f.upload(w, r)
	case r.Method == http.MethodGet && path == "/api/v4/plugins/statuses":
		if f.local {
			http.NotFound(w, r) // local mode does not route it
			return
		}
		f.mu.Lock()
		var sts model.PluginStatuses
		for id, p := range f.plugins {
			sts = append(sts, &model.PluginStatus{PluginId: id, State: p.state, Error: p.err, Version: p.manifest.Version})
		}
		f.mu.Unlock()
		_ = json.NewEncoder(w).Encode(sts)
	case r.Method == http.MethodGet && path == "/api/v4/plugins":
		resp := model.PluginsResponse{Active: []*model.PluginInfo{}, Inactive: []*model.PluginInfo{}}
		f.mu.Lock()
		for _, p := range f.plugins {
			if p.state == model.PluginStateRunning {
				resp.Active = append(resp.Active, &model.PluginInfo{Manifest: p.manifest})
			} else {
				resp.Inactive = append(resp.Inactive, &model.PluginInfo{Manifest: p.manifest})
			}
		}
		f.mu.Unlock()
		_ = json.NewEncoder(w).Encode(resp)
	case r.Method == http.MethodPost && strings.HasPrefix(path, "/api/v4/plugins/") && strings.HasSuffix(path, "/enable"):
		id := strings.TrimSuffix(strings.TrimPrefix(path, "/api/v4/plugins/"), "/enable")
		f.mu.Lock()
		p := f.plugins[id]
		f.mu.Unlock()
		if p == nil {
			f.appError(w, http.StatusNotFound, "app.plugin.not_installed.app_error", "Plugin is not installed.")
			return
		}
		reason := ""
		if f.activate != nil {
			reason = f.activate(id)
		}
		f.log("info", "plugin stderr line", id, "source", "plugin_stderr")
		f.mu.Lock()
		if reason == "" {
			p.state, p.err = model.PluginStateRunning, ""
		} else {
			p.state, p.err = model.PluginStateFailedToStart, reason
		}
		f.mu.Unlock()
		if reason != "" {
			f.log("error", "Unable to activate plugin", id, "error", reason)
		} else {
			f.log("info", "My plugin activated on Mattermost 11.4.0", id)
		}
		_, _ = w.Write([]byte(`{"status":"OK"}`))
	case r.Method == http.MethodPost && strings.HasPrefix(path, "/api/v4/plugins/") && strings.HasSuffix(path, "/disable"):
		id := strings.TrimSuffix(strings.TrimPrefix(path, "/api/v4/plugins/"), "/disable")
		f.mu.Lock()
		p := f.plugins[id]
		if p != nil {
			p.state = model.PluginStateNotRunning
		}
		f.mu.Unlock()
		if p == nil {
			f.appError(w, http.StatusNotFound, "app.plugin.not_installed.app_error", "Plugin is not installed.")
			return
		}
		_, _ = w.Write([]byte(`{"status":"OK"}`))
	case r.Method == http.MethodGet && path == "/api/v4/logs":
		if f.logsStatus != 0 {
			f.appError(w, f.logsStatus, "api.admin.file_read_error", "Error reading log file.")
			return
		}
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		per, err := strconv.Atoi(r.URL.Query().Get("logs_per_page"))
		if err != nil || per > 10000 {
			per = 10000
		}
		f.mu.Lock()
		all := append([]string(nil), f.logLines...)
		f.mu.Unlock()
		// As the server: the newest lines first, page by page, each page
		// returned oldest first; every line but the file's first keeps the
		// newline before it.
		end := len(all) - page*per
		start := max(0, end-per)
		out := []string{}
		for i := start; i < end && i >= 0; i++ {
			l := all[i]
			if i > 0 {
				l = "\n" + l
			}
			out = append(out, l)
		}
		_ = json.NewEncoder(w).Encode(out)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeMM) upload(w http.ResponseWriter, r *http.Request) {
	if f.uploadErr != nil {
		f.appError(w, f.uploadErr.StatusCode, f.uploadErr.Id, f.uploadErr.Message)
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	files := r.MultipartForm.File["plugin"]
	if len(files) != 1 {
		f.appError(w, http.StatusBadRequest, "api.plugin.upload.no_file.app_error", "Missing file in multipart/form request.")
		return
	}
	fh, _ := files[0].Open()
	data, _ := io.ReadAll(fh)
	fh.Close()
	up := fakeUpload{force: r.FormValue("force"), filename: files[0].Filename, data: data}
	m, err := manifestOfBundle(data)
	if err != nil {
		f.appError(w, http.StatusBadRequest, "app.plugin.manifest.app_error", err.Error())
		return
	}
	f.mu.Lock()
	f.uploads = append(f.uploads, up)
	f.plugins[m.Id] = &fakePlugin{manifest: *m}
	f.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(m)
}

func manifestOfBundle(data []byte) (*model.Manifest, error) {
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err != nil {
			return nil, fmt.Errorf("no plugin.json: %v", err)
		}
		if filepath.Base(h.Name) == "plugin.json" {
			var m model.Manifest
			if err := json.NewDecoder(tr).Decode(&m); err != nil {
				return nil, err
			}
			return &m, nil
		}
	}
}

// writeTestBundle writes a minimal bundle (top folder ID/, plugin.json).
func writeTestBundle(t *testing.T, id string) string {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	mj, _ := json.Marshal(map[string]any{"id": id, "name": id, "version": "0.1.0"})
	require.NoError(t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: id + "/", Mode: 0o755}))
	require.NoError(t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: id + "/plugin.json", Mode: 0o644, Size: int64(len(mj))}))
	_, _ = tw.Write(mj)
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	p := filepath.Join(t.TempDir(), id+".tar.gz")
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	return p
}

// fakeRuntime makes a runtime directory with the files bundle.Build checks.
func fakeRuntime(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, rel := range []string{"python.wasm", "lib/python313.zip", "lib/mmpy-site.zip", "shim/mmpy-shim-linux-amd64", "shim/mmpy-shim-linux-arm64"} {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("fake "+rel), 0o755))
	}
	return dir
}

// clearConnEnv makes the connection environment empty and points the default
// socket somewhere that does not exist.
func clearConnEnv(t *testing.T) {
	t.Setenv(envSocket, filepath.Join(t.TempDir(), "absent.sock"))
	t.Setenv(envURL, "")
	t.Setenv(envToken, "")
}
