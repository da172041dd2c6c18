package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/mmpy/mmpy/abi"
	_ "github.com/mmpy/mmpy/abi/mmpyv1" // registers the Api*Request/Response messages
	"github.com/mmpy/mmpy/internal/randfill"
)

// The seeds and sizes of the golden files (Generate).
const (
	APISeed    = 1
	APIRounds  = 2 // random successful calls per method, besides the zero-value call
	HooksSeed  = 51
	ErrorsSeed = 7
)

// Conveniences are the methods whose idiomatic binding in the Python SDK
// (PluginAPI) differs from the generated one: they get extra "via": "api"
// scenarios with values the convenience accepts.
var Conveniences = map[string]bool{
	"CreatePost": true, "KVSet": true, "KVList": true, "GetPluginConfig": true, "RegisterCommand": true,
	"LogDebug": true, "LogInfo": true, "LogWarn": true, "LogError": true,
}

var (
	apiType      = reflect.TypeFor[plugin.API]()
	hooksType    = reflect.TypeFor[plugin.Hooks]()
	errorType    = reflect.TypeFor[error]()
	appErrorType = reflect.TypeFor[*model.AppError]()
	readerType   = reflect.TypeFor[io.Reader]()
	writerType   = reflect.TypeFor[io.Writer]()
	respWType    = reflect.TypeFor[http.ResponseWriter]()
	httpReqType  = reflect.TypeFor[*http.Request]()
	httpRespType = reflect.TypeFor[*http.Response]()
	bytesType    = reflect.TypeFor[[]byte]()
	stringsType  = reflect.TypeFor[[]string]()
	anysType     = reflect.TypeFor[[]any]()
)

// Generate makes the golden files from their seeds: every plugin.API
// method (a zero-value call, APIRounds random calls, for methods with an
// error result an *AppError, a wrapped AppError and a plain error, and the
// Conveniences through the idiomatic binding), every hook with random
// arguments and results, and every hook's handler raising.
func Generate() ([]Group, error) {
	api, err := generateAPI()
	if err != nil {
		return nil, err
	}
	hooks, err := generateHooks()
	if err != nil {
		return nil, err
	}
	re, err := generateReentrancy()
	if err != nil {
		return nil, err
	}
	return []Group{api, hooks, generateErrors(), re}, nil
}

// generateReentrancy: API calls during which the server calls a hook on
// the same guest before answering, as a real server does for the calling
// plugin's own MessageWillBePosted/MessageWillBeUpdated.
func generateReentrancy() (Group, error) {
	out := Group{Group: "reentrancy",
		About: "API calls during which the server calls a hook on the same, waiting guest (CreatePost -> MessageWillBePosted, UpdatePost -> MessageWillBeUpdated)."}
	postT := reflect.TypeFor[*model.Post]()
	post := func(id, msg string) (json.RawMessage, error) {
		return goNorm(postT, mustMarshal(&model.Post{Id: id, ChannelId: "channel1", UserId: "user1", Message: msg, CreateAt: 1700000000000}))
	}
	ctxJSON, err := goNorm(reflect.TypeFor[*plugin.Context](), mustMarshal(&plugin.Context{SessionId: "s1", RequestId: "r1"}))
	if err != nil {
		return out, err
	}
	sent, err := post("", "hello from the guest")
	if err != nil {
		return out, err
	}
	changed, err := post("", "hello from the guest (edited by the hook)")
	if err != nil {
		return out, err
	}
	created, err := post("post1", "hello from the guest (edited by the hook)")
	if err != nil {
		return out, err
	}
	old, err := post("post1", "before")
	if err != nil {
		return out, err
	}
	nested := func(hook string, args []json.RawMessage, results ...json.RawMessage) *Scenario {
		return &Scenario{Name: hook, Hook: hook, Args: args,
			Instruction: mustMarshal(map[string]any{"results": results}),
			Want:        Want{Received: args, Results: results}}
	}
	empty := json.RawMessage(`""`)
	rejected := AppError{ID: "api.post.create_post.rejected_by_plugin", Message: "Post rejected by plugin. rejected: no shouting",
		StatusCode: http.StatusBadRequest, Where: "CreatePost"}
	out.Scenarios = []Scenario{
		{Name: "CreatePost-MessageWillBePosted-changes", Method: "CreatePost", Args: []json.RawMessage{sent},
			Answer: &Answer{Results: []json.RawMessage{created}, Nested: nested("MessageWillBePosted", []json.RawMessage{ctxJSON, sent}, changed, empty)},
			Want:   Want{Results: []json.RawMessage{created}}},
		{Name: "CreatePost-MessageWillBePosted-rejects", Method: "CreatePost", Args: []json.RawMessage{sent},
			Answer: &Answer{Error: &AnswerError{AppError: &rejected}, Nested: nested("MessageWillBePosted", []json.RawMessage{ctxJSON, sent}, json.RawMessage("null"), mustMarshal("rejected: no shouting"))},
			Want: Want{Error: &GuestError{Class: "ValidationError", StatusCode: rejected.StatusCode, ErrorID: rejected.ID, Message: rejected.Message,
				Where: rejected.Where, Method: "CreatePost"}}},
		{Name: "UpdatePost-MessageWillBeUpdated-changes", Method: "UpdatePost", Args: []json.RawMessage{created},
			Answer: &Answer{Results: []json.RawMessage{created}, Nested: nested("MessageWillBeUpdated", []json.RawMessage{ctxJSON, created, old}, created, empty)},
			Want:   Want{Results: []json.RawMessage{created}}},
	}
	return out, nil
}

func hasErrorResult(mt reflect.Type) bool {
	if mt.NumOut() == 0 {
		return false
	}
	last := mt.Out(mt.NumOut() - 1)
	return last == errorType || last == appErrorType
}

// kind is how a Go type travels (the kinds of the SDK's METHOD_SPECS).
func kind(t reflect.Type, variadic bool) string {
	switch {
	case variadic:
		return "varargs"
	case t == readerType:
		return "reader"
	case t == httpReqType:
		return "http_request"
	case t == httpRespType:
		return "http_response"
	case t == bytesType:
		return "bytes"
	case t == stringsType:
		return "strs"
	case t.PkgPath() == "" && t.Kind() == reflect.String:
		return "str"
	case t.PkgPath() == "" && t.Kind() == reflect.Bool:
		return "bool"
	case t.PkgPath() == "" && reflect.Int <= t.Kind() && t.Kind() <= reflect.Int64:
		return "int"
	case t.PkgPath() == "" && (t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64):
		return "float"
	}
	return "json"
}

// wireHasPresence tells whether field number n of mmpy.v1.<msg> keeps nil
// apart from empty (proto3 optional).
func wireHasPresence(msg string, n int) bool {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName("mmpy.v1." + msg))
	if err != nil {
		panic(fmt.Sprintf("ABI message %s: %v", msg, err))
	}
	fd := mt.Descriptor().Fields().ByNumber(protoreflect.FieldNumber(n))
	if fd == nil {
		panic(fmt.Sprintf("ABI message %s has no field %d", msg, n))
	}
	return fd.HasPresence()
}

// newestMinVersion is the highest "Minimum server version" of plugin.API:
// the version the reference API reports, so that every method is allowed.
func newestMinVersion() string {
	best := "0"
	for _, m := range abi.Interface().API {
		if versionLess(best, m.MinServerVersion) {
			best = m.MinServerVersion
		}
	}
	return best
}

func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// mode selects the values of a call.
type mode int

const (
	randomValues mode = iota
	zeroValues        // every parameter and result the Go zero value (nil, "", 0, false)
	conveniences      // random values the SDK's convenience bindings accept
)

type apiGen struct {
	fill *randfill.Filler
	n    map[string]int // scenarios per method, for names
}

// newFiller is a randfill.Filler whose values the model types accept.
func newFiller(seed uint64) *randfill.Filler {
	f := randfill.New(seed)
	f.Fixups = map[reflect.Type]func(*randfill.Filler, reflect.Value){
		// MarshalJSON refuses any other type.
		reflect.TypeFor[model.GroupSyncable](): func(f *randfill.Filler, v reflect.Value) {
			v.FieldByName("Type").SetString(string([]model.GroupSyncableType{model.GroupSyncableTypeTeam, model.GroupSyncableTypeChannel}[f.Intn(2)]))
		},
	}
	return f
}

func generateAPI() (Group, error) {
	g := &apiGen{fill: newFiller(APISeed), n: map[string]int{}}
	out := Group{Group: "api", Seed: APISeed,
		About: "Every plugin.API method called by the guest (ExecuteCommand \"/conformance call\"): zero values, random values, errors, conveniences."}
	methods := abi.Interface().API
	if len(methods) != apiType.NumMethod() {
		return out, fmt.Errorf("abi/interface.json has %d API methods, plugin.API %d: run make generate", len(methods), apiType.NumMethod())
	}
	for _, m := range methods {
		mt, ok := apiType.MethodByName(m.Name)
		if !ok {
			return out, fmt.Errorf("plugin.API has no method %s", m.Name)
		}
		add := func(s Scenario, err error) error {
			if err != nil {
				return fmt.Errorf("%s: %w", m.Name, err)
			}
			g.n[m.Name]++
			s.Name = fmt.Sprintf("%s#%d-%s", m.Name, g.n[m.Name], s.Name)
			out.Scenarios = append(out.Scenarios, s)
			return nil
		}
		if err := add(g.success(m.Name, mt.Type, zeroValues, "")); err != nil {
			return out, err
		}
		for range APIRounds {
			if err := add(g.success(m.Name, mt.Type, randomValues, "")); err != nil {
				return out, err
			}
		}
		if hasErrorResult(mt.Type) {
			if err := add(g.failure(m.Name, mt.Type, true, "")); err != nil {
				return out, err
			}
			if mt.Type.Out(mt.Type.NumOut()-1) == errorType {
				if err := add(g.failure(m.Name, mt.Type, false, "")); err != nil {
					return out, err
				}
			}
		}
		if Conveniences[m.Name] {
			if err := add(g.success(m.Name, mt.Type, conveniences, "api")); err != nil {
				return out, err
			}
			if hasErrorResult(mt.Type) {
				if err := add(g.failure(m.Name, mt.Type, true, "api")); err != nil {
					return out, err
				}
			}
		}
	}
	return out, nil
}

func (g *apiGen) token() string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 1+g.fill.Intn(10))
	for i := range b {
		b[i] = letters[g.fill.Intn(len(letters))]
	}
	return string(b)
}

func (g *apiGen) bytes() []byte {
	b := g.fill.Value(bytesType).Bytes()
	if b == nil {
		b = []byte{}
	}
	return b
}

// params are the Go arguments of a call (varargs: []any; reader: []byte;
// http_request: HTTPRequest).
func (g *apiGen) params(name string, mt reflect.Type, md mode) []any {
	if name == "LoadPluginConfiguration" {
		return nil // dest is the result on the guest's side
	}
	out := make([]any, mt.NumIn())
	for i := range mt.NumIn() {
		t := mt.In(i)
		k := kind(t, mt.IsVariadic() && i == mt.NumIn()-1)
		if md == zeroValues {
			switch k {
			case "varargs":
				out[i] = []any{}
			case "reader":
				out[i] = []byte{}
			case "http_request":
				out[i] = HTTPRequest{Method: "GET", Path: "/", Headers: map[string][]string{}, Body: []byte{}}
			default:
				out[i] = reflect.Zero(t).Interface()
			}
			continue
		}
		switch k {
		case "varargs":
			vs := make([]any, g.fill.Intn(5))
			for j := range vs {
				vs[j] = g.fill.JSON(0)
			}
			out[i] = vs
		case "reader":
			out[i] = g.bytes()
		case "http_request":
			h := map[string][]string{}
			for range g.fill.Intn(4) {
				vals := []string{}
				for range 1 + g.fill.Intn(2) {
					vals = append(vals, g.token()+" "+g.token())
				}
				h[http.CanonicalHeaderKey("x-"+g.token())] = vals
			}
			out[i] = HTTPRequest{
				Method: []string{"GET", "POST", "PUT", "PATCH", "DELETE"}[g.fill.Intn(5)],
				Path:   "/" + g.token() + "/" + g.token(), Query: g.token() + "=" + g.token() + "&x=%20y",
				Headers: h, Body: g.bytes(),
			}
		default:
			out[i] = g.fill.Value(t).Interface()
		}
	}
	if md == conveniences {
		g.convenienceArgs(name, mt, out)
	}
	return out
}

// convenienceArgs adapts random arguments to what the SDK's conveniences
// accept: a Post/Command (not None, which means "build one from keywords"),
// bytes (not None), a valid page, and log values that are JSON scalars (the
// conveniences stringify anything else).
func (g *apiGen) convenienceArgs(name string, mt reflect.Type, ps []any) {
	switch name {
	case "CreatePost", "RegisterCommand":
		for reflect.ValueOf(ps[0]).IsNil() {
			ps[0] = g.fill.Value(mt.In(0)).Interface()
		}
	case "KVSet":
		if ps[1].([]byte) == nil {
			ps[1] = []byte("v")
		}
	case "KVList":
		ps[0] = g.fill.Intn(1000)
		ps[1] = 1 + g.fill.Intn(1000)
	case "LogDebug", "LogInfo", "LogWarn", "LogError":
		vs := ps[1].([]any)
		for i := 1; i < len(vs); i += 2 {
			for !isScalar(vs[i]) {
				vs[i] = g.fill.JSON(0)
			}
		}
	}
}

func isScalar(v any) bool {
	switch v.(type) {
	case nil, string, float64, bool:
		return true
	}
	return false
}

// results are the Go results of a successful call (error excluded).
func (g *apiGen) results(name string, mt reflect.Type, md mode) []reflect.Value {
	n := mt.NumOut()
	if hasErrorResult(mt) {
		n--
	}
	out := make([]reflect.Value, n)
	for i := range n {
		t := mt.Out(i)
		switch {
		case md == zeroValues:
			out[i] = reflect.Zero(t)
			continue
		case md == conveniences && name == "GetPluginConfig":
			// The convenience answers {} for nil.
			v := g.fill.Value(t)
			for v.IsNil() {
				v = g.fill.Value(t)
			}
			out[i] = v
			continue
		}
		if t == httpRespType {
			h := http.Header{}
			for range g.fill.Intn(4) {
				k := "X-" + g.token()
				for range 1 + g.fill.Intn(2) {
					h.Add(k, g.token()+" "+g.token())
				}
			}
			resp := &http.Response{StatusCode: 100 + g.fill.Intn(500), Header: h, Body: io.NopCloser(strings.NewReader(string(g.fill.Value(bytesType).Bytes())))}
			out[i] = reflect.ValueOf(resp)
			continue
		}
		out[i] = g.fill.Value(t)
	}
	return out
}

func rawJSON(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	return b, err
}

// goNorm is Go's JSON of the value b decodes to as type t (one decode and
// encode round in Go, which values carried as JSON go through anyway).
func goNorm(t reflect.Type, b []byte) (json.RawMessage, error) {
	p := reflect.New(t)
	if err := json.Unmarshal(b, p.Interface()); err != nil {
		return nil, fmt.Errorf("not a valid %s: %w", t, err)
	}
	return json.Marshal(p.Elem().Interface())
}

func (g *apiGen) callArgs(ps []any) ([]json.RawMessage, error) {
	args := make([]json.RawMessage, len(ps))
	for i, p := range ps {
		b, err := rawJSON(p)
		if err != nil {
			return nil, fmt.Errorf("argument %d does not marshal: %w", i, err)
		}
		args[i] = b
	}
	return args, nil
}

func (g *apiGen) success(name string, mt reflect.Type, md mode, via string) (Scenario, error) {
	s := Scenario{Name: [...]string{"random", "zero", "convenience"}[md], Method: name, Via: via}
	ps := g.params(name, mt, md)
	var err error
	if s.Args, err = g.callArgs(ps); err != nil {
		return s, err
	}
	s.Answer = &Answer{Results: []json.RawMessage{}}
	s.Want.Results = []json.RawMessage{}
	if name == "LoadPluginConfiguration" {
		var dest map[string]any
		if md != zeroValues {
			dest = g.fill.Value(reflect.TypeFor[map[string]any]()).Interface().(map[string]any)
		}
		b, err := goNorm(reflect.TypeFor[map[string]any](), mustMarshal(dest))
		if err != nil {
			return s, err
		}
		s.Answer.Results = append(s.Answer.Results, b)
		s.Want.Results = append(s.Want.Results, b)
		return s, nil
	}
	for i, r := range g.results(name, mt, md) {
		if r.Type() == httpRespType {
			a, w, err := responseData(r.Interface().(*http.Response))
			if err != nil {
				return s, err
			}
			s.Answer.Results = append(s.Answer.Results, a)
			s.Want.Results = append(s.Want.Results, w)
			continue
		}
		b, err := goNorm(r.Type(), mustMarshal(r.Interface()))
		if err != nil {
			return s, fmt.Errorf("result %d: the random value does not survive Go's own JSON: %w", i, err)
		}
		s.Answer.Results = append(s.Answer.Results, b)
		s.Want.Results = append(s.Want.Results, b)
	}
	return s, nil
}

// responseData is an *http.Response as the reference API answers it and as
// the guest reports it (header values joined).
func responseData(resp *http.Response) (answer, want json.RawMessage, err error) {
	if resp == nil {
		return json.RawMessage("null"), json.RawMessage("null"), nil
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	joined := map[string]string{}
	for k, v := range resp.Header {
		joined[k] = strings.Join(v, ", ")
	}
	answer = mustMarshal(HTTPResponse{StatusCode: resp.StatusCode, Headers: mustMarshal(map[string][]string(resp.Header)), Body: body})
	want = mustMarshal(HTTPResponse{StatusCode: resp.StatusCode, Headers: mustMarshal(joined), Body: body})
	return answer, want, nil
}

func mustMarshal(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func (g *apiGen) failure(name string, mt reflect.Type, appErr bool, via string) (Scenario, error) {
	md := randomValues
	if via == "api" {
		md = conveniences
	}
	s := Scenario{Method: name, Via: via}
	var err error
	if s.Args, err = g.callArgs(g.params(name, mt, md)); err != nil {
		return s, err
	}
	status := []int{0, 400, 401, 403, 404, 409, 413, 500, 501, 503, 100 + g.fill.Intn(500)}[g.fill.Intn(11)]
	ae := &AppError{ID: g.fill.String(), Message: g.fill.String(), DetailedError: g.fill.String(),
		StatusCode: status, Where: g.fill.String(), RequestID: g.fill.String()}
	want := GuestError{StatusCode: ae.StatusCode, ErrorID: ae.ID, Message: ae.Message, DetailedError: ae.DetailedError,
		Where: ae.Where, RequestID: ae.RequestID, Method: name}
	switch {
	case mt.Out(mt.NumOut()-1) == appErrorType:
		s.Name = "app-error"
		s.Answer = &Answer{Error: &AnswerError{AppError: ae}}
	case appErr: // an *AppError in a plain error keeps its fields
		s.Name = "wrapped-app-error"
		s.Answer = &Answer{Error: &AnswerError{AppError: ae, Wrapped: true}}
	default:
		s.Name = "plain-error"
		msg := g.fill.String()
		s.Answer = &Answer{Error: &AnswerError{Message: msg}}
		want = GuestError{Message: msg, Method: name}
	}
	want.Class = map[int]string{400: "ValidationError", 403: "PermissionDeniedError", 404: "NotFoundError",
		409: "AlreadyExistsError", 503: "UnavailableError"}[want.StatusCode]
	if want.Class == "" {
		want.Class = "PluginAPIError"
	}
	s.Want.Error = &want
	return s, nil
}

// hookFiller fills hook arguments and results.
func hookFiller(seed uint64) *randfill.Filler {
	f := randfill.New(seed)
	f.Fixups = map[reflect.Type]func(*randfill.Filler, reflect.Value){
		reflect.TypeFor[model.GroupSyncable](): func(f *randfill.Filler, v reflect.Value) {
			v.FieldByName("Type").SetString(string(model.GroupSyncableTypeTeam))
		},
	}
	return f
}

// hookRequest and hookBody are the request and stream every hook scenario
// sends where the hook takes one.
var (
	hookRequest = HTTPRequest{Method: http.MethodPost, Path: "/api/x", Query: "a=1&a=2",
		Headers: map[string][]string{"Mattermost-User-Id": {"u1"}}, Body: []byte(`{"n":1}`)}
	hookBody = []byte("file content \x00\xff")
)

// receivedRequest is how the guest records an *http.Request argument.
type receivedRequest struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query"`
	Body   []byte `json:"body"`
	UserID string `json:"user_id"`
}

func generateHooks() (Group, error) {
	f := hookFiller(HooksSeed)
	out := Group{Group: "hooks", Seed: HooksSeed,
		About: "Every plugin.Hooks method with random arguments: the guest records what it received and returns the instruction's results."}
	for _, h := range abi.Interface().Hooks {
		m, ok := hooksType.MethodByName(h.Name)
		if !ok {
			return out, fmt.Errorf("plugin.Hooks has no method %s", h.Name)
		}
		mt := m.Type
		s := Scenario{Name: h.Name, Hook: h.Name}
		var rw, output bool
		for i := range mt.NumIn() {
			switch in := mt.In(i); in {
			case respWType:
				rw = true
				s.Args = append(s.Args, json.RawMessage("null"))
			case writerType:
				output = true
				s.Args = append(s.Args, json.RawMessage("null"))
			case httpReqType:
				s.Args = append(s.Args, mustMarshal(hookRequest))
				s.Want.Received = append(s.Want.Received, mustMarshal(receivedRequest{hookRequest.Method, hookRequest.Path, hookRequest.Query, hookRequest.Body, "u1"}))
			case readerType:
				s.Args = append(s.Args, mustMarshal(hookBody))
				s.Want.Received = append(s.Want.Received, mustMarshal(hookBody))
			default:
				b, err := goNorm(in, mustMarshal(f.Value(in).Interface()))
				if err != nil {
					return out, fmt.Errorf("%s argument %d: %w", h.Name, i, err)
				}
				s.Args = append(s.Args, b)
				s.Want.Received = append(s.Want.Received, b)
			}
		}
		results := []json.RawMessage{}
		for i := range mt.NumOut() {
			if o := mt.Out(i); o != errorType && o != appErrorType {
				b, err := goNorm(o, mustMarshal(f.Value(o).Interface()))
				if err != nil {
					return out, fmt.Errorf("%s result %d: %w", h.Name, i, err)
				}
				results = append(results, b)
			}
		}
		switch {
		case rw:
			resp := HTTPResponse{StatusCode: 201, Headers: mustMarshal(map[string]string{"X-Test": h.Name}), Body: []byte("answer of " + h.Name)}
			s.Instruction = mustMarshal(map[string]any{"status_code": resp.StatusCode, "headers": resp.Headers, "body": "answer of " + h.Name})
			s.Want.HTTP = &resp
		case output:
			s.Instruction = mustMarshal(map[string]any{"results": results, "replacement": []byte("replaced")})
			s.Want.Results = results
			// The replacement is written only when the upload is not rejected.
			var reason string
			if err := json.Unmarshal(results[1], &reason); err != nil {
				return out, err
			}
			if reason == "" {
				s.Want.Output = []byte("replaced")
			}
		default:
			s.Instruction = mustMarshal(map[string]any{"results": results})
			s.Want.Results = results
		}
		out.Scenarios = append(out.Scenarios, s)
	}
	return out, nil
}

// generateErrors: every hook's handler raises; the host answers by the rule
// in docs/ARCHITECTURE.md ("Hook failures"): error results carry the
// exception, *model.AppError results are a 500, ServeHTTP/ServeMetrics a
// 500, every other result its zero value (fail-open); the traceback is
// logged.
func generateErrors() Group {
	f := hookFiller(ErrorsSeed)
	out := Group{Group: "errors", Seed: ErrorsSeed,
		About: "Every hook but OnActivate/OnDeactivate whose handler raises: error results carry the exception, AppError results a 500, others zero (fail-open)."}
	for _, h := range abi.Interface().Hooks {
		if h.Name == "OnActivate" || h.Name == "OnDeactivate" {
			continue // lifecycle: a failing OnActivate fails activation (host tests, e2e)
		}
		m, _ := hooksType.MethodByName(h.Name)
		mt := m.Type
		msg := h.Name + " exploded on purpose"
		s := Scenario{Name: h.Name + "-raises", Hook: h.Name, Instruction: mustMarshal(map[string]string{"raise": msg}), Want: Want{Log: msg}}
		for i := range mt.NumIn() {
			switch in := mt.In(i); in {
			case respWType, writerType:
				s.Args = append(s.Args, json.RawMessage("null"))
				if in == respWType {
					s.Want.HTTP = &HTTPResponse{StatusCode: http.StatusInternalServerError}
				}
			case httpReqType:
				s.Args = append(s.Args, mustMarshal(HTTPRequest{Method: http.MethodGet, Path: "/x", Headers: map[string][]string{}, Body: []byte{}}))
			case readerType:
				s.Args = append(s.Args, mustMarshal([]byte("data")))
			default:
				b, err := goNorm(in, mustMarshal(f.Value(in).Interface()))
				if err != nil {
					panic(err)
				}
				s.Args = append(s.Args, b)
			}
		}
		for i := range mt.NumOut() {
			switch o := mt.Out(i); o {
			case errorType:
				s.Want.HookError = msg
			case appErrorType:
				s.Want.AppErrorStatus = http.StatusInternalServerError
			default:
				s.Want.Results = append(s.Want.Results, mustMarshal(reflect.Zero(o).Interface()))
			}
		}
		out.Scenarios = append(out.Scenarios, s)
	}
	return out
}
