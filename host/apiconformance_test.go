package host_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/plugin/plugintest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/mmpy/mmpy/abi"
	_ "github.com/mmpy/mmpy/abi/mmpyv1" // registers the Api*Request/Response messages
	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/randfill"
)

// TestAPIConformance calls every plugin.API method from Python through the
// real ABI (testdata/apicheck) against a recording mock (plugintest.API):
// random arguments must arrive in Go intact, random results must reach
// Python intact, and for methods with an error result a random error must
// reach Python as a PluginAPIError with every field intact.
//
// Per method: one call with every parameter and result the Go zero value
// (nil pointers, slices and maps), MMPY_APICHECK_ROUNDS calls with random
// values, for methods with an error result a random *model.AppError (or, for
// `error`, an *AppError wrapped in an error and a plain error), and for the
// methods PluginAPI overrides with conveniences (create_post, kv_set, log_*,
// ...) the same through the convenience, with values it accepts.
//
// "Intact" is judged on the Go side of encoding/json: a model value is equal
// when its Go JSON is (after one decode/encode round in Go, which is what the
// ABI's JSON-carried values go through anyway). nil and empty differ, except
// where the wire cannot tell them apart (proto bytes without presence,
// repeated strings).
//
// MMPY_APICHECK_SEED picks the random stream (default 1), MMPY_APICHECK_ROUNDS
// the number of random successful calls per method (default 3).
func TestAPIConformance(t *testing.T) {
	forEachEngine(t, apiConformance)
}

func apiConformance(t *testing.T, eng string) {
	seed := envInt(t, "MMPY_APICHECK_SEED", 1)
	rounds := envInt(t, "MMPY_APICHECK_ROUNDS", 3)
	t.Logf("seed %d, %d rounds (MMPY_APICHECK_SEED, MMPY_APICHECK_ROUNDS)", seed, rounds)

	api := &swapAPI{}
	p := startAPICheck(t, eng, api)
	c := &conformance{p: p, api: api, fill: newFiller(uint64(seed)), serverVersion: newestMinVersion(), via: map[string]string{}}
	t.Logf("server version %s (the newest \"Minimum server version\" of plugin.API)", c.serverVersion)

	methods := abi.Interface().API
	apiType := reflect.TypeFor[plugin.API]()
	require.Equal(t, apiType.NumMethod(), len(methods), "abi/interface.json describes plugin.API of the module in go.mod")
	checked := 0
	for _, m := range methods {
		mt, ok := apiType.MethodByName(m.Name)
		require.True(t, ok, "plugin.API has no method %s", m.Name)
		t.Run(m.Name, func(t *testing.T) {
			recordScenario(t, "api", m.Name, eng)
			c.success(t, m.Name, mt.Type, zeroValues, viaDefault)
			for range rounds {
				c.success(t, m.Name, mt.Type, randomValues, viaDefault)
			}
			if hasErrorResult(mt.Type) {
				c.failure(t, m.Name, mt.Type, true, viaDefault)
				c.failure(t, m.Name, mt.Type, false, viaDefault)
			}
			if c.via[m.Name] == viaGenerated {
				// Also through PluginAPI's convenience, with values it accepts.
				c.success(t, m.Name, mt.Type, conveniences, viaAPI)
				if hasErrorResult(mt.Type) {
					c.failure(t, m.Name, mt.Type, true, viaAPI)
				}
			}
		})
		checked++
	}
	var overridden []string
	for _, m := range methods {
		if c.via[m.Name] == viaGenerated {
			overridden = append(overridden, m.Name)
		}
	}
	t.Logf("called through GeneratedAPI and through PluginAPI's convenience override: %s", strings.Join(overridden, ", "))
	t.Logf("%d methods: compared %d arguments, %d results, %d errors", checked, c.compared.args, c.compared.results, c.compared.errors)
	assert.Equal(t, len(methods), checked)
	assert.Equal(t, 258, checked, "server/public v0.4.4 has 258 plugin.API methods")
}

func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	require.NoError(t, err, "%s must be an integer", name)
	return n
}

// swapAPI is the plugin.API the plugin was started with; each call of the
// test installs a fresh mock, so every mock sees one call. set runs only
// between calls (ExecuteCommand returning orders it with the guest's API
// calls).
type swapAPI struct {
	plugin.API
}

func (s *swapAPI) set(m *plugintest.API) { s.API = m }

func startAPICheck(t *testing.T, eng string, api plugin.API) *host.Plugin {
	rd := runtimeDir(t)
	lb := &logBuf{}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, err := sharedRuntimeOn(t, eng).Start(ctx, host.Spec{
		ID: "test.apicheck", RuntimeDir: rd, PluginDir: filepath.Join(repoRoot(), "host", "testdata", "apicheck"),
		Entry: "server/plugin.py", API: api,
		Logger: slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.Stop(ctx)
		if t.Failed() {
			t.Logf("plugin log:\n%s", lb.String())
		}
	})
	return p
}

type conformance struct {
	p             *host.Plugin
	api           *swapAPI
	fill          *randfill.Filler
	serverVersion string
	via           map[string]string // method -> how the plugin called it ("api" or "generated")
	round         int               // calls made, for messages
	// compared counts the arguments, results and errors compared.
	compared struct{ args, results, errors int }
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

// newestMinVersion is the highest "Minimum server version" of plugin.API, so
// that apiserve's version check lets every method through.
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

var (
	errorType    = reflect.TypeFor[error]()
	appErrorType = reflect.TypeFor[*model.AppError]()
	readerType   = reflect.TypeFor[io.Reader]()
	httpReqType  = reflect.TypeFor[*http.Request]()
	httpRespType = reflect.TypeFor[*http.Response]()
	bytesType    = reflect.TypeFor[[]byte]()
	stringsType  = reflect.TypeFor[[]string]()
)

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

// httpReqSpec is what the Python plugin builds its HTTPRequest from.
type httpReqSpec struct {
	Method  string              `json:"method"`
	Path    string              `json:"path"`
	Query   string              `json:"query"`
	Headers map[string][]string `json:"headers"`
	Body    []byte              `json:"body"`
}

// mode selects the values of a call.
type mode int

const (
	randomValues mode = iota
	zeroValues        // every parameter and result the Go zero value (nil, "", 0, false)
	conveniences      // random values PluginAPI's convenience overrides accept
)

// How the plugin calls the method: viaDefault is the GeneratedAPI binding
// when PluginAPI overrides the method (the override may give None or bounds
// another meaning), else the PluginAPI method; viaAPI is always the
// PluginAPI method.
const (
	viaDefault   = ""
	viaAPI       = "api"
	viaGenerated = "generated"
)

// param is one argument of a call: the Go value sent and how it travels.
type param struct {
	kind  string
	typ   reflect.Type
	value any // the Go value (for varargs: []any; reader: []byte; http_request: httpReqSpec)
}

func (c *conformance) token() string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 1+c.fill.Intn(10))
	for i := range b {
		b[i] = letters[c.fill.Intn(len(letters))]
	}
	return string(b)
}

func (c *conformance) params(name string, mt reflect.Type, md mode) []param {
	if name == "LoadPluginConfiguration" {
		return nil // dest is the result on the Python side
	}
	out := make([]param, mt.NumIn())
	for i := range mt.NumIn() {
		t := mt.In(i)
		variadic := mt.IsVariadic() && i == mt.NumIn()-1
		k := kind(t, variadic)
		var v any
		if md == zeroValues {
			switch k {
			case "varargs":
				v = []any{}
			case "reader":
				v = []byte{}
			case "http_request":
				v = httpReqSpec{Method: "GET", Path: "/", Headers: map[string][]string{}, Body: []byte{}}
			default:
				v = reflect.Zero(t).Interface()
			}
			out[i] = param{kind: k, typ: t, value: v}
			continue
		}
		switch k {
		case "varargs":
			n := c.fill.Intn(5)
			vs := make([]any, n)
			for j := range vs {
				vs[j] = c.fill.JSON(0)
			}
			v = vs
		case "reader":
			v = c.fill.Value(bytesType).Bytes()
			if v.([]byte) == nil {
				v = []byte{}
			}
		case "http_request":
			h := map[string][]string{}
			for range c.fill.Intn(4) {
				vals := []string{}
				for range 1 + c.fill.Intn(2) {
					vals = append(vals, c.token()+" "+c.token())
				}
				h[http.CanonicalHeaderKey("x-"+c.token())] = vals
			}
			body := c.fill.Value(bytesType).Bytes()
			if body == nil {
				body = []byte{}
			}
			v = httpReqSpec{
				Method: []string{"GET", "POST", "PUT", "PATCH", "DELETE"}[c.fill.Intn(5)],
				Path:   "/" + c.token() + "/" + c.token(), Query: c.token() + "=" + c.token() + "&x=%20y",
				Headers: h, Body: body,
			}
		default:
			v = c.fill.Value(t).Interface()
		}
		out[i] = param{kind: k, typ: t, value: v}
	}
	if md == conveniences {
		c.convenienceArgs(name, out)
	}
	return out
}

// convenienceArgs adapts random arguments to what PluginAPI's overrides
// accept: a Post/Command (not None, which means "build one from keywords"),
// bytes (not None), a valid page, and log values that are JSON scalars (the
// overrides stringify anything else).
func (c *conformance) convenienceArgs(name string, ps []param) {
	switch name {
	case "CreatePost", "RegisterCommand":
		for reflect.ValueOf(ps[0].value).IsNil() {
			ps[0].value = c.fill.Value(ps[0].typ).Interface()
		}
	case "KVSet":
		if ps[1].value.([]byte) == nil {
			ps[1].value = []byte("v")
		}
	case "KVList":
		ps[0].value = c.fill.Intn(1000)
		ps[1].value = 1 + c.fill.Intn(1000)
	case "LogDebug", "LogInfo", "LogWarn", "LogError":
		vs := ps[1].value.([]any)
		for i := 1; i < len(vs); i += 2 {
			for !isScalar(vs[i]) {
				vs[i] = c.fill.JSON(0)
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

// results are the canned Go results of a call (error excluded), as the mock
// returns them.
func (c *conformance) results(name string, mt reflect.Type, md mode) []reflect.Value {
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
			// The override answers {} for nil.
			v := c.fill.Value(t)
			for v.IsNil() {
				v = c.fill.Value(t)
			}
			out[i] = v
			continue
		}
		if t == httpRespType {
			h := http.Header{}
			for range c.fill.Intn(4) {
				k := "X-" + c.token()
				for range 1 + c.fill.Intn(2) {
					h.Add(k, c.token()+" "+c.token())
				}
			}
			body := c.fill.Value(bytesType).Bytes()
			resp := &http.Response{StatusCode: 100 + c.fill.Intn(500), Header: h, Body: io.NopCloser(bytes.NewReader(body))}
			r := reflect.New(t).Elem()
			r.Set(reflect.ValueOf(resp))
			out[i] = r
			continue
		}
		out[i] = c.fill.Value(t)
	}
	return out
}

// answer is the Python plugin's reply.
type answer struct {
	Results   []json.RawMessage `json:"results"`
	Error     *pyError          `json:"error"`
	Exception string            `json:"exception"`
	Via       string            `json:"via"`
}

type pyError struct {
	Class         string `json:"class"`
	StatusCode    int    `json:"status_code"`
	ErrorID       string `json:"error_id"`
	Message       string `json:"message"`
	DetailedError string `json:"detailed_error"`
	Where         string `json:"where"`
	RequestID     string `json:"request_id"`
	Method        string `json:"method"`
}

// call installs m, sends the instruction and returns the plugin's answer.
func (c *conformance) call(t *testing.T, name, via string, m *plugintest.API, ps []param) (answer, bool) {
	args := make([]json.RawMessage, len(ps))
	for i, p := range ps {
		b, err := json.Marshal(p.value)
		require.NoError(t, err, "%s: argument %d does not marshal", name, i)
		args[i] = b
	}
	instr, err := json.Marshal(map[string]any{"method": name, "args": args, "via": via})
	require.NoError(t, err)
	c.api.set(m)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, aerr := c.p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/apicheck " + string(instr)})
	c.api.set(nil)
	require.Nil(t, aerr, "%s: ExecuteCommand failed", name)
	require.NotNil(t, resp, "%s: no command response", name)
	var a answer
	require.NoError(t, json.Unmarshal([]byte(resp.Text), &a), "%s: the plugin's answer is not JSON: %q", name, resp.Text)
	if via == viaDefault {
		c.via[name] = a.Via
	}
	if a.Exception != "" {
		t.Errorf("%s: the Python call raised:\n%s", name, a.Exception)
		return a, false
	}
	return a, true
}

// expect sets the mock's expectation for one call of name returning rets.
func (c *conformance) expect(m *plugintest.API, name string, ps []param, rets []any, dest map[string]any) *mock.Call {
	matchers := []any{}
	for _, p := range ps {
		if p.kind == "varargs" {
			for range p.value.([]any) {
				matchers = append(matchers, mock.Anything)
			}
			continue
		}
		matchers = append(matchers, mock.Anything)
	}
	if name == "LoadPluginConfiguration" {
		matchers = []any{mock.Anything}
	}
	if name != "GetServerVersion" {
		// apiserve asks once per plugin.API (cached), before the first call.
		m.On("GetServerVersion").Return(c.serverVersion).Maybe()
	}
	call := m.On(name, matchers...).Return(rets...).Once()
	if name == "LoadPluginConfiguration" {
		call.Run(func(args mock.Arguments) {
			if d, ok := args.Get(0).(*map[string]any); ok {
				*d = dest
			}
		})
	}
	return call
}

// received returns the arguments of the one call of name the mock saw.
func received(t *testing.T, m *plugintest.API, name string) (mock.Arguments, bool) {
	var got []mock.Arguments
	for _, c := range m.Calls {
		switch c.Method {
		case name:
			got = append(got, c.Arguments)
		case "GetServerVersion":
		default:
			t.Errorf("%s: unexpected call of %s", name, c.Method)
		}
	}
	if !assert.Len(t, got, 1, "%s: the mock must see exactly one call", name) {
		return nil, false
	}
	return got[0], true
}

func (c *conformance) success(t *testing.T, name string, mt reflect.Type, md mode, via string) {
	c.round++
	ps := c.params(name, mt, md)
	res := c.results(name, mt, md)
	var dest map[string]any
	var rets []any
	switch {
	case name == "LoadPluginConfiguration":
		if md != zeroValues {
			dest = c.fill.Value(reflect.TypeFor[map[string]any]()).Interface().(map[string]any)
		}
		res = []reflect.Value{reflect.ValueOf(dest)}
		rets = []any{nil}
	default:
		for _, r := range res {
			rets = append(rets, r.Interface())
		}
		if hasErrorResult(mt) {
			if mt.Out(mt.NumOut()-1) == appErrorType {
				rets = append(rets, (*model.AppError)(nil))
			} else {
				rets = append(rets, nil)
			}
		}
	}
	// The response body is read by apiserve; keep a copy for the comparison.
	var respBody []byte
	for _, r := range res {
		if r.Type() == httpRespType && !r.IsNil() {
			resp := r.Interface().(*http.Response)
			respBody, _ = io.ReadAll(resp.Body)
			resp.Body = io.NopCloser(bytes.NewReader(respBody))
		}
	}
	m := &plugintest.API{}
	c.expect(m, name, ps, rets, dest)
	a, ok := c.call(t, name, via, m, ps)
	if !ok {
		return
	}
	where := fmt.Sprintf("%s (call %d: %s values, via %s)", name, c.round, [...]string{"random", "zero", "convenience"}[md], a.Via)
	if a.Error != nil {
		t.Errorf("%s: the call raised %+v, expected a result", where, *a.Error)
		return
	}
	if args, ok := received(t, m, name); ok && name != "LoadPluginConfiguration" {
		checkArgs(t, where, name, ps, args)
		c.compared.args += len(ps)
	}
	c.compared.results += len(res)
	if !assert.Len(t, a.Results, len(res), "%s: number of results", where) {
		return
	}
	for i, r := range res {
		checkResult(t, where, name, i, r, a.Results[i], respBody)
	}
}

func (c *conformance) failure(t *testing.T, name string, mt reflect.Type, appErr bool, via string) {
	c.round++
	md := randomValues
	if via == viaAPI {
		md = conveniences
	}
	ps := c.params(name, mt, md)
	var rets []any
	n := mt.NumOut() - 1
	for i := range n {
		rets = append(rets, reflect.Zero(mt.Out(i)).Interface())
	}
	status := []int{0, 400, 401, 403, 404, 409, 413, 500, 501, 503, 100 + c.fill.Intn(500)}[c.fill.Intn(11)]
	ae := &model.AppError{Id: c.fill.String(), Message: c.fill.String(), DetailedError: c.fill.String(),
		StatusCode: status, Where: c.fill.String(), RequestId: c.fill.String()}
	want := pyError{StatusCode: ae.StatusCode, ErrorID: ae.Id, Message: ae.Message, DetailedError: ae.DetailedError,
		Where: ae.Where, RequestID: ae.RequestId, Method: name}
	switch {
	case mt.Out(n) == appErrorType:
		rets = append(rets, ae)
	case appErr: // an *AppError in a plain error keeps its fields
		rets = append(rets, fmt.Errorf("wrapped: %w", ae))
	default:
		msg := c.fill.String()
		rets = append(rets, errors.New(msg))
		want = pyError{Message: msg, Method: name}
	}
	want.Class = map[int]string{400: "ValidationError", 403: "PermissionDeniedError", 404: "NotFoundError",
		409: "AlreadyExistsError", 503: "UnavailableError"}[want.StatusCode]
	if want.Class == "" {
		want.Class = "PluginAPIError"
	}
	m := &plugintest.API{}
	c.expect(m, name, ps, rets, nil)
	a, ok := c.call(t, name, via, m, ps)
	if !ok {
		return
	}
	where := fmt.Sprintf("%s (call %d: error %q, via %s)", name, c.round, fmt.Sprint(rets[len(rets)-1]), a.Via)
	if args, ok := received(t, m, name); ok && name != "LoadPluginConfiguration" {
		checkArgs(t, where, name, ps, args)
		c.compared.args += len(ps)
	}
	c.compared.errors++
	if assert.NotNil(t, a.Error, "%s: the call returned %s instead of raising", where, a.Results) {
		assert.Equal(t, want, *a.Error, "%s: the PluginAPIError", where)
	}
}

// wireHasPresence tells whether field number n of mmpy.v1.<msg> keeps nil
// apart from empty (proto3 optional).
func wireHasPresence(t *testing.T, msg string, n int) bool {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName("mmpy.v1." + msg))
	require.NoError(t, err, "ABI message %s", msg)
	fd := mt.Descriptor().Fields().ByNumber(protoreflect.FieldNumber(n))
	require.NotNil(t, fd, "ABI message %s has no field %d", msg, n)
	return fd.HasPresence()
}

// norm is Go's JSON of the value b decodes to as type t.
func norm(t reflect.Type, b []byte) (string, error) {
	p := reflect.New(t)
	if err := json.Unmarshal(b, p.Interface()); err != nil {
		return "", fmt.Errorf("not a valid %s: %w", t, err)
	}
	out, err := json.Marshal(p.Elem().Interface())
	return string(out), err
}

func goJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func checkBytes(t *testing.T, where, what string, presence bool, want, got []byte) {
	if presence || len(want) > 0 || len(got) > 0 {
		assert.Equal(t, want, got, "%s: %s", where, what)
	}
}

func checkArgs(t *testing.T, where, name string, ps []param, args mock.Arguments) {
	for i, p := range ps {
		what := fmt.Sprintf("argument %d (%s, %s)", i, p.typ, p.kind)
		if p.kind != "varargs" && !assert.Greater(t, len(args), i, "%s: %s missing", where, what) {
			return
		}
		switch p.kind {
		case "varargs":
			got := []any{}
			if len(args) > i {
				got = []any(args[i:])
			}
			want, err := norm(reflect.TypeFor[[]any](), goJSON(t, p.value))
			require.NoError(t, err)
			assert.JSONEq(t, want, string(goJSON(t, got)), "%s: %s", where, what)
		case "reader":
			r, ok := args.Get(i).(io.Reader)
			if assert.True(t, ok, "%s: %s is %T", where, what, args.Get(i)) && assert.NotNil(t, r, "%s: %s", where, what) {
				got, err := io.ReadAll(r)
				require.NoError(t, err)
				checkBytes(t, where, what, false, p.value.([]byte), got)
			}
		case "bytes":
			got, _ := args.Get(i).([]byte)
			checkBytes(t, where, what, wireHasPresence(t, "Api"+name+"Request", i+1), p.value.([]byte), got)
		case "strs":
			got, _ := args.Get(i).([]string)
			want := p.value.([]string)
			if len(want) > 0 || len(got) > 0 {
				assert.Equal(t, want, got, "%s: %s", where, what)
			}
		case "http_request":
			want := p.value.(httpReqSpec)
			r, ok := args.Get(i).(*http.Request)
			if !assert.True(t, ok && r != nil, "%s: %s is %T", where, what, args.Get(i)) {
				continue
			}
			assert.Equal(t, want.Method, r.Method, "%s: %s method", where, what)
			assert.Equal(t, want.Path, r.URL.Path, "%s: %s path", where, what)
			assert.Equal(t, want.Query, r.URL.RawQuery, "%s: %s query", where, what)
			assert.Equal(t, http.Header(want.Headers), r.Header, "%s: %s headers", where, what)
			body, err := io.ReadAll(r.Body)
			require.NoError(t, err)
			assert.Equal(t, want.Body, body, "%s: %s body", where, what)
		case "json":
			want, err := norm(p.typ, goJSON(t, p.value))
			require.NoError(t, err, "%s: %s: the random value does not survive Go's own JSON", where, what)
			assert.JSONEq(t, want, string(goJSON(t, args.Get(i))), "%s: %s", where, what)
		default:
			assert.Equal(t, p.value, args.Get(i), "%s: %s", where, what)
		}
	}
}

func checkResult(t *testing.T, where, name string, i int, r reflect.Value, got json.RawMessage, respBody []byte) {
	k := kind(r.Type(), false)
	what := fmt.Sprintf("result %d (%s, %s)", i, r.Type(), k)
	switch k {
	case "bytes":
		var b []byte // JSON null or base64
		require.NoError(t, json.Unmarshal(got, &b), "%s: %s: %s", where, what, got)
		resp := "Api" + name + "Response"
		if name == "LoadPluginConfiguration" {
			resp = ""
		}
		checkBytes(t, where, what, resp != "" && wireHasPresence(t, resp, i+1), r.Bytes(), b)
	case "strs":
		var s []string
		require.NoError(t, json.Unmarshal(got, &s), "%s: %s: %s", where, what, got)
		if want := r.Interface().([]string); len(want) > 0 || len(s) > 0 {
			assert.Equal(t, want, s, "%s: %s", where, what)
		}
	case "http_response":
		resp := r.Interface().(*http.Response)
		if resp == nil {
			assert.JSONEq(t, "null", string(got), "%s: %s: Go returned a nil *http.Response, Python must get None", where, what)
			return
		}
		var g struct {
			StatusCode int               `json:"status_code"`
			Headers    map[string]string `json:"headers"`
			Body       []byte            `json:"body"`
		}
		require.NoError(t, json.Unmarshal(got, &g), "%s: %s: %s", where, what, got)
		assert.Equal(t, resp.StatusCode, g.StatusCode, "%s: %s status", where, what)
		wantH := map[string]string{}
		for k, v := range resp.Header {
			wantH[k] = strings.Join(v, ", ")
		}
		if len(wantH) > 0 || len(g.Headers) > 0 {
			assert.Equal(t, wantH, g.Headers, "%s: %s headers", where, what)
		}
		checkBytes(t, where, what+" body", false, respBody, g.Body)
	case "json", "int", "float":
		// ints travel as JSON numbers too: compare as the Go type (exact).
		want, err := norm(r.Type(), goJSON(t, r.Interface()))
		require.NoError(t, err, "%s: %s: the random value does not survive Go's own JSON", where, what)
		back, err := norm(r.Type(), got)
		if assert.NoError(t, err, "%s: %s: Python's value %s", where, what, got) {
			assert.JSONEq(t, want, back, "%s: %s", where, what)
		}
	default: // str bool
		want := goJSON(t, r.Interface())
		assert.JSONEq(t, string(want), string(got), "%s: %s", where, what)
	}
}
