package host_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/abi"
	"github.com/mmpy/mmpy/internal/fakeapi"
	"github.com/mmpy/mmpy/internal/randfill"
)

func hookFiller(seed uint64) *randfill.Filler {
	f := randfill.New(seed)
	f.Fixups = map[reflect.Type]func(*randfill.Filler, reflect.Value){
		reflect.TypeFor[model.GroupSyncable](): func(f *randfill.Filler, v reflect.Value) {
			v.FieldByName("Type").SetString(string(model.GroupSyncableTypeTeam))
		},
	}
	return f
}

// asGo re-encodes b through Go type t (so custom JSON shapes compare equal).
func asGo(t *testing.T, typ reflect.Type, b []byte) string {
	t.Helper()
	p := reflect.New(typ)
	require.NoError(t, json.Unmarshal(b, p.Interface()), "not a valid %s: %s", typ, b)
	out, err := json.Marshal(p.Elem().Interface())
	require.NoError(t, err)
	return string(out)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

var (
	hkErrorType    = reflect.TypeFor[error]()
	hkAppErrorType = reflect.TypeFor[*model.AppError]()
	hkWriterType   = reflect.TypeFor[io.Writer]()
	hkReaderType   = reflect.TypeFor[io.Reader]()
	hkRespWType    = reflect.TypeFor[http.ResponseWriter]()
	hkRequestType  = reflect.TypeFor[*http.Request]()
)

// TestEveryHookThroughTheABI sends every hook of plugin.Hooks to a Python
// plugin with a handler for each (testdata/allhooks) with random arguments;
// the handler records what it received (checked here against what was sent,
// re-encoded through the Go types) and returns canned results (checked here
// against what the Go method returns). 51 of 51.
func TestEveryHookThroughTheABI(t *testing.T) {
	forEachEngine(t, everyHook)
}

func everyHook(t *testing.T, eng string) {
	api := fakeapi.New()
	p, logs := startOn(t, eng, filepath.Join(repoRoot(), "host", "testdata", "allhooks"), api)
	ctx := context.Background()
	hooksT := reflect.TypeFor[plugin.Hooks]()
	pv := reflect.ValueOf(p)
	f := hookFiller(51)
	checked := 0
	for _, h := range abi.Interface().Hooks {
		t.Run(h.Name, func(t *testing.T) {
			recordScenario(t, "hooks", h.Name, eng)
			m, ok := hooksT.MethodByName(h.Name)
			require.True(t, ok)
			mt := m.Type
			args := []reflect.Value{reflect.ValueOf(ctx)}
			var sent []reflect.Value // what the handler should see, in order
			var rec *httptest.ResponseRecorder
			var output *bytes.Buffer
			var body []byte
			for i := 0; i < mt.NumIn(); i++ {
				in := mt.In(i)
				switch in {
				case hkRespWType:
					rec = httptest.NewRecorder()
					args = append(args, reflect.ValueOf(rec))
				case hkRequestType:
					body = []byte(`{"n":1}`)
					r := httptest.NewRequest(http.MethodPost, "/api/x?a=1&a=2", bytes.NewReader(body))
					r.Header.Set("Mattermost-User-Id", "u1")
					args = append(args, reflect.ValueOf(r))
				case hkReaderType:
					body = []byte("file content \x00\xff")
					args = append(args, reflect.ValueOf(bytes.NewReader(body)))
				case hkWriterType:
					output = &bytes.Buffer{}
					args = append(args, reflect.ValueOf(output))
				default:
					v := f.Value(in)
					args = append(args, v)
					sent = append(sent, v)
				}
			}
			var want []reflect.Value
			for i := 0; i < mt.NumOut(); i++ {
				if out := mt.Out(i); out != hkErrorType && out != hkAppErrorType {
					want = append(want, f.Value(out))
				}
			}
			canned := map[string]any{}
			results := make([]any, len(want))
			for i, w := range want {
				results[i] = json.RawMessage(mustJSON(t, w.Interface()))
			}
			canned["results"] = results
			switch {
			case rec != nil:
				canned = map[string]any{"status_code": 201, "headers": map[string]string{"X-Test": h.Name}, "body": "answer of " + h.Name}
			case output != nil:
				canned["replacement"] = base64.StdEncoding.EncodeToString([]byte("replaced"))
			}
			require.Nil(t, api.KVSet("ret:"+h.Name, mustJSON(t, canned)))

			out := pv.MethodByName(h.Name).Call(args)

			// arguments, as the Python handler saw them
			raw, appErr := api.KVGet("args:" + h.Name)
			require.Nil(t, appErr)
			require.NotNil(t, raw, "the handler did not run; log:\n%s", logs)
			var got []json.RawMessage
			require.NoError(t, json.Unmarshal(raw, &got))
			k := 0
			for i := 0; i < mt.NumIn(); i++ {
				in := mt.In(i)
				switch in {
				case hkRespWType, hkWriterType:
					continue
				case hkRequestType:
					var r struct {
						Method, Path, Query, Body string
						UserID                    string `json:"user_id"`
					}
					require.NoError(t, json.Unmarshal(got[k], &r))
					assert.Equal(t, "POST", r.Method)
					assert.Equal(t, "/api/x", r.Path)
					assert.Equal(t, "a=1&a=2", r.Query)
					assert.Equal(t, "u1", r.UserID)
					assert.Equal(t, base64.StdEncoding.EncodeToString(body), r.Body)
				case hkReaderType:
					assert.JSONEq(t, string(mustJSON(t, base64.StdEncoding.EncodeToString(body))), string(got[k]))
				default:
					v := sent[0]
					sent = sent[1:]
					assert.Equal(t, string(mustJSON(t, v.Interface())), asGo(t, in, got[k]), "argument %d (%s)", i, in)
				}
				k++
			}
			require.Len(t, got, k, "the handler got %d arguments", len(got))

			// results, as Go returned them
			j := 0
			for i := 0; i < mt.NumOut(); i++ {
				switch mt.Out(i) {
				case hkErrorType, hkAppErrorType:
					assert.True(t, out[i].IsNil(), "error result: %v", out[i].Interface())
				default:
					assert.Equal(t, string(mustJSON(t, want[j].Interface())), string(mustJSON(t, out[i].Interface())), "result %d", i)
					j++
				}
			}
			if rec != nil {
				assert.Equal(t, 201, rec.Code)
				assert.Equal(t, h.Name, rec.Header().Get("X-Test"))
				assert.Equal(t, "answer of "+h.Name, rec.Body.String())
			}
			if output != nil && out[1].String() == "" {
				assert.Equal(t, "replaced", output.String())
			}
			checked++
		})
	}
	assert.Equal(t, len(abi.Interface().Hooks), checked)
	assert.Equal(t, 51, checked)
}

// TestEveryHookFailure makes every hook's handler raise and checks what the
// Go side answers, by the rule in docs/ARCHITECTURE.md ("Hook failures"):
// hooks returning error give the exception as the error, hooks returning
// *model.AppError a 500, ServeHTTP/ServeMetrics a 500, every other hook its
// zero values (fail-open) — and the traceback is logged with the plugin id.
func TestEveryHookFailure(t *testing.T) {
	api := fakeapi.New()
	p, logs := start(t, filepath.Join(repoRoot(), "host", "testdata", "allhooks"), api)
	ctx := context.Background()
	hooksT := reflect.TypeFor[plugin.Hooks]()
	f := hookFiller(7)
	checked := 0
	for _, h := range abi.Interface().Hooks {
		if h.Name == "OnActivate" || h.Name == "OnDeactivate" {
			continue // lifecycle: covered by TestHookException and the e2e tests
		}
		t.Run(h.Name, func(t *testing.T) {
			require.Nil(t, api.KVSet("raise:"+h.Name, []byte("1")))
			m, _ := hooksT.MethodByName(h.Name)
			mt := m.Type
			args := []reflect.Value{reflect.ValueOf(ctx)}
			var rec *httptest.ResponseRecorder
			for i := 0; i < mt.NumIn(); i++ {
				switch in := mt.In(i); in {
				case hkRespWType:
					rec = httptest.NewRecorder()
					args = append(args, reflect.ValueOf(rec))
				case hkRequestType:
					args = append(args, reflect.ValueOf(httptest.NewRequest(http.MethodGet, "/x", nil)))
				case hkReaderType:
					args = append(args, reflect.ValueOf(bytes.NewReader([]byte("data"))))
				case hkWriterType:
					args = append(args, reflect.ValueOf(&bytes.Buffer{}))
				default:
					args = append(args, f.Value(in))
				}
			}
			out := reflect.ValueOf(p).MethodByName(h.Name).Call(args)
			for i, o := range out {
				switch mt.Out(i) {
				case hkErrorType:
					require.False(t, o.IsNil(), "an error-returning hook must report the exception")
					assert.Contains(t, o.Interface().(error).Error(), "exploded on purpose")
				case hkAppErrorType:
					require.False(t, o.IsNil(), "an AppError-returning hook must answer an error")
					assert.Equal(t, 500, o.Interface().(*model.AppError).StatusCode)
				default:
					assert.True(t, o.IsZero(), "result %d must be the zero value (fail-open), got %v", i, o.Interface())
				}
			}
			if rec != nil {
				assert.Equal(t, http.StatusInternalServerError, rec.Code)
			}
			assert.Contains(t, logs.String(), h.Name+" exploded on purpose", "the exception is logged")
			checked++
		})
	}
	assert.Equal(t, len(abi.Interface().Hooks)-2, checked)
}
