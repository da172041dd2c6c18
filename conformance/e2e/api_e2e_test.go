//go:build e2e

package e2e

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tourStep is one entry of the apitour plugin's report.
type tourStep struct {
	OK        bool            `json:"ok"`
	Value     json.RawMessage `json:"value"`
	Error     string          `json:"error"`
	ErrorType string          `json:"error_type"`
	Status    int             `json:"status"`
	// RPCErrors is reported by the Go twin only: the "RPC call to X API
	// failed: …" lines the Go RPC client logged during the step (see
	// GoMissingMethod).
	RPCErrors []string `json:"rpc_errors"`
}

type tourReport struct {
	Results map[string]tourStep `json:"results"`
	Called  []string            `json:"called"`
}

// minTourMethods is the number of distinct plugin.API methods the tour must
// call.
const minTourMethods = 40

// missingMethod is in plugin.API (server/public v0.4.4) but neither on the
// 11.4 server of the e2e tests nor on 9.5: the tour calls it in step
// missingStep and expects an UnavailableError naming it (the Go twin: no
// error, the Go RPC client's "can't find method" line).
const (
	missingMethod = "RestoreChannel"
	missingStep   = "restore_channel:missing"
)

// tourPlugin says which of the two tours runs: the results of both are
// checked by the same assertions, except where a Go plugin cannot behave as
// an mmpy plugin does (a method newer than the server: see apiTourOnRealServer).
type tourPlugin string

const (
	pythonTour tourPlugin = "Python"
	goTour     tourPlugin = "Go"
)

// TestPythonAPITour runs the apitour plugin's tour of the plugin API on the
// real server (users, teams, channels, members, posts, reactions, files, KV,
// config, bots, preferences, commands, log, websocket) and checks each result
// against the server's REST API.
func TestPythonAPITour(t *testing.T) {
	apiTourOnRealServer(t, "com.mmpy.e2e.apitour",
		pythonBundle(t, "conformance/e2e/testdata/apitour", "apitour.tar.gz"), pythonTour)
}

// TestGoAPITour runs the same tour, implemented as an ordinary Go plugin
// (conformance/goref/apitour: the same calls, arguments, step names and
// reported values), through the same assertions: a Python plugin's API calls
// behave on the real server as a Go plugin's do.
func TestGoAPITour(t *testing.T) {
	start := time.Now()
	bundle, err := BuildGoBundle(t.Context(), "conformance/goref/apitour", t.TempDir())
	require.NoError(t, err)
	t.Logf("built %s in %s", bundle, time.Since(start).Round(time.Millisecond))
	apiTourOnRealServer(t, "com.mmpy.e2e.goapitour", bundle, goTour)
}

// apiTourOnRealServer installs the tour plugin id from bundle, runs its tour
// and checks every result against the REST API.
//
// The one difference allowed between the two plugins is a method newer than
// the server (RestoreChannel everywhere; GetUsersByIds and GetPluginID on
// 9.5): mmpy raises UnavailableError naming the method, the version that
// added it and the server's version (status 503), while the generated Go RPC
// client logs "RPC call to X API failed: rpc: can't find method Plugin.X"
// and returns zero values with a nil error. For the Go tour such a step must
// have succeeded with a zero value, have logged exactly that line (reported
// under rpc_errors, and present in the server's log) and name a method newer
// than the server. Everything else is asserted identically.
func apiTourOnRealServer(t *testing.T, id, bundle string, kind tourPlugin) {
	ctx := t.Context()
	m := installPlugin(t, bundle)
	require.Equal(t, id, m.Id)
	require.NoError(t, srv.EnablePlugin(ctx, m.Id))
	requireRunning(t, m.Id)
	rest := srv.Admin

	// Objects of this test, made over REST.
	sfx := randomSuffix(t)
	const password = "Passw0rd!tour-Passw0rd"
	user, err := srv.CreateUser(ctx, "tour-user-"+sfx, password, false)
	require.NoError(t, err)
	admin, err := srv.CreateUser(ctx, "tour-admin-"+sfx, password, true)
	require.NoError(t, err)
	team, err := srv.CreateTeam(ctx, "tour-team-"+sfx)
	require.NoError(t, err)
	ch, err := srv.CreateChannel(ctx, team.Id, "tour-channel-"+sfx)
	require.NoError(t, err)
	require.NoError(t, srv.AddMembers(ctx, team.Id, ch.Id, user.Id, admin.Id))
	userToken, err := srv.Login(ctx, user.Username, password)
	require.NoError(t, err)
	ws, err := srv.DialWebSocket(userToken)
	require.NoError(t, err)
	defer ws.Close()
	require.NotNil(t, ws.WaitForEvent(string(model.WebsocketEventHello), nil, 30*time.Second),
		"no hello on the websocket; events: %v", ws.EventTypes())

	fileData := make([]byte, 70_000) // random bytes, every byte value among them
	_, err = rand.Read(fileData)
	require.NoError(t, err)
	for i := range 256 {
		fileData[i] = byte(i)
	}

	mark := srv.LogMark()
	start := time.Now()
	resp, err := rest.PluginRequest(ctx, http.MethodPost, m.Id, "/tour", map[string]string{
		"user_id": user.Id, "admin_id": admin.Id, "team_id": team.Id, "channel_id": ch.Id,
		"suffix": sfx, "file_b64": base64.StdEncoding.EncodeToString(fileData),
	})
	require.NoError(t, err)
	tourDone := time.Now()
	var rep tourReport
	require.NoError(t, resp.JSONBody(&rep), "tour answer\n%s", pluginLogTail(m.Id))
	t.Logf("%s tour: %d steps, %d distinct plugin.API methods, %d ms", kind, len(rep.Results), len(rep.Called),
		tourDone.Sub(start).Milliseconds())
	// Both tours run the steps of the Python source, no more, no fewer.
	assert.Equal(t, pythonTourSteps(t), sortedKeys(rep.Results), "the %s tour's steps", kind)

	// Every step succeeded except the one that must fail and, on an older
	// server (MMPY_E2E_SERVER=9.5), those calling a method that came after the
	// server's version: they must raise UnavailableError naming the method,
	// the version that added it (as abi/interface.json dates it) and the
	// server's version (Python), or return zero values and log the RPC
	// client's "can't find method" line (Go).
	serverVersion, err := srv.Version(ctx)
	require.NoError(t, err)
	unavailable := map[string]bool{} // steps and methods newer than the server
	for _, label := range sortedKeys(rep.Results) {
		r := rep.Results[label]
		if label == "get_user:not_found" || label == missingStep {
			continue
		}
		if kind == goTour && len(r.RPCErrors) > 0 {
			for _, method := range goMissingMethods(t, m.Id, mark, label, r) {
				wantMin, newer, err := MethodNewerThanServer(method, serverVersion)
				require.NoError(t, err)
				assert.True(t, newer, "step %s: %s (since %s) must work on server %s: %v", label, method, wantMin, serverVersion, r.RPCErrors)
				unavailable[label], unavailable[method] = true, true
				t.Logf("step %s: %s needs %s, this server is %s: the Go RPC client logged %q and returned %s",
					label, method, wantMin, serverVersion, r.RPCErrors, r.Value)
			}
			continue
		}
		if kind == pythonTour && !r.OK && r.ErrorType == "UnavailableError" {
			method, minVersion, server, ok := UnavailableMethod(r.Error)
			if assert.True(t, ok, "step %s: UnavailableError without method and versions: %s", label, r.Error) {
				wantMin, newer, err := MethodNewerThanServer(method, serverVersion)
				require.NoError(t, err)
				assert.True(t, newer, "step %s: %s (since %s) must work on server %s: %s", label, method, wantMin, serverVersion, r.Error)
				assert.Equal(t, wantMin, minVersion, r.Error)
				assert.Equal(t, serverVersion, server, r.Error)
				assert.Equal(t, http.StatusServiceUnavailable, r.Status, r.Error)
				unavailable[label], unavailable[method] = true, true
				t.Logf("step %s: %s needs %s, this server is %s: UnavailableError as expected", label, method, minVersion, server)
			}
			continue
		}
		assert.True(t, r.OK, "step %s failed: %s (%s, status %d)", label, r.Error, r.ErrorType, r.Status)
	}
	// val decodes a step's value (the step must exist and have succeeded).
	val := func(label string, out any) bool {
		t.Helper()
		r, ok := rep.Results[label]
		if !assert.True(t, ok, "the tour has no step %s", label) || !r.OK {
			return false
		}
		return assert.NoError(t, json.Unmarshal(r.Value, out), "step %s value %s", label, r.Value)
	}
	str := func(label string) string {
		t.Helper()
		var s string
		val(label, &s)
		return s
	}
	strs := func(label string) []string {
		t.Helper()
		var s []string
		val(label, &s)
		return s
	}
	boolean := func(label string) bool {
		t.Helper()
		var b bool
		val(label, &b)
		return b
	}

	t.Run("methods are plugin.API methods", func(t *testing.T) {
		apiType := reflect.TypeOf((*plugin.API)(nil)).Elem()
		var worked []string
		for _, name := range rep.Called {
			_, ok := apiType.MethodByName(name)
			assert.True(t, ok, "%s is not a method of plugin.API", name)
			if name != missingMethod && !unavailable[name] {
				worked = append(worked, name)
			}
		}
		assert.GreaterOrEqual(t, len(worked), minTourMethods, "methods called: %v", worked)
		t.Logf("methods called (%d, %s and those newer than the server not counted): %s", len(worked), missingMethod, strings.Join(worked, " "))
	})

	t.Run("a method the server lacks is a clear error", func(t *testing.T) {
		r, ok := rep.Results[missingStep]
		require.True(t, ok, "the tour has no step %s", missingStep)
		// The call changed nothing: the channel it would restore is still archived.
		var arch model.Channel
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/channels/"+str("delete_channel:id"), &arch))
		assert.Positive(t, arch.DeleteAt, "%s did not run", missingMethod)
		if kind == goTour {
			// Go: no error, only the RPC client's log line (see apiTourOnRealServer).
			assert.Equal(t, []string{missingMethod}, goMissingMethods(t, m.Id, mark, missingStep, r))
			t.Logf("%s (Go): returned no error; logged %q", missingMethod, r.RPCErrors)
			return
		}
		assert.False(t, r.OK, "%s must raise on this server", missingMethod)
		assert.Equal(t, "UnavailableError", r.ErrorType, r.Error)
		assert.Equal(t, http.StatusServiceUnavailable, r.Status, r.Error)
		assert.Contains(t, r.Error, missingMethod, "the error names the method")
		assert.Contains(t, r.Error, str("get_server_version"), "the error names the server version")
		t.Logf("%s: %s", missingMethod, r.Error)
	})

	t.Run("server and config", func(t *testing.T) {
		var client map[string]string
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/config/client?format=old", &client))
		assert.Equal(t, client["Version"], str("get_server_version"))
		assert.Equal(t, client["DiagnosticId"], str("get_diagnostic_id"))
		assert.Equal(t, client["BuildEnterpriseReady"] == "true", boolean("is_enterprise_ready"))
		var lic map[string]string
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/license/client?format=old", &lic))
		assert.Equal(t, "false", lic["IsLicensed"])
		assert.True(t, boolean("get_license"), "get_license returns None on an unlicensed server")
		var installed int64
		if val("get_system_install_date", &installed) {
			assert.Positive(t, installed)
			assert.LessOrEqual(t, installed, time.Now().UnixMilli())
		}
		if !unavailable["get_plugin_id"] { // GetPluginID: 10.1
			assert.Equal(t, m.Id, str("get_plugin_id"))
		}
		if p := str("get_bundle_path"); assert.NotEmpty(t, p) {
			_, err := os.Stat(filepath.Join(p, "plugin.json"))
			assert.NoError(t, err, "the bundle path holds the manifest")
		}

		var cfg model.Config
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/config", &cfg))
		assert.Equal(t, srv.URL, str("get_config"))
		assert.Equal(t, *cfg.ServiceSettings.SiteURL, str("get_config"))
		assert.Equal(t, "Tour "+sfx, str("save_config"))
		assert.Equal(t, "Tour "+sfx, *cfg.TeamSettings.SiteName, "save_config reached the server")
		assert.Equal(t, sfx, str("get_plugin_config"))
		pcfg, ok := cfg.PluginSettings.Plugins[m.Id]
		if !ok {
			pcfg = cfg.PluginSettings.Plugins[strings.ToLower(m.Id)]
		}
		assert.Equal(t, sfx, pcfg["tour_value"], "save_plugin_config reached the server: %v", pcfg)
	})

	t.Run("users", func(t *testing.T) {
		var got struct{ Username, Email string }
		val("get_user:user", &got)
		assert.Equal(t, user.Username, got.Username)
		assert.Equal(t, user.Email, got.Email)
		nf := rep.Results["get_user:not_found"]
		assert.False(t, nf.OK, "get_user(\"invalid-id\") must raise")
		assert.Equal(t, "NotFoundError", nf.ErrorType, nf.Error)
		assert.Equal(t, http.StatusNotFound, nf.Status, nf.Error)
		assert.Equal(t, user.Id, str("get_user_by_username"))
		assert.Equal(t, user.Id, str("get_user_by_email"))
		if !unavailable["get_users_by_ids"] { // GetUsersByIds: 9.8
			assert.Equal(t, sorted(user.Id, admin.Id), strs("get_users_by_ids"))
		}
		assert.Equal(t, []string{user.Id}, strs("get_users_by_usernames"))

		var admins, inTeam, inChannel []model.User
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/users?per_page=200&role="+model.SystemAdminRoleId, &admins))
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/users?per_page=200&in_team="+team.Id, &inTeam))
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/users?per_page=200&in_channel="+ch.Id, &inChannel))
		assert.Equal(t, userIDs(admins), strs("get_users"), "get_users(role=system_admin)")
		assert.Contains(t, strs("get_users"), admin.Id)
		assert.Equal(t, userIDs(inTeam), strs("get_users_in_team"))
		assert.Equal(t, userIDs(inChannel), strs("get_users_in_channel"))
		assert.Contains(t, strs("search_users"), user.Id)

		var u model.User
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/users/"+user.Id, &u))
		assert.Equal(t, "nick-"+sfx, str("update_user"))
		assert.Equal(t, "nick-"+sfx, u.Nickname, "update_user reached the server")
		var st model.Status
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/users/"+user.Id+"/status", &st))
		assert.Equal(t, model.StatusDnd, st.Status, "update_user_status reached the server")
		assert.Equal(t, model.StatusDnd, str("update_user_status"))
		assert.Equal(t, model.StatusDnd, str("get_user_status"))
		var statuses map[string]string
		val("get_user_statuses_by_ids", &statuses)
		assert.Equal(t, map[string]string{user.Id: model.StatusDnd}, statuses)

		var perm map[string]bool
		val("has_permission_to", &perm)
		assert.Equal(t, map[string]bool{"user": false, "admin": true}, perm, "manage_system")
		assert.True(t, boolean("has_permission_to_team"))
		assert.True(t, boolean("has_permission_to_channel"))
	})

	t.Run("teams", func(t *testing.T) {
		assert.Equal(t, team.Name, str("get_team:name"))
		assert.Equal(t, team.Id, str("get_team_by_name"))
		var all []model.Team
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/teams?per_page=200", &all))
		assert.Subset(t, teamIDs(all), strs("get_teams"))
		assert.Contains(t, strs("get_teams"), team.Id)
		// The user was in one team when the tour asked.
		assert.Equal(t, []string{team.Id}, strs("get_teams_for_user"))

		newTeam := str("create_team:id")
		require.NotEmpty(t, newTeam)
		var nt model.Team
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/teams/"+newTeam, &nt))
		assert.Equal(t, "tour-"+sfx, nt.Name)
		assert.Equal(t, "Tour updated "+sfx, nt.DisplayName, "update_team reached the server")
		assert.Equal(t, "Tour updated "+sfx, str("update_team"))

		var tm model.TeamMember
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/teams/"+newTeam+"/members/"+user.Id, &tm),
			"create_team_member reached the server")
		assert.Zero(t, tm.DeleteAt)
		assert.Equal(t, user.Id, str("create_team_member"))
		assert.Equal(t, user.Id, str("get_team_member"))
		var members []model.TeamMember
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/teams/"+newTeam+"/members", &members))
		var memberIDs []string
		for _, mm := range members {
			memberIDs = append(memberIDs, mm.UserId)
		}
		assert.Equal(t, sorted(memberIDs...), strs("get_team_members"))
		var stats model.TeamStats
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/teams/"+newTeam+"/stats", &stats))
		var total int64
		val("get_team_stats", &total)
		assert.Equal(t, stats.TotalMemberCount, total)
	})

	t.Run("channels", func(t *testing.T) {
		assert.Equal(t, ch.Name, str("get_channel:name"))
		assert.Equal(t, ch.Id, str("get_channel_by_name"))
		assert.Equal(t, ch.Id, str("get_channel_by_name_for_team_name"))

		newCh := str("create_channel:id")
		require.NotEmpty(t, newCh)
		var nc model.Channel
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/channels/"+newCh, &nc))
		assert.Equal(t, "tour-"+sfx, nc.Name)
		assert.Equal(t, team.Id, nc.TeamId)
		assert.Equal(t, "header-"+sfx, nc.Header, "update_channel reached the server")
		assert.Equal(t, "header-"+sfx, str("update_channel"))

		var cm model.ChannelMember
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/channels/"+newCh+"/members/"+user.Id, &cm),
			"add_channel_member reached the server")
		assert.Equal(t, user.Id, str("add_channel_member"))
		assert.Equal(t, user.Id, str("get_channel_member"))
		var members []model.ChannelMember
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/channels/"+newCh+"/members", &members))
		var memberIDs []string
		for _, mm := range members {
			memberIDs = append(memberIDs, mm.UserId)
		}
		assert.Equal(t, sorted(memberIDs...), strs("get_channel_members"))
		var stats model.ChannelStats
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/channels/"+newCh+"/stats", &stats))
		var count int64
		val("get_channel_stats", &count)
		assert.Equal(t, stats.MemberCount, count)

		dm := str("get_direct_channel")
		var dmc model.Channel
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/channels/"+dm, &dmc))
		assert.Equal(t, model.ChannelTypeDirect, dmc.Type)
		assert.Contains(t, dmc.Name, user.Id)
		assert.Contains(t, dmc.Name, admin.Id)

		var forUser []model.Channel
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/users/"+user.Id+"/teams/"+team.Id+"/channels", &forUser))
		var want []string
		for _, c := range forUser {
			if c.Id != dm { // made after the tour asked
				want = append(want, c.Id)
			}
		}
		assert.Equal(t, sorted(want...), strs("get_channels_for_team_for_user"))
		var public []model.Channel
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/teams/"+team.Id+"/channels?per_page=200", &public))
		assert.Equal(t, channelIDs(public), strs("get_public_channels_for_team"))

		var arch model.Channel
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/channels/"+str("delete_channel:id"), &arch))
		assert.Positive(t, arch.DeleteAt, "delete_channel archived the channel")
	})

	t.Run("files", func(t *testing.T) {
		fileID := str("upload_file:id")
		require.NotEmpty(t, fileID)
		r, err := rest.Do(ctx, http.MethodGet, "/api/v4/files/"+fileID, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.StatusCode, string(r.Body))
		assert.True(t, bytes.Equal(fileData, r.Body), "REST serves the uploaded bytes (%d bytes, want %d)",
			len(r.Body), len(fileData))
		var got struct {
			SHA256 string `json:"sha256"`
			Equal  bool   `json:"equal"`
		}
		val("get_file", &got)
		sum := sha256.Sum256(fileData)
		assert.Equal(t, hex.EncodeToString(sum[:]), got.SHA256)
		assert.True(t, got.Equal, "get_file returned the uploaded bytes")
		var info model.FileInfo
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/files/"+fileID+"/info", &info))
		var pinfo struct {
			Name string `json:"name"`
			Size int64  `json:"size"`
		}
		val("get_file_info", &pinfo)
		assert.Equal(t, "tour-"+sfx+".bin", info.Name)
		assert.Equal(t, info.Name, pinfo.Name)
		assert.Equal(t, int64(len(fileData)), info.Size)
		assert.Equal(t, info.Size, pinfo.Size)

		var withFile model.Post
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/posts/"+str("create_post:with_file:id"), &withFile))
		assert.Equal(t, []string{fileID}, []string(withFile.FileIds))
	})

	t.Run("posts", func(t *testing.T) {
		postID := str("create_post:id")
		require.NotEmpty(t, postID)
		var p model.Post
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/posts/"+postID, &p))
		assert.Equal(t, "tour post "+sfx+" (edited)", p.Message, "update_post reached the server")
		assert.Equal(t, user.Id, p.UserId)
		assert.Equal(t, ch.Id, p.ChannelId)
		assert.Positive(t, p.EditAt)
		assert.Equal(t, "tour post "+sfx, str("get_post"))
		assert.Equal(t, "tour post "+sfx+" (edited)", str("update_post"))

		reply := str("create_post:reply:id")
		var thread model.PostList
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/posts/"+postID+"/thread", &thread))
		assert.Equal(t, sorted(thread.Order...), strs("get_post_thread"))
		assert.ElementsMatch(t, []string{postID, reply}, thread.Order)
		assert.Subset(t, strs("get_posts_for_channel"), []string{postID, reply})
		assert.Subset(t, strs("get_posts_since"), []string{postID, reply})

		r, err := rest.Do(ctx, http.MethodGet, "/api/v4/posts/"+str("delete_post:id"), nil)
		require.NoError(t, err)
		assert.Equal(t, http.StatusNotFound, r.StatusCode, "delete_post: the post is gone: %s", r.Body)
		eph := str("send_ephemeral_post")
		assert.NotEmpty(t, eph)
		r, err = rest.Do(ctx, http.MethodGet, "/api/v4/posts/"+eph, nil)
		require.NoError(t, err)
		assert.Equal(t, http.StatusNotFound, r.StatusCode, "an ephemeral post is not stored: %s", r.Body)
	})

	t.Run("reactions", func(t *testing.T) {
		postID := str("create_post:id")
		var reactions []model.Reaction
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/posts/"+postID+"/reactions", &reactions))
		var got []string
		for _, r := range reactions {
			got = append(got, r.UserId+":"+r.EmojiName)
		}
		assert.Equal(t, []string{user.Id + ":thumbsup"}, got, "add_reaction added, remove_reaction removed")
		assert.Equal(t, "thumbsup", str("add_reaction"))
		assert.Equal(t, []string{"thumbsup"}, strs("remove_reaction"))
		assert.Equal(t, got, strs("get_reactions"))
	})

	t.Run("kv", func(t *testing.T) {
		var plain map[string]any
		val("kv_set", &plain)
		assert.Equal(t, map[string]any{"equal": true, "listed": true, "after_delete": nil}, plain)
		var missing any = "not decoded"
		val("kv_get:missing", &missing)
		assert.Nil(t, missing)
		var cas, cad map[string]bool
		val("kv_compare_and_set", &cas)
		assert.Equal(t, map[string]bool{"mismatch": false, "match": true, "now_two": true}, cas)
		val("kv_compare_and_delete", &cad)
		assert.Equal(t, map[string]bool{"mismatch": false, "match": true, "gone": true}, cad)
		var atomic map[string]any
		val("kv_set_with_options", &atomic)
		assert.Equal(t, map[string]any{
			"set_if_absent": true, "set_if_absent_again": false,
			"old_value_mismatch": false, "old_value_match": true, "value": "v2",
		}, atomic)
		var exp map[string]string
		val("kv_set_with_expiry", &exp)
		assert.Equal(t, map[string]string{"expiry_now": "soon gone", "opts_now": "soon gone too"}, exp)

		// The keys set with a 1 s expiry are gone 2 s later; a key without one
		// stays.
		time.Sleep(time.Until(tourDone.Add(2500 * time.Millisecond)))
		kv := func(key string) (present bool, value string) {
			t.Helper()
			r, err := rest.PluginRequest(ctx, http.MethodGet, m.Id, "/kv?key="+key, nil)
			require.NoError(t, err)
			var out struct {
				Present bool   `json:"present"`
				Value   string `json:"value"`
			}
			require.NoError(t, r.JSONBody(&out))
			return out.Present, out.Value
		}
		present, _ := kv("tour:expiry")
		assert.False(t, present, "kv_set_with_expiry(1 s): gone after 2.5 s")
		present, _ = kv("tour:expiry-opts")
		assert.False(t, present, "kv_set_with_options(expire_in_seconds=1): gone after 2.5 s")
		present, value := kv("tour:atomic")
		assert.True(t, present)
		assert.Equal(t, "v2", value)
	})

	t.Run("bots", func(t *testing.T) {
		botID := str("create_bot:id")
		require.NotEmpty(t, botID)
		var bot model.Bot
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/bots/"+botID+"?include_deleted=true", &bot))
		assert.Equal(t, "tourbot"+sfx, bot.Username)
		assert.Equal(t, "patched "+sfx, bot.Description, "patch_bot reached the server")
		assert.Positive(t, bot.DeleteAt, "update_bot_active(False) reached the server")
		assert.Equal(t, "tourbot"+sfx, str("get_bot"))
		assert.Contains(t, strs("get_bots"), botID)
		assert.Equal(t, "patched "+sfx, str("patch_bot"))
		assert.True(t, boolean("update_bot_active"))
		var active []model.Bot
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/bots?per_page=200", &active))
		for _, b := range active {
			assert.NotEqual(t, botID, b.UserId, "a deactivated bot is not listed")
		}

		ensured := str("ensure_bot_user")
		require.NotEmpty(t, ensured)
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/bots/"+ensured, &bot))
		assert.Equal(t, "tourensure"+sfx, bot.Username)
	})

	t.Run("preferences", func(t *testing.T) {
		var prefs model.Preferences
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/users/"+user.Id+"/preferences/mmpy_tour", &prefs))
		got := map[string]string{}
		for _, p := range prefs {
			got[p.Name] = p.Value
		}
		assert.Equal(t, map[string]string{"color": "teal-" + sfx}, got,
			"update_preferences_for_user set both, delete_preferences_for_user removed one")
		assert.Equal(t, "teal-"+sfx, str("get_preference_for_user"))
		var pg map[string]string
		val("get_preferences_for_user", &pg)
		assert.Equal(t, got, pg)
	})

	t.Run("commands", func(t *testing.T) {
		var cmds []model.Command
		require.NoError(t, rest.GetJSON(ctx, "/api/v4/commands?custom_only=false&team_id="+team.Id, &cmds))
		var triggers []string
		for _, c := range cmds {
			triggers = append(triggers, c.Trigger)
		}
		assert.Contains(t, strs("list_plugin_commands"), "apitour")
		assert.Subset(t, triggers, strs("list_plugin_commands"))
		builtIn := strs("list_built_in_commands")
		assert.Contains(t, builtIn, "join")
		assert.Subset(t, triggers, builtIn)
	})

	t.Run("log and websocket", func(t *testing.T) {
		l := srv.WaitForLogSince(t, mark, m.Id, "apitour log line "+sfx, logTimeout)
		assert.Equal(t, sfx, l.Fields["suffix"], "key/value pair of log_info: %s", l.Raw)
		ev := ws.WaitForEvent("custom_"+m.Id+"_tour", nil, 30*time.Second)
		if assert.NotNil(t, ev, "publish_web_socket_event: no event; got %v", ws.EventTypes()) {
			assert.Equal(t, sfx, ev.GetData()["suffix"])
		}
	})
}

// goMissingMethods checks a step of the Go tour that logged RPC failures:
// each must be a missing method's line (GoMissingMethod) that also reached
// the server's log after mark, and the call must have returned no error and a
// zero value (what the generated Go client returns then). It returns the
// methods named.
func goMissingMethods(t *testing.T, pluginID string, mark LogMark, label string, r tourStep) []string {
	t.Helper()
	var methods []string
	for _, line := range r.RPCErrors {
		method, ok := GoMissingMethod(line)
		if !assert.True(t, ok, "step %s: an RPC failure that is not a missing method: %s", label, line) {
			continue
		}
		methods = append(methods, method)
		srv.WaitForLogSince(t, mark, pluginID, line, logTimeout)
	}
	assert.True(t, r.OK, "step %s: the Go client returns no error for a missing method: %s (%s)", label, r.Error, r.ErrorType)
	assert.Contains(t, []string{"null", `""`, "[]", "{}", "0", "false"}, string(r.Value),
		"step %s: the Go client returns zero values for a missing method", label)
	return methods
}

// pythonTourStep matches a step of the Python tour: s("label", … (the
// label may start the next line).
var pythonTourStep = regexp.MustCompile(`\bs\(\s*"([^"]+)"`)

// pythonTourSteps returns the step names of the Python tour
// (testdata/apitour/server/plugin.py), sorted.
func pythonTourSteps(t *testing.T) []string {
	t.Helper()
	root, err := RepoRoot()
	require.NoError(t, err)
	src, err := os.ReadFile(filepath.Join(root, "conformance", "e2e", "testdata", "apitour", "server", "plugin.py"))
	require.NoError(t, err)
	var steps []string
	for _, m := range pythonTourStep.FindAllStringSubmatch(string(src), -1) {
		steps = append(steps, m[1])
	}
	require.NotEmpty(t, steps, "no s(\"label\", …) step in the Python tour")
	return sorted(steps...)
}

func randomSuffix(t *testing.T) string {
	t.Helper()
	var b [4]byte
	_, err := rand.Read(b[:])
	require.NoError(t, err)
	return hex.EncodeToString(b[:])
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sorted(s ...string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func userIDs(us []model.User) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Id)
	}
	return sorted(out...)
}

func teamIDs(ts []model.Team) []string {
	var out []string
	for _, x := range ts {
		out = append(out, x.Id)
	}
	return sorted(out...)
}

func channelIDs(cs []model.Channel) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Id)
	}
	return sorted(out...)
}
