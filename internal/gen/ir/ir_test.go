package ir_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/internal/gen/iface"
	"github.com/mmpy/mmpy/internal/gen/ir"
)

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"GetUser": "get_user", "KVSetWithOptions": "kv_set_with_options", "CreateOAuthApp": "create_oauth_app",
		"userID": "user_id", "teamId": "team_id", "GetLDAPUserAttributes": "get_ldap_user_attributes",
		"PluginHTTP": "plugin_http", "GetUsersByIDs": "get_users_by_ids", "IPAddress": "ip_address",
	} {
		assert.Equal(t, want, ir.Snake(in), in)
	}
	assert.Equal(t, "from_", ir.SnakeParam("from"))
	assert.Equal(t, "value", ir.SnakeParam(""))
}

// load reads the pinned interface (as cmd/mmpy-gen does).
func load(t *testing.T) *ir.IR {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/mattermost/mattermost/server/public").Output()
	require.NoError(t, err)
	dir := strings.TrimSpace(string(out))
	it, err := iface.Read(filepath.Join(dir, "plugin"), "github.com/mattermost/mattermost/server/public", "test")
	require.NoError(t, err)
	x, err := ir.Load("../../..", it)
	require.NoError(t, err)
	return x
}

// TestLoad: every method and hook resolves, every parameter gets a wire
// kind, and the models the guide relies on are there with their JSON names.
func TestLoad(t *testing.T) {
	x := load(t)
	assert.Len(t, x.API, 258)
	assert.Len(t, x.Hooks, 51)
	assert.Greater(t, len(x.Models), 100)
	byName := map[string]*ir.Model{}
	for _, m := range x.Models {
		byName[m.Name] = m
	}
	post := byName["Post"]
	require.NotNil(t, post)
	fields := map[string]ir.Field{}
	for _, f := range post.Fields {
		fields[f.Py] = f
	}
	assert.Equal(t, "channel_id", fields["channel_id"].JSON)
	assert.Equal(t, ir.PyDict, fields["props"].Type.Kind)
	assert.True(t, fields["metadata"].OmitEmpty)
	assert.Equal(t, ir.PyOpt, fields["metadata"].Type.Kind)
	assert.NotContains(t, fields, "props_mu", "unexported fields are not models' fields")
	ctx := byName["Context"]
	require.NotNil(t, ctx, "plugin.Context is a model (hooks' first argument)")
	assert.Equal(t, "SessionId", ctx.Fields[0].JSON, "no json tag: the Go name is the key")

	for _, m := range append(append([]*ir.Method{}, x.API...), x.Hooks...) {
		for _, p := range m.Params {
			if p.Kind == ir.KJSON {
				assert.NotNil(t, p.Py, "%s.%s", m.Name, p.Name)
			}
		}
	}
	var load *ir.Method
	for _, m := range x.API {
		if m.Name == "LoadPluginConfiguration" {
			load = m
		}
	}
	require.NotNil(t, load)
	assert.Empty(t, load.Params, "dest is an out-parameter")
	require.Len(t, load.Results, 1)
	assert.True(t, load.Results[0].Out)
}
