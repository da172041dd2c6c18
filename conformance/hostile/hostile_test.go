// Package hostile_test is the hostile-plugin suite: plugins that attack the
// host (CPU, memory, stack, logs, files, sockets, the ABI, bundle archives)
// next to a well-behaved plugin in the same Runtime. Every case asserts
// containment: the good plugin keeps answering correctly and promptly, the
// hostile one gets a clear failure (and is interrupted, restarted or given up
// as the limits say), nothing outside its sandbox changes, the log stays
// bounded and says what happened. It runs on every engine compiled in
// (wazero; wasmtime with -tags wasmtime). See conformance/README.md.
package hostile_test

import (
	"context"
	"fmt"
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

// TestHostilePlugins makes testdata/hostile misbehave in one way per case
// while host/testdata/probe, in the same Runtime, is pinged every 20 ms.
func TestHostilePlugins(t *testing.T) {
	forEachEngine(t, testHostilePlugins)
}

func testHostilePlugins(t *testing.T, eng string) {
	r := newRuntime(t, hostileOptions(eng))
	t.Setenv("MMPY_TEST_SECRET", "hunter2") // the host's environment must stay invisible
	good := startGood(t, r)

	// The hostile plugin's surroundings: its folder and scratch directory
	// inside outside/, next to a secret, with symlinks planted in its folder
	// that point out of it (absolute, relative, and to its parent).
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("host secret"), 0o600))
	pdir := copyPlugin(t, testdata("hostile"), filepath.Join(outside, "plugin"))
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(pdir, "server", "leak_abs")))
	require.NoError(t, os.Symlink("../../secret.txt", filepath.Join(pdir, "server", "leak_rel")))
	require.NoError(t, os.Symlink("../..", filepath.Join(pdir, "server", "up")))
	scratch := filepath.Join(outside, "scratch")
	require.NoError(t, os.Mkdir(scratch, 0o700))
	before := snapshot(t, outside, "scratch")

	api := fakeapi.New()
	lb := &logBuf{}
	bad := startSpec(t, r, host.Spec{
		ID: "test.hostile", RuntimeDir: runtimeDir(t), PluginDir: pdir,
		Entry: "server/plugin.py", API: api, Scratch: scratch, Logger: lb.logger(),
	})

	run := func(what string) (*model.CommandResponse, *model.AppError) {
		return bad.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/hostile " + what})
	}
	// serving waits until the hostile plugin answers again (after a restart).
	serving := func(t *testing.T) {
		require.Eventually(t, func() bool {
			resp, aerr := run("snoop")
			return aerr == nil && resp.Text == "[]"
		}, 60*time.Second, 100*time.Millisecond, "the hostile plugin is served again")
	}

	cases := []struct {
		what  string
		check func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, gen int)
	}{
		// An infinite Python loop in a hook: interrupted at its deadline.
		{"spin", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
			require.NotNil(t, aerr)
			assert.Contains(t, aerr.Error(), "deadline")
			assert.Contains(t, lb.String(), "python hook exceeded its deadline and was interrupted")
			if bad.Generation() != gen {
				// Only if the loaded machine did not let it unwind within the grace period.
				t.Logf("the interrupted guest was replaced (generation %d -> %d)", gen, bad.Generation())
				serving(t)
			}
		}},
		// An infinite loop inside C: stopped (hard stop) and replaced.
		{"cspin", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
			require.NotNil(t, aerr)
			assert.Contains(t, aerr.Error(), "deadline")
			serving(t)
			assert.Greater(t, bad.Generation(), gen, "a guest stuck in C is stopped and replaced")
			assert.Contains(t, lb.String(), "python guest is stuck")
		}},
		// Catastrophic regex backtracking (C): the same.
		{"regex", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
			require.NotNil(t, aerr)
			serving(t)
			assert.Greater(t, bad.Generation(), gen)
		}},
		// Memory bomb: MemoryError at the linear-memory cap.
		{"oom", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, _ int) {
			failedWith(t, aerr, "MemoryError")
			serving(t)
		}},
		// Recursion bombs, in Python and in C.
		{"recurse", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, _ int) {
			failedWith(t, aerr, "RecursionError")
			serving(t)
		}},
		{"crecurse", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, _ int) {
			require.NotNil(t, aerr, "C recursion ends in RecursionError or a trapped (restarted) guest")
			serving(t)
		}},
		// before "stdout", whose flood spends the log budget the truncated line needs
		{"longline", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, _ int) {
			require.Nil(t, aerr)
			assert.Equal(t, "wrote a 64 MiB line", resp.Text)
			assert.Contains(t, lb.String(), fmt.Sprintf("[line truncated: %d of %d bytes shown]", host.DefaultLogMaxLine, 64<<20))
		}},
		// 1 GiB to stdout: rate-limited, the drops summarised.
		{"stdout", func(t *testing.T, _ *model.CommandResponse, _ *model.AppError, _ int) {
			// Finished or interrupted at its deadline: either way the log stays small.
			require.Eventually(t, func() bool { return strings.Contains(lb.String(), "plugin test.hostile: dropped ") }, 10*time.Second, 50*time.Millisecond)
			serving(t)
		}},
		// Filling the scratch directory: refused at the quota.
		{"scratch", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, _ int) {
			require.Nil(t, aerr)
			assert.Equal(t, fmt.Sprintf("%d 29", 4<<20-4096), resp.Text, "written up to the quota, then EIO")
			st, err := os.Stat(filepath.Join(scratch, "fill"))
			require.NoError(t, err)
			assert.EqualValues(t, 4<<20-4096, st.Size(), "the host holds no more than the quota")
			// Reported by the host even though the guest's log budget is spent.
			assert.Contains(t, lb.String(), "a write to /scratch was refused: its quota of 4194304 bytes is used up")
		}},
		// Reads of /etc/passwd, /proc, `..` paths, symlinks out of /plugin, secrets in the environment.
		{"snoop", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, _ int) {
			require.Nil(t, aerr)
			assert.Equal(t, "[]", resp.Text, "no host file or secret is visible")
		}},
		// Writes and links outside /scratch (read-only mounts, `..`, symlinks).
		{"writes", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, _ int) {
			require.Nil(t, aerr)
			assert.Equal(t, "[]", resp.Text, "nothing could be written, linked or moved outside /scratch")
			assert.Equal(t, before, snapshot(t, outside, "scratch"), "nothing outside the scratch directory changed")
		}},
		// A socket: refused with an error that names the egress API.
		{"sockets", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, _ int) {
			require.Nil(t, aerr)
			assert.Contains(t, resp.Text, "refused: [Errno 58] sockets are not available in the mmpy plugin sandbox")
		}},
		// Oversized and malformed ABI messages from Python (_mmpy.call).
		{"abi", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, gen int) {
			require.Nil(t, aerr)
			assert.Equal(t, "ABIError ABIError accepted", resp.Text, "oversized and malformed messages are refused with an error code")
			assert.Equal(t, gen, bad.Generation())
			assert.Contains(t, lb.String(), "mmpy: the guest misused the ABI: call(ptr=")
			assert.Contains(t, lb.String(), "refused with ETOOBIG: the length exceeds the message cap of 2097152 bytes")
		}},
		// A hook answer over the message cap.
		{"bigresult", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
			require.NotNil(t, aerr, "an answer over the message cap is not delivered")
			assert.Contains(t, aerr.DetailedError, "MessageTooLarge")
			assert.Contains(t, aerr.DetailedError, "more than the host's message cap allows")
			assert.Equal(t, gen, bad.Generation(), "the same guest answers with an error instead")
		}},
		// The API (and API logging) in a tight loop: interrupted, logs rate-limited.
		{"apiloop", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, _ int) {
			require.NotNil(t, aerr)
			assert.Contains(t, aerr.Error(), "deadline")
			calls := api.CallsTo("GetUser")
			logs := len(api.LogLines())
			assert.Greater(t, calls, 50, "the loop ran")
			// 100 burst + 50/s over the 4-7 s the loop ran (plus slack).
			assert.Less(t, logs, 100+50*10, "API log calls are rate-limited (%d GetUser calls)", calls)
			t.Logf("apiloop: %d API calls, %d log lines let through", calls, logs)
		}},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			pg := startPinger(good)
			gen := bad.Generation()
			resp, aerr := run(c.what)
			c.check(t, resp, aerr, gen)
			pg.finish(t)
			assert.Less(t, len(lb.String()), 8<<20, "the hostile plugin's log stays bounded")
		})
	}

	// An infinite loop at import: Start fails when its context ends, with
	// the traceback of the interrupted loop; the good plugin is unaffected.
	t.Run("importloop", func(t *testing.T) {
		pg := startPinger(good)
		// Long enough for the interpreter to boot on a loaded machine (and
		// announce its interrupt target), then the loop has to be interrupted.
		const startTimeout = 10 * time.Second
		ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
		defer cancel()
		t0 := time.Now()
		_, err := r.Start(ctx, host.Spec{ID: "test.importloop", RuntimeDir: runtimeDir(t), PluginDir: hostTestdata("importloop"),
			Entry: "server/plugin.py", API: fakeapi.New()})
		require.Error(t, err)
		assert.Less(t, time.Since(t0), startTimeout+15*time.Second, "interrupted within the grace period")
		assert.Contains(t, err.Error(), "plugin test.importloop did not become ready")
		assert.Contains(t, err.Error(), "its import was interrupted")
		assert.Contains(t, err.Error(), "DeadlineExceeded")
		assert.Contains(t, err.Error(), "plugin.py")
		pg.finish(t)
	})

	// Repeated crashes: restarted with backoff, each step logged, then given up.
	t.Run("crashloop", func(t *testing.T) {
		pg := startPinger(good)
		for i := 0; ; i++ {
			require.Less(t, i, 10, "given up after a bounded number of crashes")
			serving := false
			require.Eventually(t, func() bool {
				select {
				case <-bad.Done():
					return true
				default:
				}
				_, aerr := run("snoop")
				serving = aerr == nil
				return serving
			}, 90*time.Second, 100*time.Millisecond)
			if !serving {
				break
			}
			_, aerr := run("abort")
			require.NotNil(t, aerr)
		}
		logs := lb.String()
		assert.Contains(t, logs, "python guest crashed; restarting it")
		assert.Contains(t, logs, "python guest restarted")
		assert.Contains(t, logs, "giving up after repeated crashes")
		_, aerr := run("snoop")
		require.NotNil(t, aerr, "a given-up plugin answers with failures")
		pg.finish(t)
	})

	// Nothing outside the sandbox changed; the scratch directory holds only
	// what the scratch case wrote.
	assert.Equal(t, before, snapshot(t, outside, "scratch"))
	entries, err := os.ReadDir(scratch)
	require.NoError(t, err)
	for _, e := range entries {
		assert.Equal(t, "fill", e.Name(), "only the scratch case's file is in the scratch directory")
	}
}

// failedWith asserts a hostile hook failed with want in its error, or, on a
// machine too loaded to get there within the deadline, at its deadline:
// either way it was contained.
func failedWith(t *testing.T, aerr *model.AppError, want string) {
	t.Helper()
	require.NotNil(t, aerr)
	if !strings.Contains(aerr.DetailedError, want) {
		assert.Contains(t, aerr.Error(), "deadline", "failed with neither %s nor the deadline", want)
		t.Logf("hit the deadline before %s (a loaded machine): %s", want, aerr.Error())
	}
}
