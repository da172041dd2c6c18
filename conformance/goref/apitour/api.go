package main

import (
	"sort"
	"sync"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

// tourAPI is the part of plugin.API the tour calls (88 methods, the Go names
// of the Python tour's calls), signatures copied from server/public v0.4.4.
// The tour sees the API only through this interface, implemented by
// recordingAPI: no call can bypass the recording, and the assertion below
// checks at compile time that every method is a plugin.API method with the
// same signature.
type tourAPI interface {
	AddChannelMember(channelId, userID string) (*model.ChannelMember, *model.AppError)
	AddReaction(reaction *model.Reaction) (*model.Reaction, *model.AppError)
	CreateBot(bot *model.Bot) (*model.Bot, *model.AppError)
	CreateChannel(channel *model.Channel) (*model.Channel, *model.AppError)
	CreatePost(post *model.Post) (*model.Post, *model.AppError)
	CreateTeam(team *model.Team) (*model.Team, *model.AppError)
	CreateTeamMember(teamID, userID string) (*model.TeamMember, *model.AppError)
	DeleteChannel(channelId string) *model.AppError
	DeletePost(postId string) *model.AppError
	DeletePreferencesForUser(userID string, preferences []model.Preference) *model.AppError
	EnsureBotUser(bot *model.Bot) (string, error)
	GetBot(botUserId string, includeDeleted bool) (*model.Bot, *model.AppError)
	GetBots(options *model.BotGetOptions) ([]*model.Bot, *model.AppError)
	GetBundlePath() (string, error)
	GetChannel(channelId string) (*model.Channel, *model.AppError)
	GetChannelByName(teamID, name string, includeDeleted bool) (*model.Channel, *model.AppError)
	GetChannelByNameForTeamName(teamName, channelName string, includeDeleted bool) (*model.Channel, *model.AppError)
	GetChannelMember(channelId, userID string) (*model.ChannelMember, *model.AppError)
	GetChannelMembers(channelId string, page, perPage int) (model.ChannelMembers, *model.AppError)
	GetChannelStats(channelId string) (*model.ChannelStats, *model.AppError)
	GetChannelsForTeamForUser(teamID, userID string, includeDeleted bool) ([]*model.Channel, *model.AppError)
	GetConfig() *model.Config
	GetDiagnosticId() string
	GetDirectChannel(userId1, userId2 string) (*model.Channel, *model.AppError)
	GetFile(fileId string) ([]byte, *model.AppError)
	GetFileInfo(fileId string) (*model.FileInfo, *model.AppError)
	GetLicense() *model.License
	GetPluginConfig() map[string]any
	GetPluginID() string
	GetPost(postId string) (*model.Post, *model.AppError)
	GetPostThread(postId string) (*model.PostList, *model.AppError)
	GetPostsForChannel(channelId string, page, perPage int) (*model.PostList, *model.AppError)
	GetPostsSince(channelId string, time int64) (*model.PostList, *model.AppError)
	GetPreferenceForUser(userID, category, name string) (model.Preference, *model.AppError)
	GetPreferencesForUser(userID string) ([]model.Preference, *model.AppError)
	GetPublicChannelsForTeam(teamID string, page, perPage int) ([]*model.Channel, *model.AppError)
	GetReactions(postId string) ([]*model.Reaction, *model.AppError)
	GetServerVersion() string
	GetSystemInstallDate() (int64, *model.AppError)
	GetTeam(teamID string) (*model.Team, *model.AppError)
	GetTeamByName(name string) (*model.Team, *model.AppError)
	GetTeamMember(teamID, userID string) (*model.TeamMember, *model.AppError)
	GetTeamMembers(teamID string, page, perPage int) ([]*model.TeamMember, *model.AppError)
	GetTeamStats(teamID string) (*model.TeamStats, *model.AppError)
	GetTeams() ([]*model.Team, *model.AppError)
	GetTeamsForUser(userID string) ([]*model.Team, *model.AppError)
	GetUnsanitizedConfig() *model.Config
	GetUser(userID string) (*model.User, *model.AppError)
	GetUserByEmail(email string) (*model.User, *model.AppError)
	GetUserByUsername(name string) (*model.User, *model.AppError)
	GetUserStatus(userID string) (*model.Status, *model.AppError)
	GetUserStatusesByIds(userIds []string) ([]*model.Status, *model.AppError)
	GetUsers(options *model.UserGetOptions) ([]*model.User, *model.AppError)
	GetUsersByIds(userIDs []string) ([]*model.User, *model.AppError)
	GetUsersByUsernames(usernames []string) ([]*model.User, *model.AppError)
	GetUsersInChannel(channelID, sortBy string, page, perPage int) ([]*model.User, *model.AppError)
	GetUsersInTeam(teamID string, page int, perPage int) ([]*model.User, *model.AppError)
	HasPermissionTo(userID string, permission *model.Permission) bool
	HasPermissionToChannel(userID, channelId string, permission *model.Permission) bool
	HasPermissionToTeam(userID, teamID string, permission *model.Permission) bool
	IsEnterpriseReady() bool
	KVCompareAndDelete(key string, oldValue []byte) (bool, *model.AppError)
	KVCompareAndSet(key string, oldValue, newValue []byte) (bool, *model.AppError)
	KVDelete(key string) *model.AppError
	KVGet(key string) ([]byte, *model.AppError)
	KVList(page, perPage int) ([]string, *model.AppError)
	KVSet(key string, value []byte) *model.AppError
	KVSetWithExpiry(key string, value []byte, expireInSeconds int64) *model.AppError
	KVSetWithOptions(key string, value []byte, options model.PluginKVSetOptions) (bool, *model.AppError)
	ListBuiltInCommands() ([]*model.Command, error)
	ListPluginCommands(teamID string) ([]*model.Command, error)
	LogInfo(msg string, keyValuePairs ...any)
	PatchBot(botUserId string, botPatch *model.BotPatch) (*model.Bot, *model.AppError)
	PublishWebSocketEvent(event string, payload map[string]any, broadcast *model.WebsocketBroadcast)
	RemoveReaction(reaction *model.Reaction) *model.AppError
	RestoreChannel(channelId string) *model.AppError
	SaveConfig(config *model.Config) *model.AppError
	SavePluginConfig(config map[string]any) *model.AppError
	SearchUsers(search *model.UserSearch) ([]*model.User, *model.AppError)
	SendEphemeralPost(userID string, post *model.Post) *model.Post
	UpdateBotActive(botUserId string, active bool) (*model.Bot, *model.AppError)
	UpdateChannel(channel *model.Channel) (*model.Channel, *model.AppError)
	UpdatePost(post *model.Post) (*model.Post, *model.AppError)
	UpdatePreferencesForUser(userID string, preferences []model.Preference) *model.AppError
	UpdateTeam(team *model.Team) (*model.Team, *model.AppError)
	UpdateUser(user *model.User) (*model.User, *model.AppError)
	UpdateUserStatus(userID, status string) (*model.Status, *model.AppError)
	UploadFile(data []byte, channelId string, filename string) (*model.FileInfo, *model.AppError)
}

var (
	_ tourAPI = plugin.API(nil)
	_ tourAPI = (*recordingAPI)(nil)
)

// recordingAPI records the name of every plugin.API method called through it,
// then calls it: the Go counterpart of the Python tour's RecordingAPI, which
// reports "called" the same way (Go method names, sorted, each once).
type recordingAPI struct {
	api plugin.API

	mu     sync.Mutex
	called map[string]bool
}

func newRecordingAPI(api plugin.API) *recordingAPI {
	return &recordingAPI{api: api, called: map[string]bool{}}
}

func (r *recordingAPI) record(method string) {
	r.mu.Lock()
	r.called[method] = true
	r.mu.Unlock()
}

// Called returns the methods called so far, sorted.
func (r *recordingAPI) Called() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.called))
	for m := range r.called {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

func (r *recordingAPI) AddChannelMember(channelId, userID string) (*model.ChannelMember, *model.AppError) {
	r.record("AddChannelMember")
	return r.api.AddChannelMember(channelId, userID)
}

func (r *recordingAPI) AddReaction(reaction *model.Reaction) (*model.Reaction, *model.AppError) {
	r.record("AddReaction")
	return r.api.AddReaction(reaction)
}

func (r *recordingAPI) CreateBot(bot *model.Bot) (*model.Bot, *model.AppError) {
	r.record("CreateBot")
	return r.api.CreateBot(bot)
}

func (r *recordingAPI) CreateChannel(channel *model.Channel) (*model.Channel, *model.AppError) {
	r.record("CreateChannel")
	return r.api.CreateChannel(channel)
}

func (r *recordingAPI) CreatePost(post *model.Post) (*model.Post, *model.AppError) {
	r.record("CreatePost")
	return r.api.CreatePost(post)
}

func (r *recordingAPI) CreateTeam(team *model.Team) (*model.Team, *model.AppError) {
	r.record("CreateTeam")
	return r.api.CreateTeam(team)
}

func (r *recordingAPI) CreateTeamMember(teamID, userID string) (*model.TeamMember, *model.AppError) {
	r.record("CreateTeamMember")
	return r.api.CreateTeamMember(teamID, userID)
}

func (r *recordingAPI) DeleteChannel(channelId string) *model.AppError {
	r.record("DeleteChannel")
	return r.api.DeleteChannel(channelId)
}

func (r *recordingAPI) DeletePost(postId string) *model.AppError {
	r.record("DeletePost")
	return r.api.DeletePost(postId)
}

func (r *recordingAPI) DeletePreferencesForUser(userID string, preferences []model.Preference) *model.AppError {
	r.record("DeletePreferencesForUser")
	return r.api.DeletePreferencesForUser(userID, preferences)
}

func (r *recordingAPI) EnsureBotUser(bot *model.Bot) (string, error) {
	r.record("EnsureBotUser")
	return r.api.EnsureBotUser(bot)
}

func (r *recordingAPI) GetBot(botUserId string, includeDeleted bool) (*model.Bot, *model.AppError) {
	r.record("GetBot")
	return r.api.GetBot(botUserId, includeDeleted)
}

func (r *recordingAPI) GetBots(options *model.BotGetOptions) ([]*model.Bot, *model.AppError) {
	r.record("GetBots")
	return r.api.GetBots(options)
}

func (r *recordingAPI) GetBundlePath() (string, error) {
	r.record("GetBundlePath")
	return r.api.GetBundlePath()
}

func (r *recordingAPI) GetChannel(channelId string) (*model.Channel, *model.AppError) {
	r.record("GetChannel")
	return r.api.GetChannel(channelId)
}

func (r *recordingAPI) GetChannelByName(teamID, name string, includeDeleted bool) (*model.Channel, *model.AppError) {
	r.record("GetChannelByName")
	return r.api.GetChannelByName(teamID, name, includeDeleted)
}

func (r *recordingAPI) GetChannelByNameForTeamName(teamName, channelName string, includeDeleted bool) (*model.Channel, *model.AppError) {
	r.record("GetChannelByNameForTeamName")
	return r.api.GetChannelByNameForTeamName(teamName, channelName, includeDeleted)
}

func (r *recordingAPI) GetChannelMember(channelId, userID string) (*model.ChannelMember, *model.AppError) {
	r.record("GetChannelMember")
	return r.api.GetChannelMember(channelId, userID)
}

func (r *recordingAPI) GetChannelMembers(channelId string, page, perPage int) (model.ChannelMembers, *model.AppError) {
	r.record("GetChannelMembers")
	return r.api.GetChannelMembers(channelId, page, perPage)
}

func (r *recordingAPI) GetChannelStats(channelId string) (*model.ChannelStats, *model.AppError) {
	r.record("GetChannelStats")
	return r.api.GetChannelStats(channelId)
}

func (r *recordingAPI) GetChannelsForTeamForUser(teamID, userID string, includeDeleted bool) ([]*model.Channel, *model.AppError) {
	r.record("GetChannelsForTeamForUser")
	return r.api.GetChannelsForTeamForUser(teamID, userID, includeDeleted)
}

func (r *recordingAPI) GetConfig() *model.Config {
	r.record("GetConfig")
	return r.api.GetConfig()
}

func (r *recordingAPI) GetDiagnosticId() string {
	r.record("GetDiagnosticId")
	return r.api.GetDiagnosticId()
}

func (r *recordingAPI) GetDirectChannel(userId1, userId2 string) (*model.Channel, *model.AppError) {
	r.record("GetDirectChannel")
	return r.api.GetDirectChannel(userId1, userId2)
}

func (r *recordingAPI) GetFile(fileId string) ([]byte, *model.AppError) {
	r.record("GetFile")
	return r.api.GetFile(fileId)
}

func (r *recordingAPI) GetFileInfo(fileId string) (*model.FileInfo, *model.AppError) {
	r.record("GetFileInfo")
	return r.api.GetFileInfo(fileId)
}

func (r *recordingAPI) GetLicense() *model.License {
	r.record("GetLicense")
	return r.api.GetLicense()
}

func (r *recordingAPI) GetPluginConfig() map[string]any {
	r.record("GetPluginConfig")
	return r.api.GetPluginConfig()
}

func (r *recordingAPI) GetPluginID() string {
	r.record("GetPluginID")
	return r.api.GetPluginID()
}

func (r *recordingAPI) GetPost(postId string) (*model.Post, *model.AppError) {
	r.record("GetPost")
	return r.api.GetPost(postId)
}

func (r *recordingAPI) GetPostThread(postId string) (*model.PostList, *model.AppError) {
	r.record("GetPostThread")
	return r.api.GetPostThread(postId)
}

func (r *recordingAPI) GetPostsForChannel(channelId string, page, perPage int) (*model.PostList, *model.AppError) {
	r.record("GetPostsForChannel")
	return r.api.GetPostsForChannel(channelId, page, perPage)
}

func (r *recordingAPI) GetPostsSince(channelId string, time int64) (*model.PostList, *model.AppError) {
	r.record("GetPostsSince")
	return r.api.GetPostsSince(channelId, time)
}

func (r *recordingAPI) GetPreferenceForUser(userID, category, name string) (model.Preference, *model.AppError) {
	r.record("GetPreferenceForUser")
	return r.api.GetPreferenceForUser(userID, category, name)
}

func (r *recordingAPI) GetPreferencesForUser(userID string) ([]model.Preference, *model.AppError) {
	r.record("GetPreferencesForUser")
	return r.api.GetPreferencesForUser(userID)
}

func (r *recordingAPI) GetPublicChannelsForTeam(teamID string, page, perPage int) ([]*model.Channel, *model.AppError) {
	r.record("GetPublicChannelsForTeam")
	return r.api.GetPublicChannelsForTeam(teamID, page, perPage)
}

func (r *recordingAPI) GetReactions(postId string) ([]*model.Reaction, *model.AppError) {
	r.record("GetReactions")
	return r.api.GetReactions(postId)
}

func (r *recordingAPI) GetServerVersion() string {
	r.record("GetServerVersion")
	return r.api.GetServerVersion()
}

func (r *recordingAPI) GetSystemInstallDate() (int64, *model.AppError) {
	r.record("GetSystemInstallDate")
	return r.api.GetSystemInstallDate()
}

func (r *recordingAPI) GetTeam(teamID string) (*model.Team, *model.AppError) {
	r.record("GetTeam")
	return r.api.GetTeam(teamID)
}

func (r *recordingAPI) GetTeamByName(name string) (*model.Team, *model.AppError) {
	r.record("GetTeamByName")
	return r.api.GetTeamByName(name)
}

func (r *recordingAPI) GetTeamMember(teamID, userID string) (*model.TeamMember, *model.AppError) {
	r.record("GetTeamMember")
	return r.api.GetTeamMember(teamID, userID)
}

func (r *recordingAPI) GetTeamMembers(teamID string, page, perPage int) ([]*model.TeamMember, *model.AppError) {
	r.record("GetTeamMembers")
	return r.api.GetTeamMembers(teamID, page, perPage)
}

func (r *recordingAPI) GetTeamStats(teamID string) (*model.TeamStats, *model.AppError) {
	r.record("GetTeamStats")
	return r.api.GetTeamStats(teamID)
}

func (r *recordingAPI) GetTeams() ([]*model.Team, *model.AppError) {
	r.record("GetTeams")
	return r.api.GetTeams()
}

func (r *recordingAPI) GetTeamsForUser(userID string) ([]*model.Team, *model.AppError) {
	r.record("GetTeamsForUser")
	return r.api.GetTeamsForUser(userID)
}

func (r *recordingAPI) GetUnsanitizedConfig() *model.Config {
	r.record("GetUnsanitizedConfig")
	return r.api.GetUnsanitizedConfig()
}

func (r *recordingAPI) GetUser(userID string) (*model.User, *model.AppError) {
	r.record("GetUser")
	return r.api.GetUser(userID)
}

func (r *recordingAPI) GetUserByEmail(email string) (*model.User, *model.AppError) {
	r.record("GetUserByEmail")
	return r.api.GetUserByEmail(email)
}

func (r *recordingAPI) GetUserByUsername(name string) (*model.User, *model.AppError) {
	r.record("GetUserByUsername")
	return r.api.GetUserByUsername(name)
}

func (r *recordingAPI) GetUserStatus(userID string) (*model.Status, *model.AppError) {
	r.record("GetUserStatus")
	return r.api.GetUserStatus(userID)
}

func (r *recordingAPI) GetUserStatusesByIds(userIds []string) ([]*model.Status, *model.AppError) {
	r.record("GetUserStatusesByIds")
	return r.api.GetUserStatusesByIds(userIds)
}

func (r *recordingAPI) GetUsers(options *model.UserGetOptions) ([]*model.User, *model.AppError) {
	r.record("GetUsers")
	return r.api.GetUsers(options)
}

func (r *recordingAPI) GetUsersByIds(userIDs []string) ([]*model.User, *model.AppError) {
	r.record("GetUsersByIds")
	return r.api.GetUsersByIds(userIDs)
}

func (r *recordingAPI) GetUsersByUsernames(usernames []string) ([]*model.User, *model.AppError) {
	r.record("GetUsersByUsernames")
	return r.api.GetUsersByUsernames(usernames)
}

func (r *recordingAPI) GetUsersInChannel(channelID, sortBy string, page, perPage int) ([]*model.User, *model.AppError) {
	r.record("GetUsersInChannel")
	return r.api.GetUsersInChannel(channelID, sortBy, page, perPage)
}

func (r *recordingAPI) GetUsersInTeam(teamID string, page int, perPage int) ([]*model.User, *model.AppError) {
	r.record("GetUsersInTeam")
	return r.api.GetUsersInTeam(teamID, page, perPage)
}

func (r *recordingAPI) HasPermissionTo(userID string, permission *model.Permission) bool {
	r.record("HasPermissionTo")
	return r.api.HasPermissionTo(userID, permission)
}

func (r *recordingAPI) HasPermissionToChannel(userID, channelId string, permission *model.Permission) bool {
	r.record("HasPermissionToChannel")
	return r.api.HasPermissionToChannel(userID, channelId, permission)
}

func (r *recordingAPI) HasPermissionToTeam(userID, teamID string, permission *model.Permission) bool {
	r.record("HasPermissionToTeam")
	return r.api.HasPermissionToTeam(userID, teamID, permission)
}

func (r *recordingAPI) IsEnterpriseReady() bool {
	r.record("IsEnterpriseReady")
	return r.api.IsEnterpriseReady()
}

func (r *recordingAPI) KVCompareAndDelete(key string, oldValue []byte) (bool, *model.AppError) {
	r.record("KVCompareAndDelete")
	return r.api.KVCompareAndDelete(key, oldValue)
}

func (r *recordingAPI) KVCompareAndSet(key string, oldValue, newValue []byte) (bool, *model.AppError) {
	r.record("KVCompareAndSet")
	return r.api.KVCompareAndSet(key, oldValue, newValue)
}

func (r *recordingAPI) KVDelete(key string) *model.AppError {
	r.record("KVDelete")
	return r.api.KVDelete(key)
}

func (r *recordingAPI) KVGet(key string) ([]byte, *model.AppError) {
	r.record("KVGet")
	return r.api.KVGet(key)
}

func (r *recordingAPI) KVList(page, perPage int) ([]string, *model.AppError) {
	r.record("KVList")
	return r.api.KVList(page, perPage)
}

func (r *recordingAPI) KVSet(key string, value []byte) *model.AppError {
	r.record("KVSet")
	return r.api.KVSet(key, value)
}

func (r *recordingAPI) KVSetWithExpiry(key string, value []byte, expireInSeconds int64) *model.AppError {
	r.record("KVSetWithExpiry")
	return r.api.KVSetWithExpiry(key, value, expireInSeconds)
}

func (r *recordingAPI) KVSetWithOptions(key string, value []byte, options model.PluginKVSetOptions) (bool, *model.AppError) {
	r.record("KVSetWithOptions")
	return r.api.KVSetWithOptions(key, value, options)
}

func (r *recordingAPI) ListBuiltInCommands() ([]*model.Command, error) {
	r.record("ListBuiltInCommands")
	return r.api.ListBuiltInCommands()
}

func (r *recordingAPI) ListPluginCommands(teamID string) ([]*model.Command, error) {
	r.record("ListPluginCommands")
	return r.api.ListPluginCommands(teamID)
}

func (r *recordingAPI) LogInfo(msg string, keyValuePairs ...any) {
	r.record("LogInfo")
	r.api.LogInfo(msg, keyValuePairs...)
}

func (r *recordingAPI) PatchBot(botUserId string, botPatch *model.BotPatch) (*model.Bot, *model.AppError) {
	r.record("PatchBot")
	return r.api.PatchBot(botUserId, botPatch)
}

func (r *recordingAPI) PublishWebSocketEvent(event string, payload map[string]any, broadcast *model.WebsocketBroadcast) {
	r.record("PublishWebSocketEvent")
	r.api.PublishWebSocketEvent(event, payload, broadcast)
}

func (r *recordingAPI) RemoveReaction(reaction *model.Reaction) *model.AppError {
	r.record("RemoveReaction")
	return r.api.RemoveReaction(reaction)
}

func (r *recordingAPI) RestoreChannel(channelId string) *model.AppError {
	r.record("RestoreChannel")
	return r.api.RestoreChannel(channelId)
}

func (r *recordingAPI) SaveConfig(config *model.Config) *model.AppError {
	r.record("SaveConfig")
	return r.api.SaveConfig(config)
}

func (r *recordingAPI) SavePluginConfig(config map[string]any) *model.AppError {
	r.record("SavePluginConfig")
	return r.api.SavePluginConfig(config)
}

func (r *recordingAPI) SearchUsers(search *model.UserSearch) ([]*model.User, *model.AppError) {
	r.record("SearchUsers")
	return r.api.SearchUsers(search)
}

func (r *recordingAPI) SendEphemeralPost(userID string, post *model.Post) *model.Post {
	r.record("SendEphemeralPost")
	return r.api.SendEphemeralPost(userID, post)
}

func (r *recordingAPI) UpdateBotActive(botUserId string, active bool) (*model.Bot, *model.AppError) {
	r.record("UpdateBotActive")
	return r.api.UpdateBotActive(botUserId, active)
}

func (r *recordingAPI) UpdateChannel(channel *model.Channel) (*model.Channel, *model.AppError) {
	r.record("UpdateChannel")
	return r.api.UpdateChannel(channel)
}

func (r *recordingAPI) UpdatePost(post *model.Post) (*model.Post, *model.AppError) {
	r.record("UpdatePost")
	return r.api.UpdatePost(post)
}

func (r *recordingAPI) UpdatePreferencesForUser(userID string, preferences []model.Preference) *model.AppError {
	r.record("UpdatePreferencesForUser")
	return r.api.UpdatePreferencesForUser(userID, preferences)
}

func (r *recordingAPI) UpdateTeam(team *model.Team) (*model.Team, *model.AppError) {
	r.record("UpdateTeam")
	return r.api.UpdateTeam(team)
}

func (r *recordingAPI) UpdateUser(user *model.User) (*model.User, *model.AppError) {
	r.record("UpdateUser")
	return r.api.UpdateUser(user)
}

func (r *recordingAPI) UpdateUserStatus(userID, status string) (*model.Status, *model.AppError) {
	r.record("UpdateUserStatus")
	return r.api.UpdateUserStatus(userID, status)
}

func (r *recordingAPI) UploadFile(data []byte, channelId string, filename string) (*model.FileInfo, *model.AppError) {
	r.record("UploadFile")
	return r.api.UploadFile(data, channelId, filename)
}
