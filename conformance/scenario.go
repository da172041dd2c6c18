// Package conformance is the mmpy ABI conformance suite: scenarios kept as
// data (golden files in testdata/), the conformance plugin that is their
// guest side (plugin/, the "guest protocol" of README.md), and runners that
// play the Mattermost server towards a guest — in process on any engine of
// package host, or out of process through Mattermost's own plugin RPC
// towards a host binary such as cmd/mmpy-shim.
//
// A scenario is one exchange: the server calls a hook with Go arguments; the
// guest makes the API calls the scenario lists, which the reference API
// (a recording plugintest.API) answers from the scenario; the hook's results
// (or HTTP response, or output) must be what the scenario wants. Every
// value is the Go encoding/json form of the Go value of plugin.API /
// plugin.Hooks of server/public v0.4.4 (abi/interface.json).
package conformance

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
)

// Groups are the golden files, in run order (testdata/<group>.json).
var Groups = []string{"api", "hooks", "errors", "reentrancy"}

// Scenario is one exchange between the server and the guest. Call
// scenarios (Method set) are the guest calling one plugin.API method on the
// server's ExecuteCommand "/conformance call <instruction>"; hook scenarios
// (Hook set) are the server calling one hook.
type Scenario struct {
	Name string `json:"name"`

	// Method is the plugin.API method the guest calls; Via "api" asks for
	// the SDK's idiomatic binding where it has one (Conveniences).
	Method string `json:"method,omitempty"`
	Via    string `json:"via,omitempty"`
	// Hook is the plugin.Hooks method the server calls.
	Hook string `json:"hook,omitempty"`

	// Args: of a call, one Go JSON value per parameter of the API method
	// (what the guest passes; *http.Request as HTTPRequest, io.Reader as
	// bytes); of a hook, one per parameter of the hook (io.Writer and
	// http.ResponseWriter null: the runner supplies them).
	Args []json.RawMessage `json:"args"`

	// Received are the arguments as the reference API receives them when
	// a transport changes them (set by Target.Adapt; never in golden files).
	Received []json.RawMessage `json:"-"`
	// Before are hooks a transport calls before Hook (set by
	// Target.Adapt; Mattermost's plugin RPC runs OnConfigurationChange
	// before OnActivate).
	Before []string `json:"-"`

	// Answer is what the reference API answers the call.
	Answer *Answer `json:"answer,omitempty"`
	// Instruction is what the reference API answers the guest's
	// KVGet("conformance:<Hook>") in a hook scenario (null: none).
	Instruction json.RawMessage `json:"instruction,omitempty"`

	Want Want `json:"want"`
}

// Answer is the reference API's answer to a call: the Go results (error
// excluded; for LoadPluginConfiguration the map it stores into its
// argument) or an error.
type Answer struct {
	Results []json.RawMessage `json:"results,omitempty"`
	Error   *AnswerError      `json:"error,omitempty"`
	// Nested: before answering, the server calls this hook on the same
	// guest, which is still waiting for the answer (re-entrancy: a real
	// server calls MessageWillBePosted inside a plugin's CreatePost).
	Nested *Scenario `json:"nested,omitempty"`
}

// AnswerError is an error the reference API returns: an *model.AppError,
// that AppError wrapped in a plain error (Wrapped), or a plain error.
type AnswerError struct {
	AppError *AppError `json:"app_error,omitempty"`
	Wrapped  bool      `json:"wrapped,omitempty"`
	Message  string    `json:"message,omitempty"`
}

// AppError is the Go JSON of *model.AppError's fields that travel.
type AppError struct {
	ID            string `json:"id"`
	Message       string `json:"message"`
	DetailedError string `json:"detailed_error"`
	RequestID     string `json:"request_id"`
	StatusCode    int    `json:"status_code"`
	Where         string `json:"where"`
}

// GuestError is the error a guest reports for a failed call (the Python
// SDK's PluginAPIError and subclasses).
type GuestError struct {
	Class         string `json:"class"`
	StatusCode    int    `json:"status_code"`
	ErrorID       string `json:"error_id"`
	Message       string `json:"message"`
	DetailedError string `json:"detailed_error"`
	Where         string `json:"where"`
	RequestID     string `json:"request_id"`
	Method        string `json:"method"`
}

// Want is the observable outcome.
type Want struct {
	// Results: of a call, what the guest reports per Go result (error
	// excluded); of a hook, the Go JSON of the hook's non-error results.
	Results []json.RawMessage `json:"results,omitempty"`
	// Error: the guest reports the call failed with this error.
	Error *GuestError `json:"error,omitempty"`
	// Received: the hook arguments as the guest records them
	// (KVSet("conformance:args:<Hook>")), one per hook parameter except
	// io.Writer and http.ResponseWriter.
	Received []json.RawMessage `json:"received,omitempty"`
	// HookError: the hook's error result contains this text ("": nil).
	HookError string `json:"hook_error,omitempty"`
	// AppErrorStatus: the hook's *model.AppError result has this status
	// (0: nil).
	AppErrorStatus int `json:"app_error_status,omitempty"`
	// HTTP: ServeHTTP/ServeMetrics's response.
	HTTP *HTTPResponse `json:"http,omitempty"`
	// Output: what FileWillBeUploaded wrote to its io.Writer (base64).
	Output []byte `json:"output,omitempty"`
	// Log: the host logs this text (checked where the runner sees the
	// host's log).
	Log string `json:"log,omitempty"`
}

// HTTPRequest is an *http.Request as data.
type HTTPRequest struct {
	Method  string              `json:"method"`
	Path    string              `json:"path"`
	Query   string              `json:"query"`
	Headers map[string][]string `json:"headers"`
	Body    []byte              `json:"body"`
}

// HTTPResponse is an HTTP response as data: an *http.Response the reference
// API answers (headers with every value), a response the guest reports
// (values joined with ", ") or ServeHTTP's response.
type HTTPResponse struct {
	StatusCode int             `json:"status_code"`
	Headers    json.RawMessage `json:"headers"`
	Body       []byte          `json:"body"`
}

// Group is one golden file.
type Group struct {
	Group     string     `json:"group"`
	About     string     `json:"about"`
	Seed      uint64     `json:"seed"`
	Scenarios []Scenario `json:"scenarios"`
}

//go:embed testdata/*.json
var golden embed.FS

// Load reads the golden files embedded at build time.
func Load() ([]Group, error) { return loadFrom(golden, "testdata") }

// LoadDir reads the golden files in dir.
func LoadDir(dir string) ([]Group, error) { return loadFrom(os.DirFS(dir), ".") }

func loadFrom(fsys fs.FS, dir string) ([]Group, error) {
	var out []Group
	for _, name := range Groups {
		b, err := fs.ReadFile(fsys, filepath.ToSlash(filepath.Join(dir, name+".json")))
		if err != nil {
			return nil, fmt.Errorf("conformance: golden file %s.json: %w (regenerate: go test ./conformance -run TestGolden -update)", name, err)
		}
		var g Group
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&g); err != nil {
			return nil, fmt.Errorf("conformance: golden file %s.json: %w", name, err)
		}
		out = append(out, g)
	}
	return out, nil
}

// Encode is a golden file's bytes: one scenario per line, stable.
func (g Group) Encode() ([]byte, error) {
	var b bytes.Buffer
	head, err := json.Marshal(struct {
		Group string `json:"group"`
		About string `json:"about"`
		Seed  uint64 `json:"seed"`
	}{g.Group, g.About, g.Seed})
	if err != nil {
		return nil, err
	}
	b.Write(head[:len(head)-1])
	b.WriteString(",\n\"scenarios\": [\n")
	for i, s := range g.Scenarios {
		line, err := json.Marshal(s)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", s.Name, err)
		}
		b.Write(line)
		if i < len(g.Scenarios)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	return b.Bytes(), nil
}

// Selected are the scenarios of groups whose "group/name" matches re (nil:
// all), in run order: hook scenarios of OnDeactivate last (an out-of-process
// host stops its guest there).
func Selected(groups []Group, re *regexp.Regexp) []Named {
	var out []Named
	for _, g := range groups {
		for _, s := range g.Scenarios {
			n := Named{Group: g.Group, Scenario: s}
			if re == nil || re.MatchString(n.ID()) {
				out = append(out, n)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Hook != "OnDeactivate" && out[j].Hook == "OnDeactivate"
	})
	return out
}

// Named is a scenario with its group.
type Named struct {
	Group string
	Scenario
}

// ID is "group/name".
func (n Named) ID() string { return n.Group + "/" + n.Name }
