package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// runAs names the user a child process runs as.
type runAs struct{ uid, gid uint32 }

// Postgres is a private PostgreSQL cluster in a temp dir, listening on
// 127.0.0.1 on a free port, with trust authentication and one database,
// "mattermost". It is started by StartPostgres and ended by Stop.
type Postgres struct {
	// Port is the TCP port on 127.0.0.1.
	Port int
	// User is the superuser the cluster was initialised with.
	User string
	// Database is the database created for the server.
	Database string
	// LogPath is the file that gets the postmaster's output.
	LogPath string

	dir  string
	cmd  *exec.Cmd
	done chan struct{} // closed when the postmaster has exited
}

// DSN returns the lib/pq data source name of the database.
func (p *Postgres) DSN() string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable&connect_timeout=10", p.User, p.Port, p.Database)
}

// PostgresBinDir returns the directory with initdb and postgres: the newest
// /usr/lib/postgresql/<version>/bin (Debian's layout), else the directory of an
// initdb on PATH.
func PostgresBinDir() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(matches, func(i, j int) bool { return pgVersion(matches[i]) > pgVersion(matches[j]) })
	for _, m := range matches {
		if isExecutable(m) && isExecutable(filepath.Join(filepath.Dir(m), "postgres")) {
			return filepath.Dir(m), nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("e2e: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): " +
		"run `make deps` or `apt-get install postgresql`")
}

func pgVersion(initdb string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(filepath.Dir(initdb))), 64)
	return v
}

// StartPostgres initialises a cluster under dir (which must be empty or
// missing) and starts it. As root it runs as the postgres user (initdb refuses
// root), so dir and its parents must be traversable by that user: the harness
// makes its temp dirs mode 0755.
func StartPostgres(ctx context.Context, dir string, logf Logf) (_ *Postgres, err error) {
	bin, err := PostgresBinDir()
	if err != nil {
		return nil, err
	}
	var as *runAs
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("e2e: running as root needs the postgres user (apt-get install postgresql): %w", err)
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		as = &runAs{uid: uint32(uid), gid: uint32(gid)}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if as != nil {
		if err := os.Chown(dir, int(as.uid), int(as.gid)); err != nil {
			return nil, err
		}
	}
	p := &Postgres{
		User:     "mmuser",
		Database: "mattermost",
		LogPath:  filepath.Join(dir, "postgres.log"),
		dir:      dir,
		done:     make(chan struct{}),
	}
	data := filepath.Join(dir, "data")

	start := time.Now()
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"),
		"-D", data, "-U", p.User, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
	initdb.Dir = dir
	if out, err := runChild(initdb, as); err != nil {
		return nil, fmt.Errorf("e2e: initdb: %w\n%s", err, tail(string(out), 30))
	}

	port, err := freePort()
	if err != nil {
		return nil, err
	}
	p.Port = port
	logFile, err := os.OpenFile(p.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the child keeps its own descriptor
	p.cmd = exec.Command(filepath.Join(bin, "postgres"),
		"-D", data,
		"-p", strconv.Itoa(port),
		"-k", dir,
		"-c", "listen_addresses=127.0.0.1",
		// A throw-away database: durability off makes migrations much faster.
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
		"-c", "max_connections=200",
	)
	p.cmd.Dir = dir
	p.cmd.Stdout = logFile
	p.cmd.Stderr = logFile
	if err := startChild(p.cmd, as); err != nil {
		return nil, fmt.Errorf("e2e: start postgres: %w", err)
	}
	go func() {
		_ = p.cmd.Wait()
		close(p.done)
	}()
	defer func() {
		if err != nil {
			p.Stop()
		}
	}()

	// Wait until it accepts connections, then create the database.
	deadline := time.Now().Add(60 * time.Second)
	for {
		createdb := exec.CommandContext(ctx, filepath.Join(bin, "createdb"),
			"-h", "127.0.0.1", "-p", strconv.Itoa(port), "-U", p.User, p.Database)
		createdb.Dir = dir
		out, cerr := createdb.CombinedOutput()
		if cerr == nil {
			break
		}
		select {
		case <-p.done:
			return nil, fmt.Errorf("e2e: postgres exited during start-up:\n%s", tailFile(p.LogPath, 30))
		default:
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("e2e: postgres not ready after 60 s: createdb: %v %s\n%s",
				cerr, strings.TrimSpace(string(out)), tailFile(p.LogPath, 30))
		}
		time.Sleep(200 * time.Millisecond)
	}
	logf.printf("postgres %s ready on 127.0.0.1:%d in %s", filepath.Base(filepath.Dir(bin)), port, time.Since(start).Round(time.Millisecond))
	return p, nil
}

// Stop shuts the cluster down (fast shutdown, then SIGKILL after 15 s). It is
// safe to call more than once.
func (p *Postgres) Stop() {
	if p == nil || p.cmd == nil || p.cmd.Process == nil {
		return
	}
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGINT) // "fast" shutdown
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		signalGroup(p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}

// runChild runs cmd to completion via startChild and returns its combined
// output.
func runChild(cmd *exec.Cmd, as *runAs) ([]byte, error) {
	var out strings.Builder
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.WaitDelay = 5 * time.Second
	if err := startChild(cmd, as); err != nil {
		return nil, err
	}
	err := cmd.Wait()
	return []byte(out.String()), err
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
