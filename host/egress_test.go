package host_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

// egressServer is a loopback HTTP server: /echo answers the request as JSON,
// /to?u=URL redirects, /big sends 2 MiB, /slow answers after 3 s.
func egressServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Add("X-Multi", "a")
		w.Header().Add("X-Multi", "b")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"method": r.Method, "body": string(body), "test": r.Header.Get("X-Test"),
			"ctype": r.Header.Get("Content-Type"), "query": r.URL.RawQuery, "ua": r.Header.Get("User-Agent"),
		})
	})
	mux.HandleFunc("/to", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("u"), http.StatusFound)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", 2<<20)))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
		_, _ = io.WriteString(w, "late")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestEgress(t *testing.T) {
	srv := egressServer(t)
	u, _ := url.Parse(srv.URL)
	port := u.Port()
	r := deadlineRuntime(t, host.Options{Egress: host.EgressOptions{AllowPrivateNetworks: true, MaxResponse: 1 << 20}})
	s, _, _ := probeSpec(t, "test.egress")
	// The manifest declares 127.0.0.1 and localhost; the admin allows only 127.0.0.1.
	s.Egress = []string{"127.0.0.1", "localhost"}
	s.EgressPermit = func(_ plugin.API, h, _ string) bool { return h == "127.0.0.1" }
	p := startSpec(t, r, s)
	base := pyStr(srv.URL)

	got := probe(t, p, "from mattermost_plugin import http\n"+
		"r = http.post("+base+" + '/echo', params={'q': 'a b'}, json={'k': 1}, headers={'X-Test': 'yes'})\n"+
		"result = (r.status_code, r.reason, r.ok, r.json(), r.headers['content-type'], r.headers.get_all('x-multi'), r.url)")
	assert.Equal(t, fmt.Sprintf(`(200, 'OK', True, {'body': '{"k": 1}', 'ctype': 'application/json', 'method': 'POST', 'query': 'q=a+b', 'test': 'yes', 'ua': 'mmpy/%s (Mattermost plugin test.egress)'}, 'application/json', ['a', 'b'], '%s/echo?q=a+b')`, host.Version, srv.URL), got)

	// urllib.request works unchanged.
	got = probe(t, p, "import urllib.request, json\n"+
		"with urllib.request.urlopen(urllib.request.Request("+base+" + '/echo', data=b'abc', method='PUT')) as f:\n"+
		"    result = (f.status, json.load(f)['body'], f.headers['Content-Type'])")
	assert.Equal(t, "(200, 'abc', 'application/json')", got)
	got = probe(t, p, "import urllib.request\nurllib.request.urlopen("+base+" + '/nothing')")
	assert.Equal(t, "HTTPError: HTTP Error 404: Not Found", got)

	// Redirects are followed and re-checked.
	got = probe(t, p, "from mattermost_plugin import http\nr = http.get("+base+" + '/to?u=/echo')\nresult = (r.status_code, r.url)")
	assert.Equal(t, fmt.Sprintf("(200, '%s/echo')", srv.URL), got)
	got = probe(t, p, "from mattermost_plugin import http\nr = http.get("+base+" + '/to?u=/echo', allow_redirects=False)\nresult = (r.status_code, r.headers['Location'])")
	assert.Equal(t, "(302, '/echo')", got)
	got = probe(t, p, "from mattermost_plugin import http\nhttp.get("+base+" + '/to?u=http://localhost:"+port+"/echo')")
	assert.Contains(t, got, "EgressDenied: redirect from "+srv.URL+"/to?u=http://localhost:"+port+"/echo: egress to localhost:"+port+" refused: the administrator has not allowed it for plugin test.egress")
	got = probe(t, p, "from mattermost_plugin import http\nhttp.get("+base+" + '/to?u=https://example.com/')")
	assert.Contains(t, got, "EgressDenied: redirect from")
	assert.Contains(t, got, "egress to example.com:443 refused: plugin test.egress does not declare this host; add it to server.python.egress in its plugin.json")

	// Hosts not declared, or not allowed by the administrator, are refused.
	got = probe(t, p, "from mattermost_plugin import http\nhttp.get('https://api.example.com/v1')")
	assert.Equal(t, `EgressDenied: egress to api.example.com:443 refused: plugin test.egress does not declare this host; add it to server.python.egress in its plugin.json (e.g. "egress": ["api.example.com"]), then an administrator must allow it too`, got)
	got = probe(t, p, "from mattermost_plugin import http\nhttp.get('http://localhost:"+port+"/echo')")
	assert.Equal(t, `EgressDenied: egress to localhost:`+port+` refused: the administrator has not allowed it for plugin test.egress; allow it in the plugin's settings (MMPY_EGRESS_ALLOW = "localhost", or "*" for every host the manifest lists)`, got)
	got = probe(t, p, "import urllib.request\nurllib.request.urlopen('https://api.example.com/v1')")
	assert.Contains(t, got, "URLError: <urlopen error egress to api.example.com:443 refused")
	got = probe(t, p, "from mattermost_plugin import http\ntry:\n    http.get('ftp://127.0.0.1/x')\nexcept PermissionError as e:\n    result = 'permission'\nexcept OSError as e:\n    result = type(e).__name__ + ': ' + str(e)")
	assert.Equal(t, `EgressError: egress refused: "ftp://127.0.0.1/x" is not an http:// or https:// URL`, got)

	// Size cap and timeout.
	got = probe(t, p, "from mattermost_plugin import http\nhttp.get("+base+" + '/big')")
	assert.Equal(t, "EgressError: egress: the response from 127.0.0.1:"+port+" is larger than the host's limit of 1048576 bytes (host.Options.Egress.MaxResponse)", got)
	got = probe(t, p, "from mattermost_plugin import http\ntry:\n    http.get("+base+" + '/slow', timeout=0.3)\nexcept TimeoutError as e:\n    result = type(e).__name__ + ': ' + str(e)")
	assert.Equal(t, "EgressTimeout: egress to 127.0.0.1:"+port+" timed out after 300ms", got)
	got = probe(t, p, "import urllib.request\nurllib.request.urlopen("+base+" + '/slow', timeout=0.3)")
	assert.Equal(t, "URLError: <urlopen error egress to 127.0.0.1:"+port+" timed out after 300ms>", got)
}

func TestEgressNoSockets(t *testing.T) {
	s, _, _ := probeSpec(t, "test.egress.sockets")
	p := startSpec(t, sharedRuntime(t), s)
	const msg = "OSError: [Errno 58] sockets are not available in the mmpy plugin sandbox; make HTTP(S) requests with mattermost_plugin.http or urllib.request"
	for _, src := range []string{
		"import socket; socket.socket()",
		"import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(('127.0.0.1', 80))",
		"import socket; socket.create_connection(('127.0.0.1', 80))",
		"import socket; socket.getaddrinfo('example.com', 443)",
		"import http.client; http.client.HTTPConnection('127.0.0.1', 80).request('GET', '/')",
	} {
		assert.Contains(t, probe(t, p, src), msg, src)
	}
	// _socket itself (the C module) cannot create one either.
	assert.Contains(t, probe(t, p, "import _socket; _socket.socket()"), "OSError")
	// Without any declared host, every request is refused.
	got := probe(t, p, "from mattermost_plugin import http\nhttp.get('https://example.com')")
	assert.Contains(t, got, "EgressDenied: egress to example.com:443 refused: plugin test.egress.sockets does not declare this host")
}

func TestEgressPrivateNetworksRefusedByDefault(t *testing.T) {
	srv := egressServer(t)
	s, _, _ := probeSpec(t, "test.egress.private")
	s.Egress = []string{"127.0.0.1"}
	s.EgressPermit = func(plugin.API, string, string) bool { return true }
	p := startSpec(t, sharedRuntime(t), s)
	got := probe(t, p, "from mattermost_plugin import http\nhttp.get("+pyStr(srv.URL)+" + '/echo')")
	assert.Contains(t, got, "EgressDenied: egress to "+strings.TrimPrefix(srv.URL, "http://")+" refused: it resolves to a private, loopback or link-local address")
}

func TestPluginConfigPermit(t *testing.T) {
	api := fakeapi.New()
	assert.False(t, host.PluginConfigPermit(nil, "a.com", "443"))
	assert.False(t, host.PluginConfigPermit(api, "a.com", "443"))
	api.Config["mmpy_egress_allow"] = "a.com, *.b.com\nc.com:8443"
	assert.True(t, host.PluginConfigPermit(api, "a.com", "443"))
	assert.True(t, host.PluginConfigPermit(api, "x.b.com", "443"))
	assert.False(t, host.PluginConfigPermit(api, "c.com", "443"))
	assert.True(t, host.PluginConfigPermit(api, "c.com", "8443"))
	api.Config["mmpy_egress_allow"] = []any{"d.com"}
	assert.True(t, host.PluginConfigPermit(api, "d.com", "80"))
	api.Config["MMPY_EGRESS_ALLOW"] = "*"
	delete(api.Config, "mmpy_egress_allow")
	assert.True(t, host.PluginConfigPermit(api, "anything.org", "443"))
}

func TestEgressSpecValidated(t *testing.T) {
	s, _, _ := probeSpec(t, "test.egress.bad")
	s.Egress = []string{"https://api.example.com"}
	_, err := sharedRuntime(t).Start(t.Context(), s)
	require.ErrorContains(t, err, `Spec.Egress[0]: "https://api.example.com" is not a host`)
}
