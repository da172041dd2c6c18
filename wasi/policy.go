// Package wasi defines the sandbox policy of a plugin instance: what the guest
// sees of the host (mounts, environment, clocks), and the limits it runs
// under. A Policy is plain data; engines in host/internal/engine apply it.
//
// The defaults are deny-by-default: no host path is visible except the ones
// mounted here, the environment holds only what the policy sets, and WASI
// preview 1 gives the guest no way to open sockets.
package wasi

import (
	"fmt"
	"io/fs"
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

// WasmPageSize is the size of one page of linear memory.
const WasmPageSize = 64 << 10

// DefaultMemoryLimitPages caps a guest's linear memory: 4096 pages = 256 MiB.
const DefaultMemoryLimitPages = 4096

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
		Args:             []string{"python", "-m", "mattermost_plugin._boot", path.Join(PluginMount, filepath.ToSlash(entry))},
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
