// Package realserver benchmarks mmpy's shim mode against an ordinary Go
// plugin on a real Mattermost server (issue 11: "in shim mode ≤ 1.2× the Go
// plugin's latency").
//
// The benchmarks are behind the build tag e2e: they start a real Mattermost
// 11.4 server with its own PostgreSQL through conformance/e2e, so the ordinary
// `go test ./...` never does. `make bench` runs them:
//
//	go test -tags e2e -run '^$' -bench . -benchtime 2000x -count 5 ./bench/realserver/
//
// Four plugins, in twin pairs with the same behaviour (plugins/):
//
//   - goapi (Go, plugin.ClientMain, server/public v0.4.4) and pyapi (Python,
//     bundled by `mmpy bundle`, run by cmd/mmpy-shim): ServeHTTP
//     /bench?op=OP&n=N makes N calls of one API method (get_user, kv_set,
//     create_post) and answers the duration of each call, measured inside the
//     plugin with a monotonic clock, so the REST request that starts the batch
//     does not count.
//   - gohook and pyhook: MessageWillBePosted only, the allow path of a content
//     filter (posts pass unchanged).
//
// BenchmarkRealServerAPI/<op> runs b.N calls in each plugin, interleaved in
// batches (Go, Python, Python, Go, ...) so that drift in the machine's load
// hits both alike, and reports per plugin the mean, p50 and p99 per call and
// the CPU time per call of the server and plugin processes together
// (cpu-ns/call) and of the plugin process alone (plugin-cpu-ns/call).
//
// BenchmarkRealServerHook measures MessageWillBePosted as the server sees
// it: the latency of POST /api/v4/posts with no hook plugin enabled, with
// gohook enabled and with pyhook enabled, b.N posts in each state, in three
// rounds with the states' order rotated; the hook's cost is the difference
// of the medians (and of the server and plugin CPU time per post) against the
// state without a plugin (plugin-cpu-ns/post: the plugin process alone). The
// server's own plugin hook metrics are not
// available: they need a build with the sourceavailable tag and a licence
// (or a "dev" build number).
//
// Profiling the shim (docs/RATIONALE.md, "Shim mode on a real server"): the
// server's environment reaches the plugin processes, so
// MMPY_SHIM_CPUPROFILE=DIR makes every shim write a Go CPU profile to
// DIR/<plugin id>.<pid>.pprof at OnDeactivate, and MMPY_SHIM_TRACE=DIR an
// execution trace (.trace; `go tool trace -d=parsed` lists its events:
// goroutine hand-offs, thread wake-ups, syscalls). For the kernel and the
// scheduler too, use perf on the running shim: build an unstripped shim over
// the runtime's (`CGO_ENABLED=0 go build -trimpath -o
// build/runtime/shim/mmpy-shim-linux-amd64 ./cmd/mmpy-shim`; `make runtime`
// puts the stripped one back), run the benchmark with a large -benchtime,
// `perf record -F 4000 -g -p PID` and `perf stat -e
// task-clock,context-switches -p PID` on the shim's process (its executable
// is under the server's plugins/<id>/server/dist/), then copy the unstripped
// binary to SYMFS/<that path> and `perf report --symfs=SYMFS`. Guest code
// shows as [JIT].
package realserver
