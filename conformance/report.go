package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Table writes the group × target table (pass/total, seconds) and the
// failed scenarios; each line starts with "conformance:".
func Table(w io.Writer, results []Result) {
	type key struct{ group, target string }
	pass, total, skipped, secs := map[key]int{}, map[key]int{}, map[key]int{}, map[key]float64{}
	var failed []string
	for _, r := range results {
		k := key{r.Group, r.Target}
		total[k]++
		secs[k] += r.Seconds
		switch {
		case r.Skipped != "":
			skipped[k]++
		case r.Pass:
			pass[k]++
		default:
			failed = append(failed, fmt.Sprintf("%s/%s on %s", r.Group, r.Scenario, r.Target))
		}
	}
	keys := make([]key, 0, len(total))
	for k := range total {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].group != keys[j].group {
			return keys[i].group < keys[j].group
		}
		return keys[i].target < keys[j].target
	})
	var b strings.Builder
	fmt.Fprintf(&b, "conformance: %-10s %-22s %9s %7s %8s\n", "suite", "engine", "pass", "skipped", "seconds")
	for _, k := range keys {
		fmt.Fprintf(&b, "conformance: %-10s %-22s %4d/%-4d %7d %8.2f\n", k.group, k.target, pass[k], total[k]-skipped[k], skipped[k], secs[k])
	}
	reasons := map[string]int{}
	for _, r := range results {
		if r.Skipped != "" {
			reasons[r.Target+": "+r.Skipped]++
		}
	}
	rs := make([]string, 0, len(reasons))
	for r := range reasons {
		rs = append(rs, r)
	}
	sort.Strings(rs)
	for _, r := range rs {
		fmt.Fprintf(&b, "conformance: skipped %d on %s\n", reasons[r], r)
	}
	for _, f := range failed {
		fmt.Fprintf(&b, "conformance: FAILED %s\n", f)
	}
	fmt.Fprintf(&b, "conformance: per-engine compile, activation, hook and API latency: docs/benchmarks.md (make bench)\n")
	_, _ = io.WriteString(w, b.String())
}

// WriteJSON writes the results as a JSON array (one object per scenario ×
// target: suite, scenario, engine, pass, seconds, problems).
func WriteJSON(path string, results []Result) error {
	data, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
