//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/openpgp"       //nolint:staticcheck // the server verifies with this package
	"golang.org/x/crypto/openpgp/armor" //nolint:staticcheck
)

// TestPythonOnInstall triggers OnInstall the one way a Mattermost server
// calls it: the first admin completes onboarding and picks a plugin from the
// marketplace (app.CompleteOnboarding installs it from the marketplace,
// enables it and calls OnInstall with the admin's user id).
//
// The marketplace is a local one (an httptest server speaking the
// marketplace's /api/v1/plugins), listing the oninstall plugin's bundle
// signed with a key made here; the key is added to the server's
// PluginSettings.SignaturePublicKeyFiles over the local-mode socket, as an
// admin does with `mmctl plugin add key`. The server downloads the bundle,
// verifies the signature, installs and starts it; the Python handler calls
// the API back (get_user, ensure_bot, get_direct_channel, create_post,
// kv_set_json) and the test checks all of it over REST.
func TestPythonOnInstall(t *testing.T) {
	ctx := t.Context()
	const id = "com.mmpy.e2e.oninstall"
	bundlePath := pythonBundle(t, "conformance/e2e/testdata/oninstall", "oninstall.tar.gz")
	bundle, err := os.ReadFile(bundlePath)
	require.NoError(t, err)

	// A signing key, its public half where the server reads config files.
	entity, err := openpgp.NewEntity("mmpy e2e marketplace", "", "e2e@mmpy.invalid", nil)
	require.NoError(t, err)
	var pub bytes.Buffer
	aw, err := armor.Encode(&pub, openpgp.PublicKeyType, nil)
	require.NoError(t, err)
	require.NoError(t, entity.Serialize(aw))
	require.NoError(t, aw.Close())
	const keyFile = "mmpy-e2e-marketplace.asc"
	require.NoError(t, os.WriteFile(filepath.Join(filepath.Dir(srv.ConfigPath), keyFile), pub.Bytes(), 0o644))
	var sig bytes.Buffer
	require.NoError(t, openpgp.DetachSign(&sig, entity, bytes.NewReader(bundle), nil))

	// The marketplace.
	var manifest model.Manifest
	root, err := RepoRoot()
	require.NoError(t, err)
	manifestJSON, err := os.ReadFile(filepath.Join(root, "conformance/e2e/testdata/oninstall/plugin.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(manifestJSON, &manifest))
	var mu sync.Mutex
	var served []string
	mux := http.NewServeMux()
	var market *httptest.Server
	mux.HandleFunc("GET /api/v1/plugins", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served = append(served, "list "+r.URL.Query().Get("plugin_id"))
		mu.Unlock()
		list := []*model.BaseMarketplacePlugin{}
		if pid := r.URL.Query().Get("plugin_id"); pid == "" || pid == id {
			list = append(list, &model.BaseMarketplacePlugin{
				HomepageURL: "https://mmpy.invalid/oninstall",
				DownloadURL: market.URL + "/bundles/oninstall.tar.gz",
				Signature:   base64.StdEncoding.EncodeToString(sig.Bytes()),
				Manifest:    &manifest,
			})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(list)
	})
	mux.HandleFunc("GET /bundles/oninstall.tar.gz", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served = append(served, "download")
		mu.Unlock()
		_, _ = w.Write(bundle)
	})
	market = httptest.NewServer(mux)
	t.Cleanup(market.Close)

	patchPluginSettings := func(ctx context.Context, settings map[string]any) {
		t.Helper()
		resp, err := srv.Local.Do(ctx, http.MethodPut, "/api/v4/config/patch", map[string]any{"PluginSettings": settings})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, "PUT /api/v4/config/patch: %s", resp.Body)
	}
	patchPluginSettings(ctx, map[string]any{
		"EnableMarketplace":        true,
		"EnableRemoteMarketplace":  true,
		"MarketplaceURL":           market.URL,
		"AllowInsecureDownloadURL": true,
		"SignaturePublicKeyFiles":  []string{keyFile},
	})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = srv.DisablePlugin(ctx, id)
		_ = srv.RemovePlugin(ctx, id)
		patchPluginSettings(ctx, map[string]any{
			"EnableMarketplace":        false,
			"EnableRemoteMarketplace":  false,
			"MarketplaceURL":           model.PluginSettingsDefaultMarketplaceURL,
			"AllowInsecureDownloadURL": false,
			"SignaturePublicKeyFiles":  []string{},
		})
	})

	// The admin completes onboarding, picking the plugin.
	admin := NewClient(srv.URL, fx.adminToken)
	var me model.User
	require.NoError(t, admin.DoJSON(ctx, http.MethodGet, "/api/v4/users/me", nil, &me))
	resp, err := admin.Do(ctx, http.MethodPost, "/api/v4/system/onboarding/complete", map[string]any{
		"organization":    "mmpy e2e",
		"install_plugins": []string{id},
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "POST /api/v4/system/onboarding/complete: %s", resp.Body)

	// The server installs and starts it in the background, then calls OnInstall.
	st, err := srv.WaitForPluginState(ctx, id, activateTimeout, model.PluginStateRunning,
		model.PluginStateFailedToStart, model.PluginStateFailedToStayRunning)
	require.NoError(t, err, "the marketplace served %v\n%s", served, srv.logTails())
	require.Equal(t, model.PluginStateRunning, st.State, "%s: %s\n%s", PluginStateName(st.State), st.Error, pluginLogTail(id))

	var seen struct {
		UserID    string `json:"user_id"`
		Username  string `json:"username"`
		PostID    string `json:"post_id"`
		ChannelID string `json:"channel_id"`
	}
	require.Eventually(t, func() bool {
		r, err := srv.Admin.PluginRequest(ctx, http.MethodGet, id, "/installed", nil)
		return err == nil && r.StatusCode == http.StatusOK && json.Unmarshal(r.Body, &seen) == nil
	}, 30*time.Second, 200*time.Millisecond, "OnInstall did not run\n%s", pluginLogTail(id))
	assert.Equal(t, me.Id, seen.UserID, "OnInstallEvent.user_id is the admin who completed onboarding")
	assert.Equal(t, me.Username, seen.Username, "get_user inside OnInstall")

	// The greeting the handler posted, read back as the admin.
	var post model.Post
	require.NoError(t, admin.DoJSON(ctx, http.MethodGet, "/api/v4/posts/"+seen.PostID, nil, &post))
	assert.Equal(t, "Thanks for installing me, @"+me.Username+"!", post.Message)
	assert.Equal(t, seen.ChannelID, post.ChannelId)
	var ch model.Channel
	require.NoError(t, admin.DoJSON(ctx, http.MethodGet, "/api/v4/channels/"+post.ChannelId, nil, &ch))
	assert.Equal(t, model.ChannelTypeDirect, ch.Type, "a direct message to the admin")
	assert.Contains(t, ch.Name, me.Id)

	mu.Lock()
	assert.Contains(t, served, "list "+id, "the server asked the marketplace for the plugin")
	assert.Contains(t, served, "download", "the server downloaded the bundle from the marketplace")
	mu.Unlock()

	lines, err := srv.LogLines(id)
	require.NoError(t, err)
	found := false
	for _, l := range lines {
		if strings.Contains(l.Msg, "OnInstall: installed by "+me.Id) {
			found = true
		}
	}
	assert.True(t, found, "the handler's log line reaches the server log\n%s", pluginLogTail(id))
}
