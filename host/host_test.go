package host_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmpy/mmpy/internal/testenv"

	"github.com/mmpy/mmpy/internal/syncbuf"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

// These tests run real python.wasm. They need the runtime directory built by
// `make runtime` (or $MMPY_RUNTIME); without it they skip, unless
// MMPY_REQUIRE_RUNTIME=1 (as in `make test`), where they fail.

func repoRoot() string { return testenv.RepoRoot() }

func runtimeDir(tb testing.TB) string { return testenv.RuntimeDir(tb) }

var (
	rtMu sync.Mutex
	rts  = map[string]*host.Runtime{}
)

// compileCacheDir is the compilation cache the tests share.
func compileCacheDir() string { return testenv.CompileCacheDir() }

// sharedRuntime is the default engine's shared Runtime.
func sharedRuntime(tb testing.TB) *host.Runtime { return sharedRuntimeOn(tb, host.EngineWazero) }

// sharedRuntimeOn is one Runtime per engine, shared by the tests.
func sharedRuntimeOn(tb testing.TB, eng string) *host.Runtime {
	rtMu.Lock()
	defer rtMu.Unlock()
	if r := rts[eng]; r != nil {
		return r
	}
	r, err := host.NewRuntime(context.Background(), host.Options{CacheDir: compileCacheDir(), Engine: eng})
	require.NoError(tb, err)
	rts[eng] = r
	return r
}

// forEachEngine runs f as a subtest engine=<name> on every engine compiled
// in: wazero, and wasmtime under `go test -tags wasmtime`.
func forEachEngine(t *testing.T, f func(t *testing.T, eng string)) {
	for _, eng := range host.Engines() {
		t.Run("engine="+eng, func(t *testing.T) { f(t, eng) })
	}
}

// logBuf collects a plugin's log while it runs.
type logBuf = syncbuf.Buffer

func start(tb testing.TB, dir string, api *fakeapi.API) (*host.Plugin, *logBuf) {
	return startOn(tb, host.EngineWazero, dir, api)
}

func startOn(tb testing.TB, eng, dir string, api *fakeapi.API) (*host.Plugin, *logBuf) {
	rd := runtimeDir(tb)
	lb := &logBuf{}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, err := sharedRuntimeOn(tb, eng).Start(ctx, host.Spec{
		ID: "test." + filepath.Base(dir), RuntimeDir: rd, PluginDir: dir, Entry: "server/plugin.py", API: api,
		Logger: slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	require.NoError(tb, err)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.Stop(ctx)
	})
	return p, lb
}

func TestHelloPython(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		api := fakeapi.New()
		p, _ := startOn(t, eng, filepath.Join(repoRoot(), "examples", "hello_python"), api)
		ctx := context.Background()
		assert.ElementsMatch(t, []string{"OnActivate", "OnDeactivate", "MessageWillBePosted", "ExecuteCommand"}, p.Implemented())

		require.NoError(t, p.OnConfigurationChange(ctx), "a hook the plugin lacks is a no-op")
		require.NoError(t, p.OnActivate(ctx))
		assert.True(t, api.HasLog("Hello Python plugin activated!"))
		assert.True(t, api.HasLog("Server version: 11.4.0"))
		require.Len(t, api.Commands, 1)
		assert.Equal(t, "hello", api.Commands[0].Trigger)

		post := &model.Post{Id: "p1", Message: "this has a BadWord in it", ChannelId: "c"}
		got, reason := p.MessageWillBePosted(ctx, &plugin.Context{RequestId: "r"}, post)
		assert.Nil(t, got)
		assert.Equal(t, "Message blocked", reason)

		post = &model.Post{Id: "p2", Message: "hello world", ChannelId: "c", Participants: []*model.User{{Id: "kept"}}}
		post.AddProp("from", "test")
		got, reason = p.MessageWillBePosted(ctx, &plugin.Context{}, post)
		assert.Empty(t, reason)
		require.NotNil(t, got)
		assert.Equal(t, "hello world", got.Message)
		assert.Equal(t, "test", got.GetProp("from"))
		assert.Equal(t, "kept", got.Participants[0].Id, "fields outside the ABI survive")

		resp, aerr := p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/hello"})
		require.Nil(t, aerr)
		assert.Equal(t, "ephemeral", resp.ResponseType)
		assert.Equal(t, "Hello from Python!", resp.Text)

		require.NoError(t, p.OnDeactivate(ctx))
		assert.True(t, api.HasLog("Hello Python plugin deactivated!"))
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		require.NoError(t, p.Stop(stopCtx))
		_, aerr = p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/hello"})
		require.NotNil(t, aerr, "a stopped plugin answers with an error, not a hang")
	})
}

func newReentrant(t *testing.T, eng string) (*host.Plugin, *fakeapi.API, *logBuf) {
	api := fakeapi.New()
	p, lb := startOn(t, eng, filepath.Join(repoRoot(), "host", "testdata", "reentrant"), api)
	ctx := context.Background()
	api.OnCreatePost = func(post *model.Post) (*model.Post, string) {
		return p.MessageWillBePosted(ctx, &plugin.Context{}, post)
	}
	return p, api, lb
}

// TestReentrancy: CreatePost from inside OnActivate, ExecuteCommand and
// MessageWillBePosted fires MessageWillBePosted on the same guest again.
func TestReentrancy(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		p, api, _ := newReentrant(t, eng)
		ctx := context.Background()
		done := make(chan error, 1)
		go func() { done <- p.OnActivate(ctx) }()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(60 * time.Second):
			t.Fatal("deadlock: OnActivate -> CreatePost -> MessageWillBePosted did not complete")
		}
		assert.True(t, api.HasLog("activate created: from activate (checked)"))

		resp, aerr := p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/post echo hi", ChannelId: "c1", UserId: "user1"})
		require.Nil(t, aerr)
		// /post -> CreatePost -> MWBP("echo hi") -> CreatePost -> MWBP("inner hi")
		assert.Equal(t, "echo hi [saw inner hi (checked)]", resp.Text)
		require.Len(t, api.Posts, 3)
		assert.Equal(t, "python", api.Posts[1].GetProp("checked_by"))
	})
}

func TestAPIErrorsAndKV(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		p, api, _ := newReentrant(t, eng)
		ctx := context.Background()
		api.Config["greeting"] = "hi"
		resp, aerr := p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/whois user1"})
		require.Nil(t, aerr)
		assert.Equal(t, "alice", resp.Text)
		resp, aerr = p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/whois nobody"})
		require.Nil(t, aerr)
		assert.Equal(t, "not found: 404 app.user.missing_account.const", resp.Text)
		resp, aerr = p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/kv"})
		require.Nil(t, aerr)
		assert.Equal(t, "b'v1' ['k'] None {'greeting': 'hi'}", resp.Text)
		resp, aerr = p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/sleep"})
		require.Nil(t, aerr)
		assert.Equal(t, "slept True", resp.Text, "time.sleep works in the guest")
	})
}

// TestHookException: the traceback is logged with the plugin id, and
// MessageWillBePosted fails open (the post goes through unchanged).
func TestHookException(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		p, _, lb := newReentrant(t, eng)
		got, reason := p.MessageWillBePosted(context.Background(), &plugin.Context{}, &model.Post{Message: "raise"})
		assert.Nil(t, got)
		assert.Empty(t, reason)
		out := lb.String()
		assert.Contains(t, out, "python hook raised")
		assert.Contains(t, out, "filter exploded")
		assert.Contains(t, out, "Traceback")
		assert.Contains(t, out, "plugin_id=test.reentrant")
		// The instance is still healthy afterwards.
		got, _ = p.MessageWillBePosted(context.Background(), &plugin.Context{}, &model.Post{Message: "ok"})
		require.NotNil(t, got)
		assert.Equal(t, "ok (checked)", got.Message)
	})
}

// TestConcurrentHooks: 64 goroutines, every call answered exactly once with
// its own post.
func TestConcurrentHooks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		p, _, _ := newReentrant(t, eng)
		var wg sync.WaitGroup
		for i := 0; i < 64; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 10; j++ {
					msg := fmt.Sprintf("m-%d-%d", i, j)
					got, reason := p.MessageWillBePosted(context.Background(), &plugin.Context{}, &model.Post{Message: msg})
					if assert.Empty(t, reason) && assert.NotNil(t, got) {
						assert.Equal(t, msg+" (checked)", got.Message)
					}
				}
			}()
		}
		wg.Wait()
	})
}

func TestBrokenImport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		rd := runtimeDir(t)
		lb := &logBuf{}
		_, err := sharedRuntimeOn(t, eng).Start(context.Background(), host.Spec{
			ID: "broken", RuntimeDir: rd, PluginDir: filepath.Join(repoRoot(), "host", "testdata", "broken"), Entry: "server/plugin.py",
			Logger: slog.New(slog.NewTextHandler(lb, nil)),
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "boom at import")
		assert.Contains(t, err.Error(), "Traceback")
		assert.Contains(t, lb.String(), "boom at import", "stderr reaches the log")
		// Other plugins keep working in the same runtime.
		p, _ := startOn(t, eng, filepath.Join(repoRoot(), "examples", "hello_python"), fakeapi.New())
		resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/hello"})
		require.Nil(t, aerr)
		assert.Equal(t, "Hello from Python!", resp.Text)
	})
}

// appendCustomSection adds a custom section to a wasm binary.
func appendCustomSection(wasm []byte, name, data string) []byte {
	var payload []byte
	payload = binary.AppendUvarint(payload, uint64(len(name)))
	payload = append(payload, name...)
	payload = append(payload, data...)
	out := append([]byte(nil), wasm...)
	out = append(out, 0)
	out = binary.AppendUvarint(out, uint64(len(payload)))
	return append(out, payload...)
}

func TestABIVersionMismatchRefused(t *testing.T) {
	rd := runtimeDir(t)
	wasm, err := os.ReadFile(filepath.Join(rd, "python.wasm"))
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "python.wasm"), appendCustomSection(wasm, "mmpy.abi", "2"), 0o644))
	r, err := host.NewRuntime(context.Background(), host.Options{})
	require.NoError(t, err)
	defer r.Close(context.Background())
	err = r.Compile(context.Background(), dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ABI v2")
	assert.Contains(t, err.Error(), "rebuild")
}

// TestCompileSeesReplacedInterpreter: the Runtime remembers python.wasm
// files it has hashed (by path, size and modification time) so that plugin
// starts skip reading them; a file replaced in place is read again.
func TestCompileSeesReplacedInterpreter(t *testing.T) {
	wasm, err := os.ReadFile(filepath.Join(runtimeDir(t), "python.wasm"))
	require.NoError(t, err)
	dir := t.TempDir()
	path := filepath.Join(dir, "python.wasm")
	require.NoError(t, os.WriteFile(path, wasm, 0o644))
	r, err := host.NewRuntime(context.Background(), host.Options{CacheDir: compileCacheDir()})
	require.NoError(t, err)
	defer r.Close(context.Background())
	require.NoError(t, r.Compile(context.Background(), dir))
	require.NoError(t, r.Compile(context.Background(), dir), "the same file again")

	require.NoError(t, os.WriteFile(path, appendCustomSection(wasm, "mmpy.abi", "2"), 0o644))
	err = r.Compile(context.Background(), dir)
	require.Error(t, err, "the replaced file must be read again, not served from the remembered hash")
	assert.Contains(t, err.Error(), "ABI v2")
}

// TestCrashRestart: a guest that traps (os.abort) or exits in a hook fails
// that call, is restarted and re-activated, and serves the next hook.
func TestCrashRestart(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		p, api, lb := newReentrant(t, eng)
		ctx := context.Background()
		require.NoError(t, p.OnActivate(ctx))
		activations := func() int {
			n := 0
			for _, l := range api.LogLines() {
				if strings.Contains(l.Msg, "activate created") {
					n++
				}
			}
			return n
		}
		require.Equal(t, 1, activations())
		for i, cmd := range []string{"/abort", "/exit"} {
			_, aerr := p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: cmd})
			require.NotNil(t, aerr, cmd)
			assert.Equal(t, 500, aerr.StatusCode)
			require.Eventually(t, func() bool { return p.Generation() == i+2 && activations() == i+2 }, 60*time.Second, 50*time.Millisecond,
				"%s: the guest is restarted and re-activated", cmd)
			resp, aerr := p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/whois user1"})
			require.Nil(t, aerr, cmd)
			assert.Equal(t, "alice", resp.Text)
		}
		assert.Contains(t, lb.String(), "python guest crashed; restarting it")
		select {
		case <-p.Done():
			t.Fatal("a restarted plugin is not finished")
		default:
		}
	})
}

// TestMemoryBomb: a hook that allocates without bound hits the linear-memory
// cap, Python raises MemoryError, the call fails cleanly, and the same guest
// keeps serving (no restart needed).
func TestMemoryBomb(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		p, _, lb := newReentrant(t, eng)
		ctx := context.Background()
		_, aerr := p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/bomb"})
		require.NotNil(t, aerr)
		assert.Contains(t, aerr.DetailedError, "MemoryError")
		assert.Contains(t, lb.String(), "MemoryError")
		resp, aerr := p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/whois user1"})
		require.Nil(t, aerr)
		assert.Equal(t, "alice", resp.Text)
		assert.Equal(t, 1, p.Generation(), "the same guest survives")
	})
}

// TestDeepRecursion: deeply nested data in C code (json.dumps) ends in
// CPython's RecursionError, not in a trap of the engine's stack limit.
func TestDeepRecursion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		p, _, _ := newReentrant(t, eng)
		resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/deep"})
		require.Nil(t, aerr)
		assert.Equal(t, "RecursionError", resp.Text)
		assert.Equal(t, 1, p.Generation(), "the guest did not crash")
	})
}

// TestRuntimeCarriesABISection: the built python.wasm records its ABI
// version in the "mmpy.abi" custom section, equal to the host's.
func TestRuntimeCarriesABISection(t *testing.T) {
	wasm, err := os.ReadFile(filepath.Join(runtimeDir(t), "python.wasm"))
	require.NoError(t, err)
	require.Greater(t, len(wasm), 8)
	found := ""
	for b := wasm[8:]; len(b) > 0; {
		id := b[0]
		size, n := binary.Uvarint(b[1:])
		require.Positive(t, n)
		body := b[1+n : 1+n+int(size)]
		if id == 0 {
			nameLen, m := binary.Uvarint(body)
			if string(body[m:m+int(nameLen)]) == host.CustomSectionABI {
				found = string(body[m+int(nameLen):])
			}
		}
		b = b[1+n+int(size):]
	}
	assert.Equal(t, fmt.Sprint(host.ABIVersion), found)
}

// BenchmarkRestart measures how long a crashed guest takes to serve again:
// from the failed hook (os.abort traps the guest) to the next answer from the
// restarted guest (the first restart has no backoff).
func BenchmarkRestart(b *testing.B) {
	r := sharedRuntime(b)
	for b.Loop() {
		b.StopTimer()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		p, err := r.Start(ctx, host.Spec{
			ID: "bench.restart", RuntimeDir: runtimeDir(b), PluginDir: filepath.Join(repoRoot(), "host", "testdata", "reentrant"),
			Entry: "server/plugin.py", API: fakeapi.New(), Logger: slog.New(slog.DiscardHandler),
		})
		cancel()
		require.NoError(b, err)
		b.StartTimer()
		_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/abort"})
		require.NotNil(b, aerr)
		for {
			resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/whois user1"})
			if aerr == nil && resp.Text == "alice" {
				break
			}
			time.Sleep(time.Millisecond)
		}
		b.StopTimer()
		_ = p.Stop(context.Background())
		b.StartTimer()
	}
}
