//go:build unix

package host_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user + system) this process has used: guest
// CPU benchmarks report it beside wall time, since on a shared machine it is
// far less disturbed by other processes' load.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
