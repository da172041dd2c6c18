package host_test

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The conformance tests (every API method, every hook, on every engine)
// record one row per scenario × engine; TestMain prints the table and, when
// MMPY_CONFORMANCE_REPORT names a file, writes it as JSON for CI.

type reportRow struct {
	Suite    string  `json:"suite"`
	Scenario string  `json:"scenario"`
	Engine   string  `json:"engine"`
	Pass     bool    `json:"pass"`
	Seconds  float64 `json:"seconds"`
}

var report struct {
	mu   sync.Mutex
	rows []reportRow
}

// recordScenario registers t's outcome when it ends.
func recordScenario(t *testing.T, suite, scenario, eng string) {
	start := time.Now()
	t.Cleanup(func() {
		report.mu.Lock()
		defer report.mu.Unlock()
		report.rows = append(report.rows, reportRow{suite, scenario, eng, !t.Failed(), time.Since(start).Seconds()})
	})
}

func TestMain(m *testing.M) {
	code := m.Run()
	if err := writeReport(); err != nil {
		fmt.Fprintln(os.Stderr, "conformance report:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

func writeReport() error {
	report.mu.Lock()
	defer report.mu.Unlock()
	if len(report.rows) == 0 {
		return nil
	}
	type key struct{ suite, engine string }
	pass, total, secs := map[key]int{}, map[key]int{}, map[key]float64{}
	var failed []string
	for _, r := range report.rows {
		k := key{r.Suite, r.Engine}
		total[k]++
		secs[k] += r.Seconds
		if r.Pass {
			pass[k]++
		} else {
			failed = append(failed, fmt.Sprintf("%s/%s on %s", r.Suite, r.Scenario, r.Engine))
		}
	}
	keys := make([]key, 0, len(total))
	for k := range total {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].suite != keys[j].suite {
			return keys[i].suite < keys[j].suite
		}
		return keys[i].engine < keys[j].engine
	})
	var b strings.Builder
	fmt.Fprintf(&b, "conformance: %-10s %-9s %6s %8s\n", "suite", "engine", "pass", "seconds")
	for _, k := range keys {
		fmt.Fprintf(&b, "conformance: %-10s %-9s %3d/%-3d %8.2f\n", k.suite, k.engine, pass[k], total[k], secs[k])
	}
	for _, f := range failed {
		fmt.Fprintf(&b, "conformance: FAILED %s\n", f)
	}
	fmt.Print(b.String())
	path := os.Getenv("MMPY_CONFORMANCE_REPORT")
	if path == "" {
		return nil
	}
	data, err := json.MarshalIndent(report.rows, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
