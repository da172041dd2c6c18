//go:build e2e

package realserver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/conformance/e2e"
)

// The plugins of plugins/, by role.
const (
	goAPIID  = "com.mmpy.bench.go"
	pyAPIID  = "com.mmpy.bench.py"
	goHookID = "com.mmpy.bench.gohook"
	pyHookID = "com.mmpy.bench.pyhook"
)

// activateTimeout bounds enable -> running; a Python plugin may compile its
// interpreter on its first start.
const activateTimeout = 3 * time.Minute

// env is the server and fixtures shared by every benchmark of the process,
// made on first use (so `go test -tags e2e -run X` without benchmarks starts
// nothing it does not need) and stopped by TestMain.
type env struct {
	srv       *e2e.Server
	user      *e2e.Client // the bench user over TCP (posts)
	userID    string
	channelID string
}

var (
	setupOnce sync.Once
	shared    *env
	setupErr  error
	// running is the server for TestMain and the signal handler.
	running struct {
		sync.Mutex
		srv *e2e.Server
	}
)

func TestMain(m *testing.M) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		if _, ok := <-sigs; ok {
			fmt.Fprintln(os.Stderr, "realserver: interrupted; stopping the server")
			stopServer()
			os.Exit(130)
		}
	}()
	code := m.Run()
	signal.Stop(sigs)
	stopServer()
	os.Exit(code)
}

func stopServer() {
	running.Lock()
	defer running.Unlock()
	running.srv.Stop() // nil-safe
	running.srv = nil
}

// setup starts the server (once per process), makes the bench user, team and
// channel, and installs the four plugins, all disabled.
func setup(tb testing.TB) *env {
	tb.Helper()
	setupOnce.Do(func() { shared, setupErr = start() })
	if setupErr != nil {
		tb.Fatalf("realserver: %v", setupErr)
	}
	return shared
}

func start() (*env, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	t0 := time.Now()
	srv, err := e2e.Start(ctx, e2e.Options{})
	if err != nil {
		return nil, fmt.Errorf("start the Mattermost server: %w", err)
	}
	running.Lock()
	running.srv = srv
	running.Unlock()

	const password = "Passw0rd!bench-Passw0rd"
	u, err := srv.CreateUser(ctx, "benchuser", password, false)
	if err != nil {
		return nil, err
	}
	team, err := srv.CreateTeam(ctx, "bench-team")
	if err != nil {
		return nil, err
	}
	ch, err := srv.CreateChannel(ctx, team.Id, "bench-channel")
	if err != nil {
		return nil, err
	}
	if err := srv.AddMembers(ctx, team.Id, ch.Id, u.Id); err != nil {
		return nil, err
	}
	token, err := srv.Login(ctx, u.Username, password)
	if err != nil {
		return nil, err
	}
	e := &env{srv: srv, user: srv.UserClient(token), userID: u.Id, channelID: ch.Id}

	out, err := os.MkdirTemp("", "mmpy-realserver-bundles-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(out)
	var bundles []string
	for _, dir := range []string{"goapi", "gohook"} {
		b, err := e2e.BuildGoBundle(ctx, "bench/realserver/plugins/"+dir, out)
		if err != nil {
			return nil, err
		}
		bundles = append(bundles, b)
	}
	for _, dir := range []string{"pyapi", "pyhook"} {
		b, err := e2e.BuildPythonBundle(ctx, "bench/realserver/plugins/"+dir, filepath.Join(out, dir+".tar.gz"))
		if err != nil {
			return nil, err
		}
		bundles = append(bundles, b)
	}
	for _, b := range bundles {
		if _, err := srv.UploadPlugin(ctx, b); err != nil {
			return nil, fmt.Errorf("upload %s: %w", filepath.Base(b), err)
		}
	}
	fmt.Fprintf(os.Stderr, "realserver: server, fixtures and plugins ready in %s\n", time.Since(t0).Round(time.Millisecond))
	// A "key: value" line of the benchmark output (benchstat and bench/report
	// keep it with the results).
	if v, err := srv.Version(ctx); err == nil {
		fmt.Printf("mattermost: %s\n", v)
	}
	return e, nil
}

// enableOnly leaves exactly the plugins ids enabled (and running) among the
// four benchmark plugins.
func (e *env) enableOnly(tb testing.TB, ids ...string) {
	tb.Helper()
	ctx := context.Background()
	for _, id := range []string{goAPIID, pyAPIID, goHookID, pyHookID} {
		if slices.Contains(ids, id) {
			continue
		}
		st, err := e.srv.PluginStatus(ctx, id)
		require.NoError(tb, err)
		if st.State != model.PluginStateNotRunning {
			require.NoError(tb, e.srv.DisablePlugin(ctx, id))
			_, err := e.srv.WaitForPluginState(ctx, id, time.Minute, model.PluginStateNotRunning)
			require.NoError(tb, err)
		}
	}
	for _, id := range ids {
		st, err := e.srv.PluginStatus(ctx, id)
		require.NoError(tb, err)
		if st.State == model.PluginStateRunning {
			continue
		}
		require.NoError(tb, e.srv.EnablePlugin(ctx, id))
		st, err = e.srv.WaitForPluginState(ctx, id, activateTimeout, model.PluginStateRunning,
			model.PluginStateFailedToStart, model.PluginStateFailedToStayRunning)
		require.NoError(tb, err)
		require.Equal(tb, model.PluginStateRunning, st.State, "plugin %s: %s", id, st.Error)
	}
}

// batch asks plugin id to make n calls of op and returns the duration of each
// call in ns, as the plugin measured it.
func (e *env) batch(tb testing.TB, id, op string, n int) []int64 {
	tb.Helper()
	q := url.Values{"op": {op}, "n": {strconv.Itoa(n)}, "user_id": {e.userID}, "channel_id": {e.channelID}}
	resp, err := e.srv.Admin.PluginRequest(context.Background(), http.MethodGet, id, "/bench?"+q.Encode(), nil)
	require.NoError(tb, err)
	require.Equal(tb, http.StatusOK, resp.StatusCode, "%s /bench %s: %s", id, op, resp.Body)
	var r struct {
		Op string  `json:"op"`
		N  int     `json:"n"`
		NS []int64 `json:"ns"`
	}
	require.NoError(tb, resp.JSONBody(&r))
	require.Equal(tb, op, r.Op)
	require.Len(tb, r.NS, n, "%s answered %d durations for n=%d", id, len(r.NS), n)
	return r.NS
}

// post creates a post as the bench user and returns the request's latency.
func (e *env) post(tb testing.TB, message string) time.Duration {
	tb.Helper()
	t := time.Now()
	resp, err := e.user.Do(context.Background(), http.MethodPost, "/api/v4/posts",
		map[string]string{"channel_id": e.channelID, "message": message})
	d := time.Since(t)
	require.NoError(tb, err)
	require.Equal(tb, http.StatusCreated, resp.StatusCode, "POST /api/v4/posts: %s", resp.Body)
	return d
}

// cpuMeter reads the CPU time of the server and, optionally, a plugin process.
type cpuMeter struct{ pids []int }

func (e *env) cpuMeter(pluginIDs ...string) cpuMeter {
	m := cpuMeter{pids: []int{e.srv.PID()}}
	for _, id := range pluginIDs {
		m.pids = append(m.pids, e.srv.PluginPID(id))
	}
	return m
}

// read returns the CPU time in ns of all the meter's processes and of the
// plugin processes alone, ok=false when one cannot be read (not Linux,
// process gone).
func (m cpuMeter) read() (all, plugins int64, ok bool) {
	for i, pid := range m.pids {
		ns, err := processCPU(pid)
		if err != nil {
			return 0, 0, false
		}
		all += ns
		if i > 0 {
			plugins += ns
		}
	}
	return all, plugins, true
}

// processCPU is the CPU time in ns of every thread of a process
// (/proc/PID/task/*/schedstat, first field: ns on a CPU), finer than the
// clock ticks of /proc/PID/stat.
func processCPU(pid int) (int64, error) {
	if pid <= 0 {
		return 0, errors.New("no process")
	}
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	if err != nil || len(tasks) == 0 {
		return 0, fmt.Errorf("process %d: no /proc task schedstat", pid)
	}
	var sum int64
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue // a thread that just exited
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			continue
		}
		ns, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", t, err)
		}
		sum += ns
	}
	return sum, nil
}

func percentile(sorted []int64, p int) int64 {
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

func mean(xs []int64) float64 {
	var s float64
	for _, x := range xs {
		s += float64(x)
	}
	return s / float64(len(xs))
}

// split divides n into k parts as evenly as possible.
func split(n, k int) []int {
	parts := make([]int, k)
	for i := range parts {
		parts[i] = n / k
		if i < n%k {
			parts[i]++
		}
	}
	return parts
}

var apiOps = []string{"get_user", "kv_set", "create_post"}

// side is one of the two plugins of a comparison.
type side struct {
	name string // metric prefix: go or shim
	id   string
}

// BenchmarkRealServerAPI: b.N calls of each op in the Go plugin and b.N in
// the Python plugin (shim mode), interleaved in four batches each; metrics
// per plugin: go-ns/call, go-p50-ns, go-p99-ns, go-cpu-ns/call (server +
// plugin process) and the same with shim-.
func BenchmarkRealServerAPI(b *testing.B) {
	e := setup(b)
	e.enableOnly(b, goAPIID, pyAPIID)
	sides := []side{{"go", goAPIID}, {"shim", pyAPIID}}
	for _, op := range apiOps {
		b.Run(op, func(b *testing.B) {
			for _, s := range sides { // warm-up, not measured
				e.batch(b, s.id, op, 20)
			}
			ns := map[string][]int64{}
			cpu := map[string]int64{}
			pcpu := map[string]int64{}
			cpuOK := true
			b.ResetTimer()
			for i, n := range split(b.N, 4) {
				if n == 0 {
					continue
				}
				order := sides
				if i%2 == 1 {
					order = []side{sides[1], sides[0]}
				}
				for _, s := range order {
					meter := e.cpuMeter(s.id)
					c0, p0, ok0 := meter.read()
					ns[s.name] = append(ns[s.name], e.batch(b, s.id, op, n)...)
					c1, p1, ok1 := meter.read()
					cpuOK = cpuOK && ok0 && ok1
					cpu[s.name] += c1 - c0
					pcpu[s.name] += p1 - p0
				}
			}
			b.StopTimer()
			for _, s := range sides {
				v := ns[s.name]
				slices.Sort(v)
				b.ReportMetric(mean(v), s.name+"-ns/call")
				b.ReportMetric(float64(percentile(v, 50)), s.name+"-p50-ns")
				b.ReportMetric(float64(percentile(v, 99)), s.name+"-p99-ns")
				if cpuOK {
					b.ReportMetric(float64(cpu[s.name])/float64(len(v)), s.name+"-cpu-ns/call")
					b.ReportMetric(float64(pcpu[s.name])/float64(len(v)), s.name+"-plugin-cpu-ns/call")
				}
			}
		})
	}
}

// hookState is one setting of the MessageWillBePosted benchmark: which hook
// plugin (if any) is enabled.
type hookState struct {
	name string // metric prefix
	id   string // "" = no plugin
}

// BenchmarkRealServerHook: POST /api/v4/posts latency with no hook plugin,
// with the Go MessageWillBePosted plugin and with the Python one (shim mode),
// b.N posts per state in three rounds (state order rotated each round);
// metrics: none/go/shim-p50-ns (post latency), go-hook-ns and shim-hook-ns
// (p50 difference against none: the hook's dispatch cost as the server sees
// it), and go/shim-hook-cpu-ns (the same difference of server + plugin CPU
// time per post).
func BenchmarkRealServerHook(b *testing.B) {
	e := setup(b)
	states := []hookState{{"none", ""}, {"go", goHookID}, {"shim", pyHookID}}
	lat := map[string][]int64{}
	cpu := map[string]int64{}
	pcpu := map[string]int64{}
	cpuOK := true
	b.ResetTimer()
	for r, n := range split(b.N, 3) {
		if n == 0 {
			continue
		}
		for i := range states {
			st := states[(i+r)%len(states)]
			b.StopTimer()
			var meter cpuMeter
			if st.id == "" {
				e.enableOnly(b)
				meter = e.cpuMeter()
			} else {
				e.enableOnly(b, st.id)
				meter = e.cpuMeter(st.id)
			}
			for range 20 { // warm-up after (re)activation
				e.post(b, "warm-up")
			}
			b.StartTimer()
			c0, p0, ok0 := meter.read()
			for range n {
				lat[st.name] = append(lat[st.name], int64(e.post(b, "bench")))
			}
			c1, p1, ok1 := meter.read()
			cpuOK = cpuOK && ok0 && ok1
			cpu[st.name] += c1 - c0
			pcpu[st.name] += p1 - p0
		}
	}
	b.StopTimer()
	p50 := map[string]float64{}
	cpuPer := map[string]float64{}
	for _, st := range states {
		v := lat[st.name]
		slices.Sort(v)
		p50[st.name] = float64(percentile(v, 50))
		cpuPer[st.name] = float64(cpu[st.name]) / float64(len(v))
		b.ReportMetric(p50[st.name], st.name+"-p50-ns")
		b.ReportMetric(float64(percentile(v, 99)), st.name+"-p99-ns")
	}
	for _, st := range states[1:] {
		b.ReportMetric(p50[st.name]-p50["none"], st.name+"-hook-ns")
		if cpuOK {
			b.ReportMetric(cpuPer[st.name]-cpuPer["none"], st.name+"-hook-cpu-ns")
			b.ReportMetric(float64(pcpu[st.name])/float64(len(lat[st.name])), st.name+"-plugin-cpu-ns/post")
		}
	}
}

// TestRealServerPlugins checks that the twins behave alike: every op answers
// n durations in both API plugins, and both hook plugins let an ordinary post
// through unchanged and block "badword".
func TestRealServerPlugins(t *testing.T) {
	e := setup(t)
	e.enableOnly(t, goAPIID, pyAPIID)
	for _, id := range []string{goAPIID, pyAPIID} {
		for _, op := range apiOps {
			ns := e.batch(t, id, op, 3)
			for _, d := range ns {
				assert.Positive(t, d, "%s %s", id, op)
			}
		}
		resp, err := e.srv.Admin.PluginRequest(t.Context(), http.MethodGet, id, "/bench?op=nope&n=1", nil)
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s: %s", id, resp.Body)
		assert.Contains(t, string(resp.Body), "op must be get_user, kv_set or create_post")
	}
	for _, id := range []string{goHookID, pyHookID} {
		e.enableOnly(t, id)
		ctx := t.Context()
		resp, err := e.user.Do(ctx, http.MethodPost, "/api/v4/posts", map[string]string{"channel_id": e.channelID, "message": "hello " + id})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode, "%s: %s", id, resp.Body)
		var p model.Post
		require.NoError(t, resp.JSONBody(&p))
		assert.Equal(t, "hello "+id, p.Message, "%s passes the post unchanged", id)
		resp, err = e.user.Do(ctx, http.MethodPost, "/api/v4/posts", map[string]string{"channel_id": e.channelID, "message": "a BadWord here"})
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s: %s", id, resp.Body)
		assert.Contains(t, string(resp.Body), "Message blocked", id)
	}
	e.enableOnly(t)
}
