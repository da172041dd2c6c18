package main

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// kind says how a metric is shown and how its ratio reads.
type kind int

const (
	latency    kind = iota // ns; ratio = baseline / ours ("× faster")
	speed                  // ns; ratio = baseline / ours, read as a speed fraction ("× native")
	megabytes              // MB; no baseline
	throughput             // per second; ratio = ours / baseline ("× more")
)

type ref struct{ name, unit string }

// row is one line of the table: our metric, its baseline measured in the same
// run (optional) and the target (optional).
type row struct {
	label string
	ours  ref
	base  *ref
	// cpuUnit, when set, is the CPU-time metric both benchmarks also report;
	// its ratio is shown beside the wall-time one (CPU time is inflated far
	// less by other load on the machine).
	cpuUnit  string
	baseName string
	kind     kind
	target   string
	// met judges the target from our median and the median ratio
	// (NaN without a baseline); nil = no target.
	met func(ours, ratio float64) bool
	// optional rows (the second engine's) are left out when not measured.
	optional bool
}

func us(v float64) float64 { return v * 1e3 } // µs -> ns

func rows() []row {
	out := engineRows("wazero", true, []string{"get_user", "kv_set", "create_post"})
	return append(out, engineRows("wasmtime", false, []string{"get_user", "kv_set"})...)
}

// engineRows are one engine's rows: the same metrics, targets and baselines
// for each engine. The default engine's (def) benchmarks carry no engine in
// their names (Parse strips "/engine=wazero") and its labels no engine name
// except on guest CPU; it alone has the throughput and RSS rows. A second
// engine's rows come from the host benchmarks built with -tags wasmtime
// (make bench's BENCH_TAGS) and are left out when not measured.
func engineRows(eng string, def bool, apiMethods []string) []row {
	name := func(bench, rest string) string {
		if def {
			return bench + rest
		}
		return bench + "/engine=" + eng + rest
	}
	named := func(label string) string {
		if def {
			return label
		}
		return label + " (" + eng + ")"
	}
	sees, activation := "Python sees", "python.wasm compiled; instantiate, start the interpreter, import, ready"
	if !def {
		sees, activation = sees+", "+eng, eng
	}
	var out []row
	for _, m := range apiMethods {
		out = append(out, row{
			label: "API call `" + m + "` (" + sees + ")", ours: ref{name("APICall", "/"+m), "guest-ns/call"},
			base: &ref{"GRPCAPICall/" + m, "guest-ns/call"}, baseName: "gRPC (grpcio → Go)", kind: latency, cpuUnit: "cpu-ns/call",
			target: "≥ 7× faster than gRPC and ≤ 5 µs",
			met:    func(o, r float64) bool { return r >= 7 && o <= us(5) }, optional: !def,
		})
	}
	out = append(out, row{
		label: named("MessageWillBePosted dispatch"), ours: ref{name("HookMessageWillBePosted", ""), "ns/op"},
		base: &ref{"GRPCHookMessageWillBePosted", "ns/op"}, baseName: "gRPC (Go → grpcio server)", kind: latency, cpuUnit: "cpu-ns/op",
		target: "≤ 15 µs", met: func(o, _ float64) bool { return o <= us(15) }, optional: !def,
	})
	if def {
		out = append(out, row{
			label: "MessageWillBePosted throughput, 64 concurrent callers, one plugin", ours: ref{"HookParallel", "hooks/s"},
			base: &ref{"GRPCHookParallel", "hooks/s"}, baseName: "gRPC (Go → grpcio server)", kind: throughput,
		})
	}
	for _, w := range []string{"fib", "nbody", "json", "regex"} {
		out = append(out, row{
			label: "guest CPU `" + w + "` (" + eng + ")", ours: ref{name("GuestCPU", "/"+w), "cpu-ns/op"},
			base: &ref{"NativeCPU/" + w, "cpu-ns/op"}, baseName: "native CPython 3.13", kind: speed,
			target: "≥ 0.5× native", met: func(_, r float64) bool { return r >= 0.5 }, optional: !def,
		})
	}
	out = append(out,
		row{label: "activation, warm cache (" + activation + ")", ours: ref{name("StartWarm", ""), "ns/op"}, kind: latency,
			target: "≤ 150 ms", met: func(o, _ float64) bool { return o <= 150e6 }, optional: !def},
		row{label: named("activation in a new process, caches warm (compile from the on-disk cache, runtime snapshot from disk, import the plugin, ready: a shim's start)"), ours: ref{name("StartNewRuntime", ""), "ns/op"}, kind: latency,
			target: "≤ 150 ms", met: func(o, _ float64) bool { return o <= 150e6 }, optional: true},
		row{label: named("activation, a plugin's first start from the runtime snapshot (restore, import the plugin, ready)"), ours: ref{name("StartRuntimeSnapshot", ""), "ns/op"}, kind: latency,
			target: "≤ 150 ms", met: func(o, _ float64) bool { return o <= 150e6 }, optional: true},
		row{label: named("activation from the plugin's snapshot (instantiate, restore memory, ready)"), ours: ref{name("StartSnapshot", ""), "ns/op"}, kind: latency,
			target: "≤ 30 ms", met: func(o, _ float64) bool { return o <= 30e6 }, optional: true},
		row{label: named("compile python.wasm, no cache"), ours: ref{name("Compile", "/cold"), "ns/op"}, kind: latency, optional: !def},
		row{label: named("compile python.wasm, on-disk cache"), ours: ref{name("Compile", "/cached"), "ns/op"}, kind: latency, optional: !def},
	)
	if def {
		out = append(out, row{label: "RSS per plugin (examples/multitenant)", ours: ref{"RSSPerPlugin", "MB/plugin"}, kind: megabytes,
			target: "≤ 15 MB", met: func(o, _ float64) bool { return o <= 15 }})
	}
	return out
}

func fmtVal(k kind, v float64) string {
	if v < 0 { // a difference of two noisy measurements can come out negative
		return "−" + fmtVal(k, -v)
	}
	switch k {
	case megabytes:
		return fmt.Sprintf("%.1f MB", v)
	case throughput:
		return fmt.Sprintf("%.0f/s", v)
	}
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2f s", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.1f ms", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1f µs", v/1e3)
	default:
		return fmt.Sprintf("%.0f ns", v)
	}
}

func fmtStat(k kind, s Stat) string {
	return fmt.Sprintf("%s / %s", fmtVal(k, s.Min), fmtVal(k, s.Median))
}

// Line is a computed table row.
type Line struct {
	Label, Ours, Base, Ratio, Target, Status string
}

// Table computes the table's lines from the results.
func Table(res *Results) []Line {
	var lines []Line
	for _, r := range rows() {
		l := Line{Label: r.label, Ours: "not measured", Base: "—", Ratio: "—", Target: r.target}
		o, ok := res.Get(r.ours.name, r.ours.unit)
		if !ok && r.optional {
			continue
		}
		ratio := math.NaN()
		if ok {
			l.Ours = fmtStat(r.kind, o)
		}
		if r.base != nil {
			if b, bok := res.Get(r.base.name, r.base.unit); bok {
				l.Base = fmtStat(r.kind, b) + " (" + r.baseName + ")"
				if ok {
					ratio = b.Median / o.Median
					switch r.kind {
					case speed:
						l.Ratio = fmt.Sprintf("%.2f× native", ratio)
					case throughput:
						ratio = o.Median / b.Median
						l.Ratio = fmt.Sprintf("%.1f× more", ratio)
					default:
						l.Ratio = fmt.Sprintf("%.1f× faster", ratio)
					}
					if r.cpuUnit != "" {
						oc, ook := res.Get(r.ours.name, r.cpuUnit)
						bc, bok := res.Get(r.base.name, r.cpuUnit)
						if ook && bok {
							l.Ratio += fmt.Sprintf(" (CPU time per op: %s vs %s, %.1f× less)",
								fmtVal(r.kind, oc.Median), fmtVal(r.kind, bc.Median), bc.Median/oc.Median)
						}
					}
				}
			} else {
				l.Base = "not measured (" + r.baseName + ")"
			}
		}
		switch {
		case r.met == nil:
			l.Target = "—"
			l.Status = ""
		case !ok || (r.base != nil && math.IsNaN(ratio)):
			l.Status = "not measured"
		case r.met(o.Median, ratio):
			l.Status = "**met**"
		default:
			l.Status = "unmet"
		}
		lines = append(lines, l)
	}
	return lines
}

// Meta describes the run for the document's header.
type Meta struct {
	Date, Machine, Runtime, Command string
	Runs                            int
}

// WriteMarkdown writes docs/benchmarks.md.
func WriteMarkdown(w io.Writer, res *Results, m Meta) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# mmpy benchmarks\n\n")
	fmt.Fprintf(&b, "Generated by `make bench` (bench/report) — do not edit by hand.\n\n")
	fmt.Fprintf(&b, "- Date: %s\n- Machine: %s\n- Runtime: %s\n- Command: `%s`\n\n", m.Date, m.Machine, m.Runtime, m.Command)
	fmt.Fprintf(&b, "Each value is **min / median over %d runs** (`go test -count`) of the mean per operation;\n", m.Runs)
	fmt.Fprintf(&b, "ratios and targets use the medians. Every metric and its baseline come from the same run\n")
	fmt.Fprintf(&b, "(the machine is shared and noisy: compare ratios, not absolute numbers across runs).\n\n")
	fmt.Fprintf(&b, "| Metric | mmpy (min / median) | Baseline (min / median) | Ratio | Target (issue 11) | Status |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|---|\n")
	for _, l := range Table(res) {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", l.Label, l.Ours, l.Base, l.Ratio, l.Target, l.Status)
	}
	b.WriteString(notMeasured)
	writeRealServer(&b, res)
	b.WriteString(notes)
	_, err := io.WriteString(w, b.String())
	return err
}

const notMeasured = `
Rows without an engine name are wazero's (the default engine); the "(wasmtime)" rows come from the
same benchmarks built with ` + "`-tags wasmtime`" + ` (cgo), against the same baselines.
`

const notes = `
## What is measured

- **API call**: host/bench_test.go ` + "`BenchmarkAPICall`" + ` — N calls in a loop inside one hook of
  host/testdata/bench, timed by Python (` + "`perf_counter_ns`" + `): encode, cross into the host, dispatch to
  the in-memory fake API (internal/fakeapi), decode. Baseline: bench/grpcbaseline
  ` + "`BenchmarkGRPCAPICall`" + ` — the architecture the seed guide describes: a Python process (grpcio, the
  project venv's CPython, not wasm) calls a Go gRPC server over a Unix socket (as hashicorp/go-plugin
  does) serving the same fake, same arguments, same mirrored message fields, timed the same way. The
  baseline returns protobuf messages to the caller; the SDK converts them to its model classes, so the
  comparison slightly favours the baseline. (The seed guide's "~35-40 µs per API call via gRPC" is
  not what grpcio achieves here: see the baseline column.) The ratio column also compares CPU time per call (this
  process + the Python process for gRPC, whose client and server use more than one thread).
- **MessageWillBePosted dispatch**: Go calls the hook (allow path of the same content filter) and gets
  the post back, converted to ` + "`*model.Post`" + ` on both sides. Baseline: Go gRPC client → Python grpcio server.
- **Guest CPU**: host/testdata/bench/server/workloads.py run in the guest (` + "`BenchmarkGuestCPU`" + `) and on
  native CPython built from the same Debian source by pyodide-build (` + "`BenchmarkNativeCPU`" + `; plain
  ` + "`./configure`" + `, -O3, no PGO/LTO — a distribution's PGO+LTO build is faster still). Ratio = native
  CPU time / guest CPU time, both process CPU time per run (` + "`cpu-ns/op`" + `; wall time, ` + "`py-ns/op`" + ` in the raw
  data, is inflated by other load on the machine much more), 1.0 = as fast as native.
- **Throughput**: ` + "`BenchmarkHookParallel`" + ` / ` + "`BenchmarkGRPCHookParallel`" + ` — 8 goroutines per core call
  MessageWillBePosted on one plugin at once; hooks per second. Both plugins run one hook at a time (one
  guest thread; one GIL), so this is dispatch + queueing cost.
- **Activation, warm**: ` + "`BenchmarkStartWarm`" + ` — python.wasm already compiled in the runtime; instantiate,
  start the interpreter, import the plugin, ready for OnActivate (snapshots off; only ` + "`Start`" + ` is timed,
  not the ` + "`Stop`" + ` after it; the CPU column counts both).
- **Activation from a snapshot** (docs/ARCHITECTURE.md, "Snapshots"): ` + "`BenchmarkStartRuntimeSnapshot`" + ` — a
  plugin's first start in a Runtime that started a plugin before: restore the runtime snapshot (interpreter
  started, SDK imported), import the plugin, ready. ` + "`BenchmarkStartNewRuntime`" + ` — the same in a new
  Runtime, as a new shim process does: compile python.wasm from the on-disk cache, read the runtime snapshot
  an earlier process wrote to the cache directory. ` + "`BenchmarkStartSnapshot`" + ` — a start when the Runtime holds
  the plugin snapshot it took at the plugin's first start (the default from the second start on: restarts,
  re-enables): instantiate, write the paused guest's memory, ready.
- **RSS per plugin**: examples/multitenant -n 10 — (RSS after starting and activating 10 plugins − RSS
  after compiling) / 10, one process per run.
` + realServerNotes + `
Raw data (benchstat format): docs/benchmarks-raw.txt.
`
