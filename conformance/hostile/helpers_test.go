package hostile_test

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
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

func testdata(name string) string {
	_, f, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(f), "testdata", name)
}

// hostTestdata is a plugin of the host's own tests that this suite reuses
// (the well-behaved probe, the import loop).
func hostTestdata(name string) string {
	return filepath.Join(repoRoot(), "host", "testdata", name)
}

func repoRoot() string { return testenv.RepoRoot() }

func runtimeDir(tb testing.TB) string { return testenv.RuntimeDir(tb) }

// compileCacheDir is the compilation cache the host tests share.
func compileCacheDir() string { return testenv.CompileCacheDir() }

// forEachEngine runs f as a subtest engine=<name> on every engine compiled
// in: wazero, and wasmtime under `go test -tags wasmtime`.
func forEachEngine(t *testing.T, f func(t *testing.T, eng string)) {
	for _, eng := range host.Engines() {
		t.Run("engine="+eng, func(t *testing.T) { f(t, eng) })
	}
}

// hostileOptions are tight limits so that each case trips them quickly.
func hostileOptions(eng string) host.Options {
	return host.Options{
		Engine:           eng,
		CacheDir:         compileCacheDir(),
		HardStop:         true, // C loops (sum(range(10**13)), a regex) are stopped, not left spinning
		MemoryLimitPages: 2048, // 128 MiB
		MaxMessage:       2 << 20,
		ScratchQuota:     4 << 20,
		Deadlines:        host.Deadlines{Hook: 4 * time.Second, Grace: 3 * time.Second},
		Logs:             host.LogLimits{LinesPerSecond: 50, Burst: 100, SummaryEvery: 500 * time.Millisecond},
	}
}

func newRuntime(t *testing.T, opts host.Options) *host.Runtime {
	r, err := host.NewRuntime(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	return r
}

// logBuf collects a plugin's log while it runs.
type logBuf struct{ syncbuf.Buffer }

func (l *logBuf) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// copyPlugin copies testdata/<name> into dir (created) and returns dir.
func copyPlugin(t *testing.T, src, dir string) string {
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.CopyFS(dir, os.DirFS(src)))
	return dir
}

func startSpec(t *testing.T, r *host.Runtime, s host.Spec) *host.Plugin {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	p, err := r.Start(ctx, s)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = p.Stop(ctx)
	})
	return p
}

// startGood starts the well-behaved plugin (host/testdata/probe) in r.
func startGood(t *testing.T, r *host.Runtime) *host.Plugin {
	return startSpec(t, r, host.Spec{
		ID: "test.good", RuntimeDir: runtimeDir(t), PluginDir: copyPlugin(t, hostTestdata("probe"), t.TempDir()),
		Entry: "server/plugin.py", API: fakeapi.New(), Logger: slog.New(slog.DiscardHandler),
	})
}

// pinger calls the good plugin every 20 ms and records failures and the
// slowest answer.
type pinger struct {
	p    *host.Plugin
	stop chan struct{}
	done chan struct{}

	mu       sync.Mutex
	n        int
	failures []string
	slowest  time.Duration
}

func startPinger(p *host.Plugin) *pinger {
	pg := &pinger{p: p, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(pg.done)
		for i := 0; ; i++ {
			select {
			case <-pg.stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			t0 := time.Now()
			resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: fmt.Sprintf("/probe result = %d * 2", i)})
			d := time.Since(t0)
			pg.mu.Lock()
			pg.n++
			pg.slowest = max(pg.slowest, d)
			switch {
			case aerr != nil:
				pg.failures = append(pg.failures, aerr.Error())
			case resp.Text != fmt.Sprint(i*2):
				pg.failures = append(pg.failures, fmt.Sprintf("wrong answer %q for %d*2", resp.Text, i))
			}
			pg.mu.Unlock()
		}
	}()
	return pg
}

// finish stops the pings and asserts the good plugin answered every one,
// correctly and promptly.
func (pg *pinger) finish(t *testing.T) {
	close(pg.stop)
	<-pg.done
	// One more, so that even a case shorter than a ping period is checked.
	t0 := time.Now()
	resp, aerr := pg.p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/probe result = 'still here'"})
	pg.mu.Lock()
	defer pg.mu.Unlock()
	pg.n++
	pg.slowest = max(pg.slowest, time.Since(t0))
	if aerr != nil || resp.Text != "still here" {
		pg.failures = append(pg.failures, fmt.Sprintf("final ping: %v %v", resp, aerr))
	}
	assert.Empty(t, pg.failures, "the good plugin must keep answering correctly")
	assert.Positive(t, pg.n, "the good plugin was pinged")
	// Generous: -race and a shared 2-core machine; a blocked plugin would take
	// the hostile hook's full deadline (4 s, + 3 s grace) or forever.
	assert.Less(t, pg.slowest, 3*time.Second, "the good plugin must answer promptly (slowest of %d pings)", pg.n)
	t.Logf("good plugin: %d pings, slowest %s", pg.n, pg.slowest)
}

// snapshot lists every path under dir with its type, size and contents'
// modification time, skipping the subtrees named in skip (relative paths).
func snapshot(t *testing.T, dir string, skip ...string) map[string]string {
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		for _, s := range skip {
			if rel == s {
				return filepath.SkipDir
			}
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		desc := fmt.Sprintf("%s %d %s", info.Mode(), info.Size(), info.ModTime().Format(time.RFC3339Nano))
		if info.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			desc += " -> " + target
		}
		out[rel] = desc
		return nil
	}))
	return out
}
