package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// serverModulePath is the Go module of the Mattermost server that
// conformance/mmserver (and conformance/mmserver95) pins.
const serverModulePath = "github.com/mattermost/mattermost/server/v8"

// Logf receives the harness's progress lines (t.Logf fits). The harness also
// writes each line to stderr, so a slow step shows even when the test output
// is buffered.
type Logf func(format string, args ...any)

func (l Logf) printf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	fmt.Fprintln(os.Stderr, "e2e: "+line)
	if l != nil {
		l("%s", line)
	}
}

// RepoRoot returns the root of the mmpy repository (the directory holding the
// root go.mod). It is found from this source file's path, so it does not depend
// on the working directory of the test; if the path is unusable (a -trimpath
// build), it walks up from the working directory instead.
func RepoRoot() (string, error) {
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		root := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
		if isRepoRoot(root) {
			return root, nil
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if isRepoRoot(dir) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("e2e: cannot find the mmpy repository root (go.mod of github.com/mmpy/mmpy)")
		}
		dir = parent
	}
}

func isRepoRoot(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return f[1] == "github.com/mmpy/mmpy"
		}
	}
	return false
}

// ServerEnv is the environment variable that picks the Mattermost server the
// harness builds and runs: unset, empty or "current" for conformance/mmserver
// (the newest server that builds, 11.4), "9.5" for conformance/mmserver95 (the
// 9.5 extended-support release, the oldest server the shim supports).
const ServerEnv = "MMPY_E2E_SERVER"

// serverVariants maps the values of ServerEnv to the wrapper module (a
// directory under conformance/) that pins that server.
var serverVariants = map[string]string{
	"":        "mmserver",
	"current": "mmserver",
	"9.5":     "mmserver95",
}

// ServerVariant returns the value of ServerEnv, checked against the servers
// the harness knows.
func ServerVariant() (string, error) {
	v := strings.TrimSpace(os.Getenv(ServerEnv))
	if _, ok := serverVariants[v]; !ok {
		return "", fmt.Errorf("e2e: %s=%q names no server the harness can build; use \"current\" (or leave it unset) or \"9.5\"", ServerEnv, v)
	}
	return v, nil
}

// serverModuleDir returns the wrapper module of the server that ServerEnv
// picks: conformance/mmserver by default.
func serverModuleDir() (string, error) {
	v, err := ServerVariant()
	if err != nil {
		return "", err
	}
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "conformance", serverVariants[v]), nil
}

// goEnv is the environment for go commands run by the harness: module mode
// without a workspace, and no checksum database for the Mattermost modules
// (it is not reachable from the project's machines; go.sum pins them).
func goEnv(extra ...string) []string {
	env := make([]string, 0, len(os.Environ())+len(extra)+3)
	for _, kv := range os.Environ() {
		switch {
		case strings.HasPrefix(kv, "GOWORK="), strings.HasPrefix(kv, "GOFLAGS="):
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "GOWORK=off", "GOFLAGS=-mod=mod")
	if os.Getenv("GONOSUMDB") == "" {
		env = append(env, "GONOSUMDB=github.com/mattermost")
	}
	return append(env, extra...)
}

// runGo runs the go command in dir and returns its stdout; on failure the
// error carries stderr.
func runGo(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("go %s (in %s): %w\n%s", strings.Join(args, " "), dir, err, tail(stderr.String(), 60))
	}
	return stdout.Bytes(), nil
}

// ServerCacheKey is the cache key of the server binary: the SHA-256 of the
// server module's go.mod, go.sum and main.go (conformance/mmserver, or the one
// ServerEnv picks) and of `go version`.
func ServerCacheKey(ctx context.Context) (string, error) {
	dir, err := serverModuleDir()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, name := range []string{"go.mod", "go.sum", "main.go"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return "", fmt.Errorf("e2e: server module: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", name, len(data))
		h.Write(data)
	}
	version, err := runGo(ctx, dir, goEnv(), "version")
	if err != nil {
		return "", err
	}
	h.Write(version)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// serverCacheRoot is ~/.cache/mmpy/mattermost (honouring XDG_CACHE_HOME).
func serverCacheRoot() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "mmpy", "mattermost"), nil
}

// BuildServer returns the path of the Mattermost server binary built from
// conformance/mmserver (or the module ServerEnv picks), building it when the
// cache has no binary for the current ServerCacheKey. A cold build takes 2–5 minutes on 2 cores; progress
// goes to logf and stderr. The binary is written atomically (build to a
// temporary name, then rename) under a file lock, so concurrent test processes
// build it once and never see half a file.
func BuildServer(ctx context.Context, logf Logf) (string, error) {
	key, err := ServerCacheKey(ctx)
	if err != nil {
		return "", err
	}
	root, err := serverCacheRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, key)
	bin := filepath.Join(dir, "mattermost")
	if isExecutable(bin) {
		logf.printf("server binary from cache: %s", bin)
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	unlock, err := lockFile(filepath.Join(dir, "build.lock"))
	if err != nil {
		return "", fmt.Errorf("e2e: lock server cache: %w", err)
	}
	defer unlock()
	if isExecutable(bin) { // built by another process while we waited
		logf.printf("server binary from cache: %s", bin)
		return bin, nil
	}

	modDir, err := serverModuleDir()
	if err != nil {
		return "", err
	}
	tmp := fmt.Sprintf("%s.tmp-%d", bin, os.Getpid())
	defer os.Remove(tmp)
	logf.printf("building the Mattermost server from %s (takes 2-5 min cold; cached afterwards in %s)", modDir, dir)
	start := time.Now()
	stop := heartbeat(logf, "still building the Mattermost server", start)
	_, err = runGo(ctx, modDir, goEnv(), "build", "-o", tmp, ".")
	stop()
	if err != nil {
		return "", fmt.Errorf("e2e: build the Mattermost server: %w", err)
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", err
	}
	logf.printf("built the Mattermost server in %s: %s", time.Since(start).Round(time.Second), bin)
	return bin, nil
}

// heartbeat prints msg every 30 s until the returned function is called.
func heartbeat(logf Logf, msg string, start time.Time) func() {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				logf.printf("%s (%s)", msg, time.Since(start).Round(time.Second))
			}
		}
	}()
	return func() { close(done) }
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// ServerModuleDir returns the directory of the pinned server module in the Go
// module cache (downloading it if needed). It holds i18n/, templates/ and
// fonts/, which the server wants in its working directory.
func ServerModuleDir(ctx context.Context) (string, error) {
	modDir, err := serverModuleDir()
	if err != nil {
		return "", err
	}
	out, err := runGo(ctx, modDir, goEnv(), "mod", "download", "-json", serverModulePath)
	if err != nil {
		return "", err
	}
	var info struct {
		Dir   string
		Error string
	}
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("e2e: go mod download -json: %w", err)
	}
	if info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("e2e: go mod download %s: %s", serverModulePath, info.Error)
	}
	return info.Dir, nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	s = strings.TrimRight(s, "\n")
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// tailFile returns the last n lines of a file, or a note why it cannot.
func tailFile(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	if len(data) > 1<<20 {
		data = data[len(data)-1<<20:]
	}
	return tail(string(data), n)
}
