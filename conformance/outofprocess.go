package conformance

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/shared/mlog"

	"github.com/mmpy/mmpy/internal/layout"
	"github.com/mmpy/mmpy/internal/manifest"
)

// OutOfProcess is a guest behind a plugin executable (a host such as
// cmd/mmpy-shim) that speaks Mattermost's plugin RPC, started and driven by
// Mattermost's own server side of that RPC (plugin.Environment): the
// runner is the Mattermost server and ref is the plugin.API it serves.
type OutOfProcess struct {
	name  string
	env   *plugin.Environment
	hooks plugin.Hooks
	dir   string
	log   *logBuf
	mlog  *mlog.Logger
}

// StartHost lays out a plugin directory as a bundle would (plugin.json with
// server.executables, the guest's files, mmpy/runtime, the host binary in
// server/dist/) and activates it through plugin.Environment. g.Path ""
// is the conformance plugin; otherwise a plugin folder.
func StartHost(ctx context.Context, binary string, g Guest, ref *Reference) (*OutOfProcess, error) {
	if st, err := os.Stat(binary); err != nil || st.IsDir() {
		return nil, fmt.Errorf("--host %s: not an executable file (e.g. build/runtime/shim/%s, made by `make runtime`)", binary, layout.ShimName(runtime.GOOS+"-"+runtime.GOARCH))
	}
	dir, err := os.MkdirTemp("", "mmpy-conformance-host-*")
	if err != nil {
		return nil, err
	}
	t := &OutOfProcess{name: "host:" + filepath.Base(binary), dir: dir}
	id, err := layoutHostPlugin(filepath.Join(dir, "plugins"), binary, g)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	logger, err := mlog.NewLogger()
	if err == nil {
		// The server's log, where the host's stderr (hclog JSON) ends up.
		t.log = &logBuf{}
		err = mlog.AddWriterTarget(logger, t.log, true, mlog.StdAll...)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	t.mlog = logger
	t.env, err = plugin.NewEnvironment(func(*model.Manifest) plugin.API { return ref }, nil,
		filepath.Join(dir, "plugins"), filepath.Join(dir, "webapp"), logger, nil)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if _, ok, err := t.env.Activate(id); err != nil || !ok {
		t.env.Shutdown()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("activating %s behind %s: %v (activated %v)", id, binary, err, ok)
	}
	if t.hooks, err = t.env.HooksForPlugin(id); err != nil {
		t.env.Shutdown()
		os.RemoveAll(dir)
		return nil, err
	}
	// An mmpy shim logs its engine when the guest is loaded.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		log, _ := t.Log()
		if m := engineLogged.FindStringSubmatch(log); m != nil {
			t.name += "/" + m[1]
			break
		}
	}
	return t, nil
}

var engineLogged = regexp.MustCompile(`python plugin loaded engine=(\w+)`)

// layoutHostPlugin writes plugins/<id>/ and returns the plugin id.
func layoutHostPlugin(plugins, binary string, g Guest) (string, error) {
	src := g.Path
	if src == "" {
		src = filepath.Join(plugins, ".src")
		if err := WritePlugin(src); err != nil {
			return "", err
		}
	}
	m, err := manifest.Load(src)
	if err != nil {
		return "", err
	}
	root := filepath.Join(plugins, m.ID)
	if err := os.CopyFS(root, os.DirFS(src)); err != nil {
		return "", fmt.Errorf("copying the guest %s: %w", src, err)
	}
	raw := m.Raw
	server, _ := raw["server"].(map[string]any)
	if server == nil {
		server = map[string]any{}
	}
	platform := runtime.GOOS + "-" + runtime.GOARCH
	exe := filepath.ToSlash(filepath.Join(layout.BundleShimDir, layout.ShimName(platform)))
	server["executables"] = map[string]any{platform: exe}
	raw["server"] = server
	mj, err := json.MarshalIndent(raw, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(root, "plugin.json"), mj, 0o644); err != nil {
		return "", err
	}
	if err := copyFile(binary, filepath.Join(root, filepath.FromSlash(exe)), 0o755); err != nil {
		return "", err
	}
	if g.RuntimeDir != "" {
		rt, err := filepath.Abs(g.RuntimeDir)
		if err != nil {
			return "", err
		}
		link := filepath.Join(root, filepath.FromSlash(layout.BundleRuntime))
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			return "", err
		}
		if err := os.Symlink(rt, link); err != nil {
			return "", err
		}
	}
	return m.ID, nil
}

func copyFile(src, dst string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Name is "host:<binary name>".
func (t *OutOfProcess) Name() string { return t.name }

// Call calls the hook over Mattermost's plugin RPC.
func (t *OutOfProcess) Call(_ context.Context, hook string, args []reflect.Value) []reflect.Value {
	return reflect.ValueOf(t.hooks).MethodByName(hook).Call(args)
}

// Log is the server's log, with the host's lines.
func (t *OutOfProcess) Log() (string, bool) {
	_ = t.mlog.Flush()
	return t.log.String(), true
}

// Close deactivates the plugin (OnDeactivate), ends the process and
// removes the plugin directory.
func (t *OutOfProcess) Close() error {
	t.env.Shutdown()
	_ = t.mlog.Shutdown()
	return os.RemoveAll(t.dir)
}

// Supports: Mattermost's plugin RPC carries arguments and results with
// encoding/gob, which cannot encode some Go values (a nil element in a
// slice of pointers, ...) — and a value it cannot encode breaks the
// connection for good. Such scenarios are skipped, with gob's reason.
func (t *OutOfProcess) Supports(s Named) string {
	switch {
	case s.Method == "LoadPluginConfiguration" && s.Answer != nil && s.Answer.Error != nil:
		return "Mattermost's plugin RPC logs LoadPluginConfiguration's error and does not return it to the plugin"
	case s.Method == "UploadData" && s.Answer != nil && s.Answer.Error != nil:
		return "Mattermost's plugin RPC cannot gob-encode UploadData's error (it skips encodableError) and loses the connection"
	case strings.HasPrefix(s.Method, "LogAuditRec") && len(s.Args) > 0 && string(s.Args[0]) == "null":
		return "Mattermost's plugin RPC client dereferences a nil *model.AuditRecord (panics in the plugin)"
	case s.Method == "PluginHTTP" && s.Answer != nil && s.Answer.Error == nil && len(s.Answer.Results) == 1 && string(s.Answer.Results[0]) == "null":
		return "Mattermost's plugin RPC never closes the response stream of a nil *http.Response (the plugin hangs)"
	}
	var values []reflect.Value
	var err error
	if s.Method != "" {
		values, err = callValues(s.Scenario)
	} else {
		values, err = hookValues(s.Scenario)
	}
	if err != nil {
		return "" // the runner reports the golden value's problem
	}
	for _, v := range values {
		st := reflect.StructOf([]reflect.StructField{{Name: "A", Type: v.Type()}})
		w := reflect.New(st)
		w.Elem().Field(0).Set(v)
		if err := gob.NewEncoder(io.Discard).Encode(w.Interface()); err != nil {
			return fmt.Sprintf("Mattermost's plugin RPC (gob) cannot carry this %s: %v", v.Type(), err)
		}
	}
	return ""
}

// callValues are a call scenario's Go arguments and results.
func callValues(s Scenario) ([]reflect.Value, error) {
	mv, ok := apiType.MethodByName(s.Method)
	if !ok || s.Method == "LoadPluginConfiguration" {
		return nil, nil
	}
	mt := mv.Type
	var out []reflect.Value
	for i := range mt.NumIn() {
		t := mt.In(i)
		if k := kind(t, mt.IsVariadic() && i == mt.NumIn()-1); k != "json" && k != "strs" || i >= len(s.Args) {
			continue
		}
		p := reflect.New(t)
		if err := json.Unmarshal(s.Args[i], p.Interface()); err != nil {
			return nil, err
		}
		out = append(out, p.Elem())
	}
	if s.Answer != nil && s.Answer.Error == nil {
		rets, _, err := answerValues(s.Method, mt, s.Answer)
		if err != nil {
			return nil, err
		}
		for i, r := range rets {
			if t := mt.Out(i); r != nil && kind(t, false) == "json" {
				out = append(out, reflect.ValueOf(r))
			}
		}
	}
	return out, nil
}

// hookValues are a hook scenario's Go arguments and results (model values).
func hookValues(s Scenario) ([]reflect.Value, error) {
	mv, ok := hooksType.MethodByName(s.Hook)
	if !ok {
		return nil, nil
	}
	mt := mv.Type
	var out []reflect.Value
	for i := range mt.NumIn() {
		t := mt.In(i)
		if kind(t, false) != "json" || t == respWType || t == writerType || t == httpReqType || t == readerType || i >= len(s.Args) {
			continue
		}
		p := reflect.New(t)
		if err := json.Unmarshal(s.Args[i], p.Interface()); err != nil {
			return nil, err
		}
		out = append(out, p.Elem())
	}
	j := 0
	for i := range mt.NumOut() {
		t := mt.Out(i)
		if t == errorType || t == appErrorType {
			continue
		}
		if j < len(s.Want.Results) && kind(t, false) == "json" {
			p := reflect.New(t)
			if err := json.Unmarshal(s.Want.Results[j], p.Interface()); err != nil {
				return nil, err
			}
			out = append(out, p.Elem())
		}
		j++
	}
	return out, nil
}

// Adapt is s with the expectations as Mattermost's plugin RPC delivers
// them: every model value makes one encoding/gob round trip (which drops
// zero values behind pointers and turns empty slices and maps into nil),
// and an error that is not an *model.AppError reaches the plugin as its
// message only.
func (t *OutOfProcess) Adapt(s Scenario) Scenario {
	if s.Method != "" {
		mv, ok := apiType.MethodByName(s.Method)
		if !ok || s.Method == "LoadPluginConfiguration" {
			return s
		}
		mt := mv.Type
		args := make([]json.RawMessage, len(s.Args))
		copy(args, s.Args)
		for i := range min(mt.NumIn(), len(args)) {
			switch kind(mt.In(i), mt.IsVariadic() && i == mt.NumIn()-1) {
			case "json", "bytes":
				args[i] = gobRoundTrip(mt.In(i), args[i])
			case "varargs":
				if strings.HasPrefix(s.Method, "Log") {
					args[i] = stringified(args[i])
				}
			}
		}
		// The guest sends the golden arguments; the reference API receives
		// them after the round trip. runCall compares against s.Args, so
		// keep the originals for the instruction.
		s.Received = args
		if s.Want.Results != nil {
			res := make([]json.RawMessage, len(s.Want.Results))
			for i, r := range s.Want.Results {
				res[i] = r
				if k := kind(mt.Out(i), false); k == "json" || k == "bytes" {
					res[i] = gobRoundTrip(mt.Out(i), r)
				}
			}
			s.Want.Results = res
		}
		if a := s.Answer; a != nil && a.Nested != nil {
			cp := *a
			n := t.Adapt(*a.Nested)
			cp.Nested = &n
			s.Answer = &cp
		}
		if e := s.Answer; e != nil && e.Error != nil && mt.Out(mt.NumOut()-1) == errorType {
			msg := fmt.Sprint(answerError(e.Error, false))
			s.Want.Error = &GuestError{Class: "PluginAPIError", Message: msg, Method: s.Method}
		}
		return s
	}
	mv, ok := hooksType.MethodByName(s.Hook)
	if !ok {
		return s
	}
	if s.Hook == "OnActivate" {
		s.Before = []string{"OnConfigurationChange"}
	}
	mt := mv.Type
	if s.Want.Received != nil {
		rec := make([]json.RawMessage, 0, len(s.Want.Received))
		k := 0
		for i := range mt.NumIn() {
			in := mt.In(i)
			if in == respWType || in == writerType {
				continue
			}
			if k < len(s.Want.Received) {
				r := s.Want.Received[k]
				if kind(in, false) == "json" && in != httpReqType && in != readerType {
					r = gobRoundTrip(in, r)
				}
				rec = append(rec, r)
			}
			k++
		}
		s.Want.Received = rec
	}
	j := 0
	res := make([]json.RawMessage, len(s.Want.Results))
	copy(res, s.Want.Results)
	for i := range mt.NumOut() {
		o := mt.Out(i)
		if o == errorType || o == appErrorType {
			continue
		}
		if j < len(res) && kind(o, false) == "json" {
			if a, ok := seededReturns[s.Hook]; ok && j == 0 && a < len(s.Args) {
				res[j] = gobOnto(o, s.Args[a], res[j])
			} else {
				res[j] = gobRoundTrip(o, res[j])
			}
		}
		j++
	}
	if s.Want.Results != nil {
		s.Want.Results = res
	}
	return s
}

// stringified is the log key/value pairs as Mattermost's plugin RPC sends
// them: each fmt.Sprintf("%+v", value) of the Go value the host decoded.
func stringified(raw json.RawMessage) json.RawMessage {
	var vs []any
	if err := json.Unmarshal(raw, &vs); err != nil {
		return raw
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf("%+v", v)
	}
	return mustMarshal(out)
}

// seededReturns are the hooks whose RPC client decodes the plugin's first
// result into the argument it sent (index): zero fields of the result keep
// the argument's values, and a nil result is the argument.
var seededReturns = map[string]int{"FileWillBeUploaded": 1, "MessageWillBePosted": 1, "ChannelMemberWillBeAdded": 1, "TeamMemberWillBeAdded": 1}

// gobOnto is result gob-decoded onto base (both Go JSON of a t).
func gobOnto(t reflect.Type, base, result json.RawMessage) json.RawMessage {
	st := reflect.StructOf([]reflect.StructField{{Name: "A", Type: t}})
	dst, src := reflect.New(st), reflect.New(st)
	if json.Unmarshal(base, dst.Elem().Field(0).Addr().Interface()) != nil ||
		json.Unmarshal(result, src.Elem().Field(0).Addr().Interface()) != nil {
		return result
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(src.Interface()) != nil || gob.NewDecoder(&buf).Decode(dst.Interface()) != nil {
		return result
	}
	b, err := json.Marshal(dst.Elem().Field(0).Interface())
	if err != nil {
		return result
	}
	return b
}

// gobRoundTrip is raw (Go JSON of a t) after one encoding/gob round trip,
// as Mattermost's plugin RPC carries it; raw itself when gob refuses.
func gobRoundTrip(t reflect.Type, raw json.RawMessage) json.RawMessage {
	st := reflect.StructOf([]reflect.StructField{{Name: "A", Type: t}})
	in := reflect.New(st)
	if err := json.Unmarshal(raw, in.Elem().Field(0).Addr().Interface()); err != nil {
		return raw
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in.Interface()); err != nil {
		return raw
	}
	out := reflect.New(st)
	if err := gob.NewDecoder(&buf).Decode(out.Interface()); err != nil {
		return raw
	}
	b, err := json.Marshal(out.Elem().Field(0).Interface())
	if err != nil {
		return raw
	}
	return b
}
