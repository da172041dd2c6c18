package main

import (
	"fmt"
	"io"
	"strings"
)

// The real-server comparison (bench/realserver): the same API calls and the
// same MessageWillBePosted filter in a Go plugin and in an mmpy plugin (shim
// mode) on a real Mattermost server, in the same run. Each row compares the
// shim's median with the Go plugin's median of the same benchmark.

// shimTarget is issue 11's target for shim mode: at most this many times the
// Go plugin's latency.
const shimTarget = 1.2

// pairRow is one row of the real-server table: a benchmark that reports the
// same metric for both plugins, as go-<metric> and shim-<metric>.
type pairRow struct {
	label, bench string
	metric       string // without the go-/shim- prefix
	// also are further metrics shown as ratios beside the main one.
	also []pairExtra
	// target: judge the ratio against shimTarget.
	target bool
}

type pairExtra struct{ label, metric string }

func realServerRows() []pairRow {
	var out []pairRow
	for _, op := range []string{"get_user", "kv_set", "create_post"} {
		out = append(out, pairRow{
			label:  "API call `" + op + "` (mean per call, timed inside the plugin)",
			bench:  "RealServerAPI/" + op,
			metric: "ns/call",
			also:   []pairExtra{{"p50", "p50-ns"}, {"p99", "p99-ns"}, {"CPU per call, server + plugin process", "cpu-ns/call"}},
			target: true,
		})
	}
	out = append(out,
		pairRow{
			label:  "MessageWillBePosted dispatch as the server sees it (p50 of `POST /api/v4/posts` with the plugin − without)",
			bench:  "RealServerHook",
			metric: "hook-ns",
			also:   []pairExtra{{"CPU per post, server + plugin process, with − without", "hook-cpu-ns"}},
			target: true,
		},
		pairRow{
			label:  "`POST /api/v4/posts` p50 with the MessageWillBePosted plugin",
			bench:  "RealServerHook",
			metric: "p50-ns",
			also:   []pairExtra{{"p99", "p99-ns"}},
		},
	)
	return out
}

// hasRealServer tells whether the results hold any real-server benchmark.
func hasRealServer(res *Results) bool {
	for name := range res.Values {
		if strings.HasPrefix(name, "RealServer") {
			return true
		}
	}
	return false
}

// ratioOf returns shim/go of the medians of metric, ok=false when either is
// missing or the Go value is not positive (a difference within the noise).
func ratioOf(res *Results, bench, metric string) (goS, shimS Stat, ratio float64, ok bool) {
	g, gok := res.Get(bench, "go-"+metric)
	s, sok := res.Get(bench, "shim-"+metric)
	if !gok || !sok || g.Median <= 0 {
		return g, s, 0, false
	}
	return g, s, s.Median / g.Median, true
}

// RealServerTable computes the rows of the real-server table.
func RealServerTable(res *Results) []Line {
	var lines []Line
	for _, r := range realServerRows() {
		l := Line{Label: r.label, Ours: "not measured", Base: "not measured", Ratio: "—", Target: "—"}
		if r.target {
			l.Target = fmt.Sprintf("≤ %.1f× the Go plugin", shimTarget)
		}
		g, gok := res.Get(r.bench, "go-"+r.metric)
		s, sok := res.Get(r.bench, "shim-"+r.metric)
		if gok {
			l.Base = fmtStat(latency, g)
		}
		if sok {
			l.Ours = fmtStat(latency, s)
		}
		_, _, ratio, ok := ratioOf(res, r.bench, r.metric)
		switch {
		case ok:
			l.Ratio = fmt.Sprintf("%.2f×", ratio)
			var extras []string
			for _, e := range r.also {
				eg, es, er, eok := ratioOf(res, r.bench, e.metric)
				if eok {
					extras = append(extras, fmt.Sprintf("%s: %s vs %s, %.2f×", e.label, fmtVal(latency, eg.Median), fmtVal(latency, es.Median), er))
				}
			}
			if len(extras) > 0 {
				l.Ratio += " (" + strings.Join(extras, "; ") + ")"
			}
		case gok && sok:
			l.Ratio = "— (the Go plugin's value is not above the noise)"
		}
		switch {
		case !r.target:
			l.Status = ""
		case !ok && gok && sok:
			l.Status = "inconclusive"
		case !ok:
			l.Status = "not measured"
		case ratio <= shimTarget:
			l.Status = "**met**"
		default:
			l.Status = "unmet"
		}
		lines = append(lines, l)
	}
	return lines
}

// writeRealServer writes the real-server section of docs/benchmarks.md.
func writeRealServer(w io.Writer, res *Results) {
	fmt.Fprintf(w, "\n## Real server: shim vs Go plugin\n\n")
	if !hasRealServer(res) {
		fmt.Fprintf(w, "Not measured in this run (bench/realserver, build tag e2e: `make bench` runs it; it needs\n"+
			"PostgreSQL and builds the Mattermost server from the Go module proxy).\n")
		return
	}
	none := ""
	if s, ok := res.Get("RealServerHook", "none-p50-ns"); ok {
		none = fmt.Sprintf(" Without any MessageWillBePosted plugin, `POST /api/v4/posts` took %s (p50; min / median %s).",
			fmtVal(latency, s.Median), fmtStat(latency, s))
	}
	version := res.Config["mattermost"]
	if version == "" {
		version = "version not recorded"
	}
	fmt.Fprintf(w, "A real Mattermost server (%s, built from the Go module proxy, with its own PostgreSQL, on the\n"+
		"same machine) runs a Go plugin and its mmpy twin in shim mode (bench/realserver). Values are min / median\n"+
		"over the runs; the ratio is the shim's median over the Go plugin's; the target is issue 11's.%s\n\n", version, none)
	fmt.Fprintf(w, "| Metric | Go plugin (min / median) | mmpy, shim mode (min / median) | Shim / Go | Target (issue 11) | Status |\n")
	fmt.Fprintf(w, "|---|---|---|---|---|---|\n")
	for _, l := range RealServerTable(res) {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", l.Label, l.Base, l.Ours, l.Ratio, l.Target, l.Status)
	}
}

const realServerNotes = `- **Real server: shim vs Go plugin** (bench/realserver, build tag ` + "`e2e`" + `): conformance/e2e starts a real
  Mattermost 11.4 server with its own PostgreSQL once per run and installs four plugins in twin pairs with
  the same behaviour: a Go plugin (` + "`plugin.ClientMain`" + `, server/public v0.4.4) and a Python plugin bundled
  by ` + "`mmpy bundle`" + ` and run by cmd/mmpy-shim. **API calls**: a ServeHTTP route of each plugin
  (` + "`/bench?op=get_user&n=N`" + `) makes N calls in a loop and returns the duration of every call, measured
  inside the plugin with a monotonic clock (Go ` + "`time.Now`" + `, Python ` + "`time.perf_counter_ns`" + `), so the REST request
  that starts a batch does not count; both plugins' batches are interleaved (Go, Python, Python, Go) against
  drift in the machine's load. ` + "`create_post`" + ` runs no hook (no MessageWillBePosted plugin is enabled then).
  The CPU time is that of the server and the plugin process together (/proc schedstat), per call.
  The calls run back to back, so the faster plugin also leaves the server less time to finish the
  asynchronous work of each post (websocket events, notifications) before the next: ` + "`create_post`" + `'s
  numbers are mostly the server's and the database's, not the plugin's.
  **MessageWillBePosted**: its cost as the server sees it is the difference of the median latency of
  ` + "`POST /api/v4/posts`" + ` (as a user, over HTTP) with the plugin enabled and with no plugin enabled; the three
  states (none, Go, Python) take turns in three rounds with their order rotated (b.N posts per state in all,
  after 20 unmeasured ones at each switch). The server's
  own plugin hook metrics cannot be used: they need a sourceavailable build with a licence (or a "dev"
  build number).
`
