package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/spf13/cobra"

	"github.com/mmpy/mmpy/internal/bundle"
)

// deployOptions configure deploy.
type deployOptions struct {
	conn    connFlags
	runtime string
	// timeout bounds enabling plus waiting for the running state.
	timeout time.Duration
	// poll is the interval between status checks (default 500 ms).
	poll time.Duration
	// progressEvery is the interval of "still ..." lines (default 10 s).
	progressEvery time.Duration
}

func deployCmd() *cobra.Command {
	var o deployOptions
	c := &cobra.Command{
		Use:   "deploy DIR|BUNDLE.tar.gz",
		Short: "Upload a plugin to a Mattermost server, enable it and wait until it runs",
		Long: "Deploy bundles a plugin folder (or takes a bundle), uploads it to the server\n" +
			"(replacing an installed plugin of the same id), enables it and waits until the\n" +
			"server reports it running. If activation fails it prints the server's error and\n" +
			"the plugin's log lines (the Python traceback) and exits non-zero.\n\n" +
			connHelp,
		Example: "  mmpy deploy examples/hello_python\n" +
			"  MM_SERVICESETTINGS_SITEURL=https://chat.example.com MM_ADMIN_TOKEN=... mmpy deploy hello.tar.gz",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := deploy(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], o)
			return err
		},
	}
	o.conn.register(c)
	c.Flags().StringVar(&o.runtime, "runtime", "", "mmpy runtime directory for a plugin folder (default $MMPY_RUNTIME or ./build/runtime)")
	c.Flags().DurationVar(&o.timeout, "timeout", 3*time.Minute, "how long to wait for the plugin to be running")
	return c
}

func disableCmd() *cobra.Command {
	var cf connFlags
	c := &cobra.Command{
		Use:   "disable ID|DIR|BUNDLE.tar.gz",
		Short: "Disable (deactivate) a plugin on a Mattermost server",
		Long:  "Disable deactivates an installed plugin; it stays installed.\n\n" + connHelp,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := resolvePluginID(args[0])
			if err != nil {
				return err
			}
			c, err := connect(cf)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(ctxOrBackground(cmd.Context()), 2*time.Minute)
			defer cancel()
			if err := c.disable(ctx, id); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "disabled %s\n", id)
			return nil
		},
	}
	cf.register(c)
	return c
}

const connHelp = "Connection (as Mattermost's pluginctl): the server's local-mode socket\n" +
	"(ServiceSettings.EnableLocalMode; --socket, $MM_LOCALSOCKETPATH, default\n" +
	"/var/tmp/mattermost_local.socket; run as the server's user), or, if there is no\n" +
	"socket or --url/--token are given, the site URL ($MM_SERVICESETTINGS_SITEURL,\n" +
	"--url) with a system admin's personal access token ($MM_ADMIN_TOKEN, --token)."

func ctxOrBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// ActivationError means the plugin was uploaded and enabled but does not run.
type ActivationError struct {
	PluginID string
	// State is the last state seen (e.g. "failed_to_start"), or "" if unknown.
	State string
	// Reason is the server's error for the plugin (it carries the Python
	// traceback when the plugin raised).
	Reason string
	// Log holds the plugin's server log lines since it was enabled, formatted.
	Log []string
}

func (e *ActivationError) Error() string {
	msg := fmt.Sprintf("plugin %s did not start", e.PluginID)
	if e.State != "" {
		msg += " (state " + e.State + ")"
	}
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// deployResult is what deploy did.
type deployResult struct {
	Manifest *model.Manifest
	Status   string // "running"
}

func deploy(ctx context.Context, stdout, stderr io.Writer, target string, o deployOptions) (*deployResult, error) {
	ctx = ctxOrBackground(ctx)
	say := func(format string, a ...any) { fmt.Fprintf(stderr, "[deploy] "+format+"\n", a...) }
	if o.timeout <= 0 {
		o.timeout = 3 * time.Minute
	}
	if o.poll <= 0 {
		o.poll = 500 * time.Millisecond
	}
	if o.progressEvery <= 0 {
		o.progressEvery = 10 * time.Second
	}

	st, err := os.Stat(target)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: give a plugin folder or a bundle (.tar.gz)", target, errors.Unwrap(err))
	}
	c, err := connect(o.conn)
	if err != nil {
		return nil, err
	}

	bundlePath := target
	if st.IsDir() {
		tmp, err := os.MkdirTemp("", "mmpy-deploy-*")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		rt := o.runtime
		if rt == "" {
			rt = defaultRuntime()
		}
		bundlePath = filepath.Join(tmp, filepath.Base(absPath(target))+".tar.gz")
		if _, err := bundle.Build(bundle.Options{
			PluginDir:  target,
			RuntimeDir: absPath(rt),
			Out:        bundlePath,
			Progress:   func(s string) { fmt.Fprintln(stderr, "[bundle]", s) },
		}); err != nil {
			return nil, err
		}
	} else if !isBundle(target) {
		return nil, fmt.Errorf("%s: not a plugin folder or a bundle (.tar.gz)", target)
	}

	// Upload.
	fi, err := os.Stat(bundlePath)
	if err != nil {
		return nil, err
	}
	say("uploading %s (%.1f MB) to %s", filepath.Base(bundlePath), float64(fi.Size())/1e6, c.target)
	t0 := time.Now()
	var m *model.Manifest
	err = withProgress(ctx, o.progressEvery, func(d time.Duration) { say("still uploading (%s)", d.Round(time.Second)) }, func() error {
		var uerr error
		m, uerr = c.uploadPlugin(ctx, bundlePath, fi.Size())
		return uerr
	})
	if err != nil {
		return nil, err
	}
	say("uploaded %s %s in %s", m.Id, m.Version, time.Since(t0).Round(time.Millisecond))

	// Remember where the server log ends, to show the plugin's lines from here.
	logs := newLogReader(c)
	logsErr := logs.markEnd(ctx)

	// Enable: the server activates the plugin while answering.
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	say("enabling %s", m.Id)
	t1 := time.Now()
	err = withProgress(ctx, o.progressEvery, func(d time.Duration) { say("still activating (%s)", d.Round(time.Second)) }, func() error {
		return c.enable(ctx, m.Id)
	})
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = &ActivationError{PluginID: m.Id, Reason: fmt.Sprintf("enable did not answer within %s", o.timeout)}
		}
		return nil, withPluginLog(ctx, stderr, err, logs, logsErr, m.Id)
	}
	err = c.waitRunning(ctx, m.Id, logs, logsErr, o, say)
	if err != nil {
		return nil, withPluginLog(context.WithoutCancel(ctx), stderr, err, logs, logsErr, m.Id)
	}
	say("%s is running (activated in %s)", m.Id, time.Since(t1).Round(time.Millisecond))
	fmt.Fprintf(stdout, "deployed %s %s: running\n", m.Id, m.Version)
	return &deployResult{Manifest: m, Status: "running"}, nil
}

// withPluginLog prints the plugin's log lines (info and above) since the mark
// to w after an activation failure and returns err (an *ActivationError gets
// the lines).
func withPluginLog(ctx context.Context, w io.Writer, err error, logs *logReader, logsErr error, id string) error {
	var ae *ActivationError
	if !errors.As(err, &ae) {
		return err
	}
	if ae.Log == nil {
		if logsErr == nil {
			lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			lines, _, lerr := logs.next(lctx)
			logsErr = lerr
			for _, l := range lines {
				if e, ok := parseLogLine(l); ok && e.pluginID == id && e.rank() >= levelRank["info"] {
					ae.Log = append(ae.Log, e.format())
				}
			}
		}
	}
	if len(ae.Log) > 0 {
		fmt.Fprintf(w, "--- server log of %s since it was enabled ---\n", id)
		for _, l := range ae.Log {
			fmt.Fprintln(w, l)
		}
		fmt.Fprintln(w, "---")
	} else if logsErr != nil {
		fmt.Fprintf(w, "(server log not available: %v)\n", logsErr)
	}
	return err
}

// withProgress runs fn, calling tick every interval while it runs.
func withProgress(ctx context.Context, every time.Duration, tick func(time.Duration), fn func() error) error {
	done := make(chan struct{})
	t0 := time.Now()
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				tick(time.Since(t0))
			}
		}
	}()
	err := fn()
	close(done)
	return err
}

// uploadPlugin sends the bundle as POST /api/v4/plugins (multipart field
// "plugin", force=true), streaming it from disk.
func (c *client) uploadPlugin(ctx context.Context, bundlePath string, size int64) (*model.Manifest, error) {
	f, err := os.Open(bundlePath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.WriteField("force", "true"); err != nil {
		return nil, err
	}
	if _, err := mw.CreateFormFile("plugin", filepath.Base(bundlePath)); err != nil {
		return nil, err
	}
	head := bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := mw.Close(); err != nil {
		return nil, err
	}
	tail := bytes.Clone(buf.Bytes())
	body := io.MultiReader(bytes.NewReader(head), io.LimitReader(f, size), bytes.NewReader(tail))
	const p = "/api/v4/plugins"
	data, err := c.send(ctx, http.MethodPost, p, body, mw.FormDataContentType(), int64(len(head))+size+int64(len(tail)))
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.Hint == "" {
			switch {
			case ae.ID == "app.plugin.upload_disabled.app_error":
				ae.Hint = "the server refuses uploads: set PluginSettings.Enable and PluginSettings.EnableUploads to true and PluginSettings.RequirePluginSignature to false"
			case ae.ID == "app.plugin.disabled.app_error":
				ae.Hint = "plugins are off on the server: set PluginSettings.Enable to true"
			case ae.StatusCode == http.StatusRequestEntityTooLarge:
				ae.Hint = fmt.Sprintf("the bundle (%.1f MB) is larger than the server accepts: raise FileSettings.MaxFileSize (and any proxy's body limit)", float64(size)/1e6)
			}
		}
		return nil, err
	}
	var m model.Manifest
	if err := json.Unmarshal(data, &m); err != nil || m.Id == "" {
		return nil, fmt.Errorf("POST %s: unexpected answer from %s (no manifest): %.200s", p, c.target, data)
	}
	return &m, nil
}

func (c *client) enable(ctx context.Context, id string) error {
	_, err := c.do(ctx, http.MethodPost, "/api/v4/plugins/"+url.PathEscape(id)+"/enable", nil, "")
	return notInstalled(err, id)
}

func (c *client) disable(ctx context.Context, id string) error {
	_, err := c.do(ctx, http.MethodPost, "/api/v4/plugins/"+url.PathEscape(id)+"/disable", nil, "")
	return notInstalled(err, id)
}

func notInstalled(err error, id string) error {
	var ae *APIError
	if errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound && ae.Hint == "" {
		ae.Hint = fmt.Sprintf("is plugin %s installed? (mmpy deploy installs it)", id)
	}
	return err
}

// stateName names a model.PluginState* value.
func stateName(state int) string {
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

// waitRunning polls GET /api/v4/plugins/statuses until the plugin runs or
// fails. Local mode does not serve that endpoint (404): then it polls the
// active list of GET /api/v4/plugins and looks for the server's "Unable to
// activate plugin" line in the log.
func (c *client) waitRunning(ctx context.Context, id string, logs *logReader, logsErr error, o deployOptions, say func(string, ...any)) error {
	useStatuses := true
	last := ""
	var lastErr error
	t0 := time.Now()
	nextProgress := t0.Add(o.progressEvery)
	var collected []string // the plugin's log lines seen while polling
	for {
		if useStatuses {
			var sts model.PluginStatuses
			err := c.getJSON(ctx, "/api/v4/plugins/statuses", &sts)
			var ae *APIError
			switch {
			case errors.As(err, &ae) && (ae.StatusCode == http.StatusNotFound || ae.StatusCode == http.StatusMethodNotAllowed):
				useStatuses = false
				say("the server does not serve plugin statuses here (local mode); checking the active plugins and the log")
				continue
			case errors.As(err, &ae) && ae.StatusCode < 500:
				return err
			case err != nil:
				lastErr = err
			default:
				lastErr = nil
				mine := slices.DeleteFunc(sts, func(s *model.PluginStatus) bool { return s == nil || s.PluginId != id })
				if len(mine) == 0 {
					last = "not reported"
					break
				}
				running := true
				for _, s := range mine {
					last = stateName(s.State)
					if s.State == model.PluginStateFailedToStart || s.State == model.PluginStateFailedToStayRunning {
						return &ActivationError{PluginID: id, State: stateName(s.State), Reason: s.Error}
					}
					if s.State != model.PluginStateRunning {
						running = false
					}
				}
				if running {
					return nil
				}
			}
		} else {
			var pr model.PluginsResponse
			err := c.getJSON(ctx, "/api/v4/plugins", &pr)
			var ae *APIError
			switch {
			case errors.As(err, &ae) && ae.StatusCode < 500:
				return err
			case err != nil:
				lastErr = err
			default:
				lastErr = nil
				if slices.ContainsFunc(pr.Active, func(p *model.PluginInfo) bool { return p != nil && p.Id == id }) {
					return nil
				}
				last = "not active"
			}
			// The server logs "Unable to activate plugin" (with the error)
			// when activation fails.
			if logsErr == nil {
				lines, _, lerr := logs.next(ctx)
				if lerr == nil {
					for _, l := range lines {
						e, ok := parseLogLine(l)
						if !ok || e.pluginID != id {
							continue
						}
						if e.rank() >= levelRank["info"] {
							collected = append(collected, e.format())
						}
						if strings.Contains(e.msg, "Unable to activate plugin") {
							reason, _ := e.fields["error"].(string)
							return &ActivationError{PluginID: id, State: "failed_to_start", Reason: reason, Log: collected}
						}
					}
				}
			}
		}
		if time.Now().After(nextProgress) {
			say("waiting for %s to run: %s (%s)", id, last, time.Since(t0).Round(time.Second))
			nextProgress = time.Now().Add(o.progressEvery)
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.Canceled) {
				return ctx.Err() // interrupted
			}
			reason := fmt.Sprintf("not running after %s", o.timeout)
			if lastErr != nil {
				reason += fmt.Sprintf(" (last error: %v)", lastErr)
			}
			return &ActivationError{PluginID: id, State: last, Reason: reason, Log: collected}
		case <-time.After(o.poll):
		}
	}
}
