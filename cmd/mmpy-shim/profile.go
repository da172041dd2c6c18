package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sync"
)

// ProfileEnv names a directory: when set (in the server's environment, which
// plugin processes inherit), the shim writes a Go CPU profile of its whole
// life to <dir>/<plugin id>.<pid>.pprof, finished at OnDeactivate. For
// finding where shim-mode time goes (bench/realserver); off by default.
const ProfileEnv = "MMPY_SHIM_CPUPROFILE"

type cpuProfile struct {
	mu sync.Mutex
	f  *os.File
}

// startCPUProfile starts the profile if ProfileEnv is set. The file is named
// after the bundle's directory (the plugin id) and the process id.
func startCPUProfile() (*cpuProfile, error) {
	dir := os.Getenv(ProfileEnv)
	if dir == "" {
		return nil, nil
	}
	name := "shim"
	if exe, err := os.Executable(); err == nil {
		// <plugins>/<id>/server/dist/<exe>
		name = filepath.Base(filepath.Dir(filepath.Dir(filepath.Dir(exe))))
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s.%d.pprof", name, os.Getpid())))
	if err != nil {
		return nil, fmt.Errorf("mmpy-shim: %s: %w", ProfileEnv, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("mmpy-shim: %s: %w", ProfileEnv, err)
	}
	return &cpuProfile{f: f}, nil
}

// stop ends the profile and closes its file; later calls do nothing.
func (p *cpuProfile) stop() error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f == nil {
		return nil
	}
	pprof.StopCPUProfile()
	err := p.f.Close()
	p.f = nil
	return err
}
