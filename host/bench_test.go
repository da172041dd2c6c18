package host_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

func benchPlugin(b *testing.B) (*host.Plugin, *fakeapi.API) {
	api := fakeapi.New()
	p, _ := start(b, filepath.Join(repoRoot(), "host", "testdata", "bench"), api)
	return p, api
}

// BenchmarkHookMessageWillBePosted: one host -> guest -> host round trip of
// the allow path of a content filter.
func BenchmarkHookMessageWillBePosted(b *testing.B) {
	p, _ := benchPlugin(b)
	ctx := context.Background()
	post := &model.Post{Id: "p", ChannelId: "c", UserId: "u", Message: "hello world"}
	c := &plugin.Context{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got, reason := p.MessageWillBePosted(ctx, c, post)
		if got == nil || reason != "" {
			b.Fatal("unexpected rejection")
		}
	}
}

// BenchmarkAPICall: b.N guest -> host API calls from Python inside one hook;
// ns/op is the cost of one call as Python sees it (encode, cross, dispatch,
// decode).
func BenchmarkAPICall(b *testing.B) {
	for _, m := range []string{"get_user", "kv_set", "create_post"} {
		b.Run(m, func(b *testing.B) {
			p, _ := benchPlugin(b)
			b.ResetTimer()
			resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{},
				&model.CommandArgs{Command: fmt.Sprintf("/api %s %d", m, b.N)})
			b.StopTimer()
			require.Nil(b, aerr)
			ns, err := strconv.ParseFloat(resp.Text, 64)
			require.NoError(b, err)
			b.ReportMetric(ns/float64(b.N), "guest-ns/call")
		})
	}
}

// BenchmarkGuestCPU: fib(20) in the guest (compare with native CPython).
func BenchmarkGuestCPU(b *testing.B) {
	p, _ := benchPlugin(b)
	b.ResetTimer()
	_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: fmt.Sprintf("/api fib %d", b.N)})
	require.Nil(b, aerr)
}

// BenchmarkStartWarm: compile from the in-process module cache, instantiate,
// import the plugin and reach ready (what plugin start costs after the first).
func BenchmarkStartWarm(b *testing.B) {
	rd := runtimeDir(b)
	r := sharedRuntime(b)
	require.NoError(b, r.Compile(context.Background(), rd))
	dir := filepath.Join(repoRoot(), "examples", "hello_python")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := r.Start(context.Background(), host.Spec{ID: "warm", RuntimeDir: rd, PluginDir: dir, Entry: "server/plugin.py", API: fakeapi.New()})
		require.NoError(b, err)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		require.NoError(b, p.Stop(ctx))
		cancel()
	}
}

// BenchmarkCompile: python.wasm compiled with no cache (cold) and from a
// warmed on-disk compilation cache, each in a fresh Runtime (as a new shim
// process would).
func BenchmarkCompile(b *testing.B) {
	rd := runtimeDir(b)
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			r, err := host.NewRuntime(ctx, host.Options{})
			require.NoError(b, err)
			require.NoError(b, r.Compile(ctx, rd))
			require.NoError(b, r.Close(ctx))
		}
	})
	b.Run("cached", func(b *testing.B) {
		dir := b.TempDir()
		r, err := host.NewRuntime(ctx, host.Options{CacheDir: dir})
		require.NoError(b, err)
		require.NoError(b, r.Compile(ctx, rd))
		require.NoError(b, r.Close(ctx))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			r, err := host.NewRuntime(ctx, host.Options{CacheDir: dir})
			require.NoError(b, err)
			require.NoError(b, r.Compile(ctx, rd))
			require.NoError(b, r.Close(ctx))
		}
	})
}
