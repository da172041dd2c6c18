package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/plugin/plugintest"
	"github.com/stretchr/testify/mock"
)

// Target is a guest running in some host, seen from the server: it calls
// hooks with their plugin.Hooks arguments (no context).
type Target interface {
	// Name names the host and engine in reports ("wazero", "host:mmpy-shim").
	Name() string
	// Call calls hook with its arguments and returns its results.
	Call(ctx context.Context, hook string, args []reflect.Value) []reflect.Value
	// Log is what the host logged so far; ok is false where the runner
	// cannot see the host's log.
	Log() (log string, ok bool)
	// Supports returns why the target cannot carry scenario s ("" = it can).
	Supports(s Named) string
	// Adapt is s with the expectations its transport changes (the
	// out-of-process target: what Mattermost's plugin RPC delivers).
	Adapt(s Scenario) Scenario
	Close() error
}

// Reference is the plugin.API a target's guest gets: the recording
// reference API. During a scenario it is that scenario's plugintest.API
// (expecting exactly the scenario's calls); between scenarios it answers
// what activation needs (server version, KV reads and writes, logs,
// configuration).
type Reference struct {
	plugin.API
	mu sync.Mutex // serializes scenarios
}

// NewReference is the reference API, between scenarios.
func NewReference() *Reference { return &Reference{API: idleAPI{}} }

// Version is the server version the reference API reports: the newest
// "Minimum server version" of plugin.API, so that every method is allowed.
var Version = newestMinVersion()

// idleAPI answers the calls a guest makes outside scenarios (activation,
// configuration changes). Any other call panics: it is not in the protocol.
type idleAPI struct{ plugin.API }

func (idleAPI) GetServerVersion() string                                      { return Version }
func (idleAPI) KVGet(string) ([]byte, *model.AppError)                        { return nil, nil }
func (idleAPI) KVSet(string, []byte) *model.AppError                          { return nil }
func (idleAPI) LogDebug(string, ...any)                                       {}
func (idleAPI) LogInfo(string, ...any)                                        {}
func (idleAPI) LogWarn(string, ...any)                                        {}
func (idleAPI) LogError(string, ...any)                                       {}
func (idleAPI) LoadPluginConfiguration(any) error                             { return nil }
func (idleAPI) GetPluginConfig() map[string]any                               { return map[string]any{} }
func (idleAPI) GetConfig() *model.Config                                      { return &model.Config{} }
func (idleAPI) GetBundlePath() (string, error)                                { return "", nil }
func (idleAPI) GetLicense() *model.License                                    { return nil }
func (idleAPI) GetDiagnosticId() string                                       { return "conformance" }
func (idleAPI) GetUnsanitizedConfig() *model.Config                           { return &model.Config{} }
func (idleAPI) GetPluginStatus(string) (*model.PluginStatus, *model.AppError) { return nil, nil }
func (idleAPI) RegisterCommand(*model.Command) error                          { return nil }
func (idleAPI) UnregisterCommand(string, string) error                        { return nil }
func (idleAPI) EnsureBotUser(*model.Bot) (string, error)                      { return "conformancebot", nil }

// idleMethods lists what idleAPI answers, for errors.
const idleMethods = "GetServerVersion, KVGet, KVSet, Log*, LoadPluginConfiguration, GetPluginConfig, GetConfig, " +
	"GetUnsanitizedConfig, GetBundlePath, GetLicense, GetDiagnosticId, GetPluginStatus, RegisterCommand, UnregisterCommand, EnsureBotUser"

// Result is one scenario's outcome on one target.
type Result struct {
	Group    string   `json:"suite"`
	Scenario string   `json:"scenario"`
	Target   string   `json:"engine"`
	Pass     bool     `json:"pass"`
	Skipped  string   `json:"skipped,omitempty"` // why the target cannot carry the scenario
	Seconds  float64  `json:"seconds"`
	Problems []string `json:"problems,omitempty"`
}

// Activate does what a server does before the first hook: OnConfigurationChange and OnActivate.
func Activate(ctx context.Context, t Target) error {
	if out := t.Call(ctx, "OnConfigurationChange", nil); !out[0].IsNil() {
		return fmt.Errorf("OnConfigurationChange: %v", out[0].Interface())
	}
	if out := t.Call(ctx, "OnActivate", nil); !out[0].IsNil() {
		return fmt.Errorf("OnActivate: %v (outside scenarios the reference API answers only %s)", out[0].Interface(), idleMethods)
	}
	return nil
}

// Run plays one scenario against t, whose guest has ref as its API.
func Run(ctx context.Context, t Target, ref *Reference, s Named) Result {
	start := time.Now()
	if why := t.Supports(s); why != "" {
		return Result{Group: s.Group, Scenario: s.Name, Target: t.Name(), Pass: true, Skipped: why}
	}
	var problems []string
	func() {
		defer func() {
			if r := recover(); r != nil {
				problems = append(problems, fmt.Sprintf("panic: %v", r))
			}
		}()
		if s.Method != "" {
			problems = runCall(ctx, t, ref, t.Adapt(s.Scenario))
		} else {
			problems = runHook(ctx, t, ref, t.Adapt(s.Scenario))
		}
	}()
	for i, p := range problems {
		problems[i] = s.ID() + ": " + p
	}
	return Result{Group: s.Group, Scenario: s.Name, Target: t.Name(), Pass: len(problems) == 0,
		Seconds: time.Since(start).Seconds(), Problems: problems}
}

// with installs m for the duration of f.
func (r *Reference) with(m plugin.API, f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.API = m
	defer func() { r.API = idleAPI{} }()
	f()
}

// guestAnswer is the guest's reply to "/conformance call".
type guestAnswer struct {
	Results   []json.RawMessage `json:"results"`
	Error     *GuestError       `json:"error"`
	Exception string            `json:"exception"`
	Via       string            `json:"via"`
}

// CommandPrefix starts the ExecuteCommand of a call scenario.
const CommandPrefix = "/conformance call "

func runCall(ctx context.Context, t Target, ref *Reference, s Scenario) []string {
	mv, ok := apiType.MethodByName(s.Method)
	if !ok {
		return []string{fmt.Sprintf("plugin.API has no method %s", s.Method)}
	}
	mt := mv.Type
	if s.Answer == nil {
		return []string{"the scenario has no answer"}
	}
	rets, dest, err := answerValues(s.Method, mt, s.Answer)
	if err != nil {
		return []string{"the golden answer: " + err.Error()}
	}
	m := &plugintest.API{}
	matchers := []any{}
	if s.Method == "LoadPluginConfiguration" {
		matchers = []any{mock.Anything}
	} else {
		for i := range mt.NumIn() {
			if mt.IsVariadic() && i == mt.NumIn()-1 {
				var vs []any
				_ = json.Unmarshal(s.Args[i], &vs)
				for range vs {
					matchers = append(matchers, mock.Anything)
				}
				continue
			}
			matchers = append(matchers, mock.Anything)
		}
	}
	if s.Method != "GetServerVersion" {
		m.On("GetServerVersion").Return(Version).Maybe()
	}
	// Streams are read during the call: an out-of-process host's streams
	// close when it returns.
	streams := map[int]json.RawMessage{}
	var streamErr error
	nested := s.Answer.Nested
	var nestedHook *hookCall
	var nestedProblems []string
	if nested != nil {
		if nestedHook, nestedProblems = prepareHook(*nested); nestedProblems != nil {
			return nestedProblems
		}
		expectHook(m, *nested)
	}
	m.On(s.Method, matchers...).Return(rets...).Once().Run(func(args mock.Arguments) {
		if nested != nil {
			out := t.Call(ctx, nested.Hook, nestedHook.args)
			for _, p := range checkHook(t, *nested, nestedHook, m, out, s.Method) {
				nestedProblems = append(nestedProblems, "nested "+nested.Hook+": "+p)
			}
		}
		if s.Method == "LoadPluginConfiguration" {
			switch d := args.Get(0).(type) {
			case *map[string]any:
				*d = dest
			case *any: // Mattermost's plugin RPC asks for any, then sends its JSON
				*d = dest
			}
			return
		}
		for i := range min(mt.NumIn(), len(args)) {
			if k := kind(mt.In(i), false); k == "reader" || k == "http_request" {
				raw, err := argJSON(k, args.Get(i))
				if err != nil && streamErr == nil {
					streamErr = fmt.Errorf("argument %d (%s) %w", i, mt.In(i), err)
				}
				streams[i] = raw
			}
		}
	})
	instr, err := json.Marshal(map[string]any{"method": s.Method, "args": s.Args, "via": s.Via})
	if err != nil {
		return []string{err.Error()}
	}
	var out []reflect.Value
	ref.with(m, func() {
		out = t.Call(ctx, "ExecuteCommand", []reflect.Value{
			reflect.ValueOf(&plugin.Context{}), reflect.ValueOf(&model.CommandArgs{Command: CommandPrefix + string(instr)}),
		})
	})
	var problems []string
	if !out[1].IsNil() {
		return []string{fmt.Sprintf("ExecuteCommand failed: %v", out[1].Interface())}
	}
	resp, _ := out[0].Interface().(*model.CommandResponse)
	if resp == nil {
		return []string{"ExecuteCommand returned no response"}
	}
	var a guestAnswer
	if err := json.Unmarshal([]byte(resp.Text), &a); err != nil {
		return []string{fmt.Sprintf("the guest's answer is not JSON: %q", clip([]byte(resp.Text)))}
	}
	if a.Exception != "" {
		problems = append(problems, "the guest's call raised:\n"+a.Exception)
	}
	if streamErr != nil {
		problems = append(problems, streamErr.Error())
	}
	problems = append(problems, nestedProblems...)
	problems = append(problems, checkCalls(m, s, mt, streams)...)
	if a.Exception != "" {
		return problems
	}
	switch {
	case s.Want.Error != nil && a.Error == nil:
		problems = append(problems, fmt.Sprintf("the call returned %s instead of failing with %+v", clip(mustMarshal(a.Results)), *s.Want.Error))
	case s.Want.Error != nil:
		if *a.Error != *s.Want.Error {
			problems = append(problems, fmt.Sprintf("the error differs: %s", jsonDiff(string(mustMarshal(s.Want.Error)), string(mustMarshal(a.Error)))))
		}
	case a.Error != nil:
		problems = append(problems, fmt.Sprintf("the call failed with %+v, want results", *a.Error))
	case len(a.Results) != len(s.Want.Results):
		problems = append(problems, fmt.Sprintf("%d results, want %d", len(a.Results), len(s.Want.Results)))
	default:
		for i, w := range s.Want.Results {
			rt := reflect.TypeFor[map[string]any]()
			k, presence := "json", false
			if s.Method != "LoadPluginConfiguration" {
				rt = mt.Out(i)
				k = kind(rt, false)
				presence = k == "bytes" && wireHasPresence("Api"+s.Method+"Response", i+1)
			}
			compare(&problems, fmt.Sprintf("result %d (%s)", i, rt), k, rt, presence, w, a.Results[i])
		}
	}
	return problems
}

// answerValues are the Go values the reference API returns for a.
func answerValues(name string, mt reflect.Type, a *Answer) (rets []any, dest map[string]any, err error) {
	if name == "LoadPluginConfiguration" {
		if len(a.Results) == 1 {
			if err := json.Unmarshal(a.Results[0], &dest); err != nil {
				return nil, nil, err
			}
		}
		if a.Error != nil {
			return []any{answerError(a.Error, false)}, dest, nil
		}
		return []any{nil}, dest, nil
	}
	n := mt.NumOut()
	if hasErrorResult(mt) {
		n--
	}
	for i := range n {
		t := mt.Out(i)
		if a.Error != nil {
			rets = append(rets, reflect.Zero(t).Interface())
			continue
		}
		if i >= len(a.Results) {
			return nil, nil, fmt.Errorf("%d results, %s has %d", len(a.Results), name, n)
		}
		if t == httpRespType {
			var r *HTTPResponse
			if err := json.Unmarshal(a.Results[i], &r); err != nil {
				return nil, nil, err
			}
			var resp *http.Response
			if r != nil {
				h := http.Header{}
				if err := json.Unmarshal(r.Headers, &h); err != nil {
					return nil, nil, err
				}
				resp = &http.Response{StatusCode: r.StatusCode, Header: h, Body: io.NopCloser(bytes.NewReader(r.Body))}
			}
			rets = append(rets, resp)
			continue
		}
		p := reflect.New(t)
		if err := json.Unmarshal(a.Results[i], p.Interface()); err != nil {
			return nil, nil, fmt.Errorf("result %d: not a %s: %w", i, t, err)
		}
		rets = append(rets, p.Elem().Interface())
	}
	if hasErrorResult(mt) {
		appErr := mt.Out(mt.NumOut()-1) == appErrorType
		switch {
		case a.Error != nil:
			rets = append(rets, answerError(a.Error, appErr))
		case appErr:
			rets = append(rets, (*model.AppError)(nil))
		default:
			rets = append(rets, nil)
		}
	}
	return rets, nil, nil
}

func answerError(e *AnswerError, appErr bool) any {
	if e.AppError == nil {
		return errors.New(e.Message)
	}
	ae := &model.AppError{Id: e.AppError.ID, Message: e.AppError.Message, DetailedError: e.AppError.DetailedError,
		StatusCode: e.AppError.StatusCode, Where: e.AppError.Where, RequestId: e.AppError.RequestID}
	if appErr {
		return ae
	}
	if e.Wrapped {
		return fmt.Errorf("wrapped: %w", ae)
	}
	return error(ae)
}

// checkCalls: the reference API saw exactly one call of the method, with
// the scenario's arguments.
func checkCalls(m *plugintest.API, s Scenario, mt reflect.Type, streams map[int]json.RawMessage) []string {
	var problems []string
	var got []mock.Arguments
	for _, c := range m.Calls {
		switch c.Method {
		case s.Method:
			got = append(got, c.Arguments)
		case "GetServerVersion":
		case "KVGet", "KVSet":
			if n := s.Answer.Nested; n == nil || !strings.HasSuffix(c.Arguments.String(0), ":"+n.Hook) {
				problems = append(problems, fmt.Sprintf("unexpected API call %s", c.Method))
			}
		default:
			problems = append(problems, fmt.Sprintf("unexpected API call %s", c.Method))
		}
	}
	if len(got) != 1 {
		return append(problems, fmt.Sprintf("the reference API saw %d calls of %s, want 1", len(got), s.Method))
	}
	if s.Method == "LoadPluginConfiguration" {
		return problems
	}
	args := got[0]
	for i := range mt.NumIn() {
		t := mt.In(i)
		k := kind(t, mt.IsVariadic() && i == mt.NumIn()-1)
		what := fmt.Sprintf("argument %d (%s)", i, t)
		var v any
		switch {
		case k == "varargs":
			v = []any(args[i:])
		case i < len(args):
			v = args.Get(i)
		default:
			problems = append(problems, what+" missing")
			continue
		}
		raw, err := argJSON(k, v)
		if r, ok := streams[i]; ok {
			raw, err = r, nil
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s %v", what, err))
			continue
		}
		presence := k == "bytes" && wireHasPresence("Api"+s.Method+"Request", i+1)
		want := s.Args[i]
		if s.Received != nil {
			want = s.Received[i]
		}
		compare(&problems, what, k, t, presence, want, raw)
	}
	return problems
}

func runHook(ctx context.Context, t Target, ref *Reference, s Scenario) []string {
	h, problems := prepareHook(s)
	if problems != nil {
		return problems
	}
	m := &plugintest.API{}
	m.On("GetServerVersion").Return(Version).Maybe()
	expectHook(m, s)
	// Anything else the guest reads or writes is reported, not a panic.
	m.On("KVGet", mock.Anything).Return([]byte(nil), (*model.AppError)(nil)).Maybe()
	m.On("KVSet", mock.Anything, mock.Anything).Return((*model.AppError)(nil)).Maybe()
	var out []reflect.Value
	ref.with(m, func() { out = t.Call(ctx, s.Hook, h.args) })
	return checkHook(t, s, h, m, out, "")
}

// hookCall is a hook scenario's Go arguments.
type hookCall struct {
	mt     reflect.Type
	args   []reflect.Value
	rec    *httptest.ResponseRecorder
	output *bytes.Buffer
}

func prepareHook(s Scenario) (*hookCall, []string) {
	mv, ok := hooksType.MethodByName(s.Hook)
	if !ok {
		return nil, []string{fmt.Sprintf("plugin.Hooks has no method %s", s.Hook)}
	}
	mt := mv.Type
	if len(s.Args) != mt.NumIn() {
		return nil, []string{fmt.Sprintf("%d arguments, %s takes %d", len(s.Args), s.Hook, mt.NumIn())}
	}
	args := make([]reflect.Value, mt.NumIn())
	var rec *httptest.ResponseRecorder
	var output *bytes.Buffer
	for i := range mt.NumIn() {
		switch in := mt.In(i); in {
		case respWType:
			rec = httptest.NewRecorder()
			args[i] = reflect.ValueOf(rec)
		case writerType:
			output = &bytes.Buffer{}
			args[i] = reflect.ValueOf(output)
		case httpReqType:
			var spec HTTPRequest
			if err := json.Unmarshal(s.Args[i], &spec); err != nil {
				return nil, []string{fmt.Sprintf("argument %d: %v", i, err)}
			}
			target := spec.Path
			if spec.Query != "" {
				target += "?" + spec.Query
			}
			r := httptest.NewRequest(spec.Method, target, bytes.NewReader(spec.Body))
			for k, vs := range spec.Headers {
				for _, v := range vs {
					r.Header.Add(k, v)
				}
			}
			args[i] = reflect.ValueOf(r)
		case readerType:
			var b []byte
			if err := json.Unmarshal(s.Args[i], &b); err != nil {
				return nil, []string{fmt.Sprintf("argument %d: %v", i, err)}
			}
			args[i] = reflect.ValueOf(bytes.NewReader(b))
		default:
			p := reflect.New(in)
			if err := json.Unmarshal(s.Args[i], p.Interface()); err != nil {
				return nil, []string{fmt.Sprintf("argument %d: not a %s: %v", i, in, err)}
			}
			args[i] = p.Elem()
		}
	}
	return &hookCall{mt: mt, args: args, rec: rec, output: output}, nil
}

// expectHook: the guest reads the scenario's instruction and records its
// arguments (and does so for the hooks a transport calls first).
func expectHook(m *plugintest.API, s Scenario) {
	var instr []byte
	if len(s.Instruction) > 0 && string(s.Instruction) != "null" {
		instr = s.Instruction
	}
	for _, h := range s.Before {
		m.On("KVGet", "conformance:"+h).Return([]byte(nil), (*model.AppError)(nil)).Once()
		m.On("KVSet", "conformance:args:"+h, mock.Anything).Return((*model.AppError)(nil)).Once()
	}
	m.On("KVGet", "conformance:"+s.Hook).Return(instr, (*model.AppError)(nil)).Once()
	m.On("KVSet", "conformance:args:"+s.Hook, mock.Anything).Return((*model.AppError)(nil)).Once()
}

// checkHook compares the hook's outcome with s.Want; outer is the API
// method whose call the hook is nested in ("" = none).
func checkHook(t Target, s Scenario, h *hookCall, m *plugintest.API, out []reflect.Value, outer string) []string {
	mt, rec, output := h.mt, h.rec, h.output
	var problems []string
	var recorded []byte
	for _, c := range m.Calls {
		switch c.Method {
		case "GetServerVersion", outer:
		case "KVGet", "KVSet":
			key := c.Arguments.String(0)
			switch {
			case key == "conformance:args:"+s.Hook:
				recorded, _ = c.Arguments.Get(1).([]byte)
			case key == "conformance:"+s.Hook || slices.ContainsFunc(s.Before, func(h string) bool {
				return key == "conformance:"+h || key == "conformance:args:"+h
			}):
			default:
				problems = append(problems, fmt.Sprintf("unexpected API call %s(%q)", c.Method, key))
			}
		default:
			problems = append(problems, fmt.Sprintf("unexpected API call %s", c.Method))
		}
	}
	if !m.AssertExpectations(noT{}) {
		problems = append(problems, "the guest did not read its instruction (KVGet) and record its arguments (KVSet) once each")
	}
	if s.Want.Received != nil && recorded != nil {
		var got []json.RawMessage
		if err := json.Unmarshal(recorded, &got); err != nil {
			problems = append(problems, fmt.Sprintf("the recorded arguments are not a JSON array: %s", clip(recorded)))
		} else {
			k := 0
			for i := range mt.NumIn() {
				in := mt.In(i)
				if in == respWType || in == writerType {
					continue
				}
				if k >= len(got) || k >= len(s.Want.Received) {
					problems = append(problems, fmt.Sprintf("the guest recorded %d arguments", len(got)))
					break
				}
				what := fmt.Sprintf("argument %d (%s) as received", i, in)
				switch in {
				case httpReqType:
					compare(&problems, what, "json", reflect.TypeFor[receivedRequest](), false, s.Want.Received[k], got[k])
				case readerType:
					compare(&problems, what, "bytes", bytesType, true, s.Want.Received[k], got[k])
				default:
					compare(&problems, what, "json", in, false, s.Want.Received[k], got[k])
				}
				k++
			}
		}
	}
	j := 0
	for i, o := range out {
		switch ot := mt.Out(i); ot {
		case errorType:
			switch {
			case s.Want.HookError == "" && !o.IsNil():
				problems = append(problems, fmt.Sprintf("result %d: error %v, want nil", i, o.Interface()))
			case s.Want.HookError != "" && o.IsNil():
				problems = append(problems, fmt.Sprintf("result %d: nil, want an error containing %q", i, s.Want.HookError))
			case s.Want.HookError != "" && !strings.Contains(o.Interface().(error).Error(), s.Want.HookError):
				problems = append(problems, fmt.Sprintf("result %d: error %q does not contain %q", i, o.Interface().(error).Error(), s.Want.HookError))
			}
		case appErrorType:
			ae, _ := o.Interface().(*model.AppError)
			switch {
			case s.Want.AppErrorStatus == 0 && ae != nil:
				problems = append(problems, fmt.Sprintf("result %d: AppError %v, want nil", i, ae))
			case s.Want.AppErrorStatus != 0 && ae == nil:
				problems = append(problems, fmt.Sprintf("result %d: nil, want an AppError with status %d", i, s.Want.AppErrorStatus))
			case ae != nil && ae.StatusCode != s.Want.AppErrorStatus:
				problems = append(problems, fmt.Sprintf("result %d: AppError status %d, want %d", i, ae.StatusCode, s.Want.AppErrorStatus))
			}
		default:
			if j >= len(s.Want.Results) {
				problems = append(problems, fmt.Sprintf("result %d: the scenario wants %d results", i, len(s.Want.Results)))
				continue
			}
			compare(&problems, fmt.Sprintf("result %d (%s)", i, ot), "json", ot, false, s.Want.Results[j], mustMarshal(o.Interface()))
			j++
		}
	}
	if w := s.Want.HTTP; w != nil && rec != nil {
		if rec.Code != w.StatusCode {
			problems = append(problems, fmt.Sprintf("HTTP status %d, want %d", rec.Code, w.StatusCode))
		}
		var h map[string]string
		if len(w.Headers) > 0 {
			_ = json.Unmarshal(w.Headers, &h)
		}
		for k, v := range h {
			if got := rec.Header().Get(k); got != v {
				problems = append(problems, fmt.Sprintf("HTTP header %s: %q, want %q", k, got, v))
			}
		}
		if len(w.Body) > 0 && !bytes.Equal(rec.Body.Bytes(), w.Body) {
			problems = append(problems, fmt.Sprintf("HTTP body %q, want %q", clip(rec.Body.Bytes()), w.Body))
		}
	}
	if s.Want.Output != nil && output != nil && !bytes.Equal(output.Bytes(), s.Want.Output) {
		problems = append(problems, fmt.Sprintf("output %q, want %q", clip(output.Bytes()), s.Want.Output))
	}
	if s.Want.Log != "" && !logged(t, s.Want.Log) {
		problems = append(problems, fmt.Sprintf("the host did not log %q", s.Want.Log))
	}
	return problems
}

// noT is a mock.TestingT that only reports through the return value.
type noT struct{}

func (noT) Logf(string, ...any)   {}
func (noT) Errorf(string, ...any) {}
func (noT) FailNow()              {}

// logged waits up to 5 s for text in t's log (an out-of-process host's
// stderr reaches the server's log asynchronously); true where the runner
// cannot see the log.
func logged(t Target, text string) bool {
	deadline := time.Now().Add(5 * time.Second)
	for {
		log, ok := t.Log()
		if !ok || strings.Contains(log, text) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}
