package grpcbaseline_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/mmpy/mmpy/bench/grpcbaseline"
	"github.com/mmpy/mmpy/bench/grpcbaseline/gbpb"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

// socketDir is a short temporary directory (Unix socket paths are limited to
// 108 bytes; t.TempDir() embeds the test name).
func socketDir(tb testing.TB) string {
	d, err := os.MkdirTemp("", "mmpy-gb-")
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = os.RemoveAll(d) })
	return d
}

// serveAPI serves api on a fresh Unix socket and returns its gRPC target.
func serveAPI(tb testing.TB, api *fakeapi.API) string {
	sock := filepath.Join(socketDir(tb), "api.sock")
	lis, err := net.Listen("unix", sock)
	require.NoError(tb, err)
	s := grpcbaseline.ServeAPI(api, lis)
	tb.Cleanup(s.Stop)
	return "unix://" + sock
}

// needPython skips (or, under MMPY_REQUIRE_RUNTIME=1 as in `make test`,
// fails) when the venv Python is not available.
func needPython(tb testing.TB) {
	if _, err := grpcbaseline.Python(); err != nil {
		if os.Getenv("MMPY_REQUIRE_RUNTIME") == "1" {
			tb.Fatal(err)
		}
		tb.Skip(err)
	}
}

func startPy(tb testing.TB, script, target string) *grpcbaseline.Proc {
	p, err := grpcbaseline.StartPy(script, target)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = p.Close() })
	return p
}

func TestAPIServer(t *testing.T) {
	api := fakeapi.New()
	conn, err := grpc.NewClient(serveAPI(t, api), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	c := gbpb.NewPluginAPIClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	u, err := c.GetUser(ctx, &gbpb.GetUserRequest{UserId: "user1"})
	require.NoError(t, err)
	assert.Nil(t, u.Error)
	assert.Equal(t, "alice", u.User.Username)
	assert.Equal(t, map[string]string{"email": "true"}, u.User.NotifyProps)

	u, err = c.GetUser(ctx, &gbpb.GetUserRequest{UserId: "nobody"})
	require.NoError(t, err)
	require.NotNil(t, u.Error)
	assert.Equal(t, int32(http.StatusNotFound), u.Error.StatusCode)
	assert.Nil(t, u.User)

	kv, err := c.KVSet(ctx, &gbpb.KVSetRequest{Key: "k", Value: []byte("v")})
	require.NoError(t, err)
	assert.Nil(t, kv.Error)
	assert.Equal(t, []byte("v"), api.KV["k"])
	kv, err = c.KVSet(ctx, &gbpb.KVSetRequest{Key: ""})
	require.NoError(t, err)
	require.NotNil(t, kv.Error)
	assert.Equal(t, "plugin.api.kv_set.key.app_error", kv.Error.Id)

	p, err := c.CreatePost(ctx, &gbpb.CreatePostRequest{Post: &gbpb.Post{ChannelId: "c1", Message: "hi", PropsJson: []byte(`{"a":1}`)}})
	require.NoError(t, err)
	assert.Nil(t, p.Error)
	assert.Equal(t, "hi", p.Post.Message)
	require.Len(t, api.Posts, 1)
	assert.Equal(t, float64(1), api.Posts[0].GetProp("a"))
	p, err = c.CreatePost(ctx, &gbpb.CreatePostRequest{Post: &gbpb.Post{Message: "no channel"}})
	require.NoError(t, err)
	require.NotNil(t, p.Error)
	assert.Equal(t, int32(http.StatusBadRequest), p.Error.StatusCode)
}

func TestPythonClient(t *testing.T) {
	needPython(t)
	api := fakeapi.New()
	client := startPy(t, "client.py", serveAPI(t, api))
	for _, m := range []string{"get_user", "kv_set", "create_post"} {
		d, err := client.Run(m, 3)
		require.NoError(t, err, m)
		assert.Positive(t, d, m)
	}
	assert.Equal(t, 3, api.CallsTo("GetUser"))
	assert.Equal(t, 3, api.CallsTo("KVSet"))
	assert.Equal(t, []byte("0123456789"), api.KV["bench"])
	require.Len(t, api.Posts, 3)
	assert.Equal(t, "bench", api.Posts[2].Message)
	assert.Equal(t, "c1", api.Posts[2].ChannelId)

	_, err := client.Run("no_such_method", 1)
	require.ErrorContains(t, err, "KeyError")

	empty := fakeapi.New()
	empty.Users = map[string]*model.User{}
	_, err = startPy(t, "client.py", serveAPI(t, empty)).Run("get_user", 1)
	require.ErrorContains(t, err, "app.user.missing_account.const", "an API error reaches the Python side")
}

func TestPythonHooks(t *testing.T) {
	needPython(t)
	target := "unix://" + filepath.Join(socketDir(t), "hooks.sock")
	startPy(t, "server.py", target)
	h, err := grpcbaseline.DialHooks(target)
	require.NoError(t, err)
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	post := &model.Post{Id: "p1", ChannelId: "c", Message: "hello world", Participants: []*model.User{{Id: "kept"}}}
	post.AddProp("from", "test")
	got, reason, err := h.MessageWillBePosted(ctx, &plugin.Context{RequestId: "r"}, post)
	require.NoError(t, err)
	assert.Empty(t, reason)
	require.NotNil(t, got)
	assert.Equal(t, "hello world", got.Message)
	assert.Equal(t, "test", got.GetProp("from"))
	assert.Len(t, got.Participants, 1, "fields the message does not carry are kept")

	got, reason, err = h.MessageWillBePosted(ctx, &plugin.Context{}, &model.Post{Message: "a BadWord here"})
	require.NoError(t, err)
	assert.Nil(t, got)
	assert.Equal(t, "Message blocked", reason)
}
