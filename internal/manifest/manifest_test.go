package manifest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writePlugin(t *testing.T, name, manifest string, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(manifest), 0o644))
	for _, f := range files {
		p := filepath.Join(dir, f)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("pass\n"), 0o644))
	}
	return dir
}

func TestValid(t *testing.T) {
	dir := writePlugin(t, "plugin.json", `{"id":"com.example.x","name":"X","version":"0.1.0","min_server_version":"9.5.0",
	  "server":{"executable":"server/plugin.py","runtime":"python","python_version":"3.9",
	  "python":{"dependency_mode":"venv","venv_path":"server/venv","requirements_path":"server/requirements.txt"}},
	  "settings_schema":{"settings":[]}}`, "server/plugin.py")
	m, err := Load(dir)
	require.NoError(t, err)
	assert.Equal(t, "com.example.x", m.ID)
	assert.Equal(t, "venv", m.Server.Python.DependencyMode)
	assert.Contains(t, m.Raw, "settings_schema", "unknown fields are kept for the bundle")
	assert.Nil(t, m.EgressHosts())
}

func TestEgress(t *testing.T) {
	dir := writePlugin(t, "plugin.yaml", `id: com.example.egress
version: 0.1.0
server:
  executable: server/plugin.py
  runtime: python
  python:
    egress: ["api.example.com", "*.slack.com", "127.0.0.1:8080"]
`, "server/plugin.py")
	m, err := Load(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"api.example.com", "*.slack.com", "127.0.0.1:8080"}, m.EgressHosts())
}

func TestYAML(t *testing.T) {
	dir := writePlugin(t, "plugin.yaml", `id: com.example.myplugin
name: My Python Plugin
version: 0.1.0
min_server_version: "9.5.0"
server:
  executable: server/plugin.py
  runtime: python
  python_version: "3.9"
  python:
    dependency_mode: venv
    venv_path: server/venv
    requirements_path: server/requirements.txt
`, "server/plugin.py")
	m, err := Load(dir)
	require.NoError(t, err)
	assert.Equal(t, "server/plugin.py", m.Server.Executable)
	assert.Equal(t, "server/venv", m.Server.Python.VenvPath)
}

func TestInvalid(t *testing.T) {
	for _, tc := range []struct {
		name, manifest string
		want           []string
	}{
		{"no executable", `{"id":"com.x.y","version":"1","server":{"runtime":"python"}}`,
			[]string{"plugin.json: server.executable: missing", "server/plugin.py"}},
		{"go runtime", `{"id":"com.x.y","version":"1","server":{"runtime":"go","executable":"server/plugin.py"}}`,
			[]string{"server.runtime", `is "go"`, `"runtime": "python"`}},
		{"no runtime", `{"id":"com.x.y","version":"1","server":{"executable":"server/plugin.py"}}`,
			[]string{"server.runtime: missing"}},
		{"missing file", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/main.py"}}`,
			[]string{"server.executable", `"server/main.py" does not exist`, "create it or fix the path"}},
		{"escapes", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"../x.py"}}`,
			[]string{"points outside the plugin folder"}},
		{"not python", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin"}}`,
			[]string{"is not a Python file"}},
		{"bad id", `{"id":"x","version":"1","server":{"runtime":"python","executable":"server/plugin.py"}}`,
			[]string{"id:", "is invalid"}},
		{"bad python_version", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin.py","python_version":"three"}}`,
			[]string{"server.python_version", `use "3.9"`}},
		{"bad dependency_mode", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin.py","python":{"dependency_mode":"conda"}}}`,
			[]string{"server.python.dependency_mode", `"bundled", "venv" or "system"`}},
		{"venv without venv_path", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin.py","python":{"dependency_mode":"venv"}}}`,
			[]string{"plugin.json: server.python.venv_path: missing", `"venv_path": "server/venv"`}},
		{"venv_path outside", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin.py","python":{"dependency_mode":"venv","venv_path":"../venv"}}}`,
			[]string{"server.python.venv_path", "points outside the plugin folder"}},
		{"requirements_path outside", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin.py","python":{"requirements_path":"/etc/req.txt"}}}`,
			[]string{"server.python.requirements_path", "points outside the plugin folder"}},
		{"bad egress", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin.py","python":{"egress":["api.example.com","https://hooks.slack.com/x"]}}}`,
			[]string{"server.python.egress[1]", `give only the host (no scheme, path or user), e.g. "hooks.slack.com"`}},
		{"egress wildcard", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin.py","python":{"egress":["api.*.com"]}}}`,
			[]string{"server.python.egress[0]", "wildcard is allowed only as the first label"}},
		{"bad engine", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin.py","python":{"engine":"v8"}}}`,
			[]string{"server.python.engine", `is "v8"`, `"wazero" "wasmtime"`}},
		{"egress type", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin.py","python":{"egress":"api.example.com"}}}`,
			[]string{"wrong type"}},
		{"syntax", `{"id":`, []string{"plugin.json: not valid JSON", "fix the syntax"}},
		{"wrong type", `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":3}}`,
			[]string{"wrong type"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writePlugin(t, "plugin.json", tc.manifest, "server/plugin.py")
			_, err := Load(dir)
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	_, err := Load(t.TempDir())
	require.ErrorContains(t, err, "no plugin.json or plugin.yaml")
}

func TestVersionSpec(t *testing.T) {
	for _, tc := range []struct {
		spec  string
		allow bool
	}{{"3.9", true}, {">=3.11", true}, {">=3.14", false}, {"<3.13", false}, {"==3.13", true}, {">3.12", true}, {"<=3.12", false}} {
		v, err := ParseVersionSpec(tc.spec)
		require.NoError(t, err, tc.spec)
		assert.Equal(t, tc.allow, v.Allows(3, 13), tc.spec)
	}
}

func TestDependencies(t *testing.T) {
	const head = `{"id":"com.x.y","version":"1","server":{"runtime":"python","executable":"server/plugin.py"`
	load := func(t *testing.T, manifest string, files ...string) (*Manifest, string) {
		dir := writePlugin(t, "plugin.json", manifest, append([]string{"server/plugin.py"}, files...)...)
		m, err := Load(dir)
		require.NoError(t, err)
		return m, dir
	}
	t.Run("default is bundled with server/requirements.txt", func(t *testing.T) {
		m, dir := load(t, head+`}}`, "server/requirements.txt")
		plan, err := m.Dependencies(dir)
		require.NoError(t, err)
		assert.Equal(t, ModeBundled, plan.Mode)
		assert.Equal(t, filepath.Join(dir, "server", "requirements.txt"), plan.Requirements)
	})
	t.Run("root requirements.txt wins", func(t *testing.T) {
		m, dir := load(t, head+`}}`, "requirements.txt", "server/requirements.txt")
		plan, err := m.Dependencies(dir)
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(dir, "requirements.txt"), plan.Requirements)
	})
	t.Run("no requirements", func(t *testing.T) {
		m, dir := load(t, head+`}}`)
		plan, err := m.Dependencies(dir)
		require.NoError(t, err)
		assert.Empty(t, plan.Requirements)
	})
	t.Run("requirements_path missing", func(t *testing.T) {
		m, dir := load(t, head+`,"python":{"requirements_path":"deps.txt"}}}`)
		_, err := m.Dependencies(dir)
		require.ErrorContains(t, err, `plugin.json: server.python.requirements_path: "deps.txt" does not exist`)
	})
	t.Run("venv missing", func(t *testing.T) {
		m, dir := load(t, head+`,"python":{"dependency_mode":"venv","venv_path":"server/venv"}}}`)
		_, err := m.Dependencies(dir)
		require.ErrorContains(t, err, `plugin.json: server.python.venv_path: "server/venv" does not exist`)
		assert.ErrorContains(t, err, "python3.13 -m venv server/venv")
	})
	t.Run("venv present", func(t *testing.T) {
		m, dir := load(t, head+`,"python":{"dependency_mode":"venv","venv_path":"server/venv"}}}`, "server/venv/pyvenv.cfg")
		plan, err := m.Dependencies(dir)
		require.NoError(t, err)
		assert.Equal(t, ModeVenv, plan.Mode)
		assert.Equal(t, filepath.Join(dir, "server", "venv"), plan.Venv)
	})
}
