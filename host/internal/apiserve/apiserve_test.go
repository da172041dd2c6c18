package apiserve

import (
	"encoding/json"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/mmpy/mmpy/abi"
	pb "github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

func do(t *testing.T, api *fakeapi.API, method string, req, resp proto.Message) *pb.AppError {
	t.Helper()
	return doWith(t, Wrap(api), method, req, resp)
}

// doWith dispatches through one API wrapper (which remembers the server's
// version), as a plugin's host does.
func doWith(t *testing.T, api *API, method string, req, resp proto.Message) *pb.AppError {
	t.Helper()
	b, err := proto.Marshal(req)
	require.NoError(t, err)
	out, appErr := api.Dispatch(method, b)
	if appErr != nil {
		return appErr
	}
	require.NoError(t, proto.Unmarshal(out, resp))
	return nil
}

func TestMethods(t *testing.T) {
	api := fakeapi.New()
	api.Config["a"] = float64(1)

	var v pb.ApiGetServerVersionResponse
	require.Nil(t, do(t, api, "GetServerVersion", &pb.ApiGetServerVersionRequest{}, &v))
	assert.Equal(t, "11.4.0", v.Result)

	var u pb.ApiGetUserResponse
	require.Nil(t, do(t, api, "GetUser", &pb.ApiGetUserRequest{UserId: "user1"}, &u))
	var user model.User
	require.NoError(t, json.Unmarshal(u.Result, &user))
	assert.Equal(t, "alice", user.Username)
	assert.Equal(t, model.StringMap{"k": "v"}, user.Props)
	e := do(t, api, "GetUser", &pb.ApiGetUserRequest{UserId: "zz"}, &u)
	require.NotNil(t, e)
	assert.Equal(t, int32(404), e.StatusCode)

	var p pb.ApiCreatePostResponse
	require.Nil(t, do(t, api, "CreatePost", &pb.ApiCreatePostRequest{Post: []byte(`{"channel_id":"c","message":"m","props":{"x":1}}`)}, &p))
	var created model.Post
	require.NoError(t, json.Unmarshal(p.Result, &created))
	assert.NotEmpty(t, created.Id)
	assert.Equal(t, float64(1), api.Posts[0].GetProp("x"))
	e = do(t, api, "CreatePost", &pb.ApiCreatePostRequest{Post: []byte(`{"message":5}`)}, &p)
	require.NotNil(t, e)
	assert.Equal(t, int32(400), e.StatusCode)
	assert.Contains(t, e.Message, "CreatePost: parameter post is not a valid *model.Post")

	require.Nil(t, do(t, api, "KVSet", &pb.ApiKVSetRequest{Key: "k", Value: []byte{}}, &pb.ApiKVSetResponse{}))
	var g pb.ApiKVGetResponse
	require.Nil(t, do(t, api, "KVGet", &pb.ApiKVGetRequest{Key: "k"}, &g))
	assert.NotNil(t, g.Result, "an empty value is present, not absent")
	assert.Empty(t, g.Result)
	g = pb.ApiKVGetResponse{}
	require.Nil(t, do(t, api, "KVGet", &pb.ApiKVGetRequest{Key: "absent"}, &g))
	assert.Nil(t, g.Result)
	var l pb.ApiKVListResponse
	require.Nil(t, do(t, api, "KVList", &pb.ApiKVListRequest{Page: 0, PerPage: 10}, &l))
	assert.Equal(t, []string{"k"}, l.Result)
	require.Nil(t, do(t, api, "KVDelete", &pb.ApiKVDeleteRequest{Key: "k"}, &pb.ApiKVDeleteResponse{}))
	assert.Empty(t, api.KV)

	var c pb.ApiGetPluginConfigResponse
	require.Nil(t, do(t, api, "GetPluginConfig", &pb.ApiGetPluginConfigRequest{}, &c))
	assert.JSONEq(t, `{"a":1}`, string(c.Result))

	require.Nil(t, do(t, api, "RegisterCommand", &pb.ApiRegisterCommandRequest{Command: []byte(`{"trigger":"hello"}`)}, &pb.ApiRegisterCommandResponse{}))
	assert.Equal(t, "hello", api.Commands[0].Trigger)
	e = do(t, api, "RegisterCommand", &pb.ApiRegisterCommandRequest{Command: []byte(`{}`)}, &pb.ApiRegisterCommandResponse{})
	require.NotNil(t, e)
	assert.Contains(t, e.Message, "trigger")

	for _, m := range []string{"LogDebug", "LogInfo", "LogWarn", "LogError"} {
		require.Nil(t, do(t, api, m, &pb.ApiLogInfoRequest{Msg: m, KeyValuePairs: []byte(`["a","b"]`)}, &pb.ApiLogInfoResponse{}))
	}
	logs := api.LogLines()
	require.Len(t, logs, 4)
	assert.Equal(t, []any{"a", "b"}, logs[3].KV)
	assert.Equal(t, "Error", logs[3].Level)
}

func TestUnavailableAndNotReady(t *testing.T) {
	_, e := Dispatch(fakeapi.New(), "NoSuchMethod", nil)
	require.NotNil(t, e)
	assert.Contains(t, e.Message, "NoSuchMethod is not a method of Mattermost's plugin API")
	_, e = Dispatch(nil, "GetUser", nil)
	require.NotNil(t, e)
	assert.Equal(t, "mmpy.api.not_ready", e.Id)
	_, e = Dispatch(fakeapi.New(), "GetUser", []byte{0xff, 0xff})
	require.NotNil(t, e)
	assert.Equal(t, int32(400), e.StatusCode)
	// a method the fake does not implement panics (nil embedded plugin.API):
	// the host answers 500 naming the method and keeps running
	_, e = Dispatch(fakeapi.New(), "GetTeams", nil)
	require.NotNil(t, e)
	assert.Equal(t, int32(500), e.StatusCode)
	assert.Contains(t, e.Message, "GetTeams: the server's API implementation panicked")
}

// TestEveryMethodServed: the host serves exactly the methods of plugin.API
// (the coverage check CI relies on: a method added to the interface without
// a generated binding fails here).
func TestEveryMethodServed(t *testing.T) {
	assert.Len(t, Methods(), len(abi.Interface().API))
	assert.Len(t, Methods(), 258)
}

// TestServedMethodsExist: every method the host serves is a real plugin.API
// method (no typo can hide behind a map key).
func TestServedMethodsExist(t *testing.T) {
	for _, m := range Methods() {
		_, ok := abi.APIMethod(m)
		assert.True(t, ok, "%s is not in plugin.API", m)
	}
}

// FuzzDispatch decodes arbitrary guest bytes for every method.
func FuzzDispatch(f *testing.F) {
	for i := range Methods() {
		f.Add(uint8(i), []byte{})
	}
	b, _ := proto.Marshal(&pb.ApiCreatePostRequest{Post: []byte(`{"channel_id":"c","props":{"a":[1,{"b":null}]},"metadata":{"embeds":[]}}`)})
	f.Add(uint8(1), b)
	f.Fuzz(func(t *testing.T, which uint8, req []byte) {
		ms := Methods()
		api := fakeapi.New()
		api.Users["u"] = &model.User{Id: "u"}
		_, _ = Dispatch(api, ms[int(which)%len(ms)], req)
	})
}

// TestOldServer: a method newer than the running server is refused with the
// method, the version that added it and the server's version.
func TestOldServer(t *testing.T) {
	old := fakeapi.New()
	old.Version = "5.5.0"
	w := Wrap(old)
	var v pb.ApiKVListResponse
	for range 2 { // the second answer comes from the per-method cache
		e := doWith(t, w, "KVList", &pb.ApiKVListRequest{Page: 0, PerPage: 10}, &v) // since 5.6
		require.NotNil(t, e)
		assert.Equal(t, int32(503), e.StatusCode)
		assert.Equal(t, "API method KVList needs Mattermost server 5.6 or newer; this server is 5.5.0: upgrade the server or avoid the call", e.Message)
		e.Message = "changed by the caller" // callers own what they get: the cache keeps its copy
	}
	assert.Zero(t, old.CallsTo("KVList"), "the server is not called")
	var u pb.ApiGetUserResponse
	for range 2 {
		require.Nil(t, doWith(t, w, "GetUser", &pb.ApiGetUserRequest{UserId: "user1"}, &u), "GetUser exists since 5.2")
	}
	assert.Equal(t, 2, old.CallsTo("GetUser"))
	assert.Equal(t, 1, old.CallsTo("GetServerVersion"), "the server version is asked once per API")

	odd := fakeapi.New()
	odd.Version = "dev-build"
	require.Nil(t, do(t, odd, "KVList", &pb.ApiKVListRequest{Page: 0, PerPage: 10}, &v), "an unparsable version is not refused")
}

func TestVersionLess(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{{"9.5.0", "10.1", true}, {"10.10", "10.9", false}, {"11.4.0", "11.5", true}, {"5.2", "5.2.0", false}, {"11.4.0-rc1", "11.4", false}} {
		assert.Equal(t, tc.less, versionLess(tc.a, tc.b), "%s < %s", tc.a, tc.b)
	}
}

func TestCannotReenterNamesRealMethods(t *testing.T) {
	methods := map[string]bool{}
	for _, m := range Methods() {
		methods[m] = true
	}
	for m := range inline {
		assert.True(t, methods[m], "inline method %s is not a method of plugin.API", m)
	}
	assert.True(t, CannotReenter("GetUser"))
	assert.True(t, CannotReenter("KVSet"))
	for _, m := range []string{"CreatePost", "UpdatePost", "GetPost", "ExecuteSlashCommand", "PluginHTTP", "SavePluginConfig", "GetDirectChannel", "mmpy.HTTPRequest", "mmpy.StreamRead"} {
		assert.False(t, CannotReenter(m), "%s may run a hook of the plugin", m)
	}
}
