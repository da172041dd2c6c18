package apiserve

import (
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/mmpy/mmpy/abi"
	pb "github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

func call(t *testing.T, api *fakeapi.API, method string, req, resp proto.Message) *pb.AppError {
	t.Helper()
	b, err := proto.Marshal(req)
	require.NoError(t, err)
	out, appErr := Dispatch(api, method, b)
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
	require.Nil(t, call(t, api, "GetServerVersion", &pb.ApiGetServerVersionRequest{}, &v))
	assert.Equal(t, "11.4.0", v.Version)

	var u pb.ApiGetUserResponse
	require.Nil(t, call(t, api, "GetUser", &pb.ApiGetUserRequest{UserId: "user1"}, &u))
	assert.Equal(t, "alice", u.User.Username)
	assert.Equal(t, map[string]string{"k": "v"}, u.User.Props)
	e := call(t, api, "GetUser", &pb.ApiGetUserRequest{UserId: "zz"}, &u)
	require.NotNil(t, e)
	assert.Equal(t, int32(404), e.StatusCode)

	var p pb.ApiCreatePostResponse
	require.Nil(t, call(t, api, "CreatePost", &pb.ApiCreatePostRequest{Post: &pb.Post{ChannelId: "c", Message: "m", PropsJson: []byte(`{"x":1}`)}}, &p))
	assert.NotEmpty(t, p.Post.Id)
	assert.Equal(t, float64(1), api.Posts[0].GetProp("x"))
	e = call(t, api, "CreatePost", &pb.ApiCreatePostRequest{}, &p)
	require.NotNil(t, e)
	assert.Equal(t, int32(400), e.StatusCode)

	require.Nil(t, call(t, api, "KVSet", &pb.ApiKVSetRequest{Key: "k", Value: nil}, &pb.ApiKVSetResponse{}))
	var g pb.ApiKVGetResponse
	require.Nil(t, call(t, api, "KVGet", &pb.ApiKVGetRequest{Key: "k"}, &g))
	assert.NotNil(t, g.Value, "an empty value is present, not absent")
	assert.Empty(t, g.Value)
	require.Nil(t, call(t, api, "KVGet", &pb.ApiKVGetRequest{Key: "absent"}, &g))
	assert.Nil(t, g.Value)
	var l pb.ApiKVListResponse
	require.Nil(t, call(t, api, "KVList", &pb.ApiKVListRequest{Page: 0, PerPage: 10}, &l))
	assert.Equal(t, []string{"k"}, l.Keys)
	require.Nil(t, call(t, api, "KVDelete", &pb.ApiKVDeleteRequest{Key: "k"}, &pb.ApiKVDeleteResponse{}))
	assert.Empty(t, api.KV)

	var c pb.ApiGetPluginConfigResponse
	require.Nil(t, call(t, api, "GetPluginConfig", &pb.ApiGetPluginConfigRequest{}, &c))
	assert.JSONEq(t, `{"a":1}`, string(c.ConfigJson))

	require.Nil(t, call(t, api, "RegisterCommand", &pb.ApiRegisterCommandRequest{Command: &pb.Command{Trigger: "hello"}}, &pb.ApiRegisterCommandResponse{}))
	assert.Equal(t, "hello", api.Commands[0].Trigger)
	e = call(t, api, "RegisterCommand", &pb.ApiRegisterCommandRequest{Command: &pb.Command{}}, &pb.ApiRegisterCommandResponse{})
	require.NotNil(t, e)
	assert.Contains(t, e.Message, "trigger")

	for _, m := range []string{"LogDebug", "LogInfo", "LogWarn", "LogError"} {
		require.Nil(t, call(t, api, m, &pb.ApiLogRequest{Msg: m, KeyValuePairs: []*pb.KeyValue{{Key: "a", Value: "b"}}}, &pb.ApiLogResponse{}))
	}
	logs := api.LogLines()
	require.Len(t, logs, 4)
	assert.Equal(t, []any{"a", "b"}, logs[3].KV)
	assert.Equal(t, "Error", logs[3].Level)
}

func TestUnavailableAndNotReady(t *testing.T) {
	_, e := Dispatch(fakeapi.New(), "GetTeams", nil)
	require.NotNil(t, e)
	assert.Equal(t, int32(503), e.StatusCode)
	assert.Contains(t, e.Message, "GetTeams (plugin API since server 5.2) is not served")
	_, e = Dispatch(fakeapi.New(), "NoSuchMethod", nil)
	require.NotNil(t, e)
	assert.Contains(t, e.Message, "NoSuchMethod is not a method of Mattermost's plugin API")
	_, e = Dispatch(nil, "GetUser", nil)
	require.NotNil(t, e)
	assert.Equal(t, "mmpy.api.not_ready", e.Id)
	_, e = Dispatch(fakeapi.New(), "GetUser", []byte{0xff, 0xff})
	require.NotNil(t, e)
	assert.Equal(t, int32(400), e.StatusCode)
	assert.Len(t, Methods(), 13)
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
	b, _ := proto.Marshal(&pb.ApiCreatePostRequest{Post: &pb.Post{ChannelId: "c", PropsJson: []byte(`{"a":[1,{"b":null}]}`), MetadataJson: []byte(`{"embeds":[]}`)}})
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
	var v pb.ApiKVListResponse
	e := call(t, old, "KVList", &pb.ApiKVListRequest{Page: 0, PerPage: 10}, &v) // since 5.6
	require.NotNil(t, e)
	assert.Equal(t, int32(503), e.StatusCode)
	assert.Equal(t, "API method KVList needs Mattermost server 5.6 or newer; this server is 5.5.0: upgrade the server or avoid the call", e.Message)
	assert.Zero(t, old.CallsTo("KVList"), "the server is not called")
	var u pb.ApiGetUserResponse
	require.Nil(t, call(t, old, "GetUser", &pb.ApiGetUserRequest{UserId: "user1"}, &u), "GetUser exists since 5.2")
	assert.Equal(t, 1, old.CallsTo("GetServerVersion"), "the server version is asked once")

	odd := fakeapi.New()
	odd.Version = "dev-build"
	require.Nil(t, call(t, odd, "KVList", &pb.ApiKVListRequest{Page: 0, PerPage: 10}, &v), "an unparsable version is not refused")
}

func TestVersionLess(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{{"9.5.0", "10.1", true}, {"10.10", "10.9", false}, {"11.4.0", "11.5", true}, {"5.2", "5.2.0", false}, {"11.4.0-rc1", "11.4", false}} {
		assert.Equal(t, tc.less, versionLess(tc.a, tc.b), "%s < %s", tc.a, tc.b)
	}
}
