// Command apitour is the Go twin of the Python API tour
// (conformance/e2e/testdata/apitour/server/plugin.py): an ordinary
// Mattermost Go plugin (plugin.ClientMain, server/public v0.4.4) that calls
// the same plugin.API methods with the same arguments, in the same order,
// under the same step names, and reports the same values in the same shape:
//
//	POST /plugins/com.mmpy.e2e.goapitour/tour
//	{"user_id", "admin_id", "team_id", "channel_id", "suffix", "file_b64"}
//	-> {"results": {step: {"ok", "value"} or {"ok", "error", "error_type", "status"}},
//	    "called": [Go names of the plugin.API methods called, sorted]}
//
//	GET /plugins/com.mmpy.e2e.goapitour/kv?key=K -> {"present": bool, "value": str}
//
// conformance/e2e runs one set of assertions against both (TestPythonAPITour
// and TestGoAPITour): the proof that a Python plugin's API calls behave on the
// real server as a Go plugin's do.
//
// Where Go and Python differ by nature, not by Mattermost's behaviour:
//   - error_type is derived from the *model.AppError's status code with the
//     SDK's mapping (mattermost_plugin/_errors.py: 400 ValidationError, 403
//     PermissionDeniedError, 404 NotFoundError, 409 AlreadyExistsError, 503
//     UnavailableError, else PluginAPIError) and "error" is rendered from the
//     AppError's fields as the SDK's PluginAPIError.__str__ renders them, with
//     AppError.Where in place of the Python exception's method name.
//   - A method the server lacks: the generated Go RPC client only logs
//     "RPC call to X API failed: rpc: can't find method Plugin.X" on the
//     standard logger (the plugin's stderr, which the server writes to its log)
//     and returns zero values with a nil error, where mmpy raises
//     UnavailableError. The tour cannot see that failure in the return values,
//     so it tees the standard logger during each step and reports those lines
//     under "rpc_errors" next to the (zero) value the call returned.
//   - Python-only conveniences become their Go equivalents with the same
//     arguments on the wire: create_post(channel_id=…, user_id=…, message=…)
//     is CreatePost(&model.Post{…}); a Python step that returns None reports
//     null here too.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

const trigger = "apitour"

type apiTour struct {
	plugin.MattermostPlugin

	tourMu sync.Mutex // one tour at a time: the standard logger is tapped during a tour
}

func (p *apiTour) OnActivate() error {
	// Not recorded, as in the Python plugin (self.api, not the RecordingAPI).
	return p.API.RegisterCommand(&model.Command{
		Trigger:          trigger,
		AutoComplete:     true,
		AutoCompleteDesc: "mmpy e2e API tour",
		DisplayName:      "API tour",
	})
}

func (p *apiTour) ServeHTTP(_ *plugin.Context, w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/tour":
		var in tourInput
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, "apitour: the body must be the tour's JSON input: "+err.Error(), http.StatusBadRequest)
			return
		}
		body, err := p.runTour(in)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	case r.Method == http.MethodGet && r.URL.Path == "/kv":
		data, appErr := p.API.KVGet(r.URL.Query().Get("key"))
		if appErr != nil {
			http.Error(w, appErr.Error(), http.StatusInternalServerError)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"present": data != nil, "value": latin1(data)})
	default:
		http.Error(w, fmt.Sprintf("no route %s %s", r.Method, r.URL.Path), http.StatusNotFound)
	}
}

type tourInput struct {
	UserID    string `json:"user_id"`
	AdminID   string `json:"admin_id"`
	TeamID    string `json:"team_id"`
	ChannelID string `json:"channel_id"`
	Suffix    string `json:"suffix"`
	FileB64   string `json:"file_b64"`
}

func (p *apiTour) runTour(in tourInput) ([]byte, error) {
	fileData, err := base64.StdEncoding.DecodeString(in.FileB64)
	if err != nil {
		return nil, fmt.Errorf("apitour: file_b64: %w", err)
	}
	p.tourMu.Lock()
	defer p.tourMu.Unlock()
	rpcLog := &rpcFailures{}
	prev := log.Writer()
	log.SetOutput(io.MultiWriter(prev, rpcLog)) // the lines still reach stderr
	defer log.SetOutput(prev)

	api := newRecordingAPI(p.API)
	t := &tour{results: map[string]map[string]any{}, rpcLog: rpcLog}
	run(api, t, in, fileData)
	return json.Marshal(map[string]any{"results": t.results, "called": api.Called()})
}

// ---- steps

// tour is one run of the tour: results by step name.
type tour struct {
	results map[string]map[string]any
	rpcLog  *rpcFailures
}

// step runs fn and records its value or its error under label (the shape of
// the Python tour's Tour.step); it returns the value (the zero value after an
// error).
func step[T any](t *tour, label string, fn func() (T, error)) T {
	t.rpcLog.take() // only the lines of this step
	value, err := protect(fn)
	res := map[string]any{}
	if err != nil {
		res["ok"] = false
		var appErr *model.AppError
		if errors.As(err, &appErr) {
			res["error"], res["error_type"], res["status"] = errorText(appErr), errorType(appErr.StatusCode), appErr.StatusCode
		} else {
			res["error"], res["error_type"], res["status"] = err.Error(), "Error", 0
		}
	} else {
		res["ok"], res["value"] = true, value
	}
	if lines := t.rpcLog.take(); len(lines) > 0 {
		res["rpc_errors"] = lines
	}
	t.results[label] = res
	if err != nil {
		var zero T
		return zero
	}
	return value
}

// protect turns a panic of fn (a nil object after an earlier failed step, as
// a Python step would raise AttributeError) into the step's error.
func protect[T any](fn func() (T, error)) (value T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return fn()
}

// errorType is the mattermost_plugin exception class the Python SDK raises
// for an AppError with this HTTP status (_errors.py error_for_status).
func errorType(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "ValidationError"
	case http.StatusForbidden:
		return "PermissionDeniedError"
	case http.StatusNotFound:
		return "NotFoundError"
	case http.StatusConflict:
		return "AlreadyExistsError"
	case http.StatusServiceUnavailable:
		return "UnavailableError"
	}
	return "PluginAPIError"
}

// errorText renders an AppError as mattermost_plugin's PluginAPIError.__str__
// does: "origin: message [error_id, status N] (detailed error)", the id only
// when it differs from the message (an untranslated AppError), the status
// only when non-zero. Python's origin is the API method called; Go's AppError
// has only Where, which the server sets to the function that failed.
func errorText(e *model.AppError) string {
	text := e.Message
	if e.Where != "" {
		text = e.Where + ": " + text
	}
	var facts []string
	if e.Id != "" && e.Id != e.Message {
		facts = append(facts, e.Id)
	}
	if e.StatusCode != 0 {
		facts = append(facts, fmt.Sprintf("status %d", e.StatusCode))
	}
	if len(facts) > 0 {
		text += " [" + strings.Join(facts, ", ") + "]"
	}
	if e.DetailedError != "" {
		text += " (" + e.DetailedError + ")"
	}
	return text
}

// ae returns a *model.AppError as an error, nil for nil (not a non-nil error
// interface holding a nil pointer).
func ae(e *model.AppError) error {
	if e == nil {
		return nil
	}
	return e
}

// call passes through a plugin.API result pair with its AppError as an error.
func call[T any](v T, e *model.AppError) (T, error) {
	return v, ae(e)
}

// none is the value of a step whose Python call returns None.
func none(err error) (any, error) {
	return nil, err
}

// rpcFailures collects the "RPC call to X API failed: …" lines the generated
// Go RPC client writes on the standard logger when a call fails (e.g. a method
// the server lacks).
type rpcFailures struct {
	mu    sync.Mutex
	lines []string
}

var rpcFailureLine = regexp.MustCompile(`RPC call to \w+ API failed: [^\n]*`)

func (f *rpcFailures) Write(b []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lines = append(f.lines, rpcFailureLine.FindAllString(string(b), -1)...)
	return len(b), nil
}

func (f *rpcFailures) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.lines
	f.lines = nil
	return out
}

// sortedIDs is the Python tour's ids(): the sorted ids, [] (not null) for none.
func sortedIDs[T any](items []T, id func(T) string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, id(it))
	}
	sort.Strings(out)
	return out
}

func idOfUser(u *model.User) string                    { return u.Id }
func idOfTeam(x *model.Team) string                    { return x.Id }
func idOfChannel(c *model.Channel) string              { return c.Id }
func userOfTeamMember(m *model.TeamMember) string      { return m.UserId }
func userOfChannelMember(m model.ChannelMember) string { return m.UserId }
func userOfBot(b *model.Bot) string                    { return b.UserId }
func triggerOf(c *model.Command) string                { return c.Trigger }

// kvValue is what the Python tour reports for kv_get's result when it is
// None: null. A present value is reported as its bytes read as Latin-1 (Python
// would show repr(bytes)); the tour reports KV values only where they must be
// absent.
func kvValue(b []byte) any {
	if b == nil {
		return nil
	}
	return latin1(b)
}

// latin1 decodes bytes as Latin-1, as the Python plugin's /kv route does.
func latin1(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

var errNoValue = errors.New("an earlier step failed: no object to read")

// run is the tour: the Python run_tour, step for step.
func run(api tourAPI, t *tour, in tourInput, fileData []byte) {
	userID, adminID, teamID, channelID, sfx := in.UserID, in.AdminID, in.TeamID, in.ChannelID, in.Suffix

	// ---- server and configuration
	step(t, "get_server_version", func() (string, error) { return api.GetServerVersion(), nil })
	step(t, "get_config", func() (*string, error) {
		cfg := api.GetConfig()
		if cfg == nil {
			return nil, errors.New("GetConfig returned nil")
		}
		return cfg.ServiceSettings.SiteURL, nil
	})
	step(t, "get_diagnostic_id", func() (string, error) { return api.GetDiagnosticId(), nil })
	step(t, "get_license", func() (bool, error) { return api.GetLicense() == nil, nil })
	step(t, "is_enterprise_ready", func() (bool, error) { return api.IsEnterpriseReady(), nil })
	step(t, "get_system_install_date", func() (int64, error) { return call(api.GetSystemInstallDate()) })
	step(t, "get_plugin_id", func() (string, error) { return api.GetPluginID(), nil })
	step(t, "get_bundle_path", api.GetBundlePath)
	step(t, "save_config", func() (string, error) {
		cfg := api.GetUnsanitizedConfig()
		if cfg == nil {
			return "", errors.New("GetUnsanitizedConfig returned nil")
		}
		cfg.TeamSettings.SiteName = model.NewPointer("Tour " + sfx)
		if appErr := api.SaveConfig(cfg); appErr != nil {
			return "", appErr
		}
		return *cfg.TeamSettings.SiteName, nil
	})
	step(t, "save_plugin_config", func() (any, error) {
		return none(ae(api.SavePluginConfig(map[string]any{"tour_value": sfx})))
	})
	step(t, "get_plugin_config", func() (any, error) { return api.GetPluginConfig()["tour_value"], nil })

	// ---- users
	user := step(t, "get_user", func() (*model.User, error) { return call(api.GetUser(userID)) })
	var username, email string
	if user != nil {
		username, email = user.Username, user.Email
	}
	step(t, "get_user:user", func() (map[string]string, error) {
		if user == nil {
			return nil, errNoValue
		}
		return map[string]string{"username": user.Username, "email": user.Email}, nil
	})
	step(t, "get_user:not_found", func() (string, error) {
		u, appErr := api.GetUser("invalid-id")
		if appErr != nil {
			return "", appErr
		}
		return u.Id, nil
	})
	step(t, "get_user_by_username", func() (string, error) {
		u, appErr := api.GetUserByUsername(username)
		if appErr != nil {
			return "", appErr
		}
		return u.Id, nil
	})
	step(t, "get_user_by_email", func() (string, error) {
		u, appErr := api.GetUserByEmail(email)
		if appErr != nil {
			return "", appErr
		}
		return u.Id, nil
	})
	usersStep := func(label string, get func() ([]*model.User, *model.AppError)) {
		step(t, label, func() ([]string, error) {
			us, appErr := get()
			if appErr != nil {
				return nil, appErr
			}
			return sortedIDs(us, idOfUser), nil
		})
	}
	usersStep("get_users_by_ids", func() ([]*model.User, *model.AppError) {
		return api.GetUsersByIds([]string{userID, adminID})
	})
	usersStep("get_users_by_usernames", func() ([]*model.User, *model.AppError) {
		return api.GetUsersByUsernames([]string{username})
	})
	// The server's GetUsers honours role (not in_team_id: it lists all profiles).
	usersStep("get_users", func() ([]*model.User, *model.AppError) {
		return api.GetUsers(&model.UserGetOptions{Role: "system_admin", Page: 0, PerPage: 200})
	})
	usersStep("get_users_in_team", func() ([]*model.User, *model.AppError) {
		return api.GetUsersInTeam(teamID, 0, 200)
	})
	usersStep("get_users_in_channel", func() ([]*model.User, *model.AppError) {
		return api.GetUsersInChannel(channelID, "username", 0, 200)
	})
	usersStep("search_users", func() ([]*model.User, *model.AppError) {
		return api.SearchUsers(&model.UserSearch{Term: username, TeamId: teamID, Limit: 10})
	})
	step(t, "update_user", func() (string, error) {
		u, appErr := api.GetUser(userID)
		if appErr != nil {
			return "", appErr
		}
		u.Nickname = "nick-" + sfx
		if u, appErr = api.UpdateUser(u); appErr != nil {
			return "", appErr
		}
		return u.Nickname, nil
	})
	step(t, "update_user_status", func() (string, error) {
		st, appErr := api.UpdateUserStatus(userID, "dnd")
		if appErr != nil {
			return "", appErr
		}
		return st.Status, nil
	})
	step(t, "get_user_status", func() (string, error) {
		st, appErr := api.GetUserStatus(userID)
		if appErr != nil {
			return "", appErr
		}
		return st.Status, nil
	})
	step(t, "get_user_statuses_by_ids", func() (map[string]string, error) {
		sts, appErr := api.GetUserStatusesByIds([]string{userID})
		if appErr != nil {
			return nil, appErr
		}
		out := map[string]string{}
		for _, st := range sts {
			out[st.UserId] = st.Status
		}
		return out, nil
	})
	step(t, "has_permission_to", func() (map[string]bool, error) {
		forUser := api.HasPermissionTo(userID, &model.Permission{Id: "manage_system"})
		forAdmin := api.HasPermissionTo(adminID, &model.Permission{Id: "manage_system"})
		return map[string]bool{"user": forUser, "admin": forAdmin}, nil
	})
	step(t, "has_permission_to_team", func() (bool, error) {
		return api.HasPermissionToTeam(userID, teamID, &model.Permission{Id: "view_team"}), nil
	})
	step(t, "has_permission_to_channel", func() (bool, error) {
		return api.HasPermissionToChannel(userID, channelID, &model.Permission{Id: "create_post"}), nil
	})

	// ---- teams and team members
	team := step(t, "get_team", func() (*model.Team, error) { return call(api.GetTeam(teamID)) })
	var teamName string
	if team != nil {
		teamName = team.Name
	}
	step(t, "get_team:name", func() (string, error) {
		if team == nil {
			return "", errNoValue
		}
		return team.Name, nil
	})
	step(t, "get_team_by_name", func() (string, error) {
		x, appErr := api.GetTeamByName(teamName)
		if appErr != nil {
			return "", appErr
		}
		return x.Id, nil
	})
	step(t, "get_teams", func() ([]string, error) {
		ts, appErr := api.GetTeams()
		if appErr != nil {
			return nil, appErr
		}
		return sortedIDs(ts, idOfTeam), nil
	})
	step(t, "get_teams_for_user", func() ([]string, error) {
		ts, appErr := api.GetTeamsForUser(userID)
		if appErr != nil {
			return nil, appErr
		}
		return sortedIDs(ts, idOfTeam), nil
	})
	newTeam := step(t, "create_team", func() (*model.Team, error) {
		return call(api.CreateTeam(&model.Team{
			Name: "tour-" + sfx, DisplayName: "Tour " + sfx, Type: "O", Email: "tour@example.com",
		}))
	})
	var newTeamID string
	if newTeam != nil {
		newTeamID = newTeam.Id
	}
	step(t, "create_team:id", func() (string, error) {
		if newTeam == nil {
			return "", errNoValue
		}
		return newTeam.Id, nil
	})
	step(t, "update_team", func() (string, error) {
		x, appErr := api.GetTeam(newTeamID)
		if appErr != nil {
			return "", appErr
		}
		x.DisplayName = "Tour updated " + sfx
		if x, appErr = api.UpdateTeam(x); appErr != nil {
			return "", appErr
		}
		return x.DisplayName, nil
	})
	step(t, "create_team_member", func() (string, error) {
		tm, appErr := api.CreateTeamMember(newTeamID, userID)
		if appErr != nil {
			return "", appErr
		}
		return tm.UserId, nil
	})
	step(t, "get_team_member", func() (string, error) {
		tm, appErr := api.GetTeamMember(newTeamID, userID)
		if appErr != nil {
			return "", appErr
		}
		return tm.UserId, nil
	})
	step(t, "get_team_members", func() ([]string, error) {
		tms, appErr := api.GetTeamMembers(newTeamID, 0, 100)
		if appErr != nil {
			return nil, appErr
		}
		return sortedIDs(tms, userOfTeamMember), nil
	})
	step(t, "get_team_stats", func() (int64, error) {
		st, appErr := api.GetTeamStats(newTeamID)
		if appErr != nil {
			return 0, appErr
		}
		return st.TotalMemberCount, nil
	})

	// ---- channels and channel members
	channel := step(t, "get_channel", func() (*model.Channel, error) { return call(api.GetChannel(channelID)) })
	var channelName string
	if channel != nil {
		channelName = channel.Name
	}
	step(t, "get_channel:name", func() (string, error) {
		if channel == nil {
			return "", errNoValue
		}
		return channel.Name, nil
	})
	step(t, "get_channel_by_name", func() (string, error) {
		c, appErr := api.GetChannelByName(teamID, channelName, false)
		if appErr != nil {
			return "", appErr
		}
		return c.Id, nil
	})
	step(t, "get_channel_by_name_for_team_name", func() (string, error) {
		c, appErr := api.GetChannelByNameForTeamName(teamName, channelName, false)
		if appErr != nil {
			return "", appErr
		}
		return c.Id, nil
	})
	newCh := step(t, "create_channel", func() (*model.Channel, error) {
		return call(api.CreateChannel(&model.Channel{
			TeamId: teamID, Name: "tour-" + sfx, DisplayName: "Tour " + sfx, Type: "O", CreatorId: adminID,
		}))
	})
	var newChID string
	if newCh != nil {
		newChID = newCh.Id
	}
	step(t, "create_channel:id", func() (string, error) {
		if newCh == nil {
			return "", errNoValue
		}
		return newCh.Id, nil
	})
	step(t, "update_channel", func() (string, error) {
		c, appErr := api.GetChannel(newChID)
		if appErr != nil {
			return "", appErr
		}
		c.Header = "header-" + sfx
		if c, appErr = api.UpdateChannel(c); appErr != nil {
			return "", appErr
		}
		return c.Header, nil
	})
	step(t, "add_channel_member", func() (string, error) {
		cm, appErr := api.AddChannelMember(newChID, userID)
		if appErr != nil {
			return "", appErr
		}
		return cm.UserId, nil
	})
	step(t, "get_channel_member", func() (string, error) {
		cm, appErr := api.GetChannelMember(newChID, userID)
		if appErr != nil {
			return "", appErr
		}
		return cm.UserId, nil
	})
	step(t, "get_channel_members", func() ([]string, error) {
		cms, appErr := api.GetChannelMembers(newChID, 0, 100)
		if appErr != nil {
			return nil, appErr
		}
		return sortedIDs(cms, userOfChannelMember), nil
	})
	step(t, "get_channel_stats", func() (int64, error) {
		st, appErr := api.GetChannelStats(newChID)
		if appErr != nil {
			return 0, appErr
		}
		return st.MemberCount, nil
	})
	step(t, "get_channels_for_team_for_user", func() ([]string, error) {
		cs, appErr := api.GetChannelsForTeamForUser(teamID, userID, false)
		if appErr != nil {
			return nil, appErr
		}
		return sortedIDs(cs, idOfChannel), nil
	})
	step(t, "get_public_channels_for_team", func() ([]string, error) {
		cs, appErr := api.GetPublicChannelsForTeam(teamID, 0, 200)
		if appErr != nil {
			return nil, appErr
		}
		return sortedIDs(cs, idOfChannel), nil
	})
	step(t, "get_direct_channel", func() (string, error) {
		c, appErr := api.GetDirectChannel(userID, adminID)
		if appErr != nil {
			return "", appErr
		}
		return c.Id, nil
	})
	archived := step(t, "create_channel:archived", func() (string, error) {
		c, appErr := api.CreateChannel(&model.Channel{
			TeamId: teamID, Name: "tour-arch-" + sfx, DisplayName: "Tour archived", Type: "O",
		})
		if appErr != nil {
			return "", appErr
		}
		return c.Id, nil
	})
	step(t, "delete_channel", func() (any, error) { return none(ae(api.DeleteChannel(archived))) })
	step(t, "delete_channel:id", func() (string, error) { return archived, nil })
	// RestoreChannel is in plugin.API v0.4.4 but not on the 11.4 server: the
	// Go RPC client logs "can't find method" and returns a nil error (see the
	// package comment), the Python SDK raises UnavailableError.
	step(t, "restore_channel:missing", func() (any, error) { return none(ae(api.RestoreChannel(archived))) })

	// ---- files
	info := step(t, "upload_file", func() (*model.FileInfo, error) {
		return call(api.UploadFile(fileData, channelID, "tour-"+sfx+".bin"))
	})
	var fileID string
	if info != nil {
		fileID = info.Id
	}
	step(t, "upload_file:id", func() (string, error) {
		if info == nil {
			return "", errNoValue
		}
		return info.Id, nil
	})
	step(t, "get_file", func() (map[string]any, error) {
		first, appErr := api.GetFile(fileID)
		if appErr != nil {
			return nil, appErr
		}
		sum := sha256.Sum256(first)
		second, appErr := api.GetFile(fileID)
		if appErr != nil {
			return nil, appErr
		}
		return map[string]any{"sha256": hex.EncodeToString(sum[:]), "equal": bytes.Equal(second, fileData)}, nil
	})
	step(t, "get_file_info", func() (map[string]any, error) {
		fi, appErr := api.GetFileInfo(fileID)
		if appErr != nil {
			return nil, appErr
		}
		return map[string]any{"name": fi.Name, "size": fi.Size}, nil
	})

	// ---- posts
	createPostID := func(p *model.Post) (string, error) {
		created, appErr := api.CreatePost(p)
		if appErr != nil {
			return "", appErr
		}
		return created.Id, nil
	}
	post := step(t, "create_post", func() (*model.Post, error) {
		return call(api.CreatePost(&model.Post{ChannelId: channelID, UserId: userID, Message: "tour post " + sfx}))
	})
	var postID string
	if post != nil {
		postID = post.Id
	}
	step(t, "create_post:id", func() (string, error) {
		if post == nil {
			return "", errNoValue
		}
		return post.Id, nil
	})
	step(t, "get_post", func() (string, error) {
		p, appErr := api.GetPost(postID)
		if appErr != nil {
			return "", appErr
		}
		return p.Message, nil
	})
	step(t, "update_post", func() (string, error) {
		p, appErr := api.GetPost(postID)
		if appErr != nil {
			return "", appErr
		}
		p.Message = "tour post " + sfx + " (edited)"
		if p, appErr = api.UpdatePost(p); appErr != nil {
			return "", appErr
		}
		return p.Message, nil
	})
	reply := step(t, "create_post:reply", func() (string, error) {
		return createPostID(&model.Post{ChannelId: channelID, UserId: adminID, Message: "tour reply " + sfx, RootId: postID})
	})
	step(t, "get_post_thread", func() ([]string, error) {
		pl, appErr := api.GetPostThread(postID)
		if appErr != nil {
			return nil, appErr
		}
		order := append([]string{}, pl.Order...)
		sort.Strings(order)
		return order, nil
	})
	step(t, "get_posts_for_channel", func() ([]string, error) {
		pl, appErr := api.GetPostsForChannel(channelID, 0, 60)
		if appErr != nil {
			return nil, appErr
		}
		return pl.Order, nil
	})
	step(t, "get_posts_since", func() ([]string, error) {
		if post == nil {
			return nil, errNoValue
		}
		pl, appErr := api.GetPostsSince(channelID, post.CreateAt-1)
		if appErr != nil {
			return nil, appErr
		}
		keys := make([]string, 0, len(pl.Posts))
		for id := range pl.Posts {
			keys = append(keys, id)
		}
		sort.Strings(keys)
		return keys, nil
	})
	withFile := step(t, "create_post:with_file", func() (string, error) {
		return createPostID(&model.Post{ChannelId: channelID, UserId: userID, Message: "tour file", FileIds: model.StringArray{fileID}})
	})
	step(t, "create_post:with_file:id", func() (string, error) { return withFile, nil })
	doomed := step(t, "create_post:doomed", func() (string, error) {
		return createPostID(&model.Post{ChannelId: channelID, UserId: userID, Message: "tour doomed"})
	})
	step(t, "delete_post", func() (any, error) { return none(ae(api.DeletePost(doomed))) })
	step(t, "delete_post:id", func() (string, error) { return doomed, nil })
	step(t, "send_ephemeral_post", func() (string, error) {
		// SendEphemeralPost returns no error in Go: a nil post is its failure.
		p := api.SendEphemeralPost(userID, &model.Post{ChannelId: channelID, UserId: adminID, Message: "ephemeral " + sfx})
		if p == nil {
			return "", errors.New("SendEphemeralPost returned no post")
		}
		return p.Id, nil
	})
	step(t, "create_post:reply:id", func() (string, error) { return reply, nil })

	// ---- reactions
	step(t, "add_reaction", func() (string, error) {
		r, appErr := api.AddReaction(&model.Reaction{UserId: userID, PostId: postID, EmojiName: "thumbsup"})
		if appErr != nil {
			return "", appErr
		}
		return r.EmojiName, nil
	})
	step(t, "remove_reaction", func() ([]string, error) {
		if _, appErr := api.AddReaction(&model.Reaction{UserId: userID, PostId: postID, EmojiName: "smile"}); appErr != nil {
			return nil, appErr
		}
		if appErr := api.RemoveReaction(&model.Reaction{UserId: userID, PostId: postID, EmojiName: "smile"}); appErr != nil {
			return nil, appErr
		}
		rs, appErr := api.GetReactions(postID)
		if appErr != nil {
			return nil, appErr
		}
		return sortedIDs(rs, func(r *model.Reaction) string { return r.EmojiName }), nil
	})
	step(t, "get_reactions", func() ([]string, error) {
		rs, appErr := api.GetReactions(postID)
		if appErr != nil {
			return nil, appErr
		}
		return sortedIDs(rs, func(r *model.Reaction) string { return r.UserId + ":" + r.EmojiName }), nil
	})

	// ---- KV store
	blob := make([]byte, 256)
	for i := range blob {
		blob[i] = byte(i)
	}
	step(t, "kv_set", func() (map[string]any, error) {
		if appErr := api.KVSet("tour:plain", blob); appErr != nil {
			return nil, appErr
		}
		got, appErr := api.KVGet("tour:plain")
		if appErr != nil {
			return nil, appErr
		}
		keys, appErr := api.KVList(0, 1000)
		if appErr != nil {
			return nil, appErr
		}
		if appErr := api.KVDelete("tour:plain"); appErr != nil {
			return nil, appErr
		}
		after, appErr := api.KVGet("tour:plain")
		if appErr != nil {
			return nil, appErr
		}
		return map[string]any{
			"equal": bytes.Equal(got, blob), "listed": slices.Contains(keys, "tour:plain"), "after_delete": kvValue(after),
		}, nil
	})
	step(t, "kv_get:missing", func() (any, error) {
		v, appErr := api.KVGet("tour:never-set-" + sfx)
		return kvValue(v), ae(appErr)
	})
	step(t, "kv_compare_and_set", func() (map[string]bool, error) {
		if appErr := api.KVSet("tour:cas", []byte("one")); appErr != nil {
			return nil, appErr
		}
		mismatch, appErr := api.KVCompareAndSet("tour:cas", []byte("wrong"), []byte("two"))
		if appErr != nil {
			return nil, appErr
		}
		match, appErr := api.KVCompareAndSet("tour:cas", []byte("one"), []byte("two"))
		if appErr != nil {
			return nil, appErr
		}
		now, appErr := api.KVGet("tour:cas")
		if appErr != nil {
			return nil, appErr
		}
		return map[string]bool{"mismatch": mismatch, "match": match, "now_two": bytes.Equal(now, []byte("two"))}, nil
	})
	step(t, "kv_compare_and_delete", func() (map[string]bool, error) {
		mismatch, appErr := api.KVCompareAndDelete("tour:cas", []byte("wrong"))
		if appErr != nil {
			return nil, appErr
		}
		match, appErr := api.KVCompareAndDelete("tour:cas", []byte("two"))
		if appErr != nil {
			return nil, appErr
		}
		now, appErr := api.KVGet("tour:cas")
		if appErr != nil {
			return nil, appErr
		}
		return map[string]bool{"mismatch": mismatch, "match": match, "gone": now == nil}, nil
	})
	step(t, "kv_set_with_options", func() (map[string]any, error) {
		if appErr := api.KVDelete("tour:atomic"); appErr != nil {
			return nil, appErr
		}
		absent := model.PluginKVSetOptions{Atomic: true, OldValue: nil}
		first, appErr := api.KVSetWithOptions("tour:atomic", []byte("v1"), absent)
		if appErr != nil {
			return nil, appErr
		}
		second, appErr := api.KVSetWithOptions("tour:atomic", []byte("v1-again"), absent)
		if appErr != nil {
			return nil, appErr
		}
		wrong, appErr := api.KVSetWithOptions("tour:atomic", []byte("v2"), model.PluginKVSetOptions{Atomic: true, OldValue: []byte("nope")})
		if appErr != nil {
			return nil, appErr
		}
		right, appErr := api.KVSetWithOptions("tour:atomic", []byte("v2"), model.PluginKVSetOptions{Atomic: true, OldValue: []byte("v1")})
		if appErr != nil {
			return nil, appErr
		}
		value, appErr := api.KVGet("tour:atomic")
		if appErr != nil {
			return nil, appErr
		}
		return map[string]any{
			"set_if_absent": first, "set_if_absent_again": second,
			"old_value_mismatch": wrong, "old_value_match": right, "value": string(value),
		}, nil
	})
	step(t, "kv_set_with_expiry", func() (map[string]any, error) {
		if appErr := api.KVSetWithExpiry("tour:expiry", []byte("soon gone"), 1); appErr != nil {
			return nil, appErr
		}
		if _, appErr := api.KVSetWithOptions("tour:expiry-opts", []byte("soon gone too"), model.PluginKVSetOptions{ExpireInSeconds: 1}); appErr != nil {
			return nil, appErr
		}
		expiryNow, appErr := api.KVGet("tour:expiry")
		if appErr != nil {
			return nil, appErr
		}
		optsNow, appErr := api.KVGet("tour:expiry-opts")
		if appErr != nil {
			return nil, appErr
		}
		return map[string]any{"expiry_now": string(expiryNow), "opts_now": string(optsNow)}, nil
	})

	// ---- bots
	bot := step(t, "create_bot", func() (*model.Bot, error) {
		return call(api.CreateBot(&model.Bot{Username: "tourbot" + sfx, DisplayName: "Tour Bot", Description: "made by apitour"}))
	})
	var botUserID string
	if bot != nil {
		botUserID = bot.UserId
	}
	step(t, "create_bot:id", func() (string, error) {
		if bot == nil {
			return "", errNoValue
		}
		return bot.UserId, nil
	})
	step(t, "get_bot", func() (string, error) {
		b, appErr := api.GetBot(botUserID, false)
		if appErr != nil {
			return "", appErr
		}
		return b.Username, nil
	})
	step(t, "get_bots", func() ([]string, error) {
		bs, appErr := api.GetBots(&model.BotGetOptions{Page: 0, PerPage: 200})
		if appErr != nil {
			return nil, appErr
		}
		return sortedIDs(bs, userOfBot), nil
	})
	step(t, "patch_bot", func() (string, error) {
		b, appErr := api.PatchBot(botUserID, &model.BotPatch{Description: model.NewPointer("patched " + sfx)})
		if appErr != nil {
			return "", appErr
		}
		return b.Description, nil
	})
	step(t, "update_bot_active", func() (bool, error) {
		b, appErr := api.UpdateBotActive(botUserID, false)
		if appErr != nil {
			return false, appErr
		}
		return b.DeleteAt > 0, nil
	})
	step(t, "ensure_bot_user", func() (string, error) {
		return api.EnsureBotUser(&model.Bot{Username: "tourensure" + sfx, DisplayName: "Ensured"})
	})

	// ---- preferences
	step(t, "update_preferences_for_user", func() (any, error) {
		return none(ae(api.UpdatePreferencesForUser(userID, []model.Preference{
			{UserId: userID, Category: "mmpy_tour", Name: "color", Value: "teal-" + sfx},
			{UserId: userID, Category: "mmpy_tour", Name: "gone", Value: "x"},
		})))
	})
	step(t, "delete_preferences_for_user", func() (any, error) {
		return none(ae(api.DeletePreferencesForUser(userID, []model.Preference{
			{UserId: userID, Category: "mmpy_tour", Name: "gone", Value: "x"},
		})))
	})
	step(t, "get_preference_for_user", func() (string, error) {
		pref, appErr := api.GetPreferenceForUser(userID, "mmpy_tour", "color")
		if appErr != nil {
			return "", appErr
		}
		return pref.Value, nil
	})
	step(t, "get_preferences_for_user", func() (map[string]string, error) {
		prefs, appErr := api.GetPreferencesForUser(userID)
		if appErr != nil {
			return nil, appErr
		}
		out := map[string]string{}
		for _, pref := range prefs {
			if pref.Category == "mmpy_tour" {
				out[pref.Name] = pref.Value
			}
		}
		return out, nil
	})

	// ---- commands, log, websocket
	step(t, "list_plugin_commands", func() ([]string, error) {
		cmds, err := api.ListPluginCommands(teamID)
		if err != nil {
			return nil, err
		}
		return sortedIDs(cmds, triggerOf), nil
	})
	step(t, "list_built_in_commands", func() ([]string, error) {
		cmds, err := api.ListBuiltInCommands()
		if err != nil {
			return nil, err
		}
		return sortedIDs(cmds, triggerOf), nil
	})
	step(t, "log_info", func() (any, error) {
		api.LogInfo("apitour log line "+sfx, "suffix", sfx)
		return nil, nil
	})
	step(t, "publish_web_socket_event", func() (any, error) {
		api.PublishWebSocketEvent("tour", map[string]any{"suffix": sfx}, &model.WebsocketBroadcast{UserId: userID})
		return nil, nil
	})
}

func main() {
	plugin.ClientMain(&apiTour{})
}
