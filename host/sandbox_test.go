package host_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
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

// probeSpec is a Spec for the probe plugin (testdata/probe) in a private copy
// of its folder, so tests can plant files and symlinks next to it.
func probeSpec(t *testing.T, id string) (host.Spec, string, *logBuf) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join(repoRoot(), "host", "testdata", "probe"))))
	lb := &logBuf{}
	return host.Spec{
		ID: id, RuntimeDir: runtimeDir(t), PluginDir: dir, Entry: "server/plugin.py", API: fakeapi.New(),
		Logger: slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}, dir, lb
}

func startSpec(t *testing.T, r *host.Runtime, s host.Spec) *host.Plugin {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
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

// probe runs Python source in the plugin's ExecuteCommand and returns the
// text it answered (result, or "ExcType: message").
func probe(t *testing.T, p *host.Plugin, source string) string {
	t.Helper()
	resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/probe " + source})
	require.Nil(t, aerr, "probe %q", source)
	return resp.Text
}

func TestSandboxFiles(t *testing.T) { forEachEngine(t, testSandboxFiles) }

func testSandboxFiles(t *testing.T, eng string) {
	s, dir, _ := probeSpec(t, "test.sandbox.files")
	secret := filepath.Join(t.TempDir(), "secret.txt")
	require.NoError(t, os.WriteFile(secret, []byte("host secret"), 0o600))
	// Symlinks planted in the plugin's folder, pointing out of it.
	require.NoError(t, os.Symlink(secret, filepath.Join(dir, "abs-link")))
	rel, err := filepath.Rel(filepath.Join(dir, "server"), secret)
	require.NoError(t, err)
	require.NoError(t, os.Symlink(rel, filepath.Join(dir, "server", "rel-link")))
	require.NoError(t, os.Symlink("/etc", filepath.Join(dir, "etc-dir")))
	// A symlink that stays inside is fine.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "inside.txt"), []byte("inside"), 0o644))
	require.NoError(t, os.Symlink("../inside.txt", filepath.Join(dir, "server", "ok-link")))
	scratch := t.TempDir()
	s.Scratch = scratch
	p := startSpec(t, sharedRuntimeOn(t, eng), s)

	read := func(path string) string {
		return probe(t, p, "result = open("+pyStr(path)+").read()")
	}
	assert.Equal(t, "inside", read("/plugin/server/ok-link"))
	for _, path := range []string{
		"/etc/passwd", "/plugin/../etc/passwd", "/plugin/../../../../etc/passwd", "../etc/passwd",
		"/plugin/abs-link", "/plugin/server/rel-link", "/plugin/etc-dir/passwd", secret,
		"/scratch/../plugin/../../etc/passwd",
	} {
		got := read(path)
		assert.True(t, strings.HasPrefix(got, "FileNotFoundError") || strings.HasPrefix(got, "PermissionError"),
			"%s must not be readable, got %q", path, got)
		assert.NotContains(t, got, "host secret")
		assert.NotContains(t, got, "root:")
	}
	// There is no root directory to list; only the mounts exist.
	assert.Contains(t, probe(t, p, "import os; result = os.listdir('/')"), "FileNotFoundError")
	assert.Equal(t, "[True, True, True, False, False, False]", probe(t, p,
		"import os; result = [os.path.isdir(d) for d in ('/plugin', '/usr/local', '/scratch', '/etc', '/tmp', '/home')]"))
	assert.Contains(t, probe(t, p, "import os; result = os.stat('/plugin/abs-link')"), "PermissionError")

	// The bundle is read-only; the scratch directory is writable.
	// (OSError on wazero, PermissionError, a subclass, on wasmtime.)
	assert.Regexp(t, `^(OSError|PermissionError): `, probe(t, p, "open('/plugin/new.txt', 'w')"))
	assert.Equal(t, "5", probe(t, p, "result = open('/scratch/a.txt', 'w').write('hello')"))
	assert.Equal(t, "hello", probe(t, p, "result = open('/scratch/a.txt').read()"))
	b, err := os.ReadFile(filepath.Join(scratch, "a.txt"))
	require.NoError(t, err)
	assert.Equal(t, "hello", string(b))
	assert.Equal(t, "/scratch", probe(t, p, "import tempfile; result = tempfile.gettempdir()"))
	assert.Equal(t, "True", probe(t, p, "import tempfile\nwith tempfile.NamedTemporaryFile() as f: f.write(b'x'); result = True"))

	// The guest cannot make links (a link out of scratch would be an escape).
	assert.Contains(t, probe(t, p, "import os; os.symlink('../../../etc/passwd', '/scratch/l')"), "PermissionError")
	assert.Contains(t, probe(t, p, "import os; os.symlink('/etc/passwd', '/scratch/l')"), "PermissionError")
	assert.Contains(t, probe(t, p, "import os; os.link('/scratch/a.txt', '/scratch/b.txt')"), "PermissionError")
	_, err = os.Lstat(filepath.Join(scratch, "l"))
	assert.True(t, os.IsNotExist(err))

	// The environment holds only what the policy sets.
	env := probe(t, p, "import os; result = sorted(os.environ)")
	assert.Equal(t, "['HOME', 'LANG', 'PYTHONDONTWRITEBYTECODE', 'PYTHONHOME', 'PYTHONPATH', 'PYTHONSAFEPATH', 'PYTHONUNBUFFERED', 'TMPDIR']", env)
}

func TestSandboxNoScratchByDefault(t *testing.T) { forEachEngine(t, testSandboxNoScratchByDefault) }

func testSandboxNoScratchByDefault(t *testing.T, eng string) {
	s, _, _ := probeSpec(t, "test.sandbox.noscratch")
	p := startSpec(t, sharedRuntimeOn(t, eng), s)
	assert.Equal(t, "[True, True, False, False]", probe(t, p,
		"import os; result = [os.path.isdir(d) for d in ('/plugin', '/usr/local', '/scratch', '/tmp')]"))
	assert.Contains(t, probe(t, p, "open('/tmp/x', 'w')"), "FileNotFoundError")
	assert.Contains(t, probe(t, p, "import tempfile; tempfile.mkstemp()"), "FileNotFoundError")
}

func TestScratchQuota(t *testing.T) { forEachEngine(t, testScratchQuota) }

func testScratchQuota(t *testing.T, eng string) {
	s, _, lb := probeSpec(t, "test.sandbox.quota")
	scratch := t.TempDir()
	s.Scratch, s.ScratchQuota = scratch, 1<<20
	p := startSpec(t, sharedRuntimeOn(t, eng), s)

	// 1 MiB quota, 4 KiB per entry: a 900 KiB file fits, a second one is cut short.
	assert.Equal(t, "921600", probe(t, p, "result = open('/scratch/a', 'wb').write(b'x' * 900 * 1024)"))
	got := probe(t, p, "f = open('/scratch/b', 'wb', buffering=0)\nresult = f.write(b'y' * 900 * 1024)")
	n := 1<<20 - 921600 - 2*4096
	assert.Equal(t, itoa(n), got, "a write past the quota is cut short")
	got = probe(t, p, "f = open('/scratch/b', 'ab', buffering=0)\nresult = f.write(b'y')")
	assert.Equal(t, "OSError: [Errno 29] I/O error", got, "then it fails")
	assert.Contains(t, lb.String(), "a write to /scratch was refused: its quota of 1048576 bytes is used up")
	// Sparse files count in full; truncate cannot grow past the quota either.
	assert.Contains(t, probe(t, p, "f = open('/scratch/c', 'wb'); f.seek(10**12); f.write(b'z'); f.close()"), "OSError")
	assert.Contains(t, probe(t, p, "import os; os.truncate('/scratch/a', 10**9)"), "OSError")
	// Deleting frees the space again.
	assert.Equal(t, "921600", probe(t, p, "import os\nfor n in os.listdir('/scratch'): os.remove('/scratch/' + n)\nresult = open('/scratch/d', 'wb').write(b'x' * 900 * 1024)"))
	st, err := os.Stat(filepath.Join(scratch, "d"))
	require.NoError(t, err)
	assert.EqualValues(t, 921600, st.Size())
	// Many empty files: entries count too.
	got = probe(t, p, "import os\nn = 0\ntry:\n    while True:\n        open(f'/scratch/e{n}', 'w').close(); n += 1\nexcept OSError:\n    result = n")
	assert.Equal(t, itoa((1<<20-921600-4096)/4096), got)
	// Directories count as entries too.
	assert.Contains(t, probe(t, p, "import os; os.mkdir('/scratch/sub')"), "OSError: [Errno 29]")
	// Writes through a directory descriptor and at an offset are counted
	// like the others (here in a fresh subdirectory: 3 entries in all).
	got = probe(t, p, "import os\nfor n in os.listdir('/scratch'):\n    if n.startswith('e'): os.remove('/scratch/' + n)\n"+
		"os.mkdir('/scratch/sub')\nd = os.open('/scratch/sub', os.O_RDONLY)\nfd = os.open('f', os.O_WRONLY | os.O_CREAT, dir_fd=d)\n"+
		"result = os.pwrite(fd, b'x' * 200 * 1024, 0)\nos.close(fd); os.close(d)")
	assert.Equal(t, itoa(1<<20-921600-3*4096), got)
}

func pyStr(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

func itoa(n int) string { return strconv.Itoa(n) }

// BenchmarkScratchWrite: one 4 KiB os.write that extends a file in /scratch,
// with the default quota and without one (ScratchQuota < 0), per engine.
func BenchmarkScratchWrite(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		for _, quota := range []int64{0, -1} {
			b.Run(fmt.Sprintf("quota=%t", quota == 0), func(b *testing.B) {
				dir := b.TempDir()
				lb := &logBuf{}
				p, err := sharedRuntimeOn(b, eng).Start(context.Background(), host.Spec{
					ID: "test.bench.scratch", RuntimeDir: runtimeDir(b), PluginDir: filepath.Join(repoRoot(), "host", "testdata", "probe"),
					Entry: "server/plugin.py", API: fakeapi.New(), Scratch: dir, ScratchQuota: quota,
					Logger: slog.New(slog.NewTextHandler(lb, nil)),
				})
				require.NoError(b, err)
				defer func() { _ = p.Stop(context.Background()) }()
				src := fmt.Sprintf("import os\nfd = os.open('/scratch/bench', os.O_WRONLY | os.O_CREAT)\nbuf = b'x' * 4096\n"+
					"for i in range(%d):\n    if i %% 256 == 0: os.ftruncate(fd, 0); os.lseek(fd, 0, 0)\n    os.write(fd, buf)\n"+
					"os.close(fd)\nresult = 'done'", b.N)
				b.ResetTimer()
				resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/probe " + src})
				b.StopTimer()
				require.Nil(b, aerr)
				require.Equal(b, "done", resp.Text, lb.String())
			})
		}
	})
}

// BenchmarkScratchStart: Start (to ready) and Stop of hello_python with a
// scratch directory, with the default quota and without one, per engine
// (on wasmtime the quota's shadows sit in front of every path_open).
func BenchmarkScratchStart(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, eng string) {
		for _, quota := range []int64{0, -1} {
			b.Run(fmt.Sprintf("quota=%t", quota == 0), func(b *testing.B) {
				r := sharedRuntimeOn(b, eng)
				for i := 0; i < b.N; i++ {
					p, err := r.Start(context.Background(), host.Spec{
						ID: "test.bench.start", RuntimeDir: runtimeDir(b), PluginDir: filepath.Join(repoRoot(), "examples", "hello_python"),
						Entry: "server/plugin.py", API: fakeapi.New(), Scratch: b.TempDir(), ScratchQuota: quota,
					})
					require.NoError(b, err)
					require.NoError(b, p.Stop(context.Background()))
				}
			})
		}
	})
}
