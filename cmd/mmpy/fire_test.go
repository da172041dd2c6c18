package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunFiresAnyHook: `mmpy run --hook NAME=JSON` and `--http` reach the
// plugin and print what it answers.
func TestRunFiresAnyHook(t *testing.T) {
	rt := filepath.Join(repoRoot(), "build", "runtime")
	if _, err := os.Stat(filepath.Join(rt, "python.wasm")); err != nil {
		if os.Getenv("MMPY_REQUIRE_RUNTIME") == "1" {
			t.Fatalf("runtime missing at %s: run make runtime", rt)
		}
		t.Skip("runtime missing: run make runtime")
	}
	root := repoRoot()
	var buf bytes.Buffer
	require.NoError(t, runPluginWith(context.Background(), &buf, filepath.Join(root, "examples", "hello_python"), rt, runFire{
		hooks: []string{`MessageWillBePosted=[{"message":"a badword here"}]`, `UserWillLogIn=[{"id":"u3"}]`, "OnSendDailyTelemetry"},
	}))
	assert.Contains(t, buf.String(), `hook MessageWillBePosted: [null,"Message blocked"]`)
	assert.Contains(t, buf.String(), `hook UserWillLogIn: [""]`)
	assert.Contains(t, buf.String(), `hook OnSendDailyTelemetry: []`)

	buf.Reset()
	require.NoError(t, runPluginWith(context.Background(), &buf, filepath.Join(root, "host", "testdata", "stream"), rt, runFire{
		https: []string{"POST /small abc", "GET /nope"},
	}))
	assert.Contains(t, buf.String(), `http POST /small: 200 OK "cba"`)
	assert.Contains(t, buf.String(), `http GET /nope: 404 Not Found "not found"`)

	for _, bad := range []string{"NoSuchHook", "MessageWillBePosted=[1", "MessageWillBePosted=[5]", "ServeHTTP"} {
		err := runPluginWith(context.Background(), &bytes.Buffer{}, filepath.Join(root, "examples", "hello_python"), rt, runFire{hooks: []string{bad}})
		assert.Error(t, err, bad)
	}
}
