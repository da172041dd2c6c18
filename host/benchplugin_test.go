package host_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
)

// TestBenchPlugin keeps the benchmarks' plugin (testdata/bench) and its CPU
// workloads working: every "/api" command runs and answers a duration, and
// the API calls reach the fake with the benchmarks' arguments.
func TestBenchPlugin(t *testing.T) {
	p, api := benchPlugin(t, host.EngineWazero)
	run := func(cmd string) float64 {
		resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: cmd})
		require.Nil(t, aerr, cmd)
		if strings.HasPrefix(resp.Text, "{") { // API calls answer JSON (total, p50, p99, codec)
			var r struct {
				Total float64 `json:"total_ns"`
				Codec float64 `json:"codec_ns"`
			}
			require.NoError(t, json.Unmarshal([]byte(resp.Text), &r), cmd)
			assert.Positive(t, r.Codec, cmd)
			return r.Total
		}
		ns, err := strconv.ParseFloat(resp.Text, 64)
		require.NoError(t, err, cmd)
		return ns
	}
	for _, m := range []string{"get_user", "kv_set", "create_post"} {
		assert.Positive(t, run("/api "+m+" 2"), m)
	}
	assert.Equal(t, 2, api.CallsTo("GetUser"))
	assert.Equal(t, []byte("0123456789"), api.KV["bench"])
	require.Len(t, api.Posts, 2)
	assert.Equal(t, "bench", api.Posts[1].Message)
	for _, w := range cpuWorkloads {
		assert.Positive(t, run(fmt.Sprintf("/api cpu:%s 1", w)), w)
	}
	_, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/api cpu:nope 1"})
	require.NotNil(t, aerr, "an unknown workload is an error")
	assert.Contains(t, aerr.Error(), "nope")
}

// TestNativeWorkloads: workloads.py's native protocol ("NAME N" -> "ok WALL
// CPU") on the native CPython BenchmarkNativeCPU uses.
func TestNativeWorkloads(t *testing.T) {
	cmd := exec.Command(nativePython(t), filepath.Join(repoRoot(), "host", "testdata", "bench", "server", "workloads.py"))
	var in strings.Builder
	for _, w := range cpuWorkloads {
		fmt.Fprintf(&in, "%s 1\n", w)
	}
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Len(t, lines, 1+len(cpuWorkloads), "ready + one answer per workload: %q", out)
	assert.Equal(t, "ready", lines[0])
	for i, l := range lines[1:] {
		f := strings.Fields(l)
		require.Len(t, f, 3, l)
		assert.Equal(t, "ok", f[0])
		for _, v := range f[1:] {
			n, err := strconv.ParseInt(v, 10, 64)
			require.NoError(t, err, l)
			assert.Positive(t, n, cpuWorkloads[i])
		}
	}
}
