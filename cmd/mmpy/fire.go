package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"

	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/mmpy/mmpy/abi"
	"github.com/mmpy/mmpy/host"
)

// fireHook calls hook NAME (or NAME=JSON, the JSON array of the hook's Go
// arguments after its *plugin.Context) on p and prints its results as JSON.
func fireHook(ctx context.Context, p *host.Plugin, spec string, say func(string, ...any)) error {
	name, raw, _ := strings.Cut(spec, "=")
	if _, ok := abi.Hook(name); !ok {
		return fmt.Errorf("--hook %s: not a hook of plugin.Hooks (see docs/reference/hooks.md)", name)
	}
	if name == "ServeHTTP" || name == "ServeMetrics" {
		return fmt.Errorf("--hook %s: use --http \"METHOD /path [body]\"", name)
	}
	m, _ := reflect.TypeFor[plugin.Hooks]().MethodByName(name)
	var given []json.RawMessage
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &given); err != nil {
			return fmt.Errorf("--hook %s: the arguments must be a JSON array: %w", name, err)
		}
	}
	ctxType := reflect.TypeFor[*plugin.Context]()
	args := []reflect.Value{reflect.ValueOf(ctx)}
	k := 0
	for i := 0; i < m.Type.NumIn(); i++ {
		in := m.Type.In(i)
		if in == ctxType {
			args = append(args, reflect.ValueOf(&plugin.Context{RequestId: "mmpy-run", UserAgent: "mmpy run"}))
			continue
		}
		v := reflect.New(in)
		if k < len(given) {
			if err := json.Unmarshal(given[k], v.Interface()); err != nil {
				return fmt.Errorf("--hook %s: argument %d is not a valid %s: %w", name, k+1, in, err)
			}
		} else if in.Kind() == reflect.Interface {
			return fmt.Errorf("--hook %s: argument %d (%s) cannot be given on the command line", name, k+1, in)
		}
		args = append(args, v.Elem())
		k++
	}
	if k < len(given) {
		return fmt.Errorf("--hook %s: %d arguments given, the hook takes %d (after the context)", name, len(given), k)
	}
	out := reflect.ValueOf(p).MethodByName(name).Call(args)
	results := make([]any, len(out))
	for i, o := range out {
		results[i] = o.Interface()
	}
	b, err := json.Marshal(results)
	if err != nil {
		return fmt.Errorf("--hook %s: results: %w", name, err)
	}
	say("hook %s: %s", name, b)
	return nil
}

// fireHTTP sends "METHOD /path [body]" to the plugin's ServeHTTP.
func fireHTTP(ctx context.Context, p *host.Plugin, spec string, say func(string, ...any)) error {
	parts := strings.SplitN(spec, " ", 3)
	if len(parts) < 2 || !strings.HasPrefix(parts[1], "/") {
		return fmt.Errorf("--http %q: use \"METHOD /path [body]\", e.g. \"GET /api/hello\"", spec)
	}
	body := ""
	if len(parts) == 3 {
		body = parts[2]
	}
	r := httptest.NewRequest(strings.ToUpper(parts[0]), parts[1], strings.NewReader(body))
	r.Header.Set("Mattermost-User-Id", "user1")
	w := httptest.NewRecorder()
	p.ServeHTTP(ctx, &plugin.Context{RequestId: "mmpy-run"}, w, r)
	say("http %s %s: %d %s %q", parts[0], parts[1], w.Code, http.StatusText(w.Code), w.Body.String())
	return nil
}
