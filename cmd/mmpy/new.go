package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
)

func newCmd() *cobra.Command {
	var id, name string
	c := &cobra.Command{
		Use:   "new DIR",
		Short: "Scaffold a Python plugin (plugin.json, server/plugin.py, tests)",
		Long: "New creates the guide's layout in DIR: plugin.json, server/plugin.py with an\n" +
			"OnActivate hook, server/requirements.txt and tests/ with a passing pytest test.",
		Example: "  mmpy new my-plugin --id com.example.myplugin",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return scaffold(args[0], id, name, func(s string) { fmt.Fprintln(cmd.OutOrStdout(), s) })
		},
	}
	c.Flags().StringVar(&id, "id", "", "plugin id (default com.example.<dir name>)")
	c.Flags().StringVar(&name, "name", "", "display name (default: the dir name)")
	return c
}

var nonID = regexp.MustCompile(`[^a-z0-9]+`)

func className(name string) string {
	var b strings.Builder
	for _, w := range nonID.Split(strings.ToLower(name), -1) {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	s := b.String()
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		s = "My" + s
	}
	return s + "Plugin"
}

func scaffold(dir, id, name string, say func(string)) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s exists and is not empty: choose a new folder", dir)
	}
	base := filepath.Base(filepath.Clean(dir))
	if name == "" {
		name = base
	}
	if id == "" {
		id = "com.example." + strings.Trim(nonID.ReplaceAllString(strings.ToLower(base), "-"), "-")
	}
	cls := className(base)
	manifest, _ := json.MarshalIndent(map[string]any{
		"id": id, "name": name, "version": "0.1.0", "min_server_version": "9.5.0",
		"server": map[string]any{"executable": "server/plugin.py", "runtime": "python", "python_version": "3.13"},
	}, "", "  ")
	files := map[string]string{
		"plugin.json": string(manifest) + "\n",
		"server/plugin.py": fmt.Sprintf(`from mattermost_plugin import Plugin, hook, HookName


class %[1]s(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        version = self.api.get_server_version()
        self.logger.info(f"%[2]s activated on Mattermost {version}")

    @hook(HookName.OnDeactivate)
    def on_deactivate(self) -> None:
        self.logger.info("%[2]s deactivated")


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin
    run_plugin(%[1]s)
`, cls, name),
		"server/requirements.txt": "mattermost-plugin-sdk>=0.1.0\n",
		"tests/conftest.py": `import os
import sys

# Make "from server.plugin import ..." work: the plugin root goes on sys.path.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
`,
		"tests/test_plugin.py": fmt.Sprintf(`from unittest.mock import MagicMock

from server.plugin import %[1]s


def test_on_activate_logs_server_version():
    plugin = %[1]s()
    plugin.api = MagicMock()
    plugin.logger = MagicMock()
    plugin.api.get_server_version.return_value = "11.4.0"

    plugin.on_activate()

    plugin.logger.info.assert_called_once_with("%[2]s activated on Mattermost 11.4.0")
`, cls, name),
		".gitignore": "__pycache__/\n*.tar.gz\n",
	}
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	say(fmt.Sprintf("created %s (%s): plugin.json, server/plugin.py, server/requirements.txt, tests/", dir, id))
	say(fmt.Sprintf("next: pip install ./sdk && (cd %s && pytest); mmpy bundle %s -o %s.tar.gz", dir, dir, base))
	return nil
}
