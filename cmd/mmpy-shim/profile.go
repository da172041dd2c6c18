package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"runtime/trace"
	"sync"
)

// ProfileEnv names a directory: when set (in the server's environment, which
// plugin processes inherit), the shim writes a Go CPU profile of its whole
// life to <dir>/<plugin id>.<pid>.pprof, finished at OnDeactivate. For
// finding where shim-mode time goes (bench/realserver); off by default.
const ProfileEnv = "MMPY_SHIM_CPUPROFILE"

// TraceEnv is ProfileEnv for a Go execution trace (<dir>/<plugin id>.<pid>.trace,
// `go tool trace`): goroutine hand-offs, thread wake-ups and blocking per
// call, which a CPU profile does not show. A trace grows by some hundred
// bytes per API call or hook; off by default.
const TraceEnv = "MMPY_SHIM_TRACE"

// diagFile is a running CPU profile or execution trace and its file.
type diagFile struct {
	mu   sync.Mutex
	f    *os.File
	stop func()
}

// startCPUProfile starts the CPU profile if ProfileEnv is set.
func startCPUProfile() (*diagFile, error) {
	return startDiag(ProfileEnv, "pprof", pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// startTrace starts the execution trace if TraceEnv is set.
func startTrace() (*diagFile, error) {
	return startDiag(TraceEnv, "trace", trace.Start, trace.Stop)
}

// startDiag starts a profile or trace into a file of the directory env
// names, if it is set. The file is named after the bundle's directory (the
// plugin id) and the process id.
func startDiag(env, ext string, start func(io.Writer) error, stop func()) (*diagFile, error) {
	dir := os.Getenv(env)
	if dir == "" {
		return nil, nil
	}
	name := "shim"
	if exe, err := os.Executable(); err == nil {
		// <plugins>/<id>/server/dist/<exe>
		name = filepath.Base(filepath.Dir(filepath.Dir(filepath.Dir(exe))))
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s.%d.%s", name, os.Getpid(), ext)))
	if err != nil {
		return nil, fmt.Errorf("mmpy-shim: %s: %w", env, err)
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("mmpy-shim: %s: %w", env, err)
	}
	return &diagFile{f: f, stop: stop}, nil
}

// finish ends the profile or trace and closes its file; later calls do
// nothing.
func (p *diagFile) finish() error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f == nil {
		return nil
	}
	p.stop()
	err := p.f.Close()
	p.f = nil
	return err
}
