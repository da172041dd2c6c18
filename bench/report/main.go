// Command report turns the raw output of `make bench` into docs/benchmarks.md:
// one table of min/median per metric, each next to its baseline from the
// same run, with the targets of issue 11 marked met or unmet.
//
//	go run ./bench/report -bench build/bench.txt -multitenant build/multitenant.txt \
//	    -runtime build/runtime -o docs/benchmarks.md -raw docs/benchmarks-raw.txt
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"
)

func main() {
	benchFile := flag.String("bench", "build/bench.txt", "go test -bench output")
	mtFile := flag.String("multitenant", "", "output of repeated `examples/multitenant -n N` runs (optional)")
	rtDir := flag.String("runtime", "build/runtime", "runtime directory (for its BUILDINFO.json)")
	out := flag.String("o", "docs/benchmarks.md", "markdown output")
	raw := flag.String("raw", "docs/benchmarks-raw.txt", "benchstat-format raw output (bench + multitenant)")
	command := flag.String("command", "make bench", "command line to record in the document")
	loadFile := flag.String("loadavg", "", "file holding the load average when the run started (optional)")
	flag.Parse()
	if *loadFile != "" {
		b, err := os.ReadFile(*loadFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/report:", err)
			os.Exit(1)
		}
		loadAtStart = strings.TrimSpace(string(b))
	}
	if err := run(*benchFile, *mtFile, *rtDir, *out, *raw, *command); err != nil {
		fmt.Fprintln(os.Stderr, "bench/report:", err)
		os.Exit(1)
	}
}

var mtLine = regexp.MustCompile(`started and activated (\d+) plugins in (\d+) ms; RSS [\d.]+ MB \(([\d.]+) MB per plugin\)`)

// MultitenantToBench converts examples/multitenant output lines to
// benchmark lines (one per run): BenchmarkRSSPerPlugin 1 X MB/plugin.
func MultitenantToBench(text string) (string, error) {
	var b strings.Builder
	for _, m := range mtLine.FindAllStringSubmatch(text, -1) {
		fmt.Fprintf(&b, "BenchmarkRSSPerPlugin 1 %s MB/plugin\n", m[3])
	}
	if b.Len() == 0 {
		return "", errors.New("no \"started and activated N plugins ... MB per plugin\" line in the multitenant output")
	}
	return b.String(), nil
}

func run(benchFile, mtFile, rtDir, out, raw, command string) error {
	data, err := os.ReadFile(benchFile)
	if err != nil {
		return fmt.Errorf("%w (run `make bench`, which writes it)", err)
	}
	if mtFile != "" {
		mt, err := os.ReadFile(mtFile)
		if err != nil {
			return err
		}
		lines, err := MultitenantToBench(string(mt))
		if err != nil {
			return fmt.Errorf("%s: %w", mtFile, err)
		}
		data = append(data, lines...)
	}
	res := &Results{}
	if err := Parse(bytes.NewReader(data), res); err != nil {
		return fmt.Errorf("%s: %w", benchFile, err)
	}
	if len(res.Values) == 0 {
		return fmt.Errorf("%s: no benchmark results", benchFile)
	}
	runs := 0
	for _, units := range res.Values {
		for _, vs := range units {
			runs = max(runs, len(vs))
		}
	}
	m := Meta{
		Date:    time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		Machine: machine(res),
		Runtime: runtimeNote(rtDir),
		Command: command,
		Runs:    runs,
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, res, m); err != nil {
		return err
	}
	if err := os.WriteFile(out, md.Bytes(), 0o644); err != nil {
		return err
	}
	if raw != "" {
		if err := os.WriteFile(raw, data, 0o644); err != nil {
			return err
		}
	}
	fmt.Print(md.String())
	return nil
}

// loadAtStart is the 1/5/15-minute load average when the run started.
var loadAtStart string

func machine(res *Results) string {
	parts := []string{}
	if c := res.Config["cpu"]; c != "" {
		parts = append(parts, c)
	}
	parts = append(parts, fmt.Sprintf("%d cores (%s/%s)", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH))
	if loadAtStart != "" {
		parts = append(parts, "load average at start "+loadAtStart)
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		f := strings.Fields(string(b))
		if len(f) >= 3 {
			parts = append(parts, "at the end "+strings.Join(f[:3], " "))
		}
	}
	parts = append(parts, runtime.Version(), "shared with other builds (noisy)")
	return strings.Join(parts, ", ")
}

// runtimeNote summarises the runtime's BUILDINFO.json (CPython version,
// optimisation flags, wasm-opt).
func runtimeNote(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "BUILDINFO.json"))
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	var info struct {
		CPython  string `json:"cpython_version"`
		Opt      string `json:"cflags_opt"`
		WasmOpt  string `json:"wasm_opt"`
		Bytes    int64  `json:"python_wasm_bytes"`
		InputKey string `json:"input_hash"`
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return "unknown (BUILDINFO.json: " + err.Error() + ")"
	}
	s := fmt.Sprintf("CPython %s for wasm32-wasip1, %s", info.CPython, info.Opt)
	if info.WasmOpt != "" {
		s += ", " + info.WasmOpt
	}
	return s + fmt.Sprintf(", python.wasm %.1f MB, wazero (compiler)", float64(info.Bytes)/(1<<20))
}
