//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hookRecord is one record of the hookrecorder plugin: "hook", "seq" and the
// hook's key arguments.
type hookRecord map[string]any

func (r hookRecord) str(key string) string {
	s, _ := r[key].(string)
	return s
}

func (r hookRecord) seq() int {
	f, _ := r["seq"].(float64)
	return int(f)
}

// recorder reads the hookrecorder plugin's records over its HTTP route.
type recorder struct {
	id string
}

func (h recorder) records(t *testing.T) []hookRecord {
	t.Helper()
	resp, err := srv.Admin.PluginRequest(t.Context(), http.MethodGet, h.id, "/records", nil)
	require.NoError(t, err)
	var recs []hookRecord
	require.NoError(t, resp.JSONBody(&recs), "GET /records\n%s", pluginLogTail(h.id))
	return recs
}

// mark is the highest seq so far: wait(…, mark, …) looks only at later records.
func (h recorder) mark(t *testing.T) int {
	t.Helper()
	n := 0
	for _, r := range h.records(t) {
		n = max(n, r.seq())
	}
	return n
}

// wait polls until a record of the hook made after mark has every field of
// want (string values), and returns it; it fails the test after 30 s.
func (h recorder) wait(t *testing.T, hook string, after int, want map[string]string) hookRecord {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var seen []string
	for {
		seen = seen[:0]
		for _, r := range h.records(t) {
			if r.seq() <= after {
				continue
			}
			seen = append(seen, fmt.Sprintf("%s%v", r.str("hook"), withoutMeta(r)))
			if r.str("hook") != hook {
				continue
			}
			ok := true
			for k, v := range want {
				if r.str(k) != v {
					ok = false
					break
				}
			}
			if ok {
				return r
			}
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("no %s record with %v after seq %d within 30 s; records after it:\n%s\n%s",
		hook, want, after, strings.Join(seen, "\n"), pluginLogTail(h.id))
	return nil
}

func withoutMeta(r hookRecord) map[string]any {
	out := map[string]any{}
	for k, v := range r {
		if k != "hook" && k != "seq" && k != "t" {
			out[k] = v
		}
	}
	return out
}

// TestPythonHooksOnRealServer triggers, over REST, the websocket, the
// metrics port and a push proxy, every hook of the hookrecorder plugin that
// the real server calls, and checks what the hook got (its records) and what
// its answer did (over REST).
func TestPythonHooksOnRealServer(t *testing.T) {
	hooksOnRealServer(t, "com.mmpy.e2e.hookrecorder",
		pythonBundle(t, "conformance/e2e/testdata/hookrecorder", "hookrecorder.tar.gz"))
}

// TestGoHooksOnRealServer runs the same assertions against the Go twin of
// the hookrecorder (conformance/goref/hookrecorder), an ordinary Go plugin:
// a Python plugin's hooks behave on the real server as a Go plugin's do.
func TestGoHooksOnRealServer(t *testing.T) {
	start := time.Now()
	bundle, err := BuildGoBundle(t.Context(), "conformance/goref/hookrecorder", t.TempDir())
	require.NoError(t, err)
	t.Logf("built %s in %s", bundle, time.Since(start).Round(time.Millisecond))
	hooksOnRealServer(t, "com.mmpy.e2e.gohookrecorder", bundle)
}

func hooksOnRealServer(t *testing.T, id, bundle string) {
	ctx := t.Context()
	logMark := srv.LogMark()
	m := installPlugin(t, bundle)
	require.Equal(t, id, m.Id)
	require.NoError(t, srv.EnablePlugin(ctx, id))
	requireRunning(t, id)
	rec := recorder{id: id}

	act := rec.wait(t, "OnActivate", 0, nil)
	botID := act.str("bot_id")
	require.NotEmpty(t, botID, "OnActivate: ensure_bot returned no id")

	sfx := randomSuffix(t)
	const password = "Passw0rd!hook-Passw0rd"
	team, err := srv.CreateTeam(ctx, "hookrec-team-"+sfx)
	require.NoError(t, err)

	// The user: created, logged in, joins the team.
	var user *model.User
	var userToken string
	t.Run("UserHasBeenCreated", func(t *testing.T) {
		at := rec.mark(t)
		user, err = srv.CreateUser(ctx, "hookrec-user-"+sfx, password, false)
		require.NoError(t, err)
		rec.wait(t, "UserHasBeenCreated", at, map[string]string{"user_id": user.Id, "username": user.Username})
	})
	require.NotNil(t, user)
	t.Run("UserWillLogIn and UserHasLoggedIn", func(t *testing.T) {
		at := rec.mark(t)
		userToken, err = srv.Login(ctx, user.Username, password)
		require.NoError(t, err)
		rec.wait(t, "UserWillLogIn", at, map[string]string{"user_id": user.Id, "username": user.Username})
		rec.wait(t, "UserHasLoggedIn", at, map[string]string{"user_id": user.Id})
	})
	require.NotEmpty(t, userToken)
	t.Run("UserWillLogIn rejects a login", func(t *testing.T) {
		blocked, err := srv.CreateUser(ctx, "hookrec-blocked-"+sfx, password, false)
		require.NoError(t, err)
		at := rec.mark(t)
		_, err = srv.Login(ctx, blocked.Username, password)
		require.Error(t, err, "the plugin rejects this login")
		// Mattermost 11 masks login errors: the client gets "invalid
		// credentials" (401), not the plugin's reason (DoLogin's "Login
		// rejected by plugin: ..." is replaced in api4/user.go login).
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode, err.Error())
		rec.wait(t, "UserWillLogIn", at, map[string]string{"user_id": blocked.Id, "username": blocked.Username})
		if l, ok := srv.FindLog(logMark, "", "login blocked by hookrecorder"); ok {
			t.Logf("the server logged the plugin's reason: %s", l.Raw)
		} else {
			t.Logf("the server did not log the plugin's reason")
		}
		for _, r := range rec.records(t) {
			if r.seq() > at && r.str("hook") == "UserHasLoggedIn" {
				assert.NotEqual(t, blocked.Id, r.str("user_id"), "a rejected login must not count as logged in")
			}
		}
	})
	t.Run("UserHasJoinedTeam", func(t *testing.T) {
		at := rec.mark(t)
		require.NoError(t, srv.AddMembers(ctx, team.Id, "", user.Id))
		rec.wait(t, "UserHasJoinedTeam", at, map[string]string{"team_id": team.Id, "user_id": user.Id})
	})

	// A channel: created, joined.
	var ch *model.Channel
	t.Run("ChannelHasBeenCreated", func(t *testing.T) {
		at := rec.mark(t)
		ch, err = srv.CreateChannel(ctx, team.Id, "hookrec-channel-"+sfx)
		require.NoError(t, err)
		rec.wait(t, "ChannelHasBeenCreated", at, map[string]string{"channel_id": ch.Id, "name": ch.Name, "team_id": team.Id})
	})
	require.NotNil(t, ch)
	t.Run("UserHasJoinedChannel", func(t *testing.T) {
		at := rec.mark(t)
		require.NoError(t, srv.Local.DoJSON(ctx, http.MethodPost, "/api/v4/channels/"+ch.Id+"/members",
			map[string]string{"user_id": user.Id}, nil))
		rec.wait(t, "UserHasJoinedChannel", at, map[string]string{"channel_id": ch.Id, "user_id": user.Id})
	})
	userREST := srv.UserClient(userToken)

	t.Run("MessageWillBePosted and MessageHasBeenPosted", func(t *testing.T) {
		at := rec.mark(t)
		msg := "plain message " + sfx
		res, err := srv.CreatePost(ctx, userToken, ch.Id, msg)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, res.StatusCode, "body: %s", res.Body)
		assert.Equal(t, msg, res.Post.Message, "MessageWillBePosted returned None: the post is unchanged")
		rec.wait(t, "MessageWillBePosted", at, map[string]string{"message": msg, "user_id": user.Id, "channel_id": ch.Id})
		rec.wait(t, "MessageHasBeenPosted", at, map[string]string{"post_id": res.Post.Id, "message": msg, "user_id": user.Id})
	})
	t.Run("MessageWillBePosted rewrites a message", func(t *testing.T) {
		res, err := srv.CreatePost(ctx, userToken, ch.Id, "hookrec-rewrite "+sfx)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, res.StatusCode, "body: %s", res.Body)
		var p model.Post
		require.NoError(t, srv.Admin.GetJSON(ctx, "/api/v4/posts/"+res.Post.Id, &p))
		assert.Equal(t, "rewritten-by-hookrecorder "+sfx, p.Message)
	})
	t.Run("MessageWillBePosted rejects a message", func(t *testing.T) {
		res, err := srv.CreatePost(ctx, userToken, ch.Id, "hookrec-reject "+sfx)
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, res.StatusCode, "body: %s", res.Body)
		assert.Contains(t, res.ErrorText(), "rejected by hookrecorder")
	})

	var postID string
	t.Run("MessageWillBeUpdated and MessageHasBeenUpdated", func(t *testing.T) {
		res, err := srv.CreatePost(ctx, userToken, ch.Id, "to be edited "+sfx)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, res.StatusCode, "body: %s", res.Body)
		postID = res.Post.Id
		at := rec.mark(t)
		edited := "edited hookrec-rewrite " + sfx
		require.NoError(t, userREST.DoJSON(ctx, http.MethodPut, "/api/v4/posts/"+postID+"/patch",
			map[string]string{"message": edited}, nil))
		rec.wait(t, "MessageWillBeUpdated", at, map[string]string{
			"post_id": postID, "new_message": edited, "old_message": "to be edited " + sfx})
		want := "edited rewritten-by-hookrecorder " + sfx
		rec.wait(t, "MessageHasBeenUpdated", at, map[string]string{"post_id": postID, "new_message": want})
		var p model.Post
		require.NoError(t, srv.Admin.GetJSON(ctx, "/api/v4/posts/"+postID, &p))
		assert.Equal(t, want, p.Message, "MessageWillBeUpdated rewrote the edit")
	})

	t.Run("ReactionHasBeenAdded and ReactionHasBeenRemoved", func(t *testing.T) {
		require.NotEmpty(t, postID)
		at := rec.mark(t)
		require.NoError(t, userREST.DoJSON(ctx, http.MethodPost, "/api/v4/reactions", map[string]string{
			"user_id": user.Id, "post_id": postID, "emoji_name": "tada"}, nil))
		rec.wait(t, "ReactionHasBeenAdded", at, map[string]string{"post_id": postID, "user_id": user.Id, "emoji_name": "tada"})
		require.NoError(t, userREST.DoJSON(ctx, http.MethodDelete,
			"/api/v4/users/"+user.Id+"/posts/"+postID+"/reactions/tada", nil, nil))
		rec.wait(t, "ReactionHasBeenRemoved", at, map[string]string{"post_id": postID, "user_id": user.Id, "emoji_name": "tada"})
	})

	t.Run("MessageHasBeenDeleted", func(t *testing.T) {
		require.NotEmpty(t, postID)
		at := rec.mark(t)
		require.NoError(t, userREST.DoJSON(ctx, http.MethodDelete, "/api/v4/posts/"+postID, nil, nil))
		rec.wait(t, "MessageHasBeenDeleted", at, map[string]string{"post_id": postID})
	})

	t.Run("create_post inside MessageHasBeenPosted", func(t *testing.T) {
		res, err := srv.CreatePost(ctx, userToken, ch.Id, "hookrec-echo "+sfx)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, res.StatusCode, "body: %s", res.Body)
		echo := "echo of " + res.Post.Id
		var reply *model.Post
		require.Eventually(t, func() bool {
			var thread model.PostList
			if err := srv.Admin.GetJSON(ctx, "/api/v4/posts/"+res.Post.Id+"/thread", &thread); err != nil {
				return false
			}
			for _, p := range thread.Posts {
				if p.Message == echo {
					reply = p
					return true
				}
			}
			return false
		}, 30*time.Second, 250*time.Millisecond, "no reply %q in the thread\n%s", echo, pluginLogTail(id))
		assert.Equal(t, botID, reply.UserId)
		assert.Equal(t, res.Post.Id, reply.RootId)
		// The inner post went through MessageWillBePosted of the same plugin.
		rec.wait(t, "MessageWillBePosted", 0, map[string]string{"message": echo, "user_id": botID})
	})

	t.Run("ExecuteCommand with create_post inside", func(t *testing.T) {
		at := rec.mark(t)
		cr, err := srv.ExecuteCommand(ctx, userToken, ch.Id, "/hookrec now "+sfx)
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(cr.Text, "inner post "), "command answer %q", cr.Text)
		inner := strings.TrimPrefix(cr.Text, "inner post ")
		var p model.Post
		require.NoError(t, srv.Admin.GetJSON(ctx, "/api/v4/posts/"+inner, &p))
		assert.Equal(t, "posted by /hookrec for "+user.Id, p.Message)
		assert.Equal(t, botID, p.UserId)
		rec.wait(t, "ExecuteCommand", at, map[string]string{
			"command": "/hookrec now " + sfx, "user_id": user.Id, "channel_id": ch.Id, "team_id": team.Id})
		rec.wait(t, "MessageWillBePosted", at, map[string]string{"message": p.Message, "user_id": botID})
	})

	t.Run("ServeHTTP", func(t *testing.T) {
		at := rec.mark(t)
		resp, err := userREST.PluginRequest(ctx, http.MethodPost, id, "/ping?x="+sfx, strings.NewReader("body "+sfx))
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, string(resp.Body))
		assert.Equal(t, "yes", resp.Header.Get("X-Hookrec"))
		var body map[string]string
		require.NoError(t, json.Unmarshal(resp.Body, &body))
		assert.Equal(t, map[string]string{"user_id": user.Id, "path": "/ping"}, body)
		rec.wait(t, "ServeHTTP", at, map[string]string{
			"method": "POST", "path": "/ping", "query": "x=" + sfx, "user_id": user.Id, "body": "body " + sfx})

		anon, err := NewClient(srv.URL, "").PluginRequest(ctx, http.MethodGet, id, "/anon", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, anon.StatusCode, string(anon.Body))
		rec.wait(t, "ServeHTTP", at, map[string]string{"method": "GET", "path": "/anon", "user_id": ""})
	})

	t.Run("FileWillBeUploaded", func(t *testing.T) {
		at := rec.mark(t)
		plain, err := userREST.UploadedFile(ctx, ch.Id, "plain-"+sfx+".txt", []byte("plain content "+sfx))
		require.NoError(t, err)
		rec.wait(t, "FileWillBeUploaded", at, map[string]string{"name": "plain-" + sfx + ".txt", "content": "plain content " + sfx})
		assertFileContent(t, plain.Id, "plain content "+sfx)

		rewritten, err := userREST.UploadedFile(ctx, ch.Id, "hookrec-rewrite.txt", []byte("original "+sfx))
		require.NoError(t, err)
		rec.wait(t, "FileWillBeUploaded", at, map[string]string{"name": "hookrec-rewrite.txt", "content": "original " + sfx})
		assertFileContent(t, rewritten.Id, "rewritten by hookrecorder")
		assert.Equal(t, int64(len("rewritten by hookrecorder")), rewritten.Size)

		resp, err := userREST.UploadFile(ctx, ch.Id, "hookrec-reject.txt", []byte("never stored"))
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, string(resp.Body))
		assert.Contains(t, string(resp.Body), "file rejected by hookrecorder")
	})

	t.Run("FileWillBeUploaded replaces the FileInfo", func(t *testing.T) {
		at := rec.mark(t)
		renamed, err := userREST.UploadedFile(ctx, ch.Id, "hookrec-rename.txt", []byte("renamed "+sfx))
		require.NoError(t, err, "upload of a file whose FileInfo the plugin replaces\n%s", pluginLogTail(id))
		rec.wait(t, "FileWillBeUploaded", at, map[string]string{"name": "hookrec-rename.txt"})
		assert.Equal(t, "renamed-by-hookrecorder.txt", renamed.Name)
		assertFileContent(t, renamed.Id, "renamed "+sfx)
	})

	t.Run("PreferencesHaveChanged", func(t *testing.T) {
		at := rec.mark(t)
		require.NoError(t, userREST.DoJSON(ctx, http.MethodPut, "/api/v4/users/"+user.Id+"/preferences",
			[]map[string]string{{"user_id": user.Id, "category": "hookrec", "name": "color", "value": sfx}}, nil))
		r := rec.wait(t, "PreferencesHaveChanged", at, nil)
		assert.Equal(t, []any{map[string]any{"user_id": user.Id, "category": "hookrec", "name": "color", "value": sfx}},
			r["preferences"])
	})

	t.Run("configuration change", func(t *testing.T) {
		var before model.Config
		require.NoError(t, srv.Admin.GetJSON(ctx, "/api/v4/config", &before))
		at := rec.mark(t)
		var after model.Config
		require.NoError(t, srv.Admin.DoJSON(ctx, http.MethodPut, "/api/v4/config/patch",
			map[string]any{"TeamSettings": map[string]any{"SiteName": "hookrec-rewrite-me"}}, &after))
		rec.wait(t, "ConfigurationWillBeSaved", at, map[string]string{"site_name": "hookrec-rewrite-me"})
		rec.wait(t, "OnConfigurationChange", at, nil)
		var now model.Config
		require.NoError(t, srv.Admin.GetJSON(ctx, "/api/v4/config", &now))
		assert.Equal(t, "rewritten by hookrecorder", *now.TeamSettings.SiteName,
			"ConfigurationWillBeSaved's replacement config was saved")
		// Everything else survived the trip through Python.
		assert.Equal(t, *before.ServiceSettings.SiteURL, *now.ServiceSettings.SiteURL)
		assert.Equal(t, *before.SqlSettings.DriverName, *now.SqlSettings.DriverName)
		assert.Equal(t, *before.PluginSettings.Enable, *now.PluginSettings.Enable)
		assert.Equal(t, *before.FileSettings.MaxFileSize, *now.FileSettings.MaxFileSize)
		require.NoError(t, srv.Admin.DoJSON(ctx, http.MethodPut, "/api/v4/config/patch",
			map[string]any{"TeamSettings": map[string]any{"SiteName": *before.TeamSettings.SiteName}}, nil))
	})

	t.Run("ServeMetrics", func(t *testing.T) {
		at := rec.mark(t)
		resp, err := NewClient(srv.MetricsURL, "").Do(ctx, http.MethodGet, "/plugins/"+id+"/metrics/extra", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, string(resp.Body))
		assert.Regexp(t, `^hookrec_records_total \d+\n$`, string(resp.Body))
		assert.Equal(t, "text/plain; version=0.0.4", resp.Header.Get("Content-Type"))
		rec.wait(t, "ServeMetrics", at, map[string]string{"method": "GET", "path": "/extra"})
	})

	t.Run("MessagesWillBeConsumed", func(t *testing.T) {
		msg := "hookrec-consume " + sfx
		res, err := srv.CreatePost(ctx, userToken, ch.Id, msg)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, res.StatusCode, "body: %s", res.Body)
		at := rec.mark(t)
		var p model.Post
		require.NoError(t, userREST.GetJSON(ctx, "/api/v4/posts/"+res.Post.Id, &p))
		assert.Equal(t, "consumed-by-hookrecorder "+sfx, p.Message, "what a client reads went through the hook")
		rec.wait(t, "MessagesWillBeConsumed", at, map[string]string{"post_id": res.Post.Id, "message": msg})
		var list model.PostList
		require.NoError(t, userREST.GetJSON(ctx, "/api/v4/channels/"+ch.Id+"/posts?per_page=5", &list))
		require.Contains(t, list.Posts, res.Post.Id)
		assert.Equal(t, "consumed-by-hookrecorder "+sfx, list.Posts[res.Post.Id].Message, "a page of posts too")
	})

	t.Run("NotificationWillBePushed and EmailNotificationWillBeSent", func(t *testing.T) {
		// A push proxy that records what it is asked to deliver.
		var mu sync.Mutex
		var pushed []model.PushNotification
		proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var n model.PushNotification
			if r.URL.Path == "/api/v1/send_push" && json.NewDecoder(r.Body).Decode(&n) == nil {
				mu.Lock()
				pushed = append(pushed, n)
				mu.Unlock()
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"status":"OK"}`))
		}))
		defer proxy.Close()
		var before model.Config
		require.NoError(t, srv.Local.GetJSON(ctx, "/api/v4/config", &before))
		require.NoError(t, srv.Local.DoJSON(ctx, http.MethodPut, "/api/v4/config/patch", map[string]any{
			"EmailSettings": map[string]any{
				"SendPushNotifications":  true,
				"PushNotificationServer": proxy.URL,
				"SendEmailNotifications": true,
				"EnableEmailBatching":    false,
				"FeedbackEmail":          "hookrec@mmpy.invalid",
			},
		}, nil))
		defer func() {
			_ = srv.Local.DoJSON(context.Background(), http.MethodPut, "/api/v4/config/patch", map[string]any{
				"EmailSettings": map[string]any{
					"SendPushNotifications":  *before.EmailSettings.SendPushNotifications,
					"PushNotificationServer": *before.EmailSettings.PushNotificationServer,
					"SendEmailNotifications": *before.EmailSettings.SendEmailNotifications,
					"FeedbackEmail":          *before.EmailSettings.FeedbackEmail,
				},
			}, nil)
		}()

		// The recipient: in the channel, offline, with a mobile session.
		recipient, err := srv.CreateUser(ctx, "hookrec-notify-"+sfx, password, false)
		require.NoError(t, err)
		require.NoError(t, srv.AddMembers(ctx, team.Id, ch.Id, recipient.Id))
		recipientToken, err := srv.Login(ctx, recipient.Username, password)
		require.NoError(t, err)
		deviceID := "android_rn-v2:hookrec-" + sfx
		require.NoError(t, srv.UserClient(recipientToken).DoJSON(ctx, http.MethodPut, "/api/v4/users/sessions/device",
			map[string]string{"device_id": deviceID}, nil))

		at := rec.mark(t)
		msg := "@" + recipient.Username + " hookrec-notify " + sfx
		res, err := srv.CreatePost(ctx, userToken, ch.Id, msg)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, res.StatusCode, "body: %s", res.Body)
		rec.wait(t, "NotificationWillBePushed", at, map[string]string{
			"user_id": recipient.Id, "post_id": res.Post.Id, "channel_id": ch.Id})
		// The replacement the hook answered is what the proxy was asked to push.
		require.Eventually(t, func() bool {
			mu.Lock()
			defer mu.Unlock()
			for _, n := range pushed {
				if n.PostId == res.Post.Id && n.DeviceId == "hookrec-"+sfx {
					return n.Message == "pushed by hookrecorder"
				}
			}
			return false
		}, 30*time.Second, 100*time.Millisecond, "the push proxy got the hook's replacement; it got %v", func() []model.PushNotification {
			mu.Lock()
			defer mu.Unlock()
			return append([]model.PushNotification(nil), pushed...)
		}())

		version, err := srv.Version(ctx)
		require.NoError(t, err)
		if versionBefore(version, "11.0.0") {
			t.Logf("server %s does not call EmailNotificationWillBeSent (Mattermost 11 and later do)", version)
			return
		}
		rec.wait(t, "EmailNotificationWillBeSent", at, map[string]string{
			"user_id": recipient.Id, "post_id": res.Post.Id, "channel_id": ch.Id, "sender_id": user.Id})
	})

	t.Run("websocket hooks", func(t *testing.T) {
		at := rec.mark(t)
		ws, err := srv.DialWebSocket(userToken)
		require.NoError(t, err)
		connected := rec.wait(t, "OnWebSocketConnect", at, map[string]string{"user_id": user.Id})
		connID := connected.str("conn_id")
		assert.NotEmpty(t, connID)
		ws.Client.UserTyping(ch.Id, "")
		msg := rec.wait(t, "WebSocketMessageHasBeenPosted", at, map[string]string{
			"user_id": user.Id, "action": "user_typing", "conn_id": connID})
		data, _ := msg["data"].(map[string]any)
		assert.Equal(t, ch.Id, data["channel_id"], "the request's data: %v", msg["data"])
		ws.Close()
		rec.wait(t, "OnWebSocketDisconnect", at, map[string]string{"user_id": user.Id, "conn_id": connID})
	})

	t.Run("UserHasLeftChannel and UserHasLeftTeam", func(t *testing.T) {
		at := rec.mark(t)
		require.NoError(t, srv.Local.DoJSON(ctx, http.MethodDelete, "/api/v4/channels/"+ch.Id+"/members/"+user.Id, nil, nil))
		rec.wait(t, "UserHasLeftChannel", at, map[string]string{"channel_id": ch.Id, "user_id": user.Id})
		require.NoError(t, srv.Local.DoJSON(ctx, http.MethodDelete, "/api/v4/teams/"+team.Id+"/members/"+user.Id, nil, nil))
		rec.wait(t, "UserHasLeftTeam", at, map[string]string{"team_id": team.Id, "user_id": user.Id})
	})

	t.Run("UserHasBeenDeactivated", func(t *testing.T) {
		at := rec.mark(t)
		require.NoError(t, srv.Local.DoJSON(ctx, http.MethodDelete, "/api/v4/users/"+user.Id, nil, nil))
		r := rec.wait(t, "UserHasBeenDeactivated", at, map[string]string{"user_id": user.Id})
		assert.Positive(t, r["delete_at"])
	})

	t.Run("every hook ran without error", func(t *testing.T) {
		lines, err := srv.LogLinesSince(logMark, id)
		require.NoError(t, err)
		for _, l := range lines {
			assert.NotEqual(t, "error", l.Level, "error logged for the plugin: %s", l.Raw)
		}
		seen := map[string]int{}
		for _, r := range rec.records(t) {
			seen[r.str("hook")]++
		}
		names := sortedKeys(seen)
		t.Logf("hooks recorded (%d): %v", len(names), names)
		// Every hook the plugin implements ran, OnDeactivate (checked below
		// through its log line) aside.
		assert.Equal(t, sorted(
			"OnActivate", "OnConfigurationChange", "ConfigurationWillBeSaved", "ServeHTTP", "ExecuteCommand",
			"MessageWillBePosted", "MessageWillBeUpdated", "MessageHasBeenPosted", "MessageHasBeenUpdated",
			"MessageHasBeenDeleted", "ReactionHasBeenAdded", "ReactionHasBeenRemoved",
			"UserHasBeenCreated", "UserWillLogIn", "UserHasLoggedIn", "UserHasBeenDeactivated", "PreferencesHaveChanged",
			"ChannelHasBeenCreated", "UserHasJoinedChannel", "UserHasLeftChannel", "UserHasJoinedTeam", "UserHasLeftTeam",
			"FileWillBeUploaded", "OnWebSocketConnect", "OnWebSocketDisconnect", "WebSocketMessageHasBeenPosted",
			"ServeMetrics", "MessagesWillBeConsumed", "NotificationWillBePushed",
		), withoutOptional(names, "EmailNotificationWillBeSent"))
	})

	t.Run("OnDeactivate", func(t *testing.T) {
		mark := srv.LogMark()
		require.NoError(t, srv.DisablePlugin(ctx, id))
		srv.WaitForLogSince(t, mark, id, "hookrecorder: OnDeactivate", logTimeout)
	})
}

// assertFileContent checks the content REST serves for a file.
func assertFileContent(t *testing.T, fileID, want string) {
	t.Helper()
	resp, err := srv.Admin.Do(t.Context(), http.MethodGet, "/api/v4/files/"+fileID, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(resp.Body))
	assert.Equal(t, want, string(resp.Body))
}

// withoutOptional drops the hooks that only newer servers call from a sorted
// list of hook names.
func withoutOptional(names []string, optional ...string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool { return slices.Contains(optional, n) })
}
