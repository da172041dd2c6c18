//go:build e2e

package e2e

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFakeScenariosOnRealServer runs the scenario suite of
// mattermost_plugin.testing (sdk/src/mattermost_plugin/testing/scenarios.py)
// against the real server through a Python plugin. The SDK's tests
// (test_testing_scenarios.py) run the same suite against FakeMattermost and
// require every scenario to pass; here the real server must give the same
// results, which keeps the fake honest.
func TestFakeScenariosOnRealServer(t *testing.T) {
	ctx := t.Context()
	m := installPlugin(t, pythonBundle(t, "conformance/e2e/testdata/scenarios", "scenarios.tar.gz"))
	require.NoError(t, srv.EnablePlugin(ctx, m.Id))
	requireRunning(t, m.Id)

	sfx := randomSuffix(t)
	const password = "Passw0rd!scen-Passw0rd"
	user, err := srv.CreateUser(ctx, "scen-user-"+sfx, password, false)
	require.NoError(t, err)
	other, err := srv.CreateUser(ctx, "scen-other-"+sfx, password, false)
	require.NoError(t, err)
	team, err := srv.CreateTeam(ctx, "scen-team-"+sfx)
	require.NoError(t, err)
	ch, err := srv.CreateChannel(ctx, team.Id, "scen-channel-"+sfx)
	require.NoError(t, err)
	require.NoError(t, srv.AddMembers(ctx, team.Id, ch.Id, user.Id, other.Id))

	resp, err := srv.Admin.PluginRequest(ctx, http.MethodPost, m.Id, "/run", map[string]string{
		"user_id": user.Id, "other_user_id": other.Id, "team_id": team.Id, "channel_id": ch.Id, "prefix": "scen-" + sfx + "-",
	})
	require.NoError(t, err)
	var out struct {
		Scenarios []string `json:"scenarios"`
		Results   []struct {
			Name   string `json:"name"`
			OK     bool   `json:"ok"`
			Step   int    `json:"step"`
			Detail string `json:"detail"`
		} `json:"results"`
	}
	require.NoError(t, resp.JSONBody(&out), "plugin log:\n%s", pluginLogTail(m.Id))
	require.NotEmpty(t, out.Scenarios)
	require.Len(t, out.Results, len(out.Scenarios))
	for _, r := range out.Results {
		assert.True(t, r.OK, "scenario %s differs on the real server at step %d: %s", r.Name, r.Step, r.Detail)
	}
	t.Logf("%d scenarios of the fake's suite pass on the real server", len(out.Results))
}
