// Package apiserve serves the guest's API calls from a Mattermost plugin.API:
// it decodes Api<Method>Request, calls the method, and encodes
// Api<Method>Response or the error.
//
// Every method of plugin.API is served: zz_generated.go, written by
// cmd/mmpy-gen from the interface, holds one dispatch function per method.
package apiserve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"google.golang.org/protobuf/proto"

	"github.com/mmpy/mmpy/abi"
	pb "github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/host/internal/convert"
)

// handler serves one method: it decodes the request, calls plugin.API and
// encodes the response (generated in zz_generated.go).
type handler func(api plugin.API, req []byte) (proto.Message, *pb.AppError)

func malformed(m string, err error) *pb.AppError {
	return &pb.AppError{Id: "mmpy.api.bad_request", Message: m + ": malformed request: " + err.Error(), StatusCode: 400}
}

func badArg(m, param, goType string, err error) *pb.AppError {
	return &pb.AppError{
		Id:         "mmpy.api.bad_request",
		Message:    fmt.Sprintf("%s: parameter %s is not a valid %s: %v", m, param, goType, err),
		StatusCode: 400,
	}
}

func encodeFailed(m string, err error) *pb.AppError {
	return &pb.AppError{Id: "mmpy.api.encode", Message: m + ": cannot encode the result: " + err.Error(), StatusCode: 500}
}

func appError(e *model.AppError) *pb.AppError { return convert.AppErrorToPB(e) }

func plainError(err error) *pb.AppError { return convert.ErrorToPB(err) }

// fromJSON decodes a JSON-carried value; empty input leaves v at its zero
// value (a nil pointer, slice or map).
func fromJSON(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}

func toJSON(v any) ([]byte, error) { return json.Marshal(v) }

// maxHTTPBody caps the body PluginHTTP reads into memory (the guest gets
// the whole response in one message).
const maxHTTPBody = 64 << 20

func httpRequestFromPB(in *pb.HttpRequest) (*http.Request, error) {
	if in == nil {
		return nil, fmt.Errorf("request is required")
	}
	target := in.Url
	if target == "" {
		target = in.Path
		if in.Query != "" {
			target += "?" + in.Query
		}
	}
	method := in.Method
	if method == "" {
		method = http.MethodGet
	}
	r, err := http.NewRequest(method, target, bytes.NewReader(in.Body))
	if err != nil {
		return nil, err
	}
	for _, h := range in.Headers {
		for _, v := range h.Values {
			r.Header.Add(h.Name, v)
		}
	}
	return r, nil
}

func httpResponseToPB(r *http.Response) (*pb.HttpResponse, error) {
	if r == nil {
		return nil, nil
	}
	out := &pb.HttpResponse{StatusCode: int32(r.StatusCode)}
	for _, k := range sortedKeys(r.Header) {
		out.Headers = append(out.Headers, &pb.HttpHeader{Name: k, Values: r.Header[k]})
	}
	if r.Body != nil {
		defer r.Body.Close()
		b, err := io.ReadAll(io.LimitReader(r.Body, maxHTTPBody+1))
		if err != nil {
			return nil, err
		}
		if len(b) > maxHTTPBody {
			return nil, fmt.Errorf("response body larger than %d MiB", maxHTTPBody>>20)
		}
		out.Body = b
	}
	return out, nil
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Methods lists the API methods this host serves, sorted.
func Methods() []string {
	out := make([]string, 0, len(generated))
	for k := range generated {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Dispatch runs one API method. api may be nil (no API attached yet). It
// asks api for the server's version on every call; a plugin's host keeps an
// API (Wrap) instead, which asks once.
func Dispatch(api plugin.API, name string, req []byte) ([]byte, *pb.AppError) {
	return Wrap(api).Dispatch(name, req)
}

// API is a plugin.API with what Dispatch learns about it once: the server's
// version and, per method, whether the server is too old for it. One per
// plugin instance (the host makes it when the API is attached), so nothing
// outlives the plugin.
type API struct {
	api plugin.API

	versionOnce sync.Once
	server      string
	numeric     bool
	unavailable sync.Map // method name -> *pb.AppError (nil: available)
}

// Wrap returns api with Dispatch's per-API state. api may be nil.
func Wrap(api plugin.API) *API { return &API{api: api} }

// Dispatch runs one API method.
func (a *API) Dispatch(name string, req []byte) ([]byte, *pb.AppError) {
	m, ok := generated[name]
	if !ok {
		msg := fmt.Sprintf("%s is not a method of Mattermost's plugin API (%s %s): update the plugin's SDK or the host", name, abi.Interface().Module, abi.Interface().Version)
		return nil, &pb.AppError{Id: "mmpy.api.unavailable", Message: msg, StatusCode: 503}
	}
	if a.api == nil {
		return nil, &pb.AppError{
			Id:         "mmpy.api.not_ready",
			Message:    fmt.Sprintf("API method %s called before the server attached the plugin API (call it from OnActivate or later, not at import time)", name),
			StatusCode: 503,
		}
	}
	if appErr := a.checkServerVersion(name); appErr != nil {
		return nil, appErr
	}
	resp, appErr := call(m, a.api, name, req)
	if appErr != nil {
		return nil, appErr
	}
	b, err := proto.Marshal(resp)
	if err != nil {
		return nil, &pb.AppError{Id: "mmpy.api.encode", Message: name + ": " + err.Error(), StatusCode: 500}
	}
	return b, nil
}

// call runs one handler; a panic in the API implementation becomes a 500
// naming the method instead of taking the host down.
func call(m handler, api plugin.API, name string, req []byte) (resp proto.Message, appErr *pb.AppError) {
	defer func() {
		if r := recover(); r != nil {
			resp, appErr = nil, &pb.AppError{Id: "mmpy.api.panic", Message: fmt.Sprintf("%s: the server's API implementation panicked: %v", name, r), StatusCode: 500}
		}
	}()
	return m(api, req)
}

// checkServerVersion refuses a method the running server is too old to have
// (its "Minimum server version" in plugin.API), naming the method, the
// version that added it and the server's version, instead of letting the RPC
// layer fail with zero values. The server's version is asked once, the
// verdict kept per method.
func (a *API) checkServerVersion(name string) *pb.AppError {
	if name == "GetServerVersion" {
		return nil
	}
	if v, ok := a.unavailable.Load(name); ok {
		appErr, _ := v.(*pb.AppError)
		return cloneAppError(appErr)
	}
	a.versionOnce.Do(func() {
		a.server = a.api.GetServerVersion()
		a.numeric = numericVersion.MatchString(a.server)
	})
	var appErr *pb.AppError
	if d, ok := abi.APIMethod(name); ok && a.numeric && versionLess(a.server, d.MinServerVersion) {
		appErr = &pb.AppError{
			Id: "mmpy.api.unavailable",
			Message: fmt.Sprintf("API method %s needs Mattermost server %s or newer; this server is %s: upgrade the server or avoid the call",
				name, d.MinServerVersion, a.server),
			StatusCode: 503,
		}
	} // else: available, or an unknown version format: let the server decide
	a.unavailable.Store(name, appErr)
	return cloneAppError(appErr)
}

// cloneAppError copies a cached error: the caller owns what it gets.
func cloneAppError(e *pb.AppError) *pb.AppError {
	if e == nil {
		return nil
	}
	return proto.CloneOf(e)
}

var numericVersion = regexp.MustCompile(`^\d+\.\d+`)

// versionLess compares dotted numeric versions ("9.5.0" < "10.1").
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(strings.TrimFunc(pa[i], func(r rune) bool { return r < '0' || r > '9' }))
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(strings.TrimFunc(pb[i], func(r rune) bool { return r < '0' || r > '9' }))
		}
		if x != y {
			return x < y
		}
	}
	return false
}
