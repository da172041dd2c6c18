package main

// The connection to a Mattermost server for deploy, disable and logs, as
// Mattermost's pluginctl makes it: the local-mode socket (HTTP over a unix
// socket, no authentication) or the site URL with a system admin's token.

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/mmpy/mmpy/internal/manifest"
)

// Environment variables of the connection (the names pluginctl uses).
const (
	envSocket = "MM_LOCALSOCKETPATH"
	envURL    = "MM_SERVICESETTINGS_SITEURL"
	envToken  = "MM_ADMIN_TOKEN"
)

// defaultSocket is the server's default ServiceSettings.LocalModeSocketLocation.
const defaultSocket = "/var/tmp/mattermost_local.socket"

// connFlags are the connection flags every server command takes.
type connFlags struct {
	socket, url, token string
}

func (f *connFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.socket, "socket", "", "local-mode socket (default $"+envSocket+" or "+defaultSocket+")")
	c.Flags().StringVar(&f.url, "url", "", "server URL, with --token (default $"+envURL+")")
	c.Flags().StringVar(&f.token, "token", "", "a system admin's access token, with --url (default $"+envToken+")")
}

// ConfigError means no usable connection is configured; the message says what
// to set.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

// ConnError means the server could not be reached.
type ConnError struct {
	Target string // "local socket PATH" or the URL
	Hint   string
	Err    error
}

func (e *ConnError) Error() string {
	msg := fmt.Sprintf("cannot reach Mattermost at %s: %v", e.Target, e.Err)
	if e.Hint != "" {
		msg += ": " + e.Hint
	}
	return msg
}

func (e *ConnError) Unwrap() error { return e.Err }

// APIError is an answer with a status code of 300 or more. The fields come
// from the server's error JSON (model.AppError) when the body is one.
type APIError struct {
	Method, Path  string
	StatusCode    int
	ID            string
	Message       string
	DetailedError string
	Body          string // the raw body when it is not an AppError
	Hint          string
}

func (e *APIError) Error() string {
	var msg string
	switch {
	case e.ID != "" || e.Message != "":
		msg = e.Message
		if e.ID != "" {
			msg = e.ID + ": " + msg
		}
		if e.DetailedError != "" {
			msg += " (" + e.DetailedError + ")"
		}
	default:
		msg = strings.TrimSpace(e.Body)
		if len(msg) > 500 {
			msg = msg[:500] + "…"
		}
	}
	s := fmt.Sprintf("%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if msg != "" {
		s += ": " + msg
	}
	if e.Hint != "" {
		s += ": " + e.Hint
	}
	return s
}

// client calls the REST API of one server.
type client struct {
	base   string // http://localhost for the socket, else the site URL
	token  string
	local  bool
	target string // for messages: "local socket PATH" or the URL
	http   *http.Client
}

// connect picks the connection: explicit --url/--token, explicit --socket,
// else the socket if it exists, else $MM_SERVICESETTINGS_SITEURL with
// $MM_ADMIN_TOKEN. It does not contact the server.
func connect(f connFlags) (*client, error) {
	if f.url != "" || f.token != "" {
		return tokenClient(firstNonEmpty(f.url, os.Getenv(envURL)), firstNonEmpty(f.token, os.Getenv(envToken)))
	}
	if f.socket != "" {
		if err := checkSocket(f.socket); err != nil {
			return nil, &ConfigError{Msg: fmt.Sprintf("--socket %s: %v: enable ServiceSettings.EnableLocalMode and pass its ServiceSettings.LocalModeSocketLocation", f.socket, err)}
		}
		return socketClient(f.socket), nil
	}
	sock := firstNonEmpty(os.Getenv(envSocket), defaultSocket)
	sockErr := checkSocket(sock)
	if sockErr == nil {
		return socketClient(sock), nil
	}
	siteURL, token := os.Getenv(envURL), os.Getenv(envToken)
	if siteURL != "" || token != "" {
		return tokenClient(siteURL, token)
	}
	return nil, &ConfigError{Msg: fmt.Sprintf(
		"no Mattermost local-mode socket at %s (%v): enable ServiceSettings.EnableLocalMode on the server "+
			"(and set $%s or --socket to its ServiceSettings.LocalModeSocketLocation), "+
			"or set %s and %s (a system admin's personal access token)",
		sock, sockErr, envSocket, envURL, envToken)}
}

func firstNonEmpty(a ...string) string {
	for _, s := range a {
		if s != "" {
			return s
		}
	}
	return ""
}

func checkSocket(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return errors.New("no such file")
		}
		return err
	}
	if st.Mode()&os.ModeSocket == 0 {
		return errors.New("not a socket")
	}
	return nil
}

func socketClient(sock string) *client {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		},
	}
	return &client{base: "http://localhost", local: true, target: "local socket " + sock, http: &http.Client{Transport: tr}}
}

func tokenClient(siteURL, token string) (*client, error) {
	switch {
	case siteURL == "" && token == "":
		return nil, &ConfigError{Msg: fmt.Sprintf("set %s and %s (or --url and --token)", envURL, envToken)}
	case siteURL == "":
		return nil, &ConfigError{Msg: fmt.Sprintf("a token is set but no server URL: set %s or --url (e.g. https://chat.example.com)", envURL)}
	case token == "":
		return nil, &ConfigError{Msg: fmt.Sprintf("server URL %s is set but no token: set %s or --token to a system admin's personal access token", siteURL, envToken)}
	}
	u, err := url.Parse(siteURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &ConfigError{Msg: fmt.Sprintf("server URL %q: use http://HOST[:PORT] or https://HOST[:PORT]", siteURL)}
	}
	base := strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/")
	return &client{base: base, token: token, target: base, http: &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}}, nil
}

// do sends a request and returns the body of a 2xx answer; any other status is
// an *APIError, a transport failure a *ConnError.
func (c *client) do(ctx context.Context, method, p string, body io.Reader, contentType string) ([]byte, error) {
	return c.send(ctx, method, p, body, contentType, -1)
}

// send is do with the body's length (-1: unknown, 0 with a nil body).
func (c *client) send(ctx context.Context, method, p string, body io.Reader, contentType string, length int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+p, body)
	if err != nil {
		return nil, err
	}
	if body != nil && length >= 0 {
		req.ContentLength = length
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
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &ConnError{Target: c.target, Err: err, Hint: c.connHint(err)}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &ConnError{Target: c.target, Err: err}
	}
	if resp.StatusCode >= 300 {
		return nil, c.apiError(method, p, resp.StatusCode, data)
	}
	return data, nil
}

func (c *client) connHint(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED) && c.local:
		return "the socket exists but nothing listens on it: is the server running with ServiceSettings.EnableLocalMode?"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "is the server running at that address?"
	case errors.Is(err, syscall.EACCES) && c.local:
		return "permission denied: run as the user the server runs as (the socket is only for that user)"
	}
	return ""
}

func (c *client) apiError(method, p string, status int, body []byte) *APIError {
	e := &APIError{Method: method, Path: p, StatusCode: status}
	var app struct {
		ID            string `json:"id"`
		Message       string `json:"message"`
		DetailedError string `json:"detailed_error"`
	}
	if json.Unmarshal(body, &app) == nil && (app.ID != "" || app.Message != "") {
		e.ID, e.Message, e.DetailedError = app.ID, app.Message, app.DetailedError
	} else {
		e.Body = string(body)
	}
	switch {
	case status == http.StatusUnauthorized && !c.local:
		e.Hint = fmt.Sprintf("the token was not accepted: set %s (or --token) to a valid personal access token", envToken)
	case status == http.StatusForbidden && !c.local:
		e.Hint = "the token's user must be a system admin (or use the local-mode socket on the server)"
	}
	return e
}

// getJSON decodes a 2xx answer into out.
func (c *client) getJSON(ctx context.Context, p string, out any) error {
	data, err := c.do(ctx, http.MethodGet, p, nil, "")
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("GET %s: unexpected answer from %s: %v", p, c.target, err)
	}
	return nil
}

var pluginIDRe = regexp.MustCompile(`^[a-zA-Z0-9-_.]{3,190}$`)

// resolvePluginID turns ID|DIR|BUNDLE into a plugin id: a folder's manifest
// id, a bundle's plugin.json id, or the argument itself.
func resolvePluginID(arg string) (string, error) {
	if arg == "" {
		return "", errors.New("give a plugin id, a plugin folder or a bundle")
	}
	if st, err := os.Stat(arg); err == nil {
		if st.IsDir() {
			p, err := manifest.Find(arg)
			if err != nil {
				return "", err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return "", err
			}
			m, err := manifest.Parse(p, data)
			if err != nil {
				return "", err
			}
			if !pluginIDRe.MatchString(m.ID) {
				return "", fmt.Errorf("%s: id %q is missing or invalid", p, m.ID)
			}
			return m.ID, nil
		}
		if isBundle(arg) {
			return bundleID(arg)
		}
	}
	if !pluginIDRe.MatchString(arg) {
		return "", fmt.Errorf("%q is neither a plugin folder, a bundle nor a plugin id (3-190 letters, digits, '.', '-' or '_')", arg)
	}
	return arg, nil
}

func isBundle(p string) bool {
	return strings.HasSuffix(p, ".tar.gz") || strings.HasSuffix(p, ".tgz")
}

// bundleID reads the id from a bundle's top-level plugin.json.
func bundleID(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return "", fmt.Errorf("%s: not a gzip bundle: %w", p, err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return "", fmt.Errorf("%s: no plugin.json in the bundle", p)
		}
		if err != nil {
			return "", fmt.Errorf("%s: corrupt bundle: %w", p, err)
		}
		name := path.Clean(strings.TrimPrefix(h.Name, "./"))
		if h.Typeflag != tar.TypeReg || path.Base(name) != "plugin.json" || strings.Count(name, "/") > 1 {
			continue
		}
		var m struct {
			ID string `json:"id"`
		}
		if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(&m); err != nil {
			return "", fmt.Errorf("%s: %s: %v", p, name, err)
		}
		if !pluginIDRe.MatchString(m.ID) {
			return "", fmt.Errorf("%s: %s: id %q is missing or invalid", p, name, m.ID)
		}
		return m.ID, nil
	}
}

// absPath is filepath.Abs that keeps the input on error.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
