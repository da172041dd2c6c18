//go:build !linux

package e2e

import (
	"errors"
	"os/exec"
	"syscall"
)

var errUnsupported = errors.New("e2e: the harness runs only on Linux")

func startChild(*exec.Cmd, *runAs) error { return errUnsupported }
func signalGroup(int, syscall.Signal)    {}
func processAlive(int) bool              { return false }
func killProcessesUnder(string) int      { return 0 }
func lockFile(string) (func(), error)    { return nil, errUnsupported }

// PluginRSS is not measured off Linux.
func (s *Server) PluginRSS(string) int64 { return 0 }

// PluginPID is not looked up off Linux.
func (s *Server) PluginPID(string) int { return 0 }
