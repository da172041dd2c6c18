package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionBefore(t *testing.T) {
	for _, c := range []struct {
		a, b   string
		before bool
	}{
		{"9.5.0", "10.1", true},
		{"9.5.0", "9.8", true},
		{"9.5.0", "9.5", false},
		{"9.5.0", "5.2", false},
		{"11.4.0", "11.10", true},
		{"11.4.0", "11.4", false},
		{"11.10.1", "11.4", false},
		{"9.5.0-rc1", "9.5", false},
	} {
		assert.Equal(t, c.before, versionBefore(c.a, c.b), "%s before %s", c.a, c.b)
	}
}

func TestMethodNewerThanServer(t *testing.T) {
	// GetPluginID came with 10.1 (abi/interface.json), GetUser with 5.2.
	minV, newer, err := MethodNewerThanServer("GetPluginID", "9.5.0")
	require.NoError(t, err)
	assert.Equal(t, "10.1", minV)
	assert.True(t, newer)

	_, newer, err = MethodNewerThanServer("GetPluginID", "11.4.0")
	require.NoError(t, err)
	assert.False(t, newer)

	minV, newer, err = MethodNewerThanServer("GetUser", "9.5.0")
	require.NoError(t, err)
	assert.Equal(t, "5.2", minV)
	assert.False(t, newer)

	_, _, err = MethodNewerThanServer("NoSuchMethod", "9.5.0")
	assert.ErrorContains(t, err, "NoSuchMethod")
}

func TestUnavailableMethod(t *testing.T) {
	msg := "GetUsersByIds: API method GetUsersByIds needs Mattermost server 9.8 or newer; " +
		"this server is 9.5.0: upgrade the server or avoid the call [mmpy.api.unavailable, status 503]"
	method, minV, server, ok := UnavailableMethod(msg)
	require.True(t, ok)
	assert.Equal(t, "GetUsersByIds", method)
	assert.Equal(t, "9.8", minV)
	assert.Equal(t, "9.5.0", server)

	_, _, _, ok = UnavailableMethod("GetUser: not found [store.sql_user.missing, status 404]")
	assert.False(t, ok)
}

func TestGoMissingMethod(t *testing.T) {
	method, ok := GoMissingMethod("RPC call to RestoreChannel API failed: rpc: can't find method Plugin.RestoreChannel")
	require.True(t, ok)
	assert.Equal(t, "RestoreChannel", method)

	_, ok = GoMissingMethod("RPC call to GetUser API failed: unexpected EOF")
	assert.False(t, ok, "a broken connection is not a missing method")
	_, ok = GoMissingMethod("RPC call to GetUser API failed: rpc: can't find method Plugin.GetTeam")
	assert.False(t, ok, "the line names one method twice")
}
