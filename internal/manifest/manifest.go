// Package manifest reads and validates a Python plugin's manifest (plugin.json
// or plugin.yaml) with the fields of the Python Plugin Development Guide.
// Errors name the file, the field and the fix.
package manifest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/mmpy/mmpy/wasi"
)

// Python is the server.python block.
type Python struct {
	DependencyMode   string `json:"dependency_mode,omitempty" yaml:"dependency_mode,omitempty"`
	VenvPath         string `json:"venv_path,omitempty" yaml:"venv_path,omitempty"`
	RequirementsPath string `json:"requirements_path,omitempty" yaml:"requirements_path,omitempty"`
	// Egress lists the hosts the plugin may reach over HTTP(S) (patterns as
	// in wasi.ValidateEgressPattern: "api.example.com", "*.slack.com",
	// "host:8443"). The administrator must allow them too.
	Egress []string `json:"egress,omitempty" yaml:"egress,omitempty"`
	// Engine is the WebAssembly engine the shim runs the plugin on:
	// "wazero" (default) or "wasmtime" (a shim built with -tags wasmtime).
	// The server's MMPY_ENGINE environment variable overrides it.
	Engine string `json:"engine,omitempty" yaml:"engine,omitempty"`
}

// Engines server.python.engine accepts (host.EngineWazero, host.EngineWasmtime).
var Engines = []string{"wazero", "wasmtime"}

// EgressHosts returns server.python.egress (nil if absent).
func (m *Manifest) EgressHosts() []string {
	if m.Server.Python == nil {
		return nil
	}
	return m.Server.Python.Egress
}

// Server is the server block as the guide defines it.
type Server struct {
	Executable    string            `json:"executable,omitempty" yaml:"executable,omitempty"`
	Executables   map[string]string `json:"executables,omitempty" yaml:"executables,omitempty"`
	Runtime       string            `json:"runtime,omitempty" yaml:"runtime,omitempty"`
	PythonVersion string            `json:"python_version,omitempty" yaml:"python_version,omitempty"`
	Python        *Python           `json:"python,omitempty" yaml:"python,omitempty"`
}

// Manifest holds the fields mmpy needs; Raw keeps every field of the file so
// a bundle's plugin.json loses nothing.
type Manifest struct {
	ID               string `json:"id"`
	Name             string `json:"name"`
	Version          string `json:"version"`
	MinServerVersion string `json:"min_server_version"`
	Server           Server `json:"server"`

	File string         `json:"-"` // path the manifest was read from
	Raw  map[string]any `json:"-"`
}

// Names of manifest files, in lookup order.
var Names = []string{"plugin.json", "plugin.yaml", "plugin.yml"}

// Find returns the manifest path in dir.
func Find(dir string) (string, error) {
	for _, n := range Names {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf(`%s: no plugin.json or plugin.yaml: create one with id, name, version and server {"executable": "server/plugin.py", "runtime": "python"}`, dir)
}

// Load reads the manifest of the plugin in dir and validates it.
func Load(dir string) (*Manifest, error) {
	p, err := Find(dir)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	m, err := Parse(p, data)
	if err != nil {
		return nil, err
	}
	return m, m.Validate(dir)
}

// Parse decodes manifest bytes; file (its name) picks JSON or YAML and is
// used in error messages.
func Parse(file string, data []byte) (*Manifest, error) {
	var raw map[string]any
	if strings.HasSuffix(file, ".json") {
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("%s: not valid JSON: %v: fix the syntax", file, err)
		}
	} else {
		if err := yaml.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("%s: not valid YAML: %v: fix the syntax", file, err)
		}
	}
	if raw == nil {
		return nil, fmt.Errorf("%s: empty manifest: add at least id, name, version and server", file)
	}
	norm, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	var m Manifest
	if err := json.Unmarshal(norm, &m); err != nil {
		return nil, fmt.Errorf("%s: a field has the wrong type: %v", file, err)
	}
	m.File, m.Raw = file, raw
	return &m, nil
}

var idRe = regexp.MustCompile(`^[a-zA-Z0-9-_.]{3,190}$`)

// Validate checks the fields mmpy relies on; dir is the plugin root used to
// check that the entry point exists.
func (m *Manifest) Validate(dir string) error {
	f := filepath.Base(m.File)
	var errs []error
	bad := func(field, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: %s: %s", f, field, fmt.Sprintf(format, a...)))
	}
	if m.ID == "" {
		bad("id", `missing: set a unique plugin id such as "com.example.myplugin"`)
	} else if !idRe.MatchString(m.ID) {
		bad("id", "%q is invalid: use 3-190 letters, digits, '.', '-' or '_'", m.ID)
	}
	if m.Version == "" {
		bad("version", `missing: set a semantic version such as "0.1.0"`)
	}
	if m.Server.Runtime != "python" {
		if m.Server.Runtime == "" {
			bad("server.runtime", `missing: set "runtime": "python" (mmpy bundles Python plugins only)`)
		} else {
			bad("server.runtime", `is %q: mmpy runs Python plugins only; set "runtime": "python" or build a Go plugin with the Mattermost starter template`, m.Server.Runtime)
		}
	}
	if m.Server.Executable == "" {
		bad("server.executable", `missing: set it to the Python entry point, e.g. "server/plugin.py"`)
	} else {
		e := m.Server.Executable
		clean := path.Clean(filepath.ToSlash(e))
		switch {
		case path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../"):
			bad("server.executable", "%q points outside the plugin folder: use a path relative to it, e.g. \"server/plugin.py\"", e)
		case !strings.HasSuffix(clean, ".py"):
			bad("server.executable", "%q is not a Python file: point it at the .py entry point, e.g. \"server/plugin.py\"", e)
		default:
			if st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(clean))); err != nil || st.IsDir() {
				bad("server.executable", "%q does not exist in %s: create it or fix the path", e, dir)
			}
		}
	}
	if pv := m.Server.PythonVersion; pv != "" {
		if _, err := ParseVersionSpec(pv); err != nil {
			bad("server.python_version", "%v", err)
		}
	}
	if py := m.Server.Python; py != nil {
		switch py.DependencyMode {
		case "", ModeBundled, ModeVenv, ModeSystem:
		default:
			bad("server.python.dependency_mode", `is %q: use "bundled", "venv" or "system" ("bundled" vendors requirements.txt into the artifact)`, py.DependencyMode)
		}
		for _, fp := range []struct{ field, val string }{
			{"server.python.venv_path", py.VenvPath}, {"server.python.requirements_path", py.RequirementsPath},
		} {
			if fp.val != "" && !inside(fp.val) {
				bad(fp.field, "%q points outside the plugin folder: use a path relative to it, e.g. \"server/venv\"", fp.val)
			}
		}
		if py.DependencyMode == ModeVenv && py.VenvPath == "" {
			bad("server.python.venv_path", `missing: dependency_mode "venv" needs the venv's folder inside the plugin, e.g. "venv_path": "server/venv"`)
		}
		if py.Engine != "" && !slices.Contains(Engines, py.Engine) {
			bad("server.python.engine", "is %q: use %q", py.Engine, Engines)
		}
		for i, h := range py.Egress {
			if err := wasi.ValidateEgressPattern(h); err != nil {
				bad(fmt.Sprintf("server.python.egress[%d]", i), "%v", err)
			}
		}
	}
	return errors.Join(errs...)
}

// Dependency modes of server.python.dependency_mode.
const (
	// ModeBundled (the default): requirements.txt is resolved to pure-Python
	// wheels at build time and vendored into the artifact.
	ModeBundled = "bundled"
	// ModeVenv: the packages installed in the venv at venv_path are vendored
	// into the artifact as its site-packages.
	ModeVenv = "venv"
	// ModeSystem: "the interpreter's own packages". In the sandbox that is
	// the runtime's standard library and the SDK only: the server's Python
	// installation is invisible to the guest, so no requirement is
	// installed, and a requirements file with requirements is refused.
	ModeSystem = "system"
)

func inside(p string) bool {
	clean := path.Clean(filepath.ToSlash(p))
	return !(path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../"))
}

// DependencyPlan is how the plugin's third-party packages are provided.
type DependencyPlan struct {
	Mode string // ModeBundled, ModeVenv or ModeSystem
	// Requirements is the requirements file (absolute; "" when there is none).
	Requirements string
	// RequirementsField is where Requirements came from, for messages:
	// "server.python.requirements_path" or the default location's name.
	RequirementsField string
	// Venv is the venv folder (absolute) in ModeVenv.
	Venv string
}

// DefaultRequirements are looked up, in order, when requirements_path is not
// set.
var DefaultRequirements = []string{"requirements.txt", "server/requirements.txt"}

// Dependencies resolves the server.python block against the plugin folder
// dir: the mode, and the requirements file or venv that exist there.
func (m *Manifest) Dependencies(dir string) (DependencyPlan, error) {
	f := filepath.Base(m.File)
	py := m.Server.Python
	if py == nil {
		py = &Python{}
	}
	plan := DependencyPlan{Mode: py.DependencyMode}
	if plan.Mode == "" {
		plan.Mode = ModeBundled
	}
	if py.RequirementsPath != "" {
		p := filepath.Join(dir, filepath.FromSlash(py.RequirementsPath))
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return plan, fmt.Errorf("%s: server.python.requirements_path: %q does not exist in %s: create it or fix the path", f, py.RequirementsPath, dir)
		}
		plan.Requirements, plan.RequirementsField = p, "server.python.requirements_path"
	} else {
		for _, c := range DefaultRequirements {
			p := filepath.Join(dir, filepath.FromSlash(c))
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				plan.Requirements, plan.RequirementsField = p, c
				break
			}
		}
	}
	if plan.Mode == ModeVenv {
		p := filepath.Join(dir, filepath.FromSlash(py.VenvPath))
		if st, err := os.Stat(p); err != nil || !st.IsDir() {
			return plan, fmt.Errorf("%s: server.python.venv_path: %q does not exist in %s: create the venv there (python3.13 -m venv %s && %s/bin/pip install -r requirements.txt) or use \"dependency_mode\": \"bundled\"",
				f, py.VenvPath, dir, py.VenvPath, py.VenvPath)
		}
		plan.Venv = p
	}
	return plan, nil
}

// VersionSpec is a python_version constraint: "3.9" means >= 3.9, and
// ">=3.11", ">3.10", "==3.13", "<=3.13", "<3.14" are accepted.
type VersionSpec struct {
	Op           string
	Major, Minor int
}

var specRe = regexp.MustCompile(`^\s*(>=|<=|==|>|<)?\s*(\d+)\.(\d+)\s*$`)

// ParseVersionSpec parses a python_version value.
func ParseVersionSpec(s string) (VersionSpec, error) {
	g := specRe.FindStringSubmatch(s)
	if g == nil {
		return VersionSpec{}, fmt.Errorf(`%q is not a version constraint: use "3.9" (meaning >= 3.9) or ">=3.11"`, s)
	}
	var v VersionSpec
	v.Op = g[1]
	if v.Op == "" {
		v.Op = ">="
	}
	fmt.Sscan(g[2], &v.Major)
	fmt.Sscan(g[3], &v.Minor)
	return v, nil
}

// Allows reports whether major.minor satisfies the constraint.
func (v VersionSpec) Allows(major, minor int) bool {
	c := (major*1000 + minor) - (v.Major*1000 + v.Minor)
	switch v.Op {
	case ">=":
		return c >= 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	case "<":
		return c < 0
	default:
		return c == 0
	}
}
