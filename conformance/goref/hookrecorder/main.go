// Command hookrecorder is the Go twin of the Python hook recorder
// (conformance/e2e/testdata/hookrecorder): an ordinary Mattermost Go plugin
// (plugin.ClientMain, server/public v0.4.4) that implements the same hooks,
// records each call with the same keys in its KV store, answers the same way
// (rewrites, rejections, API calls inside hooks) and serves the records at
// GET /plugins/com.mmpy.e2e.gohookrecorder/records. conformance/e2e runs one
// set of assertions against both (TestPythonHooksOnRealServer and
// TestGoHooksOnRealServer): the proof that a Python plugin behaves on the
// real server as a Go plugin does.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

// The strings the Python recorder uses, so that both give the same results.
const (
	botUsername       = "gohookrecorder-bot" // its own bot: a bot belongs to one plugin
	rewriteFrom       = "hookrec-rewrite"
	rewriteTo         = "rewritten-by-hookrecorder"
	rewrittenFile     = "rewritten by hookrecorder"
	rewrittenSiteName = "rewritten by hookrecorder"
	consumeFrom       = "hookrec-consume"
	consumeTo         = "consumed-by-hookrecorder"
	notifyMark        = "hookrec-notify"
	pushedMessage     = "pushed by hookrecorder"
)

type recorder struct {
	plugin.MattermostPlugin

	mu    sync.Mutex
	seq   int
	botID string
}

type args map[string]any

func (p *recorder) record(hook string, a args) {
	p.mu.Lock()
	p.seq++
	seq := p.seq
	p.mu.Unlock()
	rec := map[string]any{"hook": hook, "seq": seq, "t": time.Now().UnixNano()}
	for k, v := range a {
		rec[k] = v
	}
	data, err := json.Marshal(rec)
	if err != nil {
		p.API.LogError("hookrecorder: encode record", "err", err.Error())
		return
	}
	if appErr := p.API.KVSet(fmt.Sprintf("rec:%020d:%06d", time.Now().UnixNano(), seq), data); appErr != nil {
		p.API.LogError("hookrecorder: store record", "err", appErr.Error())
	}
}

func (p *recorder) records() ([]json.RawMessage, error) {
	var keys []string
	for page := 0; ; page++ {
		ks, appErr := p.API.KVList(page, 1000)
		if appErr != nil {
			return nil, appErr
		}
		for _, k := range ks {
			if strings.HasPrefix(k, "rec:") {
				keys = append(keys, k)
			}
		}
		if len(ks) < 1000 {
			break
		}
	}
	sort.Strings(keys)
	out := make([]json.RawMessage, 0, len(keys))
	for _, k := range keys {
		v, appErr := p.API.KVGet(k)
		if appErr != nil {
			return nil, appErr
		}
		out = append(out, v)
	}
	return out, nil
}

// ---- lifecycle and configuration

func (p *recorder) OnActivate() error {
	// Each activation starts a new log: the KV store outlives the plugin's removal.
	if appErr := p.API.KVDeleteAll(); appErr != nil {
		return appErr
	}
	botID, err := p.API.EnsureBotUser(&model.Bot{Username: botUsername, DisplayName: "Hook recorder bot"})
	if err != nil {
		return err
	}
	p.botID = botID
	if err := p.API.RegisterCommand(&model.Command{Trigger: "hookrec", AutoComplete: true, DisplayName: "hookrec"}); err != nil {
		return err
	}
	p.record("OnActivate", args{"bot_id": botID})
	return nil
}

func (p *recorder) OnDeactivate() error {
	p.record("OnDeactivate", nil)
	p.mu.Lock()
	seq := p.seq
	p.mu.Unlock()
	p.API.LogInfo("hookrecorder: OnDeactivate", "records", seq)
	return nil
}

func (p *recorder) OnConfigurationChange() error {
	p.record("OnConfigurationChange", nil)
	return nil
}

func (p *recorder) ConfigurationWillBeSaved(newCfg *model.Config) (*model.Config, error) {
	var siteName any
	if newCfg != nil && newCfg.TeamSettings.SiteName != nil {
		siteName = *newCfg.TeamSettings.SiteName
	}
	p.record("ConfigurationWillBeSaved", args{"site_name": siteName})
	if siteName == "hookrec-rewrite-me" {
		newCfg.TeamSettings.SiteName = model.NewPointer(rewrittenSiteName)
		return newCfg, nil
	}
	return nil, nil
}

// ---- HTTP and slash command

func (p *recorder) ServeHTTP(_ *plugin.Context, w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/records" {
		recs, err := p.records()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(recs)
		return
	}
	body, _ := io.ReadAll(r.Body)
	userID := r.Header.Get("Mattermost-User-Id")
	p.record("ServeHTTP", args{
		"method": r.Method, "path": r.URL.Path, "query": r.URL.RawQuery, "user_id": userID, "body": string(body),
	})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Hookrec", "yes")
	_ = json.NewEncoder(w).Encode(map[string]string{"user_id": userID, "path": r.URL.Path})
}

func (p *recorder) ServeMetrics(_ *plugin.Context, w http.ResponseWriter, r *http.Request) {
	p.record("ServeMetrics", args{"method": r.Method, "path": r.URL.Path})
	p.mu.Lock()
	seq := p.seq
	p.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	fmt.Fprintf(w, "hookrec_records_total %d\n", seq)
}

func (p *recorder) ExecuteCommand(_ *plugin.Context, a *model.CommandArgs) (*model.CommandResponse, *model.AppError) {
	p.record("ExecuteCommand", args{"command": a.Command, "user_id": a.UserId, "channel_id": a.ChannelId, "team_id": a.TeamId})
	inner, appErr := p.API.CreatePost(&model.Post{
		ChannelId: a.ChannelId, UserId: p.botID, Message: "posted by /hookrec for " + a.UserId,
	})
	if appErr != nil {
		return nil, appErr
	}
	return &model.CommandResponse{ResponseType: model.CommandResponseTypeEphemeral, Text: "inner post " + inner.Id}, nil
}

// ---- reads and notifications

func (p *recorder) MessagesWillBeConsumed(posts []*model.Post) []*model.Post {
	for _, post := range posts {
		if post != nil && strings.Contains(post.Message, consumeFrom) {
			p.record("MessagesWillBeConsumed", args{"post_id": post.Id, "message": post.Message})
			post.Message = strings.ReplaceAll(post.Message, consumeFrom, consumeTo)
		}
	}
	return posts
}

func (p *recorder) NotificationWillBePushed(n *model.PushNotification, userID string) (*model.PushNotification, string) {
	if n == nil || !strings.Contains(n.Message, notifyMark) {
		return nil, ""
	}
	p.record("NotificationWillBePushed", args{
		"user_id": userID, "post_id": n.PostId, "channel_id": n.ChannelId, "message": n.Message,
	})
	n.Message = pushedMessage
	return n, ""
}

func (p *recorder) EmailNotificationWillBeSent(e *model.EmailNotification) (*model.EmailNotificationContent, string) {
	if e == nil {
		return nil, ""
	}
	p.record("EmailNotificationWillBeSent", args{
		"user_id": e.RecipientId, "post_id": e.PostId, "channel_id": e.ChannelId, "sender_id": e.SenderId, "subject": e.Subject,
	})
	return &model.EmailNotificationContent{Subject: "[hookrec] " + e.Subject}, ""
}

// ---- posts

func (p *recorder) MessageWillBePosted(_ *plugin.Context, post *model.Post) (*model.Post, string) {
	p.record("MessageWillBePosted", args{"message": post.Message, "user_id": post.UserId, "channel_id": post.ChannelId})
	if strings.Contains(post.Message, "hookrec-reject") {
		return nil, "rejected by hookrecorder"
	}
	if strings.Contains(post.Message, rewriteFrom) {
		post.Message = strings.ReplaceAll(post.Message, rewriteFrom, rewriteTo)
		return post, ""
	}
	return nil, ""
}

func (p *recorder) MessageWillBeUpdated(_ *plugin.Context, newPost, oldPost *model.Post) (*model.Post, string) {
	p.record("MessageWillBeUpdated", args{"post_id": newPost.Id, "new_message": newPost.Message, "old_message": oldPost.Message})
	if strings.Contains(newPost.Message, rewriteFrom) {
		newPost.Message = strings.ReplaceAll(newPost.Message, rewriteFrom, rewriteTo)
	}
	return newPost, ""
}

func (p *recorder) MessageHasBeenPosted(_ *plugin.Context, post *model.Post) {
	p.record("MessageHasBeenPosted", args{"post_id": post.Id, "message": post.Message, "user_id": post.UserId})
	if strings.Contains(post.Message, "hookrec-echo") && post.UserId != p.botID {
		if _, appErr := p.API.CreatePost(&model.Post{
			ChannelId: post.ChannelId, UserId: p.botID, Message: "echo of " + post.Id, RootId: post.Id,
		}); appErr != nil {
			p.API.LogError("hookrecorder: echo", "err", appErr.Error())
		}
	}
}

func (p *recorder) MessageHasBeenUpdated(_ *plugin.Context, newPost, oldPost *model.Post) {
	p.record("MessageHasBeenUpdated", args{"post_id": newPost.Id, "new_message": newPost.Message, "old_message": oldPost.Message})
}

func (p *recorder) MessageHasBeenDeleted(_ *plugin.Context, post *model.Post) {
	p.record("MessageHasBeenDeleted", args{"post_id": post.Id, "message": post.Message})
}

func (p *recorder) ReactionHasBeenAdded(_ *plugin.Context, r *model.Reaction) {
	p.record("ReactionHasBeenAdded", args{"post_id": r.PostId, "user_id": r.UserId, "emoji_name": r.EmojiName})
}

func (p *recorder) ReactionHasBeenRemoved(_ *plugin.Context, r *model.Reaction) {
	p.record("ReactionHasBeenRemoved", args{"post_id": r.PostId, "user_id": r.UserId, "emoji_name": r.EmojiName})
}

// ---- users

func (p *recorder) UserHasBeenCreated(_ *plugin.Context, u *model.User) {
	p.record("UserHasBeenCreated", args{"user_id": u.Id, "username": u.Username})
}

func (p *recorder) UserWillLogIn(_ *plugin.Context, u *model.User) string {
	p.record("UserWillLogIn", args{"user_id": u.Id, "username": u.Username})
	if strings.HasPrefix(u.Username, "hookrec-blocked") {
		return "login blocked by hookrecorder"
	}
	return ""
}

func (p *recorder) UserHasLoggedIn(_ *plugin.Context, u *model.User) {
	p.record("UserHasLoggedIn", args{"user_id": u.Id, "username": u.Username})
}

func (p *recorder) UserHasBeenDeactivated(_ *plugin.Context, u *model.User) {
	p.record("UserHasBeenDeactivated", args{"user_id": u.Id, "delete_at": u.DeleteAt})
}

func (p *recorder) PreferencesHaveChanged(_ *plugin.Context, prefs []model.Preference) {
	out := make([]map[string]string, 0, len(prefs))
	for _, pr := range prefs {
		out = append(out, map[string]string{"user_id": pr.UserId, "category": pr.Category, "name": pr.Name, "value": pr.Value})
	}
	p.record("PreferencesHaveChanged", args{"preferences": out})
}

// ---- channels and teams

func (p *recorder) ChannelHasBeenCreated(_ *plugin.Context, ch *model.Channel) {
	p.record("ChannelHasBeenCreated", args{"channel_id": ch.Id, "name": ch.Name, "team_id": ch.TeamId})
}

func actorID(actor *model.User) string {
	if actor == nil {
		return ""
	}
	return actor.Id
}

func (p *recorder) UserHasJoinedChannel(_ *plugin.Context, m *model.ChannelMember, actor *model.User) {
	p.record("UserHasJoinedChannel", args{"channel_id": m.ChannelId, "user_id": m.UserId, "actor_id": actorID(actor)})
}

func (p *recorder) UserHasLeftChannel(_ *plugin.Context, m *model.ChannelMember, actor *model.User) {
	p.record("UserHasLeftChannel", args{"channel_id": m.ChannelId, "user_id": m.UserId, "actor_id": actorID(actor)})
}

func (p *recorder) UserHasJoinedTeam(_ *plugin.Context, m *model.TeamMember, actor *model.User) {
	p.record("UserHasJoinedTeam", args{"team_id": m.TeamId, "user_id": m.UserId, "actor_id": actorID(actor)})
}

func (p *recorder) UserHasLeftTeam(_ *plugin.Context, m *model.TeamMember, actor *model.User) {
	p.record("UserHasLeftTeam", args{"team_id": m.TeamId, "user_id": m.UserId, "actor_id": actorID(actor)})
}

// ---- files

func (p *recorder) FileWillBeUploaded(_ *plugin.Context, info *model.FileInfo, file io.Reader, output io.Writer) (*model.FileInfo, string) {
	data, err := io.ReadAll(file)
	if err != nil {
		return nil, "hookrecorder could not read the file: " + err.Error()
	}
	head := data[:min(64, len(data))]
	content := string(head)
	if !utf8.Valid(head) {
		content = strings.ToValidUTF8(content, "\uFFFD")
	}
	p.record("FileWillBeUploaded", args{"name": info.Name, "size": info.Size, "content": content})
	switch info.Name {
	case "hookrec-rewrite.txt":
		if _, err := output.Write([]byte(rewrittenFile)); err != nil {
			return nil, "hookrecorder could not write the file: " + err.Error()
		}
		return nil, ""
	case "hookrec-reject.txt":
		return nil, "file rejected by hookrecorder"
	case "hookrec-rename.txt":
		info.Name = "renamed-by-hookrecorder.txt"
		if _, err := output.Write(data); err != nil {
			return nil, "hookrecorder could not write the file: " + err.Error()
		}
		return info, ""
	}
	return nil, ""
}

// ---- websocket

func (p *recorder) OnWebSocketConnect(connID, userID string) {
	p.record("OnWebSocketConnect", args{"conn_id": connID, "user_id": userID})
}

func (p *recorder) OnWebSocketDisconnect(connID, userID string) {
	p.record("OnWebSocketDisconnect", args{"conn_id": connID, "user_id": userID})
}

func (p *recorder) WebSocketMessageHasBeenPosted(connID, userID string, req *model.WebSocketRequest) {
	a := args{"conn_id": connID, "user_id": userID, "action": "", "data": nil}
	if req != nil {
		a["action"], a["data"] = req.Action, req.Data
	}
	p.record("WebSocketMessageHasBeenPosted", a)
}

func main() {
	plugin.ClientMain(&recorder{})
}
