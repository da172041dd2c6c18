package hostile_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/fakeapi"
)

var (
	abiGuestOnce sync.Once
	abiGuestDir  string
	abiGuestErr  error
)

// abiGuestRuntime builds testdata/abiguest (a Go program against the raw
// ABI) for wasip1 and returns a runtime directory whose python.wasm it is:
// what a malicious bundle could ship in mmpy/runtime/. The build is cached
// in ~/.cache/mmpy/abiguest/<hash of its inputs>.
func abiGuestRuntime(t *testing.T) string {
	abiGuestOnce.Do(func() { abiGuestDir, abiGuestErr = buildABIGuest() })
	require.NoError(t, abiGuestErr)
	return abiGuestDir
}

func buildABIGuest() (string, error) {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		if gobin, err = exec.LookPath("go"); err != nil {
			return "", fmt.Errorf("building testdata/abiguest needs the go command: %w", err)
		}
	}
	src := filepath.Join(testdata("abiguest"), "main.go")
	h := sha256.New()
	for _, f := range []string{src, filepath.Join(repoRoot(), "go.mod"), filepath.Join(repoRoot(), "go.sum")} {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		h.Write(b)
	}
	h.Write([]byte(runtime.Version()))
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "mmpy", "abiguest", hex.EncodeToString(h.Sum(nil))[:16])
	wasm := filepath.Join(dir, "python.wasm")
	if _, err := os.Stat(wasm); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp := fmt.Sprintf("%s.%d.tmp", wasm, os.Getpid())
	cmd := exec.Command(gobin, "build", "-o", tmp, src)
	cmd.Dir = repoRoot()
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build testdata/abiguest for wasip1: %w\n%s", err, out)
	}
	return dir, os.Rename(tmp, wasm)
}

// abiGuestSpec is a Spec for the ABI guest with /plugin/mode set to mode
// ("" = none).
func abiGuestSpec(t *testing.T, id, mode string, lb *logBuf) host.Spec {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "plugin.json"),
		[]byte(`{"id": "com.mmpy.test.abiguest", "version": "0.0.1", "server": {"executable": "server/plugin.py", "runtime": "python"}}`), 0o644))
	if mode != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "mode"), []byte(mode), 0o644))
	}
	return host.Spec{ID: id, RuntimeDir: abiGuestRuntime(t), PluginDir: dir, Entry: "server/plugin.py", API: fakeapi.New(), Logger: lb.logger()}
}

// TestHostileABIGuest: a guest that is not CPython misuses every import of
// the ABI with raw pointers and lengths (out of bounds, wrapping, over the
// message cap), garbage protobuf and calls out of order, answers hooks with
// malformed responses, and wedges. Each misuse gets its error code and one
// log line naming the import and the problem; the host and the good plugin
// keep serving.
func TestHostileABIGuest(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		r := newRuntime(t, hostileOptions(eng))
		good := startGood(t, r)
		lb := &logBuf{}
		pg := startPinger(good)
		bad := startSpec(t, r, abiGuestSpec(t, "test.abiguest", "", lb))
		pg.finish(t)
		logs := lb.String()
		for _, want := range []string{
			"interrupt_info(ptr=0x", "len=20) refused with EPROTO: its length must be 24 bytes",
			"interrupt_info(ptr=0xffff0000, len=24) refused with EFAULT: the range is outside guest memory",
			"refused with ESTATE: call before hello",
			"refused with ESTATE: ret before hello",
			"refused with ENOFRAME: no reply is pending",
			"hello(ptr=0xffff0000, len=64) refused with EFAULT: the range is outside guest memory",
			"len=1073741824) refused with ETOOBIG: the length exceeds the message cap of 2097152 bytes",
			"refused with EPROTO: not a GuestHello protobuf",
			"refused with ESTATE: the pending reply is",
			"this python.wasm does not announce its interrupt target",
		} {
			assert.Contains(t, logs, want)
		}
		assert.Equal(t, 1, strings.Count(logs, "hello(ptr=0xffff"), "the second EFAULT of hello (a wrapping pointer) is not logged again")
		assert.Equal(t, 1, strings.Count(logs, "refused with EPROTO: its length"), "nor the second EPROTO of interrupt_info (a garbage struct)")

		cmd := func(what string) (*model.CommandResponse, *model.AppError) {
			return bad.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/abi " + what})
		}
		cases := []struct {
			what  string
			check func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, gen int)
		}{
			{"probe", func(t *testing.T, resp *model.CommandResponse, aerr *model.AppError, gen int) {
				require.Nil(t, aerr)
				assert.Equal(t, strings.Join([]string{
					// before hello
					"interrupt_info.short=-3", "interrupt_info.oob=-1", "interrupt_info.garbage=-3",
					"call.early=-4", "ret.early=-4", "recv.early=-2",
					"hello.oob=-1", "hello.wrap=-1", "hello.huge=-5", "hello.garbage=-3",
					"recv.short=-4", "recv.oob=-1",
					// inside a hook
					"call.oob=-1", "call.wrap=-1", "call.huge=-5", "call.garbage=-3",
					"ret.oob=-1", "ret.garbage=-3", "ret.huge=-5", "recv.none=-2", "hello.again=-4",
					// well-formed API calls still work
					"api.unknown=mmpy.api.unavailable", "api.garbage=mmpy.api.bad_request", "api.GetUser=alice",
				}, " "), resp.Text, "every misuse got its error code (abi/ABI.md §6), the guest kept running")
				assert.Equal(t, gen, bad.Generation())
				assert.Contains(t, lb.String(), "ret(ptr=0xffff0000, len=16) refused with EFAULT")
				assert.Contains(t, lb.String(), "refused with EPROTO: not a HookResult protobuf")
				assert.Contains(t, lb.String(), "refused with ESTATE: hello was already accepted")
			}},
			{"garbage", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
				require.NotNil(t, aerr)
				assert.Contains(t, aerr.DetailedError, "plugin test.abiguest: hook ExecuteCommand: malformed response from guest")
				assert.Contains(t, lb.String(), "hook response rejected")
				assert.Equal(t, gen, bad.Generation(), "the same guest keeps serving")
			}},
			{"badjson", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
				require.NotNil(t, aerr)
				assert.Contains(t, aerr.DetailedError, "hook ExecuteCommand: the handler's return value is not valid")
				assert.Equal(t, gen, bad.Generation())
			}},
			{"wedge", func(t *testing.T, _ *model.CommandResponse, aerr *model.AppError, gen int) {
				require.NotNil(t, aerr)
				assert.Contains(t, aerr.Error(), "deadline of 4s passed and the guest cannot be interrupted (no interrupt_info)")
				require.Eventually(t, func() bool {
					resp, aerr := cmd("ok")
					return aerr == nil && resp.Text == "ok"
				}, 60*time.Second, 100*time.Millisecond, "a new guest serves")
				assert.Greater(t, bad.Generation(), gen, "the wedged guest was stopped and replaced")
				assert.Contains(t, lb.String(), "python guest is stuck")
			}},
		}
		for _, c := range cases {
			t.Run(c.what, func(t *testing.T) {
				pg := startPinger(good)
				gen := bad.Generation()
				resp, aerr := cmd(c.what)
				c.check(t, resp, aerr, gen)
				resp, aerr = cmd("ok")
				require.Nil(t, aerr, "the ABI guest serves the next hook")
				assert.Equal(t, "ok", resp.Text)
				pg.finish(t)
			})
		}
		assert.Less(t, len(lb.String()), 1<<20, "a guest repeating a misuse cannot flood the log")

		// Misbehaviour before the guest is ready: Start fails with an error
		// saying why, the good plugin is unaffected.
		for _, c := range []struct{ mode, want string }{
			{"exit", "failed to start: guest exited with status 3"},
			{"badversion", "speaks mmpy ABI v99 but this host speaks v1"},
			{"loop", "did not become ready: context deadline exceeded; its import was abandoned: the guest has not announced its interrupt target (interrupt_info), so it cannot be interrupted"},
		} {
			t.Run("start-"+c.mode, func(t *testing.T) {
				pg := startPinger(good)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				t0 := time.Now()
				_, err := r.Start(ctx, abiGuestSpec(t, "test.abiguest."+c.mode, c.mode, &logBuf{}))
				require.Error(t, err)
				assert.Contains(t, err.Error(), "plugin test.abiguest."+c.mode)
				assert.Contains(t, err.Error(), c.want)
				assert.Less(t, time.Since(t0), 30*time.Second)
				pg.finish(t)
			})
		}
	})
}
