package hclogjson

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormat(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(NewHandler(&buf, slog.LevelInfo)).With("plugin_id", "com.x")
	l.Debug("hidden")
	l.Info("python plugin loaded", "seconds", 0.25, "hooks", []string{"A", "B"})
	l.Error("  raise RuntimeError(\"boom\")", "source", "python stderr")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 2, "debug is below the level")
	var a, b map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &a))
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &b))
	assert.Equal(t, "info", a["@level"])
	assert.Equal(t, "python plugin loaded seconds=0.25 hooks=\"[A B]\"", a["@message"])
	assert.Equal(t, "error", b["@level"])
	assert.Equal(t, "  raise RuntimeError(\"boom\") source=\"python stderr\"", b["@message"])
	assert.NotContains(t, lines[0], "plugin_id", "the server adds the plugin id itself")
	assert.Len(t, a, 3, "only hclog's own fields: nothing for wrapped_extras")
}
