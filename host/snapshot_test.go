package host_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

// snapReport is what host/testdata/snapshot answers to a slash command.
type snapReport struct {
	Imports      int     `json:"imports"`
	Calls        int     `json:"calls"`
	ImportedAt   float64 `json:"imported_at"`
	Now          float64 `json:"now"`
	ImportRandom float64 `json:"import_random"`
	Random       float64 `json:"random"`
	BigOK        bool    `json:"big_ok"`
	Username     string  `json:"username"`
}

func snapStart(t *testing.T, rt *host.Runtime, dir string, opts ...func(*host.Spec)) (*host.Plugin, *logBuf) {
	t.Helper()
	lb := &logBuf{}
	entry := "server/plugin.py"
	if filepath.Base(dir) == "snapshottail" {
		entry = "server/tail.py"
	}
	s := host.Spec{ID: "test." + filepath.Base(dir), RuntimeDir: runtimeDir(t), PluginDir: dir, Entry: entry,
		API: fakeapi.New(), Logger: slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, o := range opts {
		o(&s)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, err := rt.Start(ctx, s)
	require.NoError(t, err)
	return p, lb
}

func stopPlugin(t *testing.T, p *host.Plugin) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, p.Stop(ctx))
}

func report(t *testing.T, p *host.Plugin) snapReport {
	t.Helper()
	resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/report", UserId: "user1"})
	require.Nil(t, aerr)
	var r snapReport
	require.NoError(t, json.Unmarshal([]byte(resp.Text), &r), resp.Text)
	return r
}

// newSnapRuntime is a Runtime with a cache directory of its own (no runtime
// snapshot on disk from other tests).
func newSnapRuntime(t *testing.T, eng string, opts host.Options) *host.Runtime {
	opts.CacheDir, opts.Engine = isolatedCacheDir(t), eng
	rt, err := host.NewRuntime(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close(context.Background()) })
	return rt
}

// A plugin's second start is restored from the snapshot its first start
// took: the import does not run again, its state is there, the clock goes
// on, the random generator is reseeded, API calls, hooks and the
// cooperative interrupt work.
func TestSnapshotRestore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		rt := newSnapRuntime(t, eng, host.Options{Deadlines: host.Deadlines{PerHook: map[string]time.Duration{"ExecuteCommand": time.Second}}})
		dir := filepath.Join(repoRoot(), "host", "testdata", "snapshot")

		first, firstLog := snapStart(t, rt, dir)
		assert.Contains(t, firstLog.String(), `from_snapshot=""`)
		assert.Contains(t, firstLog.String(), "of=runtime")
		assert.Contains(t, firstLog.String(), "of=plugin")
		r1 := report(t, first)
		stopPlugin(t, first)
		assert.Equal(t, 1, strings.Count(firstLog.String(), "snapshot plugin imported"))

		var restored []snapReport
		for i := 0; i < 2; i++ {
			p, lb := snapStart(t, rt, dir)
			assert.Contains(t, lb.String(), "from_snapshot=plugin")
			assert.NotContains(t, lb.String(), "snapshot plugin imported", "a restored guest must not import the plugin again")
			r := report(t, p)
			assert.Equal(t, 1, r.Imports)
			assert.Equal(t, 1, r.Calls, "each restored guest starts from the paused state, not from the previous guest's")
			assert.True(t, r.BigOK)
			assert.Equal(t, "alice", r.Username)
			assert.Equal(t, r1.ImportedAt, r.ImportedAt, "the import-time state is the snapshot's")
			assert.Equal(t, r1.ImportRandom, r.ImportRandom)
			assert.GreaterOrEqual(t, r.Now, r.ImportedAt, "the monotonic clock must not run backwards after a restore")
			restored = append(restored, r)

			// The interrupt target was restored too: a looping hook is
			// interrupted at its deadline and the guest serves on.
			_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/loop", UserId: "user1"})
			require.NotNil(t, aerr)
			assert.Contains(t, lb.String(), "DeadlineExceeded")
			assert.Equal(t, 2, report(t, p).Calls)
			stopPlugin(t, p)
		}
		assert.NotEqual(t, restored[0].Random, restored[1].Random, "restored guests reseed random")
	})
}

// A restart of a crashed guest is restored from the snapshot.
func TestSnapshotRestart(t *testing.T) {
	rt := newSnapRuntime(t, host.EngineWazero, host.Options{})
	p, lb := snapStart(t, rt, filepath.Join(repoRoot(), "host", "testdata", "snapshot"))
	defer stopPlugin(t, p)
	_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/exit"})
	require.NotNil(t, aerr)
	require.Eventually(t, func() bool { return strings.Contains(lb.String(), "python guest restarted") }, time.Minute, 20*time.Millisecond)
	assert.Contains(t, lb.String(), "from_snapshot=plugin")
	assert.Equal(t, 1, report(t, p).Calls)
}

// No plugin snapshot is taken of a plugin with code after run_plugin() (it
// must run at shutdown), nor with snapshots off; the files of a plugin and
// its id are part of the plugin snapshot's key, not of the runtime
// snapshot's, which serves every plugin.
func TestSnapshotNotTaken(t *testing.T) {
	snapDir := filepath.Join(repoRoot(), "host", "testdata", "snapshot")
	tailDir := filepath.Join(repoRoot(), "host", "testdata", "snapshottail")
	t.Run("code after run_plugin", func(t *testing.T) {
		rt := newSnapRuntime(t, host.EngineWazero, host.Options{})
		for i, want := range []string{`from_snapshot=""`, "from_snapshot=runtime"} {
			p, lb := snapStart(t, rt, tailDir)
			stopPlugin(t, p)
			assert.Contains(t, lb.String(), want, "start %d", i+1)
			assert.NotContains(t, lb.String(), "of=plugin")
			assert.Contains(t, lb.String(), "tail plugin imported")
			assert.Contains(t, lb.String(), "tail plugin stopped")
		}
	})
	t.Run("off", func(t *testing.T) {
		rt := newSnapRuntime(t, host.EngineWazero, host.Options{SnapshotAfter: -1})
		for i := 0; i < 2; i++ {
			p, lb := snapStart(t, rt, snapDir)
			stopPlugin(t, p)
			assert.Contains(t, lb.String(), `from_snapshot=""`)
			assert.NotContains(t, lb.String(), "snapshot taken")
			assert.Contains(t, lb.String(), "snapshot plugin imported")
		}
	})
	t.Run("after 2", func(t *testing.T) {
		rt := newSnapRuntime(t, host.EngineWazero, host.Options{SnapshotAfter: 2})
		for i, want := range []string{`from_snapshot=""`, "from_snapshot=runtime", "from_snapshot=plugin"} {
			p, lb := snapStart(t, rt, snapDir)
			stopPlugin(t, p)
			assert.Contains(t, lb.String(), want, "start %d", i+1)
		}
	})
	t.Run("files changed", func(t *testing.T) {
		rt := newSnapRuntime(t, host.EngineWazero, host.Options{})
		dir := t.TempDir()
		require.NoError(t, os.CopyFS(dir, os.DirFS(snapDir)))
		p, _ := snapStart(t, rt, dir)
		stopPlugin(t, p)
		p, lb := snapStart(t, rt, dir)
		stopPlugin(t, p)
		assert.Contains(t, lb.String(), "from_snapshot=plugin")
		// A new file in the plugin (a changed plugin) is imported again,
		// from the runtime snapshot.
		require.NoError(t, os.WriteFile(filepath.Join(dir, "server", "helper.py"), []byte("X = 1\n"), 0o644))
		p, lb = snapStart(t, rt, dir)
		stopPlugin(t, p)
		assert.Contains(t, lb.String(), "from_snapshot=runtime")
		assert.Contains(t, lb.String(), "snapshot plugin imported")
	})
	t.Run("another id", func(t *testing.T) {
		rt := newSnapRuntime(t, host.EngineWazero, host.Options{})
		p, _ := snapStart(t, rt, snapDir)
		stopPlugin(t, p)
		p, lb := snapStart(t, rt, snapDir, func(s *host.Spec) { s.ID = "test.other" })
		stopPlugin(t, p)
		assert.Contains(t, lb.String(), "from_snapshot=runtime")
	})
}

// The runtime snapshot taken while starting one plugin starts another, with
// its own entry point (its own WASI arguments), files and hooks.
func TestSnapshotRuntimeSharedByPlugins(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		rt := newSnapRuntime(t, eng, host.Options{})
		p, _ := snapStart(t, rt, filepath.Join(repoRoot(), "host", "testdata", "snapshot"))
		stopPlugin(t, p)
		tail, lb := snapStart(t, rt, filepath.Join(repoRoot(), "host", "testdata", "snapshottail"))
		assert.Contains(t, lb.String(), "from_snapshot=runtime")
		assert.Contains(t, lb.String(), "tail plugin imported")
		assert.NotContains(t, lb.String(), "snapshot plugin imported")
		resp, aerr := tail.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/x"})
		require.Nil(t, aerr)
		assert.Equal(t, "tail", resp.Text)
		assert.Equal(t, []string{"ExecuteCommand"}, tail.Implemented())
		stopPlugin(t, tail)
		assert.Contains(t, lb.String(), "tail plugin stopped")
	})
}

// isolatedCacheDir is a cache directory of its own whose compiled code is
// the shared compilation cache's (linked, not copied), so that what a test
// writes there (snapshots) stays its own.
func isolatedCacheDir(t *testing.T) string {
	dir := t.TempDir()
	entries, err := os.ReadDir(compileCacheDir())
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() && e.Name() != "snapshots" {
			require.NoError(t, os.Symlink(filepath.Join(compileCacheDir(), e.Name()), filepath.Join(dir, e.Name())))
		}
	}
	return dir
}

// The runtime snapshot is kept on disk: a new process (a new Runtime) starts
// its first plugin from it; a damaged file is removed and ignored.
func TestSnapshotOnDisk(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		cache := isolatedCacheDir(t)
		newRT := func() *host.Runtime {
			rt, err := host.NewRuntime(context.Background(), host.Options{CacheDir: cache, Engine: eng})
			require.NoError(t, err)
			t.Cleanup(func() { _ = rt.Close(context.Background()) })
			return rt
		}
		dir := filepath.Join(repoRoot(), "host", "testdata", "snapshot")
		p, lb := snapStart(t, newRT(), dir)
		stopPlugin(t, p)
		assert.Contains(t, lb.String(), `from_snapshot=""`)
		var files []string
		require.Eventually(t, func() bool {
			files, _ = filepath.Glob(filepath.Join(cache, "snapshots", "*.snap"))
			return len(files) == 1
		}, 30*time.Second, 20*time.Millisecond, "the runtime snapshot is written to the cache")

		p, lb = snapStart(t, newRT(), filepath.Join(repoRoot(), "host", "testdata", "snapshottail"))
		assert.Contains(t, lb.String(), "from_snapshot=runtime", "a new Runtime starts its first plugin from the file")
		resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/x"})
		require.Nil(t, aerr)
		assert.Equal(t, "tail", resp.Text)
		stopPlugin(t, p)

		// A damaged file: refused (checksum), removed, the plugin starts afresh.
		b, err := os.ReadFile(files[0])
		require.NoError(t, err)
		b[len(b)/2] ^= 0xff
		require.NoError(t, os.WriteFile(files[0], b, 0o600))
		p, lb = snapStart(t, newRT(), dir)
		stopPlugin(t, p)
		assert.Contains(t, lb.String(), "ignoring a damaged runtime snapshot")
		assert.Contains(t, lb.String(), `from_snapshot=""`)
		assert.Contains(t, lb.String(), "snapshot plugin imported")
	})
}

// A plugin that fails at import after a restore of the runtime snapshot
// fails once, with its traceback: it is not retried afresh, and the runtime
// snapshot stays for the next plugin.
func TestSnapshotBrokenPluginFailsOnce(t *testing.T) {
	rt := newSnapRuntime(t, host.EngineWazero, host.Options{})
	p, _ := snapStart(t, rt, filepath.Join(repoRoot(), "host", "testdata", "snapshot"))
	stopPlugin(t, p)
	lb := &logBuf{}
	_, err := rt.Start(context.Background(), host.Spec{ID: "broken", RuntimeDir: runtimeDir(t),
		PluginDir: filepath.Join(repoRoot(), "host", "testdata", "broken"), Entry: "server/plugin.py",
		Logger: slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "boom at import")
	assert.Equal(t, 1, strings.Count(lb.String(), "boom at import\""), "imported once: %s", lb.String())
	assert.NotContains(t, lb.String(), "starting it afresh")
	p, lb = snapStart(t, rt, filepath.Join(repoRoot(), "host", "testdata", "snapshottail"))
	stopPlugin(t, p)
	assert.Contains(t, lb.String(), "from_snapshot=runtime")
}
