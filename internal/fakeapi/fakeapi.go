// Package fakeapi is an in-memory Mattermost plugin.API for the methods the
// mmpy ABI serves. `mmpy run` and the host's tests use it; it records every
// call so tests can assert on arguments.
package fakeapi

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

// LogLine is one call to a Log* method.
type LogLine struct {
	Level string
	Msg   string
	KV    []any
}

// API is the fake. The embedded plugin.API is nil: methods the fake does not
// implement panic, which the host turns into an error for the guest.
type API struct {
	plugin.API

	mu       sync.Mutex
	Version  string
	Users    map[string]*model.User
	Posts    []*model.Post
	KV       map[string][]byte
	Config   map[string]any
	Commands []*model.Command
	Logs     []LogLine
	Calls    []string
	// OnCreatePost, when set, runs inside CreatePost (e.g. to fire
	// MessageWillBePosted on the plugin, as the real server does).
	OnCreatePost func(p *model.Post) (*model.Post, string)
	// LogSink, when set, also receives every log line.
	LogSink func(LogLine)
}

// New returns a fake with one user ("alice", id "user1").
func New() *API {
	return &API{
		Version: "11.4.0",
		Users: map[string]*model.User{
			"user1": {Id: "user1", Username: "alice", Email: "alice@example.com", Roles: "system_user",
				Props: model.StringMap{"k": "v"}, NotifyProps: model.StringMap{"email": "true"}, Locale: "en"},
		},
		KV:     map[string][]byte{},
		Config: map[string]any{},
	}
}

func (a *API) record(name string) {
	a.mu.Lock()
	a.Calls = append(a.Calls, name)
	a.mu.Unlock()
}

// CallsTo counts calls to a method.
func (a *API) CallsTo(name string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, c := range a.Calls {
		if c == name {
			n++
		}
	}
	return n
}

// LogLines returns a copy of the log.
func (a *API) LogLines() []LogLine {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]LogLine(nil), a.Logs...)
}

// HasLog reports whether a log message contains substr.
func (a *API) HasLog(substr string) bool {
	for _, l := range a.LogLines() {
		if strings.Contains(l.Msg, substr) {
			return true
		}
	}
	return false
}

func (a *API) GetServerVersion() string { a.record("GetServerVersion"); return a.Version }

func (a *API) GetUser(id string) (*model.User, *model.AppError) {
	a.record("GetUser")
	a.mu.Lock()
	defer a.mu.Unlock()
	u, ok := a.Users[id]
	if !ok {
		return nil, model.NewAppError("GetUser", "app.user.missing_account.const", nil, "user "+id+" not found", http.StatusNotFound)
	}
	c := *u
	return &c, nil
}

func (a *API) CreatePost(p *model.Post) (*model.Post, *model.AppError) {
	a.record("CreatePost")
	if p.ChannelId == "" {
		return nil, model.NewAppError("CreatePost", "api.post.create_post.channel_id.app_error", nil, "channel_id is required", http.StatusBadRequest)
	}
	if hook := a.OnCreatePost; hook != nil {
		rp, reason := hook(p)
		if reason != "" {
			return nil, model.NewAppError("CreatePost", "Post rejected by plugin. "+reason, nil, "", http.StatusBadRequest)
		}
		if rp != nil {
			p = rp
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	c := p.Clone()
	if c.Id == "" {
		c.Id = model.NewId()
	}
	if c.CreateAt == 0 {
		c.CreateAt = model.GetMillis()
	}
	a.Posts = append(a.Posts, c)
	return c.Clone(), nil
}

func (a *API) KVGet(key string) ([]byte, *model.AppError) {
	a.record("KVGet")
	a.mu.Lock()
	defer a.mu.Unlock()
	v, ok := a.KV[key]
	if !ok {
		return nil, nil
	}
	return append([]byte{}, v...), nil
}

func (a *API) KVSet(key string, value []byte) *model.AppError {
	a.record("KVSet")
	if key == "" || len(key) > 150 {
		return model.NewAppError("KVSet", "plugin.api.kv_set.key.app_error", nil, "key must be 1-150 characters", http.StatusBadRequest)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.KV[key] = append([]byte{}, value...)
	return nil
}

func (a *API) KVDelete(key string) *model.AppError {
	a.record("KVDelete")
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.KV, key)
	return nil
}

func (a *API) KVList(page, perPage int) ([]string, *model.AppError) {
	a.record("KVList")
	if page < 0 || perPage <= 0 {
		return nil, model.NewAppError("KVList", "plugin.api.kv_list.app_error", nil, fmt.Sprintf("invalid page %d / per_page %d", page, perPage), http.StatusBadRequest)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	keys := make([]string, 0, len(a.KV))
	for k := range a.KV {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lo := page * perPage
	if lo >= len(keys) {
		return []string{}, nil
	}
	hi := min(lo+perPage, len(keys))
	return keys[lo:hi], nil
}

func (a *API) GetPluginConfig() map[string]any {
	a.record("GetPluginConfig")
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make(map[string]any, len(a.Config))
	for k, v := range a.Config {
		out[k] = v
	}
	return out
}

func (a *API) RegisterCommand(c *model.Command) error {
	a.record("RegisterCommand")
	if c.Trigger == "" {
		return fmt.Errorf("RegisterCommand: trigger is required")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.Commands = append(a.Commands, c)
	return nil
}

func (a *API) log(level, msg string, kv []any) {
	a.record("Log" + level)
	l := LogLine{Level: level, Msg: msg, KV: kv}
	a.mu.Lock()
	a.Logs = append(a.Logs, l)
	sink := a.LogSink
	a.mu.Unlock()
	if sink != nil {
		sink(l)
	}
}

func (a *API) LogDebug(msg string, kv ...any) { a.log("Debug", msg, kv) }
func (a *API) LogInfo(msg string, kv ...any)  { a.log("Info", msg, kv) }
func (a *API) LogWarn(msg string, kv ...any)  { a.log("Warn", msg, kv) }
func (a *API) LogError(msg string, kv ...any) { a.log("Error", msg, kv) }
