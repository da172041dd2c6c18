package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

// Client calls the Mattermost REST API (/api/v4), either over the local-mode
// socket (admin rights, no token: Server.Local) or over TCP with a user's
// session token (Server.UserClient). Every call takes a context; the client
// also bounds each request to 3 minutes.
type Client struct {
	base  string
	token string
	http  *http.Client
}

// NewClient returns a TCP client for baseURL; token may be empty.
func NewClient(baseURL, token string) *Client {
	return &Client{
		base:  strings.TrimRight(baseURL, "/"),
		token: token,
		http:  &http.Client{Timeout: 3 * time.Minute},
	}
}

func newSocketClient(socketPath string) *Client {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socketPath)
		},
	}
	return &Client{base: "http://localhost", http: &http.Client{Transport: tr, Timeout: 3 * time.Minute}}
}

// Response is an API answer, body read in full.
type Response struct {
	StatusCode int
	Status     string
	Header     http.Header
	Body       []byte
}

// AppError decodes the body as Mattermost's error JSON, or returns nil.
func (r *Response) AppError() *model.AppError {
	var e model.AppError
	if json.Unmarshal(r.Body, &e) != nil || (e.Id == "" && e.Message == "") {
		return nil
	}
	return &e
}

// APIError is returned for an answer with a status code of 300 or more.
type APIError struct {
	Method, Path string
	StatusCode   int
	// AppError is the server's error, when the body is one.
	AppError *model.AppError
	Body     string
}

func (e *APIError) Error() string {
	msg := strings.TrimSpace(e.Body)
	if e.AppError != nil {
		msg = e.AppError.Id + ": " + e.AppError.Message
		if e.AppError.DetailedError != "" {
			msg += " (" + e.AppError.DetailedError + ")"
		}
	}
	if len(msg) > 2000 {
		msg = msg[:2000] + "…"
	}
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.Path, e.StatusCode, msg)
}

// Do sends a request; body may be nil, an io.Reader or a value to encode as
// JSON. Any status code comes back as a Response; only transport failures are
// errors.
func (c *Client) Do(ctx context.Context, method, path string, body any) (*Response, error) {
	var rd io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case io.Reader:
		rd = b
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(data)
		contentType = "application/json"
	}
	return c.send(ctx, method, path, rd, contentType)
}

func (c *Client) send(ctx context.Context, method, path string, body io.Reader, contentType string) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("X-Requested-With", "XMLHttpRequest")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	return &Response{StatusCode: resp.StatusCode, Status: resp.Status, Header: resp.Header, Body: data}, nil
}

// DoJSON sends in (nil for none) as JSON and decodes the answer into out (nil
// to ignore it). A status code of 300 or more is an *APIError.
func (c *Client) DoJSON(ctx context.Context, method, path string, in, out any) error {
	resp, err := c.Do(ctx, method, path, in)
	if err != nil {
		return err
	}
	return resp.decode(method, path, out)
}

func (r *Response) decode(method, path string, out any) error {
	if r.StatusCode >= 300 {
		return &APIError{Method: method, Path: path, StatusCode: r.StatusCode, AppError: r.AppError(), Body: string(r.Body)}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(r.Body, out); err != nil {
		return fmt.Errorf("%s %s: decode %T: %w", method, path, out, err)
	}
	return nil
}

// CreateUser creates a user (email <username>@example.com) over the socket
// and, if sysadmin, gives it the system_admin role.
func (s *Server) CreateUser(ctx context.Context, username, password string, sysadmin bool) (*model.User, error) {
	var u model.User
	err := s.Local.DoJSON(ctx, http.MethodPost, "/api/v4/users", map[string]any{
		"username": username,
		"email":    username + "@example.com",
		"password": password,
	}, &u)
	if err != nil {
		return nil, err
	}
	if sysadmin {
		roles := model.SystemUserRoleId + " " + model.SystemAdminRoleId
		if err := s.Local.DoJSON(ctx, http.MethodPut, "/api/v4/users/"+u.Id+"/roles",
			map[string]string{"roles": roles}, nil); err != nil {
			return nil, err
		}
		u.Roles = roles
	}
	return &u, nil
}

// CreateTeam creates an open team.
func (s *Server) CreateTeam(ctx context.Context, name string) (*model.Team, error) {
	var t model.Team
	err := s.Local.DoJSON(ctx, http.MethodPost, "/api/v4/teams", map[string]any{
		"name":         name,
		"display_name": name,
		"type":         model.TeamOpen,
	}, &t)
	return &t, err
}

// CreateChannel creates a public channel in a team.
func (s *Server) CreateChannel(ctx context.Context, teamID, name string) (*model.Channel, error) {
	var ch model.Channel
	err := s.Local.DoJSON(ctx, http.MethodPost, "/api/v4/channels", map[string]any{
		"team_id":      teamID,
		"name":         name,
		"display_name": name,
		"type":         model.ChannelTypeOpen,
	}, &ch)
	return &ch, err
}

// AddMembers adds users to a team and, if channelID is not empty, to one of
// its channels.
func (s *Server) AddMembers(ctx context.Context, teamID, channelID string, userIDs ...string) error {
	for _, id := range userIDs {
		if err := s.Local.DoJSON(ctx, http.MethodPost, "/api/v4/teams/"+teamID+"/members",
			map[string]string{"team_id": teamID, "user_id": id}, nil); err != nil {
			return err
		}
		if channelID == "" {
			continue
		}
		if err := s.Local.DoJSON(ctx, http.MethodPost, "/api/v4/channels/"+channelID+"/members",
			map[string]string{"user_id": id}, nil); err != nil {
			return err
		}
	}
	return nil
}

// Login logs a user in over TCP and returns the session token.
func (s *Server) Login(ctx context.Context, loginID, password string) (string, error) {
	c := NewClient(s.URL, "")
	resp, err := c.Do(ctx, http.MethodPost, "/api/v4/users/login",
		map[string]string{"login_id": loginID, "password": password})
	if err != nil {
		return "", err
	}
	if err := resp.decode(http.MethodPost, "/api/v4/users/login", nil); err != nil {
		return "", err
	}
	token := resp.Header.Get("Token")
	if token == "" {
		return "", errors.New("e2e: login answered without a Token header")
	}
	return token, nil
}

// UploadPlugin uploads a plugin bundle (tar.gz), replacing an installed plugin
// of the same id, and returns its manifest.
func (s *Server) UploadPlugin(ctx context.Context, bundlePath string) (*model.Manifest, error) {
	f, err := os.Open(bundlePath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("plugin", filepath.Base(bundlePath))
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(part, f); err != nil {
		return nil, err
	}
	if err := mw.WriteField("force", "true"); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	resp, err := s.Local.send(ctx, http.MethodPost, "/api/v4/plugins", &buf, mw.FormDataContentType())
	if err != nil {
		return nil, err
	}
	var m model.Manifest
	if err := resp.decode(http.MethodPost, "/api/v4/plugins", &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// EnablePlugin enables an installed plugin. The server activates it while
// answering; a plugin that fails to start may still answer 200 here, so check
// PluginStatus too.
func (s *Server) EnablePlugin(ctx context.Context, id string) error {
	return s.Local.DoJSON(ctx, http.MethodPost, "/api/v4/plugins/"+url.PathEscape(id)+"/enable", nil, nil)
}

// DisablePlugin disables (deactivates) a plugin.
func (s *Server) DisablePlugin(ctx context.Context, id string) error {
	return s.Local.DoJSON(ctx, http.MethodPost, "/api/v4/plugins/"+url.PathEscape(id)+"/disable", nil, nil)
}

// RemovePlugin uninstalls a plugin.
func (s *Server) RemovePlugin(ctx context.Context, id string) error {
	return s.Local.DoJSON(ctx, http.MethodDelete, "/api/v4/plugins/"+url.PathEscape(id), nil, nil)
}

// PluginStatuses returns /api/v4/plugins/statuses (asked as Server.Admin:
// local mode does not serve it).
func (s *Server) PluginStatuses(ctx context.Context) (model.PluginStatuses, error) {
	var st model.PluginStatuses
	err := s.Admin.DoJSON(ctx, http.MethodGet, "/api/v4/plugins/statuses", nil, &st)
	return st, err
}

// ErrPluginNotFound is returned by PluginStatus for a plugin that is not
// installed.
var ErrPluginNotFound = errors.New("e2e: plugin not installed")

// PluginStatus returns the status of one plugin (State is one of
// model.PluginState*; Error carries the server's reason after a failure).
func (s *Server) PluginStatus(ctx context.Context, id string) (*model.PluginStatus, error) {
	all, err := s.PluginStatuses(ctx)
	if err != nil {
		return nil, err
	}
	for _, st := range all {
		if st.PluginId == id {
			return st, nil
		}
	}
	return nil, fmt.Errorf("%w: %s", ErrPluginNotFound, id)
}

// WaitForPluginState polls PluginStatus until the plugin is in one of states
// or timeout passes, and returns the last status seen.
func (s *Server) WaitForPluginState(ctx context.Context, id string, timeout time.Duration, states ...int) (*model.PluginStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last *model.PluginStatus
	var lastErr error
	for {
		st, err := s.PluginStatus(ctx, id)
		if err == nil {
			last, lastErr = st, nil
			for _, want := range states {
				if st.State == want {
					return st, nil
				}
			}
		} else {
			var apiErr *APIError
			if errors.As(err, &apiErr) && apiErr.StatusCode < 500 {
				return last, err // a client error does not go away by polling
			}
			if ctx.Err() == nil {
				lastErr = err
			}
		}
		select {
		case <-ctx.Done():
			if last != nil {
				return last, fmt.Errorf("e2e: plugin %s is in state %s (error %q), not %v after %s",
					id, PluginStateName(last.State), last.Error, stateNames(states), timeout)
			}
			return nil, fmt.Errorf("e2e: plugin %s: no status after %s: %v", id, timeout, lastErr)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// PluginStateName names a model.PluginState* value.
func PluginStateName(state int) string {
	switch state {
	case model.PluginStateNotRunning:
		return "not_running"
	case model.PluginStateStarting:
		return "starting"
	case model.PluginStateRunning:
		return "running"
	case model.PluginStateFailedToStart:
		return "failed_to_start"
	case model.PluginStateFailedToStayRunning:
		return "failed_to_stay_running"
	case model.PluginStateStopping:
		return "stopping"
	}
	return fmt.Sprintf("state(%d)", state)
}

func stateNames(states []int) []string {
	names := make([]string, len(states))
	for i, st := range states {
		names[i] = PluginStateName(st)
	}
	return names
}

// PostResult is the answer to CreatePost.
type PostResult struct {
	// StatusCode is 201 for a created post.
	StatusCode int
	// Post is the created post (nil unless 201).
	Post *model.Post
	// AppError is the server's error (nil on success).
	AppError *model.AppError
	// Body is the raw answer.
	Body []byte
}

// ErrorText joins the error's id, message and detail, for assertions on a
// rejection reason wherever the server puts it.
func (r *PostResult) ErrorText() string {
	if r.AppError == nil {
		return string(r.Body)
	}
	return strings.Join([]string{r.AppError.Id, r.AppError.Message, r.AppError.DetailedError}, " | ")
}

// CreatePost posts a message as the user whose token is given. A rejected
// post is not an error: look at StatusCode and AppError.
func (s *Server) CreatePost(ctx context.Context, token, channelID, message string) (*PostResult, error) {
	resp, err := s.UserClient(token).Do(ctx, http.MethodPost, "/api/v4/posts",
		map[string]string{"channel_id": channelID, "message": message})
	if err != nil {
		return nil, err
	}
	res := &PostResult{StatusCode: resp.StatusCode, Body: resp.Body}
	if resp.StatusCode == http.StatusCreated {
		var p model.Post
		if err := json.Unmarshal(resp.Body, &p); err != nil {
			return nil, fmt.Errorf("e2e: decode post: %w", err)
		}
		res.Post = &p
	} else {
		res.AppError = resp.AppError()
	}
	return res, nil
}

// ExecuteCommand runs a slash command (e.g. "/hello") in a channel as the user
// whose token is given and returns the command's response.
func (s *Server) ExecuteCommand(ctx context.Context, token, channelID, command string) (*model.CommandResponse, error) {
	var cr model.CommandResponse
	err := s.UserClient(token).DoJSON(ctx, http.MethodPost, "/api/v4/commands/execute",
		map[string]string{"channel_id": channelID, "command": command}, &cr)
	if err != nil {
		return nil, err
	}
	return &cr, nil
}
