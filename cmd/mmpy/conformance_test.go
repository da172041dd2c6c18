package main

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"encoding/json"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/conformance"
	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/bundle"
	"github.com/mmpy/mmpy/internal/manifest"
)

// TestConformanceCommand: `mmpy conformance --run ... --json` prints the
// table for every engine compiled in and writes one JSON row per scenario
// and engine.
func TestConformanceCommand(t *testing.T) {
	rt := testRuntimeDir(t)
	out := filepath.Join(t.TempDir(), "conformance.json")
	var buf bytes.Buffer
	require.NoError(t, runConformance(context.Background(), &buf, conformanceFlags{runtime: rt, jsonOut: out, run: `^(api/KVGet#|hooks/ServeHTTP$|errors/ExecuteCommand-raises$)`}))
	for _, eng := range host.Engines() {
		assert.Regexp(t, `conformance: api +`+eng+` +4/4 +0`, buf.String())
		assert.Regexp(t, `conformance: hooks +`+eng+` +1/1 `, buf.String())
		assert.Regexp(t, `conformance: errors +`+eng+` +1/1 `, buf.String())
	}
	var rows []conformance.Result
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &rows))
	assert.Len(t, rows, 6*len(host.Engines()))
	for _, r := range rows {
		assert.True(t, r.Pass, "%+v", r)
		assert.Contains(t, host.Engines(), r.Target)
	}
}

// TestConformanceCommandFails: a golden file the guest does not satisfy
// fails the command, naming the scenario and the difference.
func TestConformanceCommandFails(t *testing.T) {
	rt := testRuntimeDir(t)
	dir := t.TempDir()
	src := filepath.Join(repoRoot(), "conformance", "testdata")
	for _, g := range conformance.Groups {
		b, err := os.ReadFile(filepath.Join(src, g+".json"))
		require.NoError(t, err)
		if g == "hooks" {
			// The guest answers what the instruction says; the wanted body differs.
			b = []byte(strings.Replace(string(b), `"body":"YW5zd2VyIG9mIFNlcnZlSFRUUA=="`, `"body":"YW5zd2VyIG9mIFNlcnZlSFRUUSE="`, 1))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, g+".json"), b, 0o644))
	}
	var buf bytes.Buffer
	err := runConformance(context.Background(), &buf, conformanceFlags{runtime: rt, golden: dir, run: `^hooks/Serve`, engines: []string{host.EngineWazero}, failuresPerTarget: 5})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1 of 2 scenario runs failed")
	assert.Contains(t, buf.String(), `hooks/ServeHTTP: HTTP body "answer of ServeHTTP", want "answer of ServeHTTQ!"`)
	assert.Contains(t, buf.String(), "conformance: FAILED hooks/ServeHTTP on wazero")
}

// TestConformanceCommandErrors: bad flags name the fix.
func TestConformanceCommandErrors(t *testing.T) {
	err := runConformance(context.Background(), &bytes.Buffer{}, conformanceFlags{run: "nothing-matches-this"})
	require.ErrorContains(t, err, "matches no scenario")
	err = runConformance(context.Background(), &bytes.Buffer{}, conformanceFlags{run: "("})
	require.ErrorContains(t, err, "--run")
	err = runConformance(context.Background(), &bytes.Buffer{}, conformanceFlags{engines: []string{"v8"}, runtime: t.TempDir()})
	require.ErrorContains(t, err, `unknown Options.Engine "v8"`)
	err = runConformance(context.Background(), &bytes.Buffer{}, conformanceFlags{hostBin: filepath.Join(t.TempDir(), "nope"), runtime: t.TempDir()})
	require.ErrorContains(t, err, "not an executable file")
}

// TestRunEngineFlag: `mmpy run --engine` selects the engine; an unknown or
// missing one is a clear error.
func TestRunEngineFlag(t *testing.T) {
	hello := filepath.Join(repoRoot(), "examples", "hello_python")
	err := runPluginWith(context.Background(), &bytes.Buffer{}, hello, t.TempDir(), runFire{engine: "v8"})
	require.ErrorContains(t, err, `unknown Options.Engine "v8": use one of`)
	rt := testRuntimeDir(t)
	for _, eng := range host.Engines() {
		var buf bytes.Buffer
		require.NoError(t, runPluginWith(context.Background(), &buf, hello, rt, runFire{engine: eng, commands: []string{"/hello"}}))
		assert.Contains(t, buf.String(), " on "+eng+" in ")
	}
}

// TestBundleEngineWasmtime: `mmpy bundle --engine wasmtime` builds the shim
// with -tags wasmtime (cgo) for this platform and records the engine in
// plugin.json.
func TestBundleEngineWasmtime(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cmd/mmpy-shim with cgo")
	}
	rt := testRuntimeDir(t)
	if goruntime.GOOS+"-"+goruntime.GOARCH != "linux-amd64" && goruntime.GOOS+"-"+goruntime.GOARCH != "linux-arm64" {
		t.Skip("bundles are for linux servers")
	}
	out := filepath.Join(t.TempDir(), "hello.tar.gz")
	cmd := newRoot()
	var stderr bytes.Buffer
	cmd.SetErr(&stderr)
	cmd.SetArgs([]string{"bundle", filepath.Join(repoRoot(), "examples", "hello_python"), "-o", out, "--runtime", rt, "--engine", "wasmtime"})
	require.NoError(t, cmd.ExecuteContext(context.Background()), "%s", stderr.String())
	assert.Contains(t, stderr.String(), "building the wasmtime shim")
	root, err := bundle.Extract(out, t.TempDir())
	require.NoError(t, err)
	m, err := manifest.Load(root)
	require.NoError(t, err)
	require.NotNil(t, m.Server.Python)
	assert.Equal(t, "wasmtime", m.Server.Python.Engine)
	platform := goruntime.GOOS + "-" + goruntime.GOARCH
	require.Len(t, m.Server.Executables, 1)
	bi, err := buildinfo.ReadFile(filepath.Join(root, filepath.FromSlash(m.Server.Executables[platform])))
	require.NoError(t, err)
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	assert.Equal(t, "wasmtime", settings["-tags"])
	assert.Equal(t, "1", settings["CGO_ENABLED"])

	cmd = newRoot()
	cmd.SetArgs([]string{"bundle", filepath.Join(repoRoot(), "examples", "hello_python"), "-o", out, "--runtime", rt, "--engine", "v8"})
	require.ErrorContains(t, cmd.ExecuteContext(context.Background()), `--engine "v8": use wazero or wasmtime`)
}
