package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Results holds, per benchmark name (without the -GOMAXPROCS suffix) and
// unit, the value of every run (go test -count N gives N runs), plus the
// header lines of the go test output (goos, cpu, ...).
type Results struct {
	Values map[string]map[string][]float64
	Config map[string]string
}

var procSuffix = regexp.MustCompile(`-\d+$`)

// Parse reads `go test -bench` output (the benchstat format): lines
// "BenchmarkName-P  N  VALUE UNIT [VALUE UNIT]..." and "key: value" headers.
// Other lines (PASS, ok, logs) are ignored.
func Parse(r io.Reader, into *Results) error {
	if into.Values == nil {
		into.Values = map[string]map[string][]float64{}
	}
	if into.Config == nil {
		into.Config = map[string]string{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		if k, v, ok := strings.Cut(line, ": "); ok && !strings.Contains(k, " ") && !strings.HasPrefix(k, "Benchmark") {
			into.Config[k] = strings.TrimSpace(v)
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		name := procSuffix.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), "")
		// the default engine's sub-benchmarks are the table's rows
		// (Benchmark…/engine=wazero/x -> …/x); other engines keep their name
		name = strings.Replace(name, "/engine=wazero", "", 1)
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return fmt.Errorf("line %d: value %q of %s: %w", ln, f[i], f[0], err)
			}
			if into.Values[name] == nil {
				into.Values[name] = map[string][]float64{}
			}
			into.Values[name][f[i+1]] = append(into.Values[name][f[i+1]], v)
		}
	}
	return sc.Err()
}

// Stat is the min and median of a metric's runs.
type Stat struct {
	Min, Median float64
	N           int
}

// Get returns the min/median of name's unit, ok=false when absent.
func (r *Results) Get(name, unit string) (Stat, bool) {
	vs := r.Values[name][unit]
	if len(vs) == 0 {
		return Stat{}, false
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Stat{Min: s[0], Median: med, N: len(s)}, true
}
