package host_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/bundle"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

// buildArtifact runs `mmpy build` on a plugin folder and writes the result
// into a temp dir.
func buildArtifact(tb testing.TB, dir string) (string, *bundle.ArtifactResult) {
	tb.Helper()
	out := filepath.Join(tb.TempDir(), "plugin.wasm")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res, err := bundle.BuildArtifact(ctx, bundle.ArtifactOptions{PluginDir: dir, RuntimeDir: runtimeDir(tb), Out: out,
		Progress: func(s string) { tb.Log("[build] " + s) }})
	require.NoError(tb, err)
	return out, res
}

func startArtifact(tb testing.TB, spec host.Spec) *host.Plugin {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if spec.Logger == nil {
		spec.Logger = slog.New(slog.NewTextHandler(&logBuf{}, nil))
	}
	p, err := sharedRuntime(tb).Start(ctx, spec)
	require.NoError(tb, err)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.Stop(ctx)
	})
	return p
}

func TestArtifactHelloPython(t *testing.T) {
	path, res := buildArtifact(t, filepath.Join(repoRoot(), "examples", "hello_python"))
	assert.Equal(t, "com.mattermost.hello-python", res.Info.ID)
	assert.Empty(t, res.Info.Dependencies)
	assert.Equal(t, res.Sizes.Total, int64(len(res.Data)))

	// By path, with nothing else: ID and entry come from the artifact.
	api := fakeapi.New()
	p := startArtifact(t, host.Spec{Artifact: path, API: api})
	ctx := context.Background()
	require.NoError(t, p.OnActivate(ctx))
	assert.True(t, api.HasLog("Hello Python plugin activated!"))
	_, reason := p.MessageWillBePosted(ctx, &plugin.Context{}, &model.Post{Message: "a badword"})
	assert.Equal(t, "Message blocked", reason)
	resp, aerr := p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: "/hello"})
	require.Nil(t, aerr)
	assert.Equal(t, "Hello from Python!", resp.Text)

	// From memory and under other ids: examples/multitenant's test.
}

// TestArtifactDependencies resolves real packages from PyPI (pure wheels,
// and pure builds of MarkupSafe and PyYAML from their sdists), vendors them
// into the artifact and imports them in the guest, which also reads a data
// file of the plugin from the embedded, read-only file systems.
func TestArtifactDependencies(t *testing.T) {
	path, res := buildArtifact(t, filepath.Join(repoRoot(), "host", "testdata", "deps"))
	var names []string
	for _, d := range res.Info.Dependencies {
		names = append(names, d.Name)
	}
	for _, want := range []string{"attrs", "jinja2", "markupsafe", "pyyaml", "pydantic"} {
		assert.Contains(t, lower(names), want)
	}
	assert.NotContains(t, lower(names), "mattermost-plugin-sdk")
	assert.Positive(t, res.Sizes.Deps)
	t.Logf("artifact sizes: %s", res.Sizes)

	api := fakeapi.New()
	p := startArtifact(t, host.Spec{Artifact: path, API: api})
	require.NoError(t, p.OnActivate(context.Background()))
	assert.True(t, api.HasLog("jinja2: hi &lt;b&gt;"), api.LogLines())
	assert.True(t, api.HasLog("markupsafe: /usr/local/lib/python3.13/site-packages/markupsafe/__init__.py"))
	assert.True(t, api.HasLog("yaml: {a: [1, 2]} libyaml=False"))
	assert.True(t, api.HasLog("pydantic: 3 compiled=False"))
	assert.True(t, api.HasLog("attrs: {'x': 1, 'y': 2}"))
	assert.True(t, api.HasLog("data: embedded data"))
	assert.True(t, api.HasLog("plugin root: plugin.json,server"))
	assert.True(t, api.HasLog("prefix lib: mmpy-site.zip,python3.13,python313.zip"))
	assert.True(t, api.HasLog("write refused: "), "the embedded file systems are read-only")
}

func lower(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		b := []byte(s)
		for j, c := range b {
			if c >= 'A' && c <= 'Z' {
				b[j] = c + 'a' - 'A'
			}
		}
		out[i] = string(b)
	}
	return out
}

// BenchmarkArtifactStart: start a plugin from a one-file artifact (split,
// compile from the in-memory module cache, boot the guest, import the
// plugin) and stop it.
func BenchmarkArtifactStart(b *testing.B) {
	path, _ := buildArtifact(b, filepath.Join(repoRoot(), "examples", "hello_python"))
	data, err := os.ReadFile(path)
	require.NoError(b, err)
	r := sharedRuntime(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := r.Start(ctx, host.Spec{ArtifactData: data, Logger: slog.New(slog.NewTextHandler(&logBuf{}, nil))})
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Stop(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
