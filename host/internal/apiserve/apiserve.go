// Package apiserve serves the guest's API calls from a Mattermost plugin.API:
// it decodes Api<Method>Request, calls the method, and encodes
// Api<Method>Response or the error.
//
// ABI v1 carries the methods listed in abi/ABI.md §8; the full plugin.API is
// generated from the interface in a later ABI revision (see docs/ROADMAP.md).
package apiserve

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/mattermost/mattermost/server/public/plugin"
	"google.golang.org/protobuf/proto"

	"github.com/mmpy/mmpy/abi"
	pb "github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/host/internal/convert"
)

type method struct {
	newReq func() proto.Message
	call   func(api plugin.API, req proto.Message) (proto.Message, *pb.AppError)
}

// do builds a method entry with typed request handling.
func do[Req proto.Message](newReq func() Req, call func(plugin.API, Req) (proto.Message, *pb.AppError)) method {
	return method{
		newReq: func() proto.Message { return newReq() },
		call: func(api plugin.API, r proto.Message) (proto.Message, *pb.AppError) {
			return call(api, r.(Req))
		},
	}
}

func logMethod(f func(api plugin.API) func(msg string, kv ...any)) method {
	return do(func() *pb.ApiLogRequest { return &pb.ApiLogRequest{} },
		func(api plugin.API, r *pb.ApiLogRequest) (proto.Message, *pb.AppError) {
			kv := make([]any, 0, 2*len(r.KeyValuePairs))
			for _, p := range r.KeyValuePairs {
				kv = append(kv, p.Key, p.Value)
			}
			f(api)(r.Msg, kv...)
			return &pb.ApiLogResponse{}, nil
		})
}

var methods = map[string]method{
	"GetServerVersion": do(func() *pb.ApiGetServerVersionRequest { return &pb.ApiGetServerVersionRequest{} },
		func(api plugin.API, _ *pb.ApiGetServerVersionRequest) (proto.Message, *pb.AppError) {
			return &pb.ApiGetServerVersionResponse{Version: api.GetServerVersion()}, nil
		}),
	"GetUser": do(func() *pb.ApiGetUserRequest { return &pb.ApiGetUserRequest{} },
		func(api plugin.API, r *pb.ApiGetUserRequest) (proto.Message, *pb.AppError) {
			u, err := api.GetUser(r.UserId)
			if err != nil {
				return nil, convert.AppErrorToPB(err)
			}
			return &pb.ApiGetUserResponse{User: convert.UserToPB(u)}, nil
		}),
	"CreatePost": do(func() *pb.ApiCreatePostRequest { return &pb.ApiCreatePostRequest{} },
		func(api plugin.API, r *pb.ApiCreatePostRequest) (proto.Message, *pb.AppError) {
			post, cerr := convert.PostFromPB(r.Post, nil)
			if cerr != nil {
				return nil, badRequest("CreatePost", cerr)
			}
			if post == nil {
				return nil, badRequest("CreatePost", fmt.Errorf("post is required"))
			}
			p, err := api.CreatePost(post)
			if err != nil {
				return nil, convert.AppErrorToPB(err)
			}
			return &pb.ApiCreatePostResponse{Post: convert.PostToPB(p)}, nil
		}),
	"KVGet": do(func() *pb.ApiKVGetRequest { return &pb.ApiKVGetRequest{} },
		func(api plugin.API, r *pb.ApiKVGetRequest) (proto.Message, *pb.AppError) {
			v, err := api.KVGet(r.Key)
			if err != nil {
				return nil, convert.AppErrorToPB(err)
			}
			resp := &pb.ApiKVGetResponse{}
			if v != nil {
				resp.Value = v
			}
			return resp, nil
		}),
	"KVSet": do(func() *pb.ApiKVSetRequest { return &pb.ApiKVSetRequest{} },
		func(api plugin.API, r *pb.ApiKVSetRequest) (proto.Message, *pb.AppError) {
			v := r.Value
			if v == nil {
				v = []byte{}
			}
			if err := api.KVSet(r.Key, v); err != nil {
				return nil, convert.AppErrorToPB(err)
			}
			return &pb.ApiKVSetResponse{}, nil
		}),
	"KVDelete": do(func() *pb.ApiKVDeleteRequest { return &pb.ApiKVDeleteRequest{} },
		func(api plugin.API, r *pb.ApiKVDeleteRequest) (proto.Message, *pb.AppError) {
			if err := api.KVDelete(r.Key); err != nil {
				return nil, convert.AppErrorToPB(err)
			}
			return &pb.ApiKVDeleteResponse{}, nil
		}),
	"KVList": do(func() *pb.ApiKVListRequest { return &pb.ApiKVListRequest{} },
		func(api plugin.API, r *pb.ApiKVListRequest) (proto.Message, *pb.AppError) {
			keys, err := api.KVList(int(r.Page), int(r.PerPage))
			if err != nil {
				return nil, convert.AppErrorToPB(err)
			}
			return &pb.ApiKVListResponse{Keys: keys}, nil
		}),
	"GetPluginConfig": do(func() *pb.ApiGetPluginConfigRequest { return &pb.ApiGetPluginConfigRequest{} },
		func(api plugin.API, _ *pb.ApiGetPluginConfigRequest) (proto.Message, *pb.AppError) {
			cfg := api.GetPluginConfig()
			b, err := json.Marshal(cfg)
			if err != nil {
				return nil, &pb.AppError{Id: "mmpy.api.encode", Message: "GetPluginConfig: " + err.Error(), StatusCode: 500}
			}
			return &pb.ApiGetPluginConfigResponse{ConfigJson: b}, nil
		}),
	"RegisterCommand": do(func() *pb.ApiRegisterCommandRequest { return &pb.ApiRegisterCommandRequest{} },
		func(api plugin.API, r *pb.ApiRegisterCommandRequest) (proto.Message, *pb.AppError) {
			if r.Command == nil {
				return nil, badRequest("RegisterCommand", fmt.Errorf("command is required"))
			}
			if err := api.RegisterCommand(convert.CommandFromPB(r.Command)); err != nil {
				return nil, convert.ErrorToPB(err)
			}
			return &pb.ApiRegisterCommandResponse{}, nil
		}),
	"LogDebug": logMethod(func(api plugin.API) func(string, ...any) { return api.LogDebug }),
	"LogInfo":  logMethod(func(api plugin.API) func(string, ...any) { return api.LogInfo }),
	"LogWarn":  logMethod(func(api plugin.API) func(string, ...any) { return api.LogWarn }),
	"LogError": logMethod(func(api plugin.API) func(string, ...any) { return api.LogError }),
}

func badRequest(m string, err error) *pb.AppError {
	return &pb.AppError{Id: "mmpy.api.bad_request", Message: m + ": " + err.Error(), StatusCode: 400}
}

// Methods lists the API methods this host serves, sorted.
func Methods() []string {
	out := make([]string, 0, len(methods))
	for k := range methods {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Dispatch runs one API method. api may be nil (no API attached yet).
func Dispatch(api plugin.API, name string, req []byte) ([]byte, *pb.AppError) {
	m, ok := methods[name]
	if !ok {
		msg := fmt.Sprintf("%s is not a method of Mattermost's plugin API (%s %s)", name, abi.Interface().Module, abi.Interface().Version)
		if d, known := abi.APIMethod(name); known {
			msg = fmt.Sprintf("API method %s (plugin API since server %s) is not served by this mmpy host yet (ABI v1 serves %d of %d methods: %v)",
				name, d.MinServerVersion, len(methods), len(abi.Interface().API), Methods())
		}
		return nil, &pb.AppError{Id: "mmpy.api.unavailable", Message: msg, StatusCode: 503}
	}
	if api == nil {
		return nil, &pb.AppError{
			Id:         "mmpy.api.not_ready",
			Message:    fmt.Sprintf("API method %s called before the server attached the plugin API (call it from OnActivate or later, not at import time)", name),
			StatusCode: 503,
		}
	}
	if appErr := checkServerVersion(api, name); appErr != nil {
		return nil, appErr
	}
	r := m.newReq()
	if err := proto.Unmarshal(req, r); err != nil {
		return nil, badRequest(name, fmt.Errorf("malformed request: %w", err))
	}
	resp, appErr := m.call(api, r)
	if appErr != nil {
		return nil, appErr
	}
	b, err := proto.Marshal(resp)
	if err != nil {
		return nil, &pb.AppError{Id: "mmpy.api.encode", Message: name + ": " + err.Error(), StatusCode: 500}
	}
	return b, nil
}

// serverVersions caches each API's GetServerVersion (one per plugin API).
var serverVersions sync.Map // plugin.API -> string

// checkServerVersion refuses a method the running server is too old to have
// (its "Minimum server version" in plugin.API), naming the method, the
// version that added it and the server's version, instead of letting the RPC
// layer fail with zero values.
func checkServerVersion(api plugin.API, name string) *pb.AppError {
	d, ok := abi.APIMethod(name)
	if !ok || name == "GetServerVersion" {
		return nil
	}
	var v any
	if reflect.TypeOf(api).Comparable() {
		var ok bool
		if v, ok = serverVersions.Load(api); !ok {
			v = api.GetServerVersion()
			serverVersions.Store(api, v)
		}
	} else {
		v = api.GetServerVersion() // cannot be a map key: ask every time
	}
	server, _ := v.(string)
	if !numericVersion.MatchString(server) || !versionLess(server, d.MinServerVersion) {
		return nil // unknown version format: let the server decide
	}
	return &pb.AppError{
		Id: "mmpy.api.unavailable",
		Message: fmt.Sprintf("API method %s needs Mattermost server %s or newer; this server is %s: upgrade the server or avoid the call",
			name, d.MinServerVersion, server),
		StatusCode: 503,
	}
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
