// Package wasi defines the sandbox policy of a plugin instance: what the guest
// sees of the host (mounts, environment, clocks), and the limits it runs
// under. A Policy is plain data; engines in host/internal/engine apply it.
//
// The defaults are deny-by-default:
//
//   - No host path is visible except the ones mounted here: the interpreter
//     prefix and the plugin's files (read-only), and, only if the embedder
//     sets Policy.Scratch, one writable scratch directory with a byte quota
//     (DefaultScratchQuota). Paths are confined to their mount: ".." cannot
//     climb out, a symlink that resolves outside its mount (absolute, or
//     relative with too many "..") is refused with EPERM, and the guest cannot
//     create symlinks or hard links at all.
//   - Writes to the scratch directory count file sizes (apparent size, so a
//     sparse file counts in full) plus ScratchEntryCost per file or
//     directory; a write past the quota is cut short and then fails with
//     EIO ("[Errno 29] I/O error" in Python; the host logs why), on both
//     engines.
//   - The environment holds only what the policy sets.
//   - WASI preview 1 gives the guest no way to create sockets; outbound HTTP
//     exists only as the host's egress capability (docs/ARCHITECTURE.md,
//     "Sandbox policy").
package wasi

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Guest paths of the standard mounts.
const (
	// RuntimeMount is where the interpreter's prefix (lib/python313.zip, ...)
	// appears. CPython is built with prefix /usr/local.
	RuntimeMount = "/usr/local"
	// PluginMount is where the plugin's own files (the bundle) appear.
	PluginMount = "/plugin"
)

// BootModule is the SDK module the interpreter runs (python -m BootModule
// <entry>); the arguments after it are the plugin's.
const BootModule = "mattermost_plugin._boot"

// WasmPageSize is the size of one page of linear memory.
const WasmPageSize = 64 << 10

// DefaultMemoryLimitPages caps a guest's linear memory: 4096 pages = 256 MiB.
const DefaultMemoryLimitPages = 4096

// ScratchMount is where a plugin's writable scratch directory appears.
const ScratchMount = "/scratch"

// DefaultScratchQuota is the byte quota of a scratch directory whose
// Scratch.QuotaBytes is 0: 64 MiB.
const DefaultScratchQuota = 64 << 20

// ScratchEntryCost is what each file, directory or other entry in a scratch
// directory counts against its quota, besides its size (so the quota bounds
// the number of entries too).
const ScratchEntryCost = 4 << 10

// Scratch is a plugin's writable directory.
type Scratch struct {
	// HostDir is the absolute host directory (it must exist). Instances of
	// the same plugin (a restarted guest) share it and its quota.
	HostDir string
	// GuestPath is where it appears in the guest ("" = ScratchMount).
	GuestPath string
	// QuotaBytes caps the bytes stored in it, entries included
	// (0 = DefaultScratchQuota; negative = no quota).
	QuotaBytes int64
}

// Quota returns the effective quota in bytes (-1 = none).
func (s Scratch) Quota() int64 {
	switch {
	case s.QuotaBytes == 0:
		return DefaultScratchQuota
	case s.QuotaBytes < 0:
		return -1
	}
	return s.QuotaBytes
}

// Guest returns the guest path of the scratch directory.
func (s Scratch) Guest() string {
	if s.GuestPath == "" {
		return ScratchMount
	}
	return s.GuestPath
}

// Mount makes a host directory, or an in-memory file system, visible to the
// guest.
type Mount struct {
	HostDir   string // absolute host path (unused when FS is set)
	GuestPath string // absolute guest path
	ReadOnly  bool
	// FS, when set, is mounted instead of HostDir, always read-only (a
	// one-file .wasm artifact serves its embedded files this way).
	FS fs.FS
}

// Policy is the sandbox of one plugin instance.
type Policy struct {
	Mounts []Mount
	// Env is the complete guest environment; nothing is inherited.
	Env map[string]string
	// Args is argv, argv[0] included.
	Args []string
	// MemoryLimitPages caps linear memory (0 = DefaultMemoryLimitPages).
	MemoryLimitPages uint32
	// Scratch is the plugin's writable directory (nil = none: the guest
	// cannot write anywhere). See WithScratch.
	Scratch *Scratch
}

// WithScratch returns a copy of p with a writable scratch directory at
// s.Guest(); TMPDIR and HOME point at it, so tempfile and ~ work.
func (p Policy) WithScratch(s Scratch) Policy {
	env := make(map[string]string, len(p.Env)+2)
	for k, v := range p.Env {
		env[k] = v
	}
	env["TMPDIR"] = s.Guest()
	env["HOME"] = s.Guest()
	p.Env = env
	p.Scratch = &s
	return p
}

// ForPlugin returns the standard policy for a Python plugin: the interpreter
// prefix mounted read-only at /usr/local, the plugin's files read-only at
// /plugin, a scrubbed environment, and argv that boots entry (a path relative
// to the plugin root, e.g. "server/plugin.py") through the SDK.
func ForPlugin(runtimeDir, pluginDir, entry string, extraPythonPath ...string) Policy {
	pp := append([]string{RuntimeMount + "/lib/mmpy-site.zip"}, extraPythonPath...)
	return Policy{
		Mounts: []Mount{
			{HostDir: runtimeDir, GuestPath: RuntimeMount, ReadOnly: true},
			{HostDir: pluginDir, GuestPath: PluginMount, ReadOnly: true},
		},
		Env: map[string]string{
			"PYTHONHOME":              RuntimeMount,
			"PYTHONPATH":              strings.Join(pp, ":"),
			"PYTHONDONTWRITEBYTECODE": "1",
			"PYTHONUNBUFFERED":        "1",
			"PYTHONSAFEPATH":          "1",
			"HOME":                    "/tmp",
			"LANG":                    "C.UTF-8",
		},
		Args:             []string{"python", "-m", BootModule, path.Join(PluginMount, filepath.ToSlash(entry))},
		MemoryLimitPages: DefaultMemoryLimitPages,
	}
}

// ForPluginFS is ForPlugin with in-memory file systems (a one-file .wasm
// artifact) in place of the runtime and plugin directories.
func ForPluginFS(runtimeFS, pluginFS fs.FS, entry string, extraPythonPath ...string) Policy {
	p := ForPlugin("", "", entry, extraPythonPath...)
	p.Mounts = []Mount{
		{FS: runtimeFS, GuestPath: RuntimeMount, ReadOnly: true},
		{FS: pluginFS, GuestPath: PluginMount, ReadOnly: true},
	}
	return p
}

// Validate reports the first problem that would make the policy unsafe or
// unusable, naming the field and the fix.
func (p Policy) Validate() error {
	seen := map[string]bool{}
	for i, m := range p.Mounts {
		if m.FS != nil && !m.ReadOnly {
			return fmt.Errorf("wasi policy: Mounts[%d] (%s) mounts an fs.FS writable: fs.FS mounts are read-only; set ReadOnly", i, m.GuestPath)
		}
		if m.FS == nil && !filepath.IsAbs(m.HostDir) {
			return fmt.Errorf("wasi policy: Mounts[%d].HostDir %q is not absolute: pass an absolute host path", i, m.HostDir)
		}
		if !path.IsAbs(m.GuestPath) || path.Clean(m.GuestPath) != m.GuestPath {
			return fmt.Errorf("wasi policy: Mounts[%d].GuestPath %q must be a clean absolute path such as /plugin", i, m.GuestPath)
		}
		if m.GuestPath == "/" {
			return fmt.Errorf("wasi policy: Mounts[%d] mounts %q at the guest root: mount it at a sub-path", i, m.HostDir)
		}
		if seen[m.GuestPath] {
			return fmt.Errorf("wasi policy: guest path %s is mounted twice", m.GuestPath)
		}
		seen[m.GuestPath] = true
	}
	if s := p.Scratch; s != nil {
		if !filepath.IsAbs(s.HostDir) {
			return fmt.Errorf("wasi policy: Scratch.HostDir %q is not absolute: pass an absolute host path", s.HostDir)
		}
		if st, err := os.Stat(s.HostDir); err != nil || !st.IsDir() {
			return fmt.Errorf("wasi policy: Scratch.HostDir %q is not an existing directory: create it first", s.HostDir)
		}
		g := s.Guest()
		if !path.IsAbs(g) || path.Clean(g) != g || g == "/" {
			return fmt.Errorf("wasi policy: Scratch.GuestPath %q must be a clean absolute path such as /scratch", g)
		}
		if seen[g] {
			return fmt.Errorf("wasi policy: guest path %s is mounted twice (a mount and the scratch directory)", g)
		}
	}
	if len(p.Args) == 0 {
		return fmt.Errorf("wasi policy: Args is empty: argv[0] is required")
	}
	for k := range p.Env {
		if k == "" || strings.ContainsAny(k, "=\x00") {
			return fmt.Errorf("wasi policy: environment key %q is invalid", k)
		}
	}
	return nil
}

// SortedEnv returns the environment as sorted key/value pairs (deterministic
// order for engines and tests).
func (p Policy) SortedEnv() [][2]string {
	keys := make([]string, 0, len(p.Env))
	for k := range p.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([][2]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, [2]string{k, p.Env[k]})
	}
	return out
}

// MemoryLimit returns the effective memory cap in pages.
func (p Policy) MemoryLimit() uint32 {
	if p.MemoryLimitPages == 0 {
		return DefaultMemoryLimitPages
	}
	return p.MemoryLimitPages
}
