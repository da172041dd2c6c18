package grpcbaseline

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// PyDir is the directory of the Python side (client.py, server.py and their
// gencode).
func PyDir() string {
	_, f, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(f), "py")
}

// Python returns the interpreter the Python side runs on: $MMPY_PY, the
// project venv with grpcio (`source tools/pyenv.sh`).
func Python() (string, error) {
	py := os.Getenv("MMPY_PY")
	if py == "" {
		return "", errors.New("grpc baseline: $MMPY_PY is not set: run `source tools/pyenv.sh` first (it provides a Python with grpcio)")
	}
	return py, nil
}

// Proc is a Python process of the baseline speaking a line protocol: one
// command on stdin, one answer line on stdout.
type Proc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Scanner
	stderr *strings.Builder
}

// StartPy runs PyDir()/script with args under Python() and waits (up to
// 60 s) for its "ready" line.
func StartPy(script string, args ...string) (*Proc, error) {
	py, err := Python()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(py, append([]string{filepath.Join(PyDir(), script)}, args...)...)
	cmd.Dir = PyDir()
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("grpc baseline: start %s: %w", script, err)
	}
	p := &Proc{cmd: cmd, stdin: stdin, out: bufio.NewScanner(stdout), stderr: stderr}
	ready := make(chan error, 1)
	go func() {
		line, err := p.readLine()
		if err == nil && line != "ready" {
			err = fmt.Errorf("unexpected first line %q", line)
		}
		ready <- err
	}()
	select {
	case err = <-ready:
	case <-time.After(60 * time.Second):
		err = errors.New("no \"ready\" line within 60 s")
	}
	if err != nil {
		_ = p.Close()
		return nil, fmt.Errorf("grpc baseline: %s: %w (stderr: %s)", script, err, strings.TrimSpace(stderr.String()))
	}
	return p, nil
}

func (p *Proc) readLine() (string, error) {
	if !p.out.Scan() {
		if err := p.out.Err(); err != nil {
			return "", err
		}
		return "", io.EOF
	}
	return p.out.Text(), nil
}

// Run sends "METHOD N" to client.py and returns the nanoseconds the Python
// side measured around its N calls.
func (p *Proc) Run(method string, n int) (time.Duration, error) {
	if _, err := fmt.Fprintf(p.stdin, "%s %d\n", method, n); err != nil {
		return 0, fmt.Errorf("grpc baseline: client: %w (stderr: %s)", err, p.stderr.String())
	}
	line, err := p.readLine()
	if err != nil {
		return 0, fmt.Errorf("grpc baseline: client: %w (stderr: %s)", err, p.stderr.String())
	}
	if rest, ok := strings.CutPrefix(line, "ok "); ok {
		ns, err := strconv.ParseInt(rest, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("grpc baseline: client answered %q", line)
		}
		return time.Duration(ns), nil
	}
	return 0, fmt.Errorf("grpc baseline: client: %s", line)
}

// Close closes stdin (the processes exit on EOF) and waits up to 10 s, then
// kills.
func (p *Proc) Close() error {
	_ = p.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		return <-done
	}
}

// CPU returns the process's user+system CPU time so far, from
// /proc/PID/stat (Linux; clock-tick resolution, 10 ms at the usual 100 Hz:
// use it over runs of a second or more).
func (p *Proc) CPU() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("grpc baseline: CPU time of the Python process (Linux /proc only): %w", err)
	}
	// Fields after the parenthesised command name (which may hold spaces):
	// state is field 3, utime 14, stime 15.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("grpc baseline: unexpected /proc/%d/stat: %q", p.cmd.Process.Pid, s)
	}
	var ticks int64
	for _, v := range f[11:13] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("grpc baseline: /proc/%d/stat: %w", p.cmd.Process.Pid, err)
		}
		ticks += n
	}
	const clkTck = 100 // USER_HZ, fixed at 100 on Linux for /proc
	return time.Duration(ticks) * time.Second / clkTck, nil
}
