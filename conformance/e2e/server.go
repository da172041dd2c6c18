package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options configure Start. The zero value is fine.
type Options struct {
	// Logf gets progress lines (they also go to stderr).
	Logf Logf
	// BuildTimeout bounds building the server binary. Default 20 minutes.
	BuildTimeout time.Duration
	// ReadyTimeout bounds the wait for /api/v4/system/ping. Default 120 s.
	ReadyTimeout time.Duration
}

// Server is a running Mattermost server with its own PostgreSQL, all under
// one temp dir. Start it with Start and always end it with Stop.
type Server struct {
	// Dir is the temp dir that holds everything of this server.
	Dir string
	// URL is the server's base URL over TCP, e.g. http://127.0.0.1:40123.
	URL string
	// MetricsURL is the metrics server (MetricsSettings), which serves the
	// plugins' ServeMetrics at /plugins/{id}/metrics.
	MetricsURL string
	// SocketPath is the local-mode socket (admin API without a token).
	SocketPath string
	// ConfigPath is the server's config.json.
	ConfigPath string
	// LogPath is mattermost.log: JSON lines, the plugins' lines among them.
	LogPath string
	// ConsolePath gets the server's stdout and stderr.
	ConsolePath string
	// Binary is the server binary that runs.
	Binary string

	// Local talks to the API over the local-mode socket, as an admin.
	Local *Client
	// Admin talks to the API over TCP as a system admin the harness creates
	// (user HarnessAdmin), for the calls local mode does not serve, such as
	// /api/v4/plugins/statuses.
	Admin *Client

	logf     Logf
	pg       *Postgres
	cmd      *exec.Cmd
	done     chan struct{} // closed when the server process has exited
	stopOnce sync.Once
}

const tempPrefix = "mmpy-e2e-"

// Start builds (or takes from the cache) the server binary, starts a private
// PostgreSQL and the server, and waits until the server answers
// /api/v4/system/ping. On error everything started so far is stopped again.
func Start(ctx context.Context, opts Options) (_ *Server, err error) {
	if opts.BuildTimeout == 0 {
		opts.BuildTimeout = 20 * time.Minute
	}
	if opts.ReadyTimeout == 0 {
		opts.ReadyTimeout = 120 * time.Second
	}
	logf := opts.Logf
	sweepStaleRuns(logf)

	if _, err := PostgresBinDir(); err != nil { // fail fast, before a long build
		return nil, err
	}
	buildCtx, cancel := context.WithTimeout(ctx, opts.BuildTimeout)
	bin, err := BuildServer(buildCtx, logf)
	cancel()
	if err != nil {
		return nil, err
	}
	modCtx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	modDir, err := ServerModuleDir(modCtx)
	cancel()
	if err != nil {
		return nil, err
	}

	dir, err := os.MkdirTemp("", tempPrefix)
	if err != nil {
		return nil, err
	}
	s := &Server{
		Dir:         dir,
		SocketPath:  filepath.Join(dir, "mm.sock"),
		ConfigPath:  filepath.Join(dir, "config.json"),
		LogPath:     filepath.Join(dir, "logs", "mattermost.log"),
		ConsolePath: filepath.Join(dir, "logs", "console.log"),
		Binary:      bin,
		logf:        logf,
		done:        make(chan struct{}),
	}
	defer func() {
		if err != nil {
			s.Stop()
		}
	}()
	// The postgres user must traverse the dir (MkdirTemp makes it 0700).
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, err
	}
	work := filepath.Join(dir, "work")
	for _, d := range []string{work, filepath.Join(dir, "logs"), filepath.Join(dir, "data"),
		filepath.Join(dir, "plugins"), filepath.Join(dir, "client-plugins")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	for _, name := range []string{"i18n", "templates", "fonts"} {
		if err := os.Symlink(filepath.Join(modDir, name), filepath.Join(work, name)); err != nil {
			return nil, err
		}
	}

	s.pg, err = StartPostgres(ctx, filepath.Join(dir, "pg"), logf)
	if err != nil {
		return nil, err
	}

	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s.URL = fmt.Sprintf("http://127.0.0.1:%d", port)
	metricsPort, err := freePort()
	if err != nil {
		return nil, err
	}
	s.MetricsURL = fmt.Sprintf("http://127.0.0.1:%d", metricsPort)
	if err := s.writeConfig(port, metricsPort); err != nil {
		return nil, err
	}

	console, err := os.Create(s.ConsolePath)
	if err != nil {
		return nil, err
	}
	defer console.Close() // the child keeps its own descriptor
	s.cmd = exec.Command(bin, "server")
	s.cmd.Dir = work
	s.cmd.Env = append(serverEnv(), "MM_CONFIG="+s.ConfigPath,
		// MessagesWillBeConsumed runs only behind this feature flag.
		"MM_FEATUREFLAGS_CONSUMEPOSTHOOK=true")
	s.cmd.Stdout = console
	s.cmd.Stderr = console
	start := time.Now()
	if err := startChild(s.cmd, nil); err != nil {
		return nil, fmt.Errorf("e2e: start the server: %w", err)
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.done)
	}()
	logf.printf("server starting on %s (dir %s)", s.URL, dir)

	s.Local = newSocketClient(s.SocketPath)
	if err := s.waitReady(ctx, opts.ReadyTimeout); err != nil {
		return nil, err
	}
	if err := s.setupAdmin(ctx); err != nil {
		return nil, fmt.Errorf("e2e: harness admin: %w\n%s", err, s.logTails())
	}
	logf.printf("server ready in %s", time.Since(start).Round(time.Millisecond))
	if v, err := s.Version(ctx); err == nil {
		logf.printf("server version %s (%s=%q)", v, ServerEnv, os.Getenv(ServerEnv))
	} else {
		logf.printf("%v", err)
	}
	return s, nil
}

// HarnessAdmin is the username of the system admin behind Server.Admin.
const HarnessAdmin = "e2e-harness-admin"

func (s *Server) setupAdmin(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var rnd [12]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return err
	}
	password := "Pw1!" + hex.EncodeToString(rnd[:])
	if _, err := s.CreateUser(ctx, HarnessAdmin, password, true); err != nil {
		return err
	}
	token, err := s.Login(ctx, HarnessAdmin, password)
	if err != nil {
		return err
	}
	s.Admin = NewClient(s.URL, token)
	return nil
}

// serverEnv is the test process's environment without MM_* variables, which
// would override config.json.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MM_") {
			env = append(env, kv)
		}
	}
	return env
}

// writeConfig writes a minimal config.json; the server fills in the defaults
// of everything else (and rewrites the file).
func (s *Server) writeConfig(port, metricsPort int) error {
	cfg := map[string]any{
		"ServiceSettings": map[string]any{
			"SiteURL":                 s.URL,
			"ListenAddress":           fmt.Sprintf("127.0.0.1:%d", port),
			"EnableLocalMode":         true,
			"LocalModeSocketLocation": s.SocketPath,
			"EnableUserAccessTokens":  true,
			"EnableDeveloper":         true,
			"EnableCommands":          true,
			"EnableSecurityFixAlert":  false,
		},
		"MetricsSettings": map[string]any{
			"Enable":        true,
			"ListenAddress": fmt.Sprintf("127.0.0.1:%d", metricsPort),
		},
		"SqlSettings": map[string]any{
			"DriverName": "postgres",
			"DataSource": s.pg.DSN(),
		},
		"PluginSettings": map[string]any{
			"Enable":                      true,
			"EnableUploads":               true,
			"Directory":                   filepath.Join(s.Dir, "plugins"),
			"ClientDirectory":             filepath.Join(s.Dir, "client-plugins"),
			"RequirePluginSignature":      false,
			"EnableMarketplace":           false,
			"EnableRemoteMarketplace":     false,
			"AutomaticPrepackagedPlugins": false,
			"EnableHealthCheck":           true,
		},
		"FileSettings": map[string]any{
			"DriverName": "local",
			"Directory":  filepath.Join(s.Dir, "data"),
			// Also the limit of a plugin upload; mmpy bundles carry a
			// Python runtime and shims for several platforms.
			"MaxFileSize": 1 << 30,
		},
		"LogSettings": map[string]any{
			"EnableConsole":     true,
			"ConsoleLevel":      "INFO",
			"ConsoleJson":       false,
			"EnableColor":       false,
			"EnableFile":        true,
			"FileLevel":         "DEBUG",
			"FileJson":          true,
			"FileLocation":      filepath.Dir(s.LogPath),
			"EnableDiagnostics": false,
		},
		"NotificationLogSettings": map[string]any{
			"EnableConsole": false,
			"EnableFile":    true,
			"FileLocation":  filepath.Dir(s.LogPath),
		},
		"TeamSettings": map[string]any{
			"EnableOpenServer": true,
			"MaxUsersPerTeam":  1000,
		},
		"EmailSettings": map[string]any{
			"SendEmailNotifications":   false,
			"RequireEmailVerification": false,
			"EnableSignUpWithEmail":    true,
			"EnableSignInWithEmail":    true,
			"EnableSignInWithUsername": true,
		},
		"AnnouncementSettings": map[string]any{
			"AdminNoticesEnabled": false,
			"UserNoticesEnabled":  false,
		},
		"RateLimitSettings": map[string]any{"Enable": false},
	}
	data, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(s.ConfigPath, data, 0o600)
}

// waitReady polls /api/v4/system/ping over TCP and over the socket.
func (s *Server) waitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tcp := NewClient(s.URL, "")
	for {
		pingCtx, pingCancel := context.WithTimeout(ctx, 5*time.Second)
		errTCP := tcp.Ping(pingCtx)
		errSock := error(nil)
		if errTCP == nil {
			errSock = s.Local.Ping(pingCtx)
		}
		pingCancel()
		if errTCP == nil && errSock == nil {
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("e2e: the server exited during start-up (%v)\n%s", s.cmd.ProcessState, s.logTails())
		case <-ctx.Done():
			return fmt.Errorf("e2e: the server did not answer /api/v4/system/ping within %s (tcp: %v, socket: %v)\n%s",
				timeout, errTCP, errSock, s.logTails())
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// logTails returns the end of the server's console output and log file, for
// failure messages.
func (s *Server) logTails() string {
	return "--- server console (tail) ---\n" + tailFile(s.ConsolePath, 40) +
		"\n--- mattermost.log (tail) ---\n" + tailFile(s.LogPath, 40)
}

// PID returns the server's process id (0 before it started).
func (s *Server) PID() int {
	if s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// UserClient returns a client that talks to the server over TCP with a user's
// session token (see Login).
func (s *Server) UserClient(token string) *Client {
	return NewClient(s.URL, token)
}

// Stop ends the server (SIGTERM, then SIGKILL to its process group after
// 30 s), kills the plugin processes it leaves behind, stops PostgreSQL and
// removes the temp dir. It is safe to call more than once and on a partly
// started server. Set MMPY_E2E_KEEP=1 to keep the temp dir for inspection.
func (s *Server) Stop() {
	if s == nil {
		return
	}
	s.stopOnce.Do(func() {
		if s.cmd != nil && s.cmd.Process != nil {
			select {
			case <-s.done:
			default:
				_ = s.cmd.Process.Signal(syscall.SIGTERM)
				select {
				case <-s.done:
				case <-time.After(30 * time.Second):
					s.logf.printf("server did not stop within 30 s; killing it")
					signalGroup(s.cmd.Process.Pid, syscall.SIGKILL)
					<-s.done
				}
			}
			signalGroup(s.cmd.Process.Pid, syscall.SIGKILL) // plugin processes in its group
		}
		if n := killProcessesUnder(filepath.Join(s.Dir, "plugins")); n > 0 {
			s.logf.printf("killed %d leftover plugin process(es)", n)
		}
		s.pg.Stop()
		killProcessesUnder(s.Dir)
		if os.Getenv("MMPY_E2E_KEEP") != "" {
			s.logf.printf("kept %s (MMPY_E2E_KEEP)", s.Dir)
			return
		}
		if s.Dir != "" {
			if err := os.RemoveAll(s.Dir); err != nil {
				s.logf.printf("remove %s: %v", s.Dir, err)
			}
		}
	})
}

// sweepStaleRuns removes the temp dirs of earlier runs whose test process is
// gone (killed before Stop could run), killing processes still working in them.
func sweepStaleRuns(logf Logf) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	for _, dir := range dirs {
		data, err := os.ReadFile(filepath.Join(dir, "owner.pid"))
		if err != nil {
			if fi, serr := os.Stat(dir); serr != nil || time.Since(fi.ModTime()) < time.Hour {
				continue // possibly another run still starting
			}
		} else if pid, perr := strconv.Atoi(strings.TrimSpace(string(data))); perr == nil && processAlive(pid) {
			continue
		}
		n := killProcessesUnder(dir)
		if err := os.RemoveAll(dir); err == nil {
			logf.printf("removed stale %s (killed %d process(es))", dir, n)
		}
	}
}

// Ping checks /api/v4/system/ping.
func (c *Client) Ping(ctx context.Context) error {
	resp, err := c.Do(ctx, http.MethodGet, "/api/v4/system/ping", nil)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}
