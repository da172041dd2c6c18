package host

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mattermost/mattermost/server/public/plugin"
	"google.golang.org/protobuf/proto"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/wasi"
)

// EgressMethod is the reserved ApiCall method of the egress capability: the
// host serves it itself (it never reaches the plugin.API). Request and
// response are HttpRequest / HttpResponse (abi/proto/mmpy/v1/egress.proto).
const EgressMethod = "mmpy.HTTPRequest"

// Egress defaults (docs/ARCHITECTURE.md, "Sandbox policy").
const (
	// DefaultEgressTimeout bounds a request whose guest gave no timeout.
	DefaultEgressTimeout = 30 * time.Second
	// DefaultEgressMaxTimeout caps the timeout a guest may ask for.
	DefaultEgressMaxTimeout = 2 * time.Minute
	// DefaultEgressMaxResponse caps a response body (16 MiB).
	DefaultEgressMaxResponse = 16 << 20
	// DefaultEgressMaxRedirects caps the redirects followed per request.
	DefaultEgressMaxRedirects = 10
)

// EgressOptions configure the outbound HTTP(S) capability. Zero fields take
// the defaults.
type EgressOptions struct {
	Timeout      time.Duration // DefaultEgressTimeout
	MaxTimeout   time.Duration // DefaultEgressMaxTimeout
	MaxResponse  int64         // DefaultEgressMaxResponse
	MaxRedirects int           // DefaultEgressMaxRedirects
	// AllowPrivateNetworks lets plugins reach loopback, private (RFC 1918,
	// RFC 4193), link-local (cloud metadata) and unspecified addresses.
	// Off by default: an allowed name that resolves there (DNS rebinding, a
	// hostile record) is refused at connect time, so a plugin cannot reach
	// the Mattermost server or the cluster's internal services.
	AllowPrivateNetworks bool
	// Transport overrides the HTTP transport (tests; a proxy). Its dials are
	// not checked for private addresses.
	Transport http.RoundTripper
}

func (o EgressOptions) withDefaults() EgressOptions {
	if o.Timeout <= 0 {
		o.Timeout = DefaultEgressTimeout
	}
	if o.MaxTimeout <= 0 {
		o.MaxTimeout = DefaultEgressMaxTimeout
	}
	if o.MaxResponse <= 0 {
		o.MaxResponse = DefaultEgressMaxResponse
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultEgressMaxRedirects
	}
	return o
}

// EgressPermit is the administrator's half of the egress check: it reports
// whether the plugin may reach host (a name or IP) on port. api is the
// plugin's current API (nil before the server attached it). The manifest's
// server.python.egress must list the host too.
type EgressPermit func(api plugin.API, host, port string) bool

// EgressConfigKey is the plugin setting that holds the hosts an
// administrator allows (PluginConfigPermit): a string of patterns separated
// by commas, spaces or new lines (or a list of strings); "*" allows every
// host the manifest lists.
const EgressConfigKey = "MMPY_EGRESS_ALLOW"

// PluginConfigPermit is an EgressPermit that reads EgressConfigKey from the
// plugin's configuration (plugin.API.GetPluginConfig, the plugin's settings
// in the System Console or PluginSettings.Plugins.<id> in config.json). The
// shim uses it.
func PluginConfigPermit(api plugin.API, host, port string) bool {
	if api == nil {
		return false
	}
	for k, v := range api.GetPluginConfig() {
		if !strings.EqualFold(k, EgressConfigKey) {
			continue
		}
		for _, p := range configPatterns(v) {
			if p == "*" || wasi.EgressMatch(p, host, port) {
				return true
			}
		}
	}
	return false
}

func configPatterns(v any) []string {
	var out []string
	switch v := v.(type) {
	case string:
		out = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == ';' })
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, strings.TrimSpace(s))
			}
		}
	case []string:
		out = v
	}
	return out
}

// egress serves EgressMethod for one plugin.
type egress struct {
	id       string
	declared []string // manifest patterns
	permit   EgressPermit
	api      func() plugin.API
	opts     EgressOptions

	mu     sync.Mutex
	client *http.Client // created on first use
}

// close drops the idle connections of the plugin's HTTP client.
func (e *egress) close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.client != nil {
		e.client.CloseIdleConnections()
	}
}

// egressRefusal is an error that answers the guest with an AppError.
type egressRefusal struct{ app *pb.AppError }

func (e *egressRefusal) Error() string { return e.app.Message }

func refuse(id string, status int32, format string, a ...any) *egressRefusal {
	return &egressRefusal{app: &pb.AppError{Id: id, StatusCode: status, Message: fmt.Sprintf(format, a...), Where: EgressMethod}}
}

// check refuses u unless both the manifest and the administrator allow it.
func (e *egress) check(u *url.URL) *egressRefusal {
	if u.Scheme != "http" && u.Scheme != "https" {
		return refuse("mmpy.egress.bad_url", 400, "egress refused: %q is not an http:// or https:// URL", u.Redacted())
	}
	host := u.Hostname()
	if host == "" {
		return refuse("mmpy.egress.bad_url", 400, "egress refused: %q has no host", u.Redacted())
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	hp := net.JoinHostPort(host, port)
	if !wasi.EgressAllows(e.declared, host, port) {
		return refuse("mmpy.egress.not_declared", 403,
			"egress to %s refused: plugin %s does not declare this host; add it to server.python.egress in its plugin.json (e.g. \"egress\": [%q]), then an administrator must allow it too",
			hp, e.id, host)
	}
	if e.permit == nil || !e.permit(e.api(), host, port) {
		return refuse("mmpy.egress.not_permitted", 403,
			"egress to %s refused: the administrator has not allowed it for plugin %s; allow it in the plugin's settings (%s = %q, or \"*\" for every host the manifest lists)",
			hp, e.id, EgressConfigKey, host)
	}
	return nil
}

func (e *egress) httpClient() *http.Client {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.client == nil {
		tr := e.opts.Transport
		if tr == nil {
			d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
			if !e.opts.AllowPrivateNetworks {
				d.Control = refusePrivate
			}
			tr = &http.Transport{
				Proxy:                 nil, // the sandbox's policy is about where the plugin connects
				DialContext:           d.DialContext,
				ForceAttemptHTTP2:     true,
				MaxIdleConns:          16,
				IdleConnTimeout:       90 * time.Second,
				TLSHandshakeTimeout:   10 * time.Second,
				ResponseHeaderTimeout: e.opts.MaxTimeout,
			}
		}
		e.client = &http.Client{
			Transport: tr,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) > e.opts.MaxRedirects {
					return refuse("mmpy.egress.redirects", 502, "egress stopped after %d redirects (last to %s)", e.opts.MaxRedirects, req.URL.Redacted())
				}
				if r := e.check(req.URL); r != nil {
					r.app.Message = "redirect from " + via[len(via)-1].URL.Redacted() + ": " + r.app.Message
					return r
				}
				return nil
			},
		}
	}
	return e.client
}

// errPrivate marks a dial refused by refusePrivate.
var errPrivate = errors.New("private address")

func refusePrivate(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() {
		return fmt.Errorf("%w %s", errPrivate, host)
	}
	return nil
}

// serve runs one HttpRequest from the guest.
func (e *egress) serve(ctx context.Context, reqBytes []byte) ([]byte, *pb.AppError) {
	var r pb.EgressRequest
	if err := proto.Unmarshal(reqBytes, &r); err != nil {
		return nil, &pb.AppError{Id: "mmpy.egress.bad_request", StatusCode: 400, Message: "egress: malformed HttpRequest: " + err.Error(), Where: EgressMethod}
	}
	u, err := url.Parse(r.Url)
	if err != nil {
		return nil, &pb.AppError{Id: "mmpy.egress.bad_url", StatusCode: 400, Message: fmt.Sprintf("egress refused: %v", err), Where: EgressMethod}
	}
	if ref := e.check(u); ref != nil {
		return nil, ref.app
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	timeout := e.opts.Timeout
	if r.TimeoutMs > 0 {
		timeout = min(time.Duration(r.TimeoutMs)*time.Millisecond, e.opts.MaxTimeout)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(r.Body))
	if err != nil {
		return nil, &pb.AppError{Id: "mmpy.egress.bad_request", StatusCode: 400, Message: "egress: " + err.Error(), Where: EgressMethod}
	}
	if len(r.Body) == 0 {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for _, h := range r.Headers {
		req.Header.Add(h.Name, h.Value)
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", "mmpy/"+Version+" (Mattermost plugin "+e.id+")")
	}
	client := e.httpClient()
	if r.NoRedirects {
		c := *client
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		client = &c
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, e.failure(u, timeout, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, e.opts.MaxResponse+1))
	if err != nil {
		return nil, e.failure(u, timeout, err)
	}
	if int64(len(body)) > e.opts.MaxResponse {
		return nil, &pb.AppError{Id: "mmpy.egress.too_large", StatusCode: 502, Where: EgressMethod,
			Message: fmt.Sprintf("egress: the response from %s is larger than the host's limit of %d bytes (host.Options.Egress.MaxResponse)", resp.Request.URL.Host, e.opts.MaxResponse)}
	}
	out := &pb.EgressResponse{Status: int32(resp.StatusCode), Reason: strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode))),
		Body: body, Url: resp.Request.URL.String()}
	for name, vals := range resp.Header {
		for _, v := range vals {
			out.Headers = append(out.Headers, &pb.EgressHeader{Name: name, Value: v})
		}
	}
	b, err := proto.Marshal(out)
	if err != nil {
		return nil, &pb.AppError{Id: "mmpy.egress.failed", StatusCode: 500, Message: "egress: " + err.Error(), Where: EgressMethod}
	}
	return b, nil
}

func (e *egress) failure(u *url.URL, timeout time.Duration, err error) *pb.AppError {
	var ref *egressRefusal
	if errors.As(err, &ref) {
		return ref.app
	}
	if errors.Is(err, errPrivate) {
		return &pb.AppError{Id: "mmpy.egress.private_address", StatusCode: 403, Where: EgressMethod,
			Message: fmt.Sprintf("egress to %s refused: it resolves to a private, loopback or link-local address, which plugins may not reach (host.Options.Egress.AllowPrivateNetworks)", u.Host)}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return &pb.AppError{Id: "mmpy.egress.timeout", StatusCode: 504, Where: EgressMethod,
			Message: fmt.Sprintf("egress to %s timed out after %s", u.Host, timeout)}
	}
	return &pb.AppError{Id: "mmpy.egress.failed", StatusCode: 502, Where: EgressMethod,
		Message: fmt.Sprintf("egress to %s failed: %v", u.Host, err)}
}
