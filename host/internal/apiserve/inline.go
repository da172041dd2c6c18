package apiserve

// inline lists the API methods that cannot make the server call back into
// the plugin: reads of users, teams, channels, groups, configuration and
// licence, the KV store, logging, permissions and websocket events. None of
// them runs a plugin hook in Mattermost's app layer (post reads are left
// out: they may run MessagesWillBeConsumed; so is anything that may create
// a channel, save configuration or write posts).
var inline = map[string]bool{}

func init() {
	for _, m := range []string{
		"LoadPluginConfiguration", "GetConfig", "GetUnsanitizedConfig", "GetPluginConfig", "GetLicense",
		"IsEnterpriseReady", "GetServerVersion", "GetSystemInstallDate", "GetDiagnosticId", "GetTelemetryId",
		"GetUsers", "GetUsersByIds", "GetUser", "GetUserByEmail", "GetUserByUsername", "GetUsersByUsernames",
		"GetUsersInTeam", "GetUsersInChannel", "GetPreferencesForUser", "GetSession", "GetUserStatus",
		"GetUserStatusesByIds", "GetProfileImage", "GetBot", "GetBots",
		"GetTeams", "GetTeam", "GetTeamByName", "GetTeamsUnreadForUser", "GetTeamsForUser", "GetTeamMembers",
		"GetTeamMember", "GetTeamMembersForUser", "GetTeamIcon", "GetTeamStats",
		"GetChannel", "GetChannelByName", "GetChannelByNameForTeamName", "GetChannelsForTeamForUser",
		"GetChannelStats", "GetChannelMember", "GetChannelMembers", "GetChannelMembersByIds",
		"GetChannelMembersForUser",
		"GetGroup", "GetGroupByName", "GetGroupMemberUsers", "GetGroupsBySource", "GetGroupsForUser",
		"GetGroupByRemoteID", "GetGroupSyncable", "GetGroupSyncables", "GetGroups",
		"GetEmojiList", "GetEmojiByName", "GetEmoji", "GetEmojiImage", "GetFileInfo", "GetFileInfos",
		"KVSet", "KVCompareAndSet", "KVCompareAndDelete", "KVSetWithOptions", "KVSetWithExpiry", "KVGet",
		"KVDelete", "KVDeleteAll", "KVList",
		"PublishWebSocketEvent", "PublishUserTyping",
		"HasPermissionTo", "HasPermissionToTeam", "HasPermissionToChannel", "RolesGrantPermission",
		"LogDebug", "LogInfo", "LogError", "LogWarn", "LogAuditRec", "LogAuditRecWithLevel",
	} {
		inline[m] = true
	}
}

// CannotReenter tells whether API method cannot make the server run a hook
// of the calling plugin before it returns. The host runs such methods on the
// guest's goroutine (guest.Config.Inline) instead of a goroutine of their
// own: no goroutine start, channel hand-off or thread wake-up per call. Every
// other method keeps the re-entrant path (docs/ARCHITECTURE.md, "Threading
// and re-entrancy").
func CannotReenter(method string) bool { return inline[method] }
