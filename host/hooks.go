package host

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"google.golang.org/protobuf/proto"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/host/internal/convert"
	"github.com/mmpy/mmpy/host/internal/guest"
)

type pbAppError = pb.AppError

// HookError is returned when a Python hook handler raised.
type HookError struct {
	PluginID, Hook           string
	Type, Message, Traceback string
	// AppError is set when the handler raised a PluginAPIError: hooks whose
	// Go result is a *model.AppError return it as is.
	AppError *pb.AppError
	// Deadline is set when the exception is the host's interrupt
	// (mattermost_plugin.DeadlineExceeded): the hook's deadline.
	Deadline time.Duration
}

// deadlineExceededType is GuestError.type of the host's interrupt.
const deadlineExceededType = "mattermost_plugin.DeadlineExceeded"

func (e *HookError) Error() string {
	if e.Type == deadlineExceededType && e.Deadline > 0 {
		return fmt.Sprintf("plugin %s: hook %s exceeded its deadline of %s and was interrupted (%s)", e.PluginID, e.Hook, e.Deadline, e.Type)
	}
	return fmt.Sprintf("plugin %s: hook %s raised %s: %s", e.PluginID, e.Hook, e.Type, e.Message)
}

// callHook sends one hook to the guest. It returns (nil, nil) when the plugin
// does not implement the hook, and logs handler exceptions with the plugin id
// and the Python traceback before returning them as *HookError.
func (p *Plugin) callHook(ctx context.Context, name string, req, resp proto.Message) (implemented bool, err error) {
	if !p.Implements(name) {
		return false, nil
	}
	b, err := proto.Marshal(req)
	if err != nil {
		return true, fmt.Errorf("plugin %s: hook %s: encode: %w", p.id, name, err)
	}
	in := p.cur.Load()
	if in == nil {
		select {
		case <-p.done:
			err = fmt.Errorf("plugin %s: hook %s: %w: %w", p.id, name, ErrStopped, p.Err())
		default:
			err = fmt.Errorf("plugin %s: hook %s: %w", p.id, name, ErrRestarting)
		}
		p.log.Error("hook call failed", "hook", name, "error", err)
		return true, err
	}
	deadline, grace := p.rt.opts.Deadlines.For(name)
	r, err := in.inst.CallHookLimits(ctx, name, b, guest.Limits{
		Deadline: deadline,
		Grace:    grace,
		OnStuck:  func(e *guest.DeadlineError) { p.abandon(in, e) },
	})
	if err != nil {
		var de *DeadlineError
		if errors.As(err, &de) {
			p.log.Error("hook deadline exceeded", "hook", name, "deadline", deadline.String(), "grace", grace.String(),
				"queued", de.Queued, "stuck", de.Stuck, "error", err.Error())
		} else {
			p.log.Error("hook call failed", "hook", name, "error", err)
		}
		return true, err
	}
	if r.NotImplemented {
		return false, nil
	}
	if r.Error != nil {
		he := &HookError{PluginID: p.id, Hook: name, Type: r.Error.Type, Message: r.Error.Message, Traceback: r.Error.Traceback, AppError: r.Error.AppError}
		if he.Type == deadlineExceededType {
			he.Deadline = deadline
			p.log.Error("python hook exceeded its deadline and was interrupted", "hook", name, "deadline", deadline.String(),
				"exception", he.Type, "error", he.Message, "traceback", he.Traceback)
			return true, he
		}
		p.log.Error("python hook raised", "hook", name, "exception", he.Type, "error", he.Message, "traceback", he.Traceback)
		return true, he
	}
	if err := proto.Unmarshal(r.Response, resp); err != nil {
		err = fmt.Errorf("plugin %s: hook %s: malformed response from guest: %w", p.id, name, err)
		p.log.Error("hook response rejected", "hook", name, "error", err)
		return true, err
	}
	return true, nil
}

// OnActivate runs the plugin's OnActivate handler. An exception fails
// activation; the error carries the exception and its traceback.
func (p *Plugin) OnActivate(ctx context.Context) error {
	_, err := p.callHook(ctx, "OnActivate", &pb.HookOnActivateRequest{}, &pb.HookOnActivateResponse{})
	p.activated.Store(err == nil)
	var he *HookError
	if errors.As(err, &he) {
		return fmt.Errorf("%w\n%s", he, he.Traceback)
	}
	return err
}

// OnDeactivate runs the plugin's OnDeactivate handler.
func (p *Plugin) OnDeactivate(ctx context.Context) error {
	p.activated.Store(false)
	_, err := p.callHook(ctx, "OnDeactivate", &pb.HookOnDeactivateRequest{}, &pb.HookOnDeactivateResponse{})
	return err
}

// ServeHTTP runs the plugin's ServeHTTP handler for a request to
// /plugins/{id}/... (r.URL.Path is relative to that prefix, as for Go
// plugins). The request body is read up to Options.MaxMessage; a larger one
// is answered 413 without calling the guest. A plugin without the handler
// answers 404; a handler that raises answers 500 (the traceback is logged).
func (p *Plugin) ServeHTTP(ctx context.Context, c *plugin.Context, w http.ResponseWriter, r *http.Request) {
	p.serveHTTP(ctx, "ServeHTTP", c, w, r)
}

// ServeMetrics runs the plugin's ServeMetrics handler (the server's metrics
// listener, /plugins/{id}/metrics), with ServeHTTP's rules.
func (p *Plugin) ServeMetrics(ctx context.Context, c *plugin.Context, w http.ResponseWriter, r *http.Request) {
	p.serveHTTP(ctx, "ServeMetrics", c, w, r)
}

func (p *Plugin) serveHTTP(ctx context.Context, hook string, c *plugin.Context, w http.ResponseWriter, r *http.Request) {
	if !p.Implements(hook) {
		http.NotFound(w, r)
		return
	}
	hr, status, err := httpRequestToPB(r, p.maxMessage())
	if err != nil {
		p.log.Warn("HTTP request refused before reaching the plugin", "hook", hook, "path", r.URL.Path, "error", err.Error())
		http.Error(w, err.Error(), status)
		return
	}
	var streamed io.Reader
	if hr.ContentLength < 0 || hr.ContentLength > streamThreshold {
		streamed = r.Body
	}
	id, _ := p.openExchange(streamed, w)
	defer p.closeExchange(id)
	hr.Stream = id
	cj, err := toJSON(c)
	if err != nil {
		p.hookEncodeFailed(hook, "c", err)
		http.Error(w, "mmpy: cannot encode the request context", http.StatusInternalServerError)
		return
	}
	var (
		resp pb.HookServeHTTPResponse
		ok   bool
	)
	switch hook {
	case "ServeMetrics":
		var mresp pb.HookServeMetricsResponse
		ok, err = p.callHook(ctx, hook, &pb.HookServeMetricsRequest{C: cj, R: hr}, &mresp)
		resp.Response = mresp.Response
	default:
		ok, err = p.callHook(ctx, hook, &pb.HookServeHTTPRequest{C: cj, R: hr}, &resp)
	}
	switch {
	case !ok && err == nil:
		http.NotFound(w, r)
	case err != nil:
		http.Error(w, fmt.Sprintf("plugin %s failed to handle the request; see the server log", p.id), http.StatusInternalServerError)
	case resp.Response != nil && resp.Response.Streamed:
		// the guest wrote the response itself (mmpy.StreamWrite)
	default:
		writeHTTPResponse(w, resp.Response)
	}
}

// FileWillBeUploaded runs the plugin's FileWillBeUploaded handler: it gets
// the file's info and content and may reject the upload, replace the info,
// and write replacement content to output. A file up to 8 MiB travels in the
// hook request (the handler gets bytes); a larger one streams (the handler
// gets a binary file object, and may stream its replacement back), so
// neither side holds it whole. On failure the upload goes through unchanged
// (fail-open, as from a Go plugin whose RPC failed) and the failure is logged.
func (p *Plugin) FileWillBeUploaded(ctx context.Context, c *plugin.Context, info *model.FileInfo, file io.Reader, output io.Writer) (*model.FileInfo, string) {
	if !p.Implements("FileWillBeUploaded") {
		return nil, ""
	}
	prefix, err := io.ReadAll(io.LimitReader(file, streamThreshold+1))
	if err != nil {
		p.log.Error("FileWillBeUploaded: cannot read the uploaded file; upload not filtered", "error", err.Error())
		return nil, ""
	}
	req := &pb.HookFileWillBeUploadedRequest{}
	var body io.Reader
	if len(prefix) > streamThreshold {
		body = io.MultiReader(bytes.NewReader(prefix), file)
		req.FileStreams = true
	} else {
		req.File = prefix
	}
	id, _ := p.openExchange(body, nil)
	defer p.closeExchange(id)
	if x, ok := p.exchange(id); ok {
		x.out = output
	}
	req.FileStream = id
	if req.C, err = toJSON(c); err == nil {
		req.Info, err = toJSON(info)
	}
	if err != nil {
		p.hookEncodeFailed("FileWillBeUploaded", "info", err)
		return nil, ""
	}
	var resp pb.HookFileWillBeUploadedResponse
	ok, herr := p.callHook(ctx, "FileWillBeUploaded", req, &resp)
	if !ok || herr != nil {
		return nil, ""
	}
	var out *model.FileInfo
	if err := fromJSON(resp.Result, &out); err != nil {
		p.hookDecodeFailed("FileWillBeUploaded", "result", err)
		return nil, ""
	}
	if resp.Result2 == "" && resp.Output != nil && !resp.OutputStreamed {
		if _, err := output.Write(resp.Output); err != nil {
			p.log.Error("FileWillBeUploaded: writing the replacement content failed", "error", err.Error())
		}
	}
	return out, resp.Result2
}

func (p *Plugin) maxMessage() int {
	if p.rt.opts.MaxMessage > 0 {
		return p.rt.opts.MaxMessage
	}
	return guest.DefaultMaxMessage
}

// httpRequestToPB reads r into the ABI message: the body (capped at limit)
// when it is known to be at most streamThreshold bytes; otherwise the body is
// left for the guest to stream.
func httpRequestToPB(r *http.Request, limit int) (*pb.HttpRequest, int, error) {
	out := &pb.HttpRequest{
		ContentLength: r.ContentLength,
		Method:        r.Method,
		Url:           r.URL.RequestURI(),
		Path:          r.URL.Path,
		Query:         r.URL.RawQuery,
		RemoteAddr:    r.RemoteAddr,
		Host:          r.Host,
		Proto:         r.Proto,
	}
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out.Headers = append(out.Headers, &pb.HttpHeader{Name: k, Values: r.Header[k]})
	}
	if r.Body == nil || r.Body == http.NoBody {
		out.ContentLength = 0
	}
	if r.Body != nil && out.ContentLength >= 0 && out.ContentLength <= streamThreshold {
		b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
		if err != nil {
			return nil, http.StatusBadRequest, fmt.Errorf("reading the request body: %w", err)
		}
		if len(b) > limit {
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("request body larger than %d bytes (the host's MaxMessage)", limit)
		}
		out.Body = b
	}
	return out, 0, nil
}

func writeHTTPResponse(w http.ResponseWriter, r *pb.HttpResponse) {
	if r == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	for _, h := range r.Headers {
		for _, v := range h.Values {
			w.Header().Add(h.Name, v)
		}
	}
	status := int(r.StatusCode)
	if status == 0 {
		status = http.StatusOK
	}
	if status < 100 || status > 999 {
		status = http.StatusInternalServerError
	}
	w.WriteHeader(status)
	_, _ = w.Write(r.Body)
}

// ---------------------------------------------------------------- helpers of the generated hooks

// fromJSON decodes a JSON-carried value; empty input leaves v at its zero value.
func fromJSON(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}

func toJSON(v any) ([]byte, error) { return json.Marshal(v) }

func (p *Plugin) hookEncodeFailed(hook, param string, err error) {
	p.log.Error("hook argument could not be encoded; the handler was not called", "hook", hook, "param", param, "error", err.Error())
}

func (p *Plugin) hookDecodeFailed(hook, result string, err error) {
	p.log.Error("hook handler returned a value that is not a valid Go value; using the zero value", "hook", hook, "result", result, "error", err.Error())
}

func hookBadArgument(hook, param string, err error) error {
	return fmt.Errorf("hook %s: argument %s cannot be encoded: %w", hook, param, err)
}

func hookBadResponse(hook string, err error) error {
	return fmt.Errorf("hook %s: the handler's return value is not valid: %w", hook, err)
}

// hookError is the error a hook with an error result returns when the
// handler raised (already logged by callHook).
func (p *Plugin) hookError(err error) error {
	var he *HookError
	if errors.As(err, &he) && he.AppError != nil {
		return convert.AppErrorFromPB(he.AppError)
	}
	return err
}

// hookAppError is the *model.AppError a hook with an AppError result returns
// when the handler raised: the PluginAPIError it raised, or a 500 naming the
// plugin and the exception.
func (p *Plugin) hookAppError(hook string, err error) *model.AppError {
	var he *HookError
	if errors.As(err, &he) && he.AppError != nil {
		ae := convert.AppErrorFromPB(he.AppError)
		if ae.StatusCode == 0 {
			ae.StatusCode = http.StatusInternalServerError
		}
		return ae
	}
	return model.NewAppError(hook, "mmpy.hook.failed", nil, err.Error(), http.StatusInternalServerError)
}

func (p *Plugin) notImplemented(hook string) *model.AppError {
	return model.NewAppError(hook, "mmpy.hook.not_implemented", nil,
		fmt.Sprintf("plugin %s does not implement the %s hook", p.id, hook), http.StatusNotImplemented)
}
