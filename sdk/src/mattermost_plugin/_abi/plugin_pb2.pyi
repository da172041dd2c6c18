from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HttpHeader(_message.Message):
    __slots__ = ("name", "values")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    name: str
    values: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., values: _Optional[_Iterable[str]] = ...) -> None: ...

class HttpRequest(_message.Message):
    __slots__ = ("method", "url", "path", "query", "headers", "body", "remote_addr", "host", "proto", "stream", "content_length")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    HEADERS_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    REMOTE_ADDR_FIELD_NUMBER: _ClassVar[int]
    HOST_FIELD_NUMBER: _ClassVar[int]
    PROTO_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    CONTENT_LENGTH_FIELD_NUMBER: _ClassVar[int]
    method: str
    url: str
    path: str
    query: str
    headers: _containers.RepeatedCompositeFieldContainer[HttpHeader]
    body: bytes
    remote_addr: str
    host: str
    proto: str
    stream: int
    content_length: int
    def __init__(self, method: _Optional[str] = ..., url: _Optional[str] = ..., path: _Optional[str] = ..., query: _Optional[str] = ..., headers: _Optional[_Iterable[_Union[HttpHeader, _Mapping]]] = ..., body: _Optional[bytes] = ..., remote_addr: _Optional[str] = ..., host: _Optional[str] = ..., proto: _Optional[str] = ..., stream: _Optional[int] = ..., content_length: _Optional[int] = ...) -> None: ...

class HttpResponse(_message.Message):
    __slots__ = ("status_code", "headers", "body", "streamed")
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    HEADERS_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    STREAMED_FIELD_NUMBER: _ClassVar[int]
    status_code: int
    headers: _containers.RepeatedCompositeFieldContainer[HttpHeader]
    body: bytes
    streamed: bool
    def __init__(self, status_code: _Optional[int] = ..., headers: _Optional[_Iterable[_Union[HttpHeader, _Mapping]]] = ..., body: _Optional[bytes] = ..., streamed: _Optional[bool] = ...) -> None: ...

class ApiLoadPluginConfigurationRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiLoadPluginConfigurationResponse(_message.Message):
    __slots__ = ("dest",)
    DEST_FIELD_NUMBER: _ClassVar[int]
    dest: bytes
    def __init__(self, dest: _Optional[bytes] = ...) -> None: ...

class ApiRegisterCommandRequest(_message.Message):
    __slots__ = ("command",)
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    command: bytes
    def __init__(self, command: _Optional[bytes] = ...) -> None: ...

class ApiRegisterCommandResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiUnregisterCommandRequest(_message.Message):
    __slots__ = ("team_id", "trigger")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    trigger: str
    def __init__(self, team_id: _Optional[str] = ..., trigger: _Optional[str] = ...) -> None: ...

class ApiUnregisterCommandResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiExecuteSlashCommandRequest(_message.Message):
    __slots__ = ("command_args",)
    COMMAND_ARGS_FIELD_NUMBER: _ClassVar[int]
    command_args: bytes
    def __init__(self, command_args: _Optional[bytes] = ...) -> None: ...

class ApiExecuteSlashCommandResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetConfigRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetConfigResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetUnsanitizedConfigRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetUnsanitizedConfigResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSaveConfigRequest(_message.Message):
    __slots__ = ("config",)
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    config: bytes
    def __init__(self, config: _Optional[bytes] = ...) -> None: ...

class ApiSaveConfigResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetPluginConfigRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetPluginConfigResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSavePluginConfigRequest(_message.Message):
    __slots__ = ("config",)
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    config: bytes
    def __init__(self, config: _Optional[bytes] = ...) -> None: ...

class ApiSavePluginConfigResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetBundlePathRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetBundlePathResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class ApiGetLicenseRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetLicenseResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiIsEnterpriseReadyRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiIsEnterpriseReadyResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bool
    def __init__(self, result: _Optional[bool] = ...) -> None: ...

class ApiGetServerVersionRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetServerVersionResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class ApiGetSystemInstallDateRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetSystemInstallDateResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: int
    def __init__(self, result: _Optional[int] = ...) -> None: ...

class ApiGetDiagnosticIdRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetDiagnosticIdResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class ApiGetTelemetryIdRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetTelemetryIdResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class ApiCreateUserRequest(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: bytes
    def __init__(self, user: _Optional[bytes] = ...) -> None: ...

class ApiCreateUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApiDeleteUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetUsersRequest(_message.Message):
    __slots__ = ("options",)
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    options: bytes
    def __init__(self, options: _Optional[bytes] = ...) -> None: ...

class ApiGetUsersResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetUsersByIdsRequest(_message.Message):
    __slots__ = ("user_ids",)
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiGetUsersByIdsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApiGetUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetUserByEmailRequest(_message.Message):
    __slots__ = ("email",)
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    email: str
    def __init__(self, email: _Optional[str] = ...) -> None: ...

class ApiGetUserByEmailResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetUserByUsernameRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ApiGetUserByUsernameResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetUsersByUsernamesRequest(_message.Message):
    __slots__ = ("usernames",)
    USERNAMES_FIELD_NUMBER: _ClassVar[int]
    usernames: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, usernames: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiGetUsersByUsernamesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetUsersInTeamRequest(_message.Message):
    __slots__ = ("team_id", "page", "per_page")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    page: int
    per_page: int
    def __init__(self, team_id: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetUsersInTeamResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPreferenceForUserRequest(_message.Message):
    __slots__ = ("user_id", "category", "name")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    category: str
    name: str
    def __init__(self, user_id: _Optional[str] = ..., category: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ApiGetPreferenceForUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPreferencesForUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApiGetPreferencesForUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePreferencesForUserRequest(_message.Message):
    __slots__ = ("user_id", "preferences")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    preferences: bytes
    def __init__(self, user_id: _Optional[str] = ..., preferences: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePreferencesForUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiDeletePreferencesForUserRequest(_message.Message):
    __slots__ = ("user_id", "preferences")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    preferences: bytes
    def __init__(self, user_id: _Optional[str] = ..., preferences: _Optional[bytes] = ...) -> None: ...

class ApiDeletePreferencesForUserResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class ApiGetSessionResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCreateSessionRequest(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: bytes
    def __init__(self, session: _Optional[bytes] = ...) -> None: ...

class ApiCreateSessionResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiExtendSessionExpiryRequest(_message.Message):
    __slots__ = ("session_id", "new_expiry")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_EXPIRY_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    new_expiry: int
    def __init__(self, session_id: _Optional[str] = ..., new_expiry: _Optional[int] = ...) -> None: ...

class ApiExtendSessionExpiryResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiRevokeSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class ApiRevokeSessionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiCreateUserAccessTokenRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: bytes
    def __init__(self, token: _Optional[bytes] = ...) -> None: ...

class ApiCreateUserAccessTokenResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiRevokeUserAccessTokenRequest(_message.Message):
    __slots__ = ("token_id",)
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    token_id: str
    def __init__(self, token_id: _Optional[str] = ...) -> None: ...

class ApiRevokeUserAccessTokenResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetTeamIconRequest(_message.Message):
    __slots__ = ("team_id",)
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    def __init__(self, team_id: _Optional[str] = ...) -> None: ...

class ApiGetTeamIconResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSetTeamIconRequest(_message.Message):
    __slots__ = ("team_id", "data")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    data: bytes
    def __init__(self, team_id: _Optional[str] = ..., data: _Optional[bytes] = ...) -> None: ...

class ApiSetTeamIconResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiRemoveTeamIconRequest(_message.Message):
    __slots__ = ("team_id",)
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    def __init__(self, team_id: _Optional[str] = ...) -> None: ...

class ApiRemoveTeamIconResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiUpdateUserRequest(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: bytes
    def __init__(self, user: _Optional[bytes] = ...) -> None: ...

class ApiUpdateUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetUserStatusRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApiGetUserStatusResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetUserStatusesByIdsRequest(_message.Message):
    __slots__ = ("user_ids",)
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiGetUserStatusesByIdsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateUserStatusRequest(_message.Message):
    __slots__ = ("user_id", "status")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    status: str
    def __init__(self, user_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ApiUpdateUserStatusResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSetUserStatusTimedDNDRequest(_message.Message):
    __slots__ = ("user_id", "endtime")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ENDTIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    endtime: int
    def __init__(self, user_id: _Optional[str] = ..., endtime: _Optional[int] = ...) -> None: ...

class ApiSetUserStatusTimedDNDResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateUserActiveRequest(_message.Message):
    __slots__ = ("user_id", "active")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    active: bool
    def __init__(self, user_id: _Optional[str] = ..., active: _Optional[bool] = ...) -> None: ...

class ApiUpdateUserActiveResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiUpdateUserCustomStatusRequest(_message.Message):
    __slots__ = ("user_id", "custom_status")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_STATUS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    custom_status: bytes
    def __init__(self, user_id: _Optional[str] = ..., custom_status: _Optional[bytes] = ...) -> None: ...

class ApiUpdateUserCustomStatusResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiRemoveUserCustomStatusRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApiRemoveUserCustomStatusResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetUsersInChannelRequest(_message.Message):
    __slots__ = ("channel_id", "sort_by", "page", "per_page")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    sort_by: str
    page: int
    per_page: int
    def __init__(self, channel_id: _Optional[str] = ..., sort_by: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetUsersInChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetLDAPUserAttributesRequest(_message.Message):
    __slots__ = ("user_id", "attributes")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    attributes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_id: _Optional[str] = ..., attributes: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiGetLDAPUserAttributesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCreateTeamRequest(_message.Message):
    __slots__ = ("team",)
    TEAM_FIELD_NUMBER: _ClassVar[int]
    team: bytes
    def __init__(self, team: _Optional[bytes] = ...) -> None: ...

class ApiCreateTeamResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteTeamRequest(_message.Message):
    __slots__ = ("team_id",)
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    def __init__(self, team_id: _Optional[str] = ...) -> None: ...

class ApiDeleteTeamResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetTeamsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetTeamsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetTeamRequest(_message.Message):
    __slots__ = ("team_id",)
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    def __init__(self, team_id: _Optional[str] = ...) -> None: ...

class ApiGetTeamResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetTeamByNameRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ApiGetTeamByNameResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetTeamsUnreadForUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApiGetTeamsUnreadForUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateTeamRequest(_message.Message):
    __slots__ = ("team",)
    TEAM_FIELD_NUMBER: _ClassVar[int]
    team: bytes
    def __init__(self, team: _Optional[bytes] = ...) -> None: ...

class ApiUpdateTeamResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSearchTeamsRequest(_message.Message):
    __slots__ = ("term",)
    TERM_FIELD_NUMBER: _ClassVar[int]
    term: str
    def __init__(self, term: _Optional[str] = ...) -> None: ...

class ApiSearchTeamsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetTeamsForUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApiGetTeamsForUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCreateTeamMemberRequest(_message.Message):
    __slots__ = ("team_id", "user_id")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    user_id: str
    def __init__(self, team_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ApiCreateTeamMemberResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCreateTeamMembersRequest(_message.Message):
    __slots__ = ("team_id", "user_ids", "requestor_id")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUESTOR_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    requestor_id: str
    def __init__(self, team_id: _Optional[str] = ..., user_ids: _Optional[_Iterable[str]] = ..., requestor_id: _Optional[str] = ...) -> None: ...

class ApiCreateTeamMembersResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCreateTeamMembersGracefullyRequest(_message.Message):
    __slots__ = ("team_id", "user_ids", "requestor_id")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    REQUESTOR_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    requestor_id: str
    def __init__(self, team_id: _Optional[str] = ..., user_ids: _Optional[_Iterable[str]] = ..., requestor_id: _Optional[str] = ...) -> None: ...

class ApiCreateTeamMembersGracefullyResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteTeamMemberRequest(_message.Message):
    __slots__ = ("team_id", "user_id", "requestor_id")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTOR_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    user_id: str
    requestor_id: str
    def __init__(self, team_id: _Optional[str] = ..., user_id: _Optional[str] = ..., requestor_id: _Optional[str] = ...) -> None: ...

class ApiDeleteTeamMemberResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetTeamMembersRequest(_message.Message):
    __slots__ = ("team_id", "page", "per_page")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    page: int
    per_page: int
    def __init__(self, team_id: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetTeamMembersResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetTeamMemberRequest(_message.Message):
    __slots__ = ("team_id", "user_id")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    user_id: str
    def __init__(self, team_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ApiGetTeamMemberResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetTeamMembersForUserRequest(_message.Message):
    __slots__ = ("user_id", "page", "per_page")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    page: int
    per_page: int
    def __init__(self, user_id: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetTeamMembersForUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateTeamMemberRolesRequest(_message.Message):
    __slots__ = ("team_id", "user_id", "new_roles")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_ROLES_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    user_id: str
    new_roles: str
    def __init__(self, team_id: _Optional[str] = ..., user_id: _Optional[str] = ..., new_roles: _Optional[str] = ...) -> None: ...

class ApiUpdateTeamMemberRolesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCreateChannelRequest(_message.Message):
    __slots__ = ("channel",)
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    channel: bytes
    def __init__(self, channel: _Optional[bytes] = ...) -> None: ...

class ApiCreateChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteChannelRequest(_message.Message):
    __slots__ = ("channel_id",)
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    def __init__(self, channel_id: _Optional[str] = ...) -> None: ...

class ApiDeleteChannelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiRestoreChannelRequest(_message.Message):
    __slots__ = ("channel_id",)
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    def __init__(self, channel_id: _Optional[str] = ...) -> None: ...

class ApiRestoreChannelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetChannelOfTypeRequest(_message.Message):
    __slots__ = ("channel_id", "channel_type")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_TYPE_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    channel_type: bytes
    def __init__(self, channel_id: _Optional[str] = ..., channel_type: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelOfTypeResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPublicChannelsForTeamRequest(_message.Message):
    __slots__ = ("team_id", "page", "per_page")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    page: int
    per_page: int
    def __init__(self, team_id: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetPublicChannelsForTeamResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelRequest(_message.Message):
    __slots__ = ("channel_id",)
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    def __init__(self, channel_id: _Optional[str] = ...) -> None: ...

class ApiGetChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelByNameRequest(_message.Message):
    __slots__ = ("team_id", "name", "include_deleted")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    name: str
    include_deleted: bool
    def __init__(self, team_id: _Optional[str] = ..., name: _Optional[str] = ..., include_deleted: _Optional[bool] = ...) -> None: ...

class ApiGetChannelByNameResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelByNameForTeamNameRequest(_message.Message):
    __slots__ = ("team_name", "channel_name", "include_deleted")
    TEAM_NAME_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_NAME_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    team_name: str
    channel_name: str
    include_deleted: bool
    def __init__(self, team_name: _Optional[str] = ..., channel_name: _Optional[str] = ..., include_deleted: _Optional[bool] = ...) -> None: ...

class ApiGetChannelByNameForTeamNameResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelsForTeamForUserRequest(_message.Message):
    __slots__ = ("team_id", "user_id", "include_deleted")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    user_id: str
    include_deleted: bool
    def __init__(self, team_id: _Optional[str] = ..., user_id: _Optional[str] = ..., include_deleted: _Optional[bool] = ...) -> None: ...

class ApiGetChannelsForTeamForUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelStatsRequest(_message.Message):
    __slots__ = ("channel_id",)
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    def __init__(self, channel_id: _Optional[str] = ...) -> None: ...

class ApiGetChannelStatsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetDirectChannelRequest(_message.Message):
    __slots__ = ("user_id1", "user_id2")
    USER_ID1_FIELD_NUMBER: _ClassVar[int]
    USER_ID2_FIELD_NUMBER: _ClassVar[int]
    user_id1: str
    user_id2: str
    def __init__(self, user_id1: _Optional[str] = ..., user_id2: _Optional[str] = ...) -> None: ...

class ApiGetDirectChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupChannelRequest(_message.Message):
    __slots__ = ("user_ids",)
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiGetGroupChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateChannelRequest(_message.Message):
    __slots__ = ("channel",)
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    channel: bytes
    def __init__(self, channel: _Optional[bytes] = ...) -> None: ...

class ApiUpdateChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiRegisterChannelGuardRequest(_message.Message):
    __slots__ = ("channel_id",)
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    def __init__(self, channel_id: _Optional[str] = ...) -> None: ...

class ApiRegisterChannelGuardResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiUnregisterChannelGuardRequest(_message.Message):
    __slots__ = ("channel_id",)
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    def __init__(self, channel_id: _Optional[str] = ...) -> None: ...

class ApiUnregisterChannelGuardResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiSearchChannelsRequest(_message.Message):
    __slots__ = ("team_id", "term")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    term: str
    def __init__(self, team_id: _Optional[str] = ..., term: _Optional[str] = ...) -> None: ...

class ApiSearchChannelsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCreateChannelSidebarCategoryRequest(_message.Message):
    __slots__ = ("user_id", "team_id", "new_category")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    team_id: str
    new_category: bytes
    def __init__(self, user_id: _Optional[str] = ..., team_id: _Optional[str] = ..., new_category: _Optional[bytes] = ...) -> None: ...

class ApiCreateChannelSidebarCategoryResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelSidebarCategoriesRequest(_message.Message):
    __slots__ = ("user_id", "team_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    team_id: str
    def __init__(self, user_id: _Optional[str] = ..., team_id: _Optional[str] = ...) -> None: ...

class ApiGetChannelSidebarCategoriesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateChannelSidebarCategoriesRequest(_message.Message):
    __slots__ = ("user_id", "team_id", "categories")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    team_id: str
    categories: bytes
    def __init__(self, user_id: _Optional[str] = ..., team_id: _Optional[str] = ..., categories: _Optional[bytes] = ...) -> None: ...

class ApiUpdateChannelSidebarCategoriesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSearchUsersRequest(_message.Message):
    __slots__ = ("search",)
    SEARCH_FIELD_NUMBER: _ClassVar[int]
    search: bytes
    def __init__(self, search: _Optional[bytes] = ...) -> None: ...

class ApiSearchUsersResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSearchPostsInTeamRequest(_message.Message):
    __slots__ = ("team_id", "params_list")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    PARAMS_LIST_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    params_list: bytes
    def __init__(self, team_id: _Optional[str] = ..., params_list: _Optional[bytes] = ...) -> None: ...

class ApiSearchPostsInTeamResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSearchPostsInTeamForUserRequest(_message.Message):
    __slots__ = ("team_id", "user_id", "search_params")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SEARCH_PARAMS_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    user_id: str
    search_params: bytes
    def __init__(self, team_id: _Optional[str] = ..., user_id: _Optional[str] = ..., search_params: _Optional[bytes] = ...) -> None: ...

class ApiSearchPostsInTeamForUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiAddChannelMemberRequest(_message.Message):
    __slots__ = ("channel_id", "user_id")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    user_id: str
    def __init__(self, channel_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ApiAddChannelMemberResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiAddUserToChannelRequest(_message.Message):
    __slots__ = ("channel_id", "user_id", "as_user_id")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    AS_USER_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    user_id: str
    as_user_id: str
    def __init__(self, channel_id: _Optional[str] = ..., user_id: _Optional[str] = ..., as_user_id: _Optional[str] = ...) -> None: ...

class ApiAddUserToChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelMemberRequest(_message.Message):
    __slots__ = ("channel_id", "user_id")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    user_id: str
    def __init__(self, channel_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ApiGetChannelMemberResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelMembersRequest(_message.Message):
    __slots__ = ("channel_id", "page", "per_page")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    page: int
    per_page: int
    def __init__(self, channel_id: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetChannelMembersResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelMembersByIdsRequest(_message.Message):
    __slots__ = ("channel_id", "user_ids")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, channel_id: _Optional[str] = ..., user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiGetChannelMembersByIdsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetChannelMembersForUserRequest(_message.Message):
    __slots__ = ("team_id", "user_id", "page", "per_page")
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    user_id: str
    page: int
    per_page: int
    def __init__(self, team_id: _Optional[str] = ..., user_id: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetChannelMembersForUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateChannelMemberRolesRequest(_message.Message):
    __slots__ = ("channel_id", "user_id", "new_roles")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_ROLES_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    user_id: str
    new_roles: str
    def __init__(self, channel_id: _Optional[str] = ..., user_id: _Optional[str] = ..., new_roles: _Optional[str] = ...) -> None: ...

class ApiUpdateChannelMemberRolesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateChannelMemberNotificationsRequest(_message.Message):
    __slots__ = ("channel_id", "user_id", "notifications")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    user_id: str
    notifications: bytes
    def __init__(self, channel_id: _Optional[str] = ..., user_id: _Optional[str] = ..., notifications: _Optional[bytes] = ...) -> None: ...

class ApiUpdateChannelMemberNotificationsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiPatchChannelMembersNotificationsRequest(_message.Message):
    __slots__ = ("members", "notify_props")
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    NOTIFY_PROPS_FIELD_NUMBER: _ClassVar[int]
    members: bytes
    notify_props: bytes
    def __init__(self, members: _Optional[bytes] = ..., notify_props: _Optional[bytes] = ...) -> None: ...

class ApiPatchChannelMembersNotificationsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetGroupRequest(_message.Message):
    __slots__ = ("group_id",)
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    def __init__(self, group_id: _Optional[str] = ...) -> None: ...

class ApiGetGroupResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupByNameRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ApiGetGroupByNameResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupMemberUsersRequest(_message.Message):
    __slots__ = ("group_id", "page", "per_page")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    page: int
    per_page: int
    def __init__(self, group_id: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetGroupMemberUsersResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupsBySourceRequest(_message.Message):
    __slots__ = ("group_source",)
    GROUP_SOURCE_FIELD_NUMBER: _ClassVar[int]
    group_source: bytes
    def __init__(self, group_source: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupsBySourceResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupsForUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApiGetGroupsForUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteChannelMemberRequest(_message.Message):
    __slots__ = ("channel_id", "user_id")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    user_id: str
    def __init__(self, channel_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ApiDeleteChannelMemberResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiCreatePostRequest(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: bytes
    def __init__(self, post: _Optional[bytes] = ...) -> None: ...

class ApiCreatePostResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiAddReactionRequest(_message.Message):
    __slots__ = ("reaction",)
    REACTION_FIELD_NUMBER: _ClassVar[int]
    reaction: bytes
    def __init__(self, reaction: _Optional[bytes] = ...) -> None: ...

class ApiAddReactionResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiRemoveReactionRequest(_message.Message):
    __slots__ = ("reaction",)
    REACTION_FIELD_NUMBER: _ClassVar[int]
    reaction: bytes
    def __init__(self, reaction: _Optional[bytes] = ...) -> None: ...

class ApiRemoveReactionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetReactionsRequest(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class ApiGetReactionsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSendEphemeralPostRequest(_message.Message):
    __slots__ = ("user_id", "post")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    post: bytes
    def __init__(self, user_id: _Optional[str] = ..., post: _Optional[bytes] = ...) -> None: ...

class ApiSendEphemeralPostResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateEphemeralPostRequest(_message.Message):
    __slots__ = ("user_id", "post")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    post: bytes
    def __init__(self, user_id: _Optional[str] = ..., post: _Optional[bytes] = ...) -> None: ...

class ApiUpdateEphemeralPostResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteEphemeralPostRequest(_message.Message):
    __slots__ = ("user_id", "post_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    post_id: str
    def __init__(self, user_id: _Optional[str] = ..., post_id: _Optional[str] = ...) -> None: ...

class ApiDeleteEphemeralPostResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiDeletePostRequest(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class ApiDeletePostResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetPostThreadRequest(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class ApiGetPostThreadResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPostRequest(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class ApiGetPostResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPostsSinceRequest(_message.Message):
    __slots__ = ("channel_id", "time")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    time: int
    def __init__(self, channel_id: _Optional[str] = ..., time: _Optional[int] = ...) -> None: ...

class ApiGetPostsSinceResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPostsAfterRequest(_message.Message):
    __slots__ = ("channel_id", "post_id", "page", "per_page")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    post_id: str
    page: int
    per_page: int
    def __init__(self, channel_id: _Optional[str] = ..., post_id: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetPostsAfterResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPostsBeforeRequest(_message.Message):
    __slots__ = ("channel_id", "post_id", "page", "per_page")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    post_id: str
    page: int
    per_page: int
    def __init__(self, channel_id: _Optional[str] = ..., post_id: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetPostsBeforeResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPostsForChannelRequest(_message.Message):
    __slots__ = ("channel_id", "page", "per_page")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    page: int
    per_page: int
    def __init__(self, channel_id: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetPostsForChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetTeamStatsRequest(_message.Message):
    __slots__ = ("team_id",)
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    def __init__(self, team_id: _Optional[str] = ...) -> None: ...

class ApiGetTeamStatsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePostRequest(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: bytes
    def __init__(self, post: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePostResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetProfileImageRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApiGetProfileImageResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSetProfileImageRequest(_message.Message):
    __slots__ = ("user_id", "data")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    data: bytes
    def __init__(self, user_id: _Optional[str] = ..., data: _Optional[bytes] = ...) -> None: ...

class ApiSetProfileImageResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetEmojiListRequest(_message.Message):
    __slots__ = ("sort_by", "page", "per_page")
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    sort_by: str
    page: int
    per_page: int
    def __init__(self, sort_by: _Optional[str] = ..., page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiGetEmojiListResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetEmojiByNameRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ApiGetEmojiByNameResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetEmojiRequest(_message.Message):
    __slots__ = ("emoji_id",)
    EMOJI_ID_FIELD_NUMBER: _ClassVar[int]
    emoji_id: str
    def __init__(self, emoji_id: _Optional[str] = ...) -> None: ...

class ApiGetEmojiResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCopyFileInfosRequest(_message.Message):
    __slots__ = ("user_id", "file_ids")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_IDS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    file_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_id: _Optional[str] = ..., file_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiCopyFileInfosResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, result: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiGetFileInfoRequest(_message.Message):
    __slots__ = ("file_id",)
    FILE_ID_FIELD_NUMBER: _ClassVar[int]
    file_id: str
    def __init__(self, file_id: _Optional[str] = ...) -> None: ...

class ApiGetFileInfoResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSetFileSearchableContentRequest(_message.Message):
    __slots__ = ("file_id", "content")
    FILE_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    file_id: str
    content: str
    def __init__(self, file_id: _Optional[str] = ..., content: _Optional[str] = ...) -> None: ...

class ApiSetFileSearchableContentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetFileInfosRequest(_message.Message):
    __slots__ = ("page", "per_page", "opt")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    OPT_FIELD_NUMBER: _ClassVar[int]
    page: int
    per_page: int
    opt: bytes
    def __init__(self, page: _Optional[int] = ..., per_page: _Optional[int] = ..., opt: _Optional[bytes] = ...) -> None: ...

class ApiGetFileInfosResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetFileRequest(_message.Message):
    __slots__ = ("file_id",)
    FILE_ID_FIELD_NUMBER: _ClassVar[int]
    file_id: str
    def __init__(self, file_id: _Optional[str] = ...) -> None: ...

class ApiGetFileResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetFileLinkRequest(_message.Message):
    __slots__ = ("file_id",)
    FILE_ID_FIELD_NUMBER: _ClassVar[int]
    file_id: str
    def __init__(self, file_id: _Optional[str] = ...) -> None: ...

class ApiGetFileLinkResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class ApiReadFileRequest(_message.Message):
    __slots__ = ("path",)
    PATH_FIELD_NUMBER: _ClassVar[int]
    path: str
    def __init__(self, path: _Optional[str] = ...) -> None: ...

class ApiReadFileResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetEmojiImageRequest(_message.Message):
    __slots__ = ("emoji_id",)
    EMOJI_ID_FIELD_NUMBER: _ClassVar[int]
    emoji_id: str
    def __init__(self, emoji_id: _Optional[str] = ...) -> None: ...

class ApiGetEmojiImageResponse(_message.Message):
    __slots__ = ("result", "result2")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ...) -> None: ...

class ApiUploadFileRequest(_message.Message):
    __slots__ = ("data", "channel_id", "filename")
    DATA_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    channel_id: str
    filename: str
    def __init__(self, data: _Optional[bytes] = ..., channel_id: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...

class ApiUploadFileResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiOpenInteractiveDialogRequest(_message.Message):
    __slots__ = ("dialog",)
    DIALOG_FIELD_NUMBER: _ClassVar[int]
    dialog: bytes
    def __init__(self, dialog: _Optional[bytes] = ...) -> None: ...

class ApiOpenInteractiveDialogResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiSendToastMessageRequest(_message.Message):
    __slots__ = ("user_id", "connection_id", "message", "options")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    connection_id: str
    message: str
    options: bytes
    def __init__(self, user_id: _Optional[str] = ..., connection_id: _Optional[str] = ..., message: _Optional[str] = ..., options: _Optional[bytes] = ...) -> None: ...

class ApiSendToastMessageResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetPluginsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetPluginsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiEnablePluginRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ApiEnablePluginResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiDisablePluginRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ApiDisablePluginResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiRemovePluginRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ApiRemovePluginResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetPluginStatusRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ApiGetPluginStatusResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiInstallPluginRequest(_message.Message):
    __slots__ = ("file", "replace")
    FILE_FIELD_NUMBER: _ClassVar[int]
    REPLACE_FIELD_NUMBER: _ClassVar[int]
    file: bytes
    replace: bool
    def __init__(self, file: _Optional[bytes] = ..., replace: _Optional[bool] = ...) -> None: ...

class ApiInstallPluginResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiKVSetRequest(_message.Message):
    __slots__ = ("key", "value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: bytes
    def __init__(self, key: _Optional[str] = ..., value: _Optional[bytes] = ...) -> None: ...

class ApiKVSetResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiKVCompareAndSetRequest(_message.Message):
    __slots__ = ("key", "old_value", "new_value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    OLD_VALUE_FIELD_NUMBER: _ClassVar[int]
    NEW_VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    old_value: bytes
    new_value: bytes
    def __init__(self, key: _Optional[str] = ..., old_value: _Optional[bytes] = ..., new_value: _Optional[bytes] = ...) -> None: ...

class ApiKVCompareAndSetResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bool
    def __init__(self, result: _Optional[bool] = ...) -> None: ...

class ApiKVCompareAndDeleteRequest(_message.Message):
    __slots__ = ("key", "old_value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    OLD_VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    old_value: bytes
    def __init__(self, key: _Optional[str] = ..., old_value: _Optional[bytes] = ...) -> None: ...

class ApiKVCompareAndDeleteResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bool
    def __init__(self, result: _Optional[bool] = ...) -> None: ...

class ApiKVSetWithOptionsRequest(_message.Message):
    __slots__ = ("key", "value", "options")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: bytes
    options: bytes
    def __init__(self, key: _Optional[str] = ..., value: _Optional[bytes] = ..., options: _Optional[bytes] = ...) -> None: ...

class ApiKVSetWithOptionsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bool
    def __init__(self, result: _Optional[bool] = ...) -> None: ...

class ApiKVSetWithExpiryRequest(_message.Message):
    __slots__ = ("key", "value", "expire_in_seconds")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_IN_SECONDS_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: bytes
    expire_in_seconds: int
    def __init__(self, key: _Optional[str] = ..., value: _Optional[bytes] = ..., expire_in_seconds: _Optional[int] = ...) -> None: ...

class ApiKVSetWithExpiryResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiKVGetRequest(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: str
    def __init__(self, key: _Optional[str] = ...) -> None: ...

class ApiKVGetResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiKVDeleteRequest(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: str
    def __init__(self, key: _Optional[str] = ...) -> None: ...

class ApiKVDeleteResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiKVDeleteAllRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiKVDeleteAllResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiKVListRequest(_message.Message):
    __slots__ = ("page", "per_page")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    page: int
    per_page: int
    def __init__(self, page: _Optional[int] = ..., per_page: _Optional[int] = ...) -> None: ...

class ApiKVListResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, result: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiPublishWebSocketEventRequest(_message.Message):
    __slots__ = ("event", "payload", "broadcast")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    BROADCAST_FIELD_NUMBER: _ClassVar[int]
    event: str
    payload: bytes
    broadcast: bytes
    def __init__(self, event: _Optional[str] = ..., payload: _Optional[bytes] = ..., broadcast: _Optional[bytes] = ...) -> None: ...

class ApiPublishWebSocketEventResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiHasPermissionToRequest(_message.Message):
    __slots__ = ("user_id", "permission")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    permission: bytes
    def __init__(self, user_id: _Optional[str] = ..., permission: _Optional[bytes] = ...) -> None: ...

class ApiHasPermissionToResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bool
    def __init__(self, result: _Optional[bool] = ...) -> None: ...

class ApiHasPermissionToTeamRequest(_message.Message):
    __slots__ = ("user_id", "team_id", "permission")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    team_id: str
    permission: bytes
    def __init__(self, user_id: _Optional[str] = ..., team_id: _Optional[str] = ..., permission: _Optional[bytes] = ...) -> None: ...

class ApiHasPermissionToTeamResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bool
    def __init__(self, result: _Optional[bool] = ...) -> None: ...

class ApiHasPermissionToChannelRequest(_message.Message):
    __slots__ = ("user_id", "channel_id", "permission")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    channel_id: str
    permission: bytes
    def __init__(self, user_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., permission: _Optional[bytes] = ...) -> None: ...

class ApiHasPermissionToChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bool
    def __init__(self, result: _Optional[bool] = ...) -> None: ...

class ApiRolesGrantPermissionRequest(_message.Message):
    __slots__ = ("role_names", "permission_id")
    ROLE_NAMES_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_ID_FIELD_NUMBER: _ClassVar[int]
    role_names: _containers.RepeatedScalarFieldContainer[str]
    permission_id: str
    def __init__(self, role_names: _Optional[_Iterable[str]] = ..., permission_id: _Optional[str] = ...) -> None: ...

class ApiRolesGrantPermissionResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bool
    def __init__(self, result: _Optional[bool] = ...) -> None: ...

class ApiLogDebugRequest(_message.Message):
    __slots__ = ("msg", "key_value_pairs")
    MSG_FIELD_NUMBER: _ClassVar[int]
    KEY_VALUE_PAIRS_FIELD_NUMBER: _ClassVar[int]
    msg: str
    key_value_pairs: bytes
    def __init__(self, msg: _Optional[str] = ..., key_value_pairs: _Optional[bytes] = ...) -> None: ...

class ApiLogDebugResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiLogInfoRequest(_message.Message):
    __slots__ = ("msg", "key_value_pairs")
    MSG_FIELD_NUMBER: _ClassVar[int]
    KEY_VALUE_PAIRS_FIELD_NUMBER: _ClassVar[int]
    msg: str
    key_value_pairs: bytes
    def __init__(self, msg: _Optional[str] = ..., key_value_pairs: _Optional[bytes] = ...) -> None: ...

class ApiLogInfoResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiLogErrorRequest(_message.Message):
    __slots__ = ("msg", "key_value_pairs")
    MSG_FIELD_NUMBER: _ClassVar[int]
    KEY_VALUE_PAIRS_FIELD_NUMBER: _ClassVar[int]
    msg: str
    key_value_pairs: bytes
    def __init__(self, msg: _Optional[str] = ..., key_value_pairs: _Optional[bytes] = ...) -> None: ...

class ApiLogErrorResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiLogWarnRequest(_message.Message):
    __slots__ = ("msg", "key_value_pairs")
    MSG_FIELD_NUMBER: _ClassVar[int]
    KEY_VALUE_PAIRS_FIELD_NUMBER: _ClassVar[int]
    msg: str
    key_value_pairs: bytes
    def __init__(self, msg: _Optional[str] = ..., key_value_pairs: _Optional[bytes] = ...) -> None: ...

class ApiLogWarnResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiSendMailRequest(_message.Message):
    __slots__ = ("to", "subject", "html_body")
    TO_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    HTML_BODY_FIELD_NUMBER: _ClassVar[int]
    to: str
    subject: str
    html_body: str
    def __init__(self, to: _Optional[str] = ..., subject: _Optional[str] = ..., html_body: _Optional[str] = ...) -> None: ...

class ApiSendMailResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiCreateBotRequest(_message.Message):
    __slots__ = ("bot",)
    BOT_FIELD_NUMBER: _ClassVar[int]
    bot: bytes
    def __init__(self, bot: _Optional[bytes] = ...) -> None: ...

class ApiCreateBotResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiPatchBotRequest(_message.Message):
    __slots__ = ("bot_user_id", "bot_patch")
    BOT_USER_ID_FIELD_NUMBER: _ClassVar[int]
    BOT_PATCH_FIELD_NUMBER: _ClassVar[int]
    bot_user_id: str
    bot_patch: bytes
    def __init__(self, bot_user_id: _Optional[str] = ..., bot_patch: _Optional[bytes] = ...) -> None: ...

class ApiPatchBotResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetBotRequest(_message.Message):
    __slots__ = ("bot_user_id", "include_deleted")
    BOT_USER_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    bot_user_id: str
    include_deleted: bool
    def __init__(self, bot_user_id: _Optional[str] = ..., include_deleted: _Optional[bool] = ...) -> None: ...

class ApiGetBotResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetBotsRequest(_message.Message):
    __slots__ = ("options",)
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    options: bytes
    def __init__(self, options: _Optional[bytes] = ...) -> None: ...

class ApiGetBotsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateBotActiveRequest(_message.Message):
    __slots__ = ("bot_user_id", "active")
    BOT_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    bot_user_id: str
    active: bool
    def __init__(self, bot_user_id: _Optional[str] = ..., active: _Optional[bool] = ...) -> None: ...

class ApiUpdateBotActiveResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiPermanentDeleteBotRequest(_message.Message):
    __slots__ = ("bot_user_id",)
    BOT_USER_ID_FIELD_NUMBER: _ClassVar[int]
    bot_user_id: str
    def __init__(self, bot_user_id: _Optional[str] = ...) -> None: ...

class ApiPermanentDeleteBotResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiPluginHTTPRequest(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: HttpRequest
    def __init__(self, request: _Optional[_Union[HttpRequest, _Mapping]] = ...) -> None: ...

class ApiPluginHTTPResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: HttpResponse
    def __init__(self, result: _Optional[_Union[HttpResponse, _Mapping]] = ...) -> None: ...

class ApiPublishUserTypingRequest(_message.Message):
    __slots__ = ("user_id", "channel_id", "parent_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    channel_id: str
    parent_id: str
    def __init__(self, user_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., parent_id: _Optional[str] = ...) -> None: ...

class ApiPublishUserTypingResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiCreateCommandRequest(_message.Message):
    __slots__ = ("cmd",)
    CMD_FIELD_NUMBER: _ClassVar[int]
    cmd: bytes
    def __init__(self, cmd: _Optional[bytes] = ...) -> None: ...

class ApiCreateCommandResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiListCommandsRequest(_message.Message):
    __slots__ = ("team_id",)
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    def __init__(self, team_id: _Optional[str] = ...) -> None: ...

class ApiListCommandsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiListCustomCommandsRequest(_message.Message):
    __slots__ = ("team_id",)
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    def __init__(self, team_id: _Optional[str] = ...) -> None: ...

class ApiListCustomCommandsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiListPluginCommandsRequest(_message.Message):
    __slots__ = ("team_id",)
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    team_id: str
    def __init__(self, team_id: _Optional[str] = ...) -> None: ...

class ApiListPluginCommandsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiListBuiltInCommandsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiListBuiltInCommandsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetCommandRequest(_message.Message):
    __slots__ = ("command_id",)
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    def __init__(self, command_id: _Optional[str] = ...) -> None: ...

class ApiGetCommandResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateCommandRequest(_message.Message):
    __slots__ = ("command_id", "updated_cmd")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATED_CMD_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    updated_cmd: bytes
    def __init__(self, command_id: _Optional[str] = ..., updated_cmd: _Optional[bytes] = ...) -> None: ...

class ApiUpdateCommandResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteCommandRequest(_message.Message):
    __slots__ = ("command_id",)
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    def __init__(self, command_id: _Optional[str] = ...) -> None: ...

class ApiDeleteCommandResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiCreateOAuthAppRequest(_message.Message):
    __slots__ = ("app",)
    APP_FIELD_NUMBER: _ClassVar[int]
    app: bytes
    def __init__(self, app: _Optional[bytes] = ...) -> None: ...

class ApiCreateOAuthAppResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetOAuthAppRequest(_message.Message):
    __slots__ = ("app_id",)
    APP_ID_FIELD_NUMBER: _ClassVar[int]
    app_id: str
    def __init__(self, app_id: _Optional[str] = ...) -> None: ...

class ApiGetOAuthAppResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateOAuthAppRequest(_message.Message):
    __slots__ = ("app",)
    APP_FIELD_NUMBER: _ClassVar[int]
    app: bytes
    def __init__(self, app: _Optional[bytes] = ...) -> None: ...

class ApiUpdateOAuthAppResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteOAuthAppRequest(_message.Message):
    __slots__ = ("app_id",)
    APP_ID_FIELD_NUMBER: _ClassVar[int]
    app_id: str
    def __init__(self, app_id: _Optional[str] = ...) -> None: ...

class ApiDeleteOAuthAppResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiPublishPluginClusterEventRequest(_message.Message):
    __slots__ = ("ev", "opts")
    EV_FIELD_NUMBER: _ClassVar[int]
    OPTS_FIELD_NUMBER: _ClassVar[int]
    ev: bytes
    opts: bytes
    def __init__(self, ev: _Optional[bytes] = ..., opts: _Optional[bytes] = ...) -> None: ...

class ApiPublishPluginClusterEventResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiRequestTrialLicenseRequest(_message.Message):
    __slots__ = ("requester_id", "users", "terms_accepted", "receive_emails_accepted")
    REQUESTER_ID_FIELD_NUMBER: _ClassVar[int]
    USERS_FIELD_NUMBER: _ClassVar[int]
    TERMS_ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    RECEIVE_EMAILS_ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    requester_id: str
    users: int
    terms_accepted: bool
    receive_emails_accepted: bool
    def __init__(self, requester_id: _Optional[str] = ..., users: _Optional[int] = ..., terms_accepted: _Optional[bool] = ..., receive_emails_accepted: _Optional[bool] = ...) -> None: ...

class ApiRequestTrialLicenseResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetCloudLimitsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetCloudLimitsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiEnsureBotUserRequest(_message.Message):
    __slots__ = ("bot",)
    BOT_FIELD_NUMBER: _ClassVar[int]
    bot: bytes
    def __init__(self, bot: _Optional[bytes] = ...) -> None: ...

class ApiEnsureBotUserResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class ApiRegisterCollectionAndTopicRequest(_message.Message):
    __slots__ = ("collection_type", "topic_type")
    COLLECTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    TOPIC_TYPE_FIELD_NUMBER: _ClassVar[int]
    collection_type: str
    topic_type: str
    def __init__(self, collection_type: _Optional[str] = ..., topic_type: _Optional[str] = ...) -> None: ...

class ApiRegisterCollectionAndTopicResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiCreateUploadSessionRequest(_message.Message):
    __slots__ = ("us",)
    US_FIELD_NUMBER: _ClassVar[int]
    us: bytes
    def __init__(self, us: _Optional[bytes] = ...) -> None: ...

class ApiCreateUploadSessionResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUploadDataRequest(_message.Message):
    __slots__ = ("us", "rd")
    US_FIELD_NUMBER: _ClassVar[int]
    RD_FIELD_NUMBER: _ClassVar[int]
    us: bytes
    rd: bytes
    def __init__(self, us: _Optional[bytes] = ..., rd: _Optional[bytes] = ...) -> None: ...

class ApiUploadDataResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetUploadSessionRequest(_message.Message):
    __slots__ = ("upload_id",)
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    def __init__(self, upload_id: _Optional[str] = ...) -> None: ...

class ApiGetUploadSessionResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSendPushNotificationRequest(_message.Message):
    __slots__ = ("notification", "user_id")
    NOTIFICATION_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    notification: bytes
    user_id: str
    def __init__(self, notification: _Optional[bytes] = ..., user_id: _Optional[str] = ...) -> None: ...

class ApiSendPushNotificationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiUpdateUserAuthRequest(_message.Message):
    __slots__ = ("user_id", "user_auth")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_AUTH_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    user_auth: bytes
    def __init__(self, user_id: _Optional[str] = ..., user_auth: _Optional[bytes] = ...) -> None: ...

class ApiUpdateUserAuthResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiRegisterPluginForSharedChannelsRequest(_message.Message):
    __slots__ = ("opts",)
    OPTS_FIELD_NUMBER: _ClassVar[int]
    opts: bytes
    def __init__(self, opts: _Optional[bytes] = ...) -> None: ...

class ApiRegisterPluginForSharedChannelsResponse(_message.Message):
    __slots__ = ("remote_id",)
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    remote_id: str
    def __init__(self, remote_id: _Optional[str] = ...) -> None: ...

class ApiUnregisterPluginForSharedChannelsRequest(_message.Message):
    __slots__ = ("plugin_id",)
    PLUGIN_ID_FIELD_NUMBER: _ClassVar[int]
    plugin_id: str
    def __init__(self, plugin_id: _Optional[str] = ...) -> None: ...

class ApiUnregisterPluginForSharedChannelsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiUnregisterPluginRemoteForSharedChannelsRequest(_message.Message):
    __slots__ = ("remote_id",)
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    remote_id: str
    def __init__(self, remote_id: _Optional[str] = ...) -> None: ...

class ApiUnregisterPluginRemoteForSharedChannelsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiShareChannelRequest(_message.Message):
    __slots__ = ("sc",)
    SC_FIELD_NUMBER: _ClassVar[int]
    sc: bytes
    def __init__(self, sc: _Optional[bytes] = ...) -> None: ...

class ApiShareChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateSharedChannelRequest(_message.Message):
    __slots__ = ("sc",)
    SC_FIELD_NUMBER: _ClassVar[int]
    sc: bytes
    def __init__(self, sc: _Optional[bytes] = ...) -> None: ...

class ApiUpdateSharedChannelResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUnshareChannelRequest(_message.Message):
    __slots__ = ("channel_id",)
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    def __init__(self, channel_id: _Optional[str] = ...) -> None: ...

class ApiUnshareChannelResponse(_message.Message):
    __slots__ = ("unshared",)
    UNSHARED_FIELD_NUMBER: _ClassVar[int]
    unshared: bool
    def __init__(self, unshared: _Optional[bool] = ...) -> None: ...

class ApiUpdateSharedChannelCursorRequest(_message.Message):
    __slots__ = ("channel_id", "remote_id", "cusror")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSROR_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    remote_id: str
    cusror: bytes
    def __init__(self, channel_id: _Optional[str] = ..., remote_id: _Optional[str] = ..., cusror: _Optional[bytes] = ...) -> None: ...

class ApiUpdateSharedChannelCursorResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiSyncSharedChannelRequest(_message.Message):
    __slots__ = ("channel_id",)
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    def __init__(self, channel_id: _Optional[str] = ...) -> None: ...

class ApiSyncSharedChannelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiInviteRemoteToChannelRequest(_message.Message):
    __slots__ = ("channel_id", "remote_id", "user_id", "share_if_not_shared")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SHARE_IF_NOT_SHARED_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    remote_id: str
    user_id: str
    share_if_not_shared: bool
    def __init__(self, channel_id: _Optional[str] = ..., remote_id: _Optional[str] = ..., user_id: _Optional[str] = ..., share_if_not_shared: _Optional[bool] = ...) -> None: ...

class ApiInviteRemoteToChannelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiUninviteRemoteFromChannelRequest(_message.Message):
    __slots__ = ("channel_id", "remote_id")
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    channel_id: str
    remote_id: str
    def __init__(self, channel_id: _Optional[str] = ..., remote_id: _Optional[str] = ...) -> None: ...

class ApiUninviteRemoteFromChannelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiReceiveSharedChannelSyncMsgRequest(_message.Message):
    __slots__ = ("remote_id", "msg")
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    remote_id: str
    msg: bytes
    def __init__(self, remote_id: _Optional[str] = ..., msg: _Optional[bytes] = ...) -> None: ...

class ApiReceiveSharedChannelSyncMsgResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiReceiveSharedChannelAttachmentSyncMsgRequest(_message.Message):
    __slots__ = ("remote_id", "channel_id", "fi", "data")
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    FI_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    remote_id: str
    channel_id: str
    fi: bytes
    data: bytes
    def __init__(self, remote_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., fi: _Optional[bytes] = ..., data: _Optional[bytes] = ...) -> None: ...

class ApiReceiveSharedChannelAttachmentSyncMsgResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiReceiveSharedChannelProfileImageSyncMsgRequest(_message.Message):
    __slots__ = ("remote_id", "user_id", "image")
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    remote_id: str
    user_id: str
    image: bytes
    def __init__(self, remote_id: _Optional[str] = ..., user_id: _Optional[str] = ..., image: _Optional[bytes] = ...) -> None: ...

class ApiReceiveSharedChannelProfileImageSyncMsgResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiUpsertGroupMemberRequest(_message.Message):
    __slots__ = ("group_id", "user_id")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    user_id: str
    def __init__(self, group_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ApiUpsertGroupMemberResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpsertGroupMembersRequest(_message.Message):
    __slots__ = ("group_id", "user_ids")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, group_id: _Optional[str] = ..., user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiUpsertGroupMembersResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupByRemoteIDRequest(_message.Message):
    __slots__ = ("remote_id", "group_source")
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_SOURCE_FIELD_NUMBER: _ClassVar[int]
    remote_id: str
    group_source: bytes
    def __init__(self, remote_id: _Optional[str] = ..., group_source: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupByRemoteIDResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCreateGroupRequest(_message.Message):
    __slots__ = ("group",)
    GROUP_FIELD_NUMBER: _ClassVar[int]
    group: bytes
    def __init__(self, group: _Optional[bytes] = ...) -> None: ...

class ApiCreateGroupResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateGroupRequest(_message.Message):
    __slots__ = ("group",)
    GROUP_FIELD_NUMBER: _ClassVar[int]
    group: bytes
    def __init__(self, group: _Optional[bytes] = ...) -> None: ...

class ApiUpdateGroupResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteGroupRequest(_message.Message):
    __slots__ = ("group_id",)
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    def __init__(self, group_id: _Optional[str] = ...) -> None: ...

class ApiDeleteGroupResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiRestoreGroupRequest(_message.Message):
    __slots__ = ("group_id",)
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    def __init__(self, group_id: _Optional[str] = ...) -> None: ...

class ApiRestoreGroupResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteGroupMemberRequest(_message.Message):
    __slots__ = ("group_id", "user_id")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    user_id: str
    def __init__(self, group_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ApiDeleteGroupMemberResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupSyncableRequest(_message.Message):
    __slots__ = ("group_id", "syncable_id", "syncable_type")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    SYNCABLE_ID_FIELD_NUMBER: _ClassVar[int]
    SYNCABLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    syncable_id: str
    syncable_type: bytes
    def __init__(self, group_id: _Optional[str] = ..., syncable_id: _Optional[str] = ..., syncable_type: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupSyncableResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupSyncablesRequest(_message.Message):
    __slots__ = ("group_id", "syncable_type")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    SYNCABLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    syncable_type: bytes
    def __init__(self, group_id: _Optional[str] = ..., syncable_type: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupSyncablesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpsertGroupSyncableRequest(_message.Message):
    __slots__ = ("group_syncable",)
    GROUP_SYNCABLE_FIELD_NUMBER: _ClassVar[int]
    group_syncable: bytes
    def __init__(self, group_syncable: _Optional[bytes] = ...) -> None: ...

class ApiUpsertGroupSyncableResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateGroupSyncableRequest(_message.Message):
    __slots__ = ("group_syncable",)
    GROUP_SYNCABLE_FIELD_NUMBER: _ClassVar[int]
    group_syncable: bytes
    def __init__(self, group_syncable: _Optional[bytes] = ...) -> None: ...

class ApiUpdateGroupSyncableResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteGroupSyncableRequest(_message.Message):
    __slots__ = ("group_id", "syncable_id", "syncable_type")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    SYNCABLE_ID_FIELD_NUMBER: _ClassVar[int]
    SYNCABLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    syncable_id: str
    syncable_type: bytes
    def __init__(self, group_id: _Optional[str] = ..., syncable_id: _Optional[str] = ..., syncable_type: _Optional[bytes] = ...) -> None: ...

class ApiDeleteGroupSyncableResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdateUserRolesRequest(_message.Message):
    __slots__ = ("user_id", "new_roles")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_ROLES_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    new_roles: str
    def __init__(self, user_id: _Optional[str] = ..., new_roles: _Optional[str] = ...) -> None: ...

class ApiUpdateUserRolesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPluginIDRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetPluginIDResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class ApiGetGroupsRequest(_message.Message):
    __slots__ = ("page", "per_page", "opts", "view_restrictions")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PER_PAGE_FIELD_NUMBER: _ClassVar[int]
    OPTS_FIELD_NUMBER: _ClassVar[int]
    VIEW_RESTRICTIONS_FIELD_NUMBER: _ClassVar[int]
    page: int
    per_page: int
    opts: bytes
    view_restrictions: bytes
    def __init__(self, page: _Optional[int] = ..., per_page: _Optional[int] = ..., opts: _Optional[bytes] = ..., view_restrictions: _Optional[bytes] = ...) -> None: ...

class ApiGetGroupsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCreateDefaultSyncableMembershipsRequest(_message.Message):
    __slots__ = ("params",)
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    params: bytes
    def __init__(self, params: _Optional[bytes] = ...) -> None: ...

class ApiCreateDefaultSyncableMembershipsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiDeleteGroupConstrainedMembershipsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiDeleteGroupConstrainedMembershipsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiCreatePropertyFieldRequest(_message.Message):
    __slots__ = ("field",)
    FIELD_FIELD_NUMBER: _ClassVar[int]
    field: bytes
    def __init__(self, field: _Optional[bytes] = ...) -> None: ...

class ApiCreatePropertyFieldResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPropertyFieldRequest(_message.Message):
    __slots__ = ("group_id", "field_id")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    FIELD_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    field_id: str
    def __init__(self, group_id: _Optional[str] = ..., field_id: _Optional[str] = ...) -> None: ...

class ApiGetPropertyFieldResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPropertyFieldsRequest(_message.Message):
    __slots__ = ("group_id", "ids")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    IDS_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, group_id: _Optional[str] = ..., ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiGetPropertyFieldsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePropertyFieldRequest(_message.Message):
    __slots__ = ("group_id", "field")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    field: bytes
    def __init__(self, group_id: _Optional[str] = ..., field: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePropertyFieldResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeletePropertyFieldRequest(_message.Message):
    __slots__ = ("group_id", "field_id")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    FIELD_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    field_id: str
    def __init__(self, group_id: _Optional[str] = ..., field_id: _Optional[str] = ...) -> None: ...

class ApiDeletePropertyFieldResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiSearchPropertyFieldsRequest(_message.Message):
    __slots__ = ("group_id", "opts")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    OPTS_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    opts: bytes
    def __init__(self, group_id: _Optional[str] = ..., opts: _Optional[bytes] = ...) -> None: ...

class ApiSearchPropertyFieldsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiCountPropertyFieldsRequest(_message.Message):
    __slots__ = ("group_id", "include_deleted")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    include_deleted: bool
    def __init__(self, group_id: _Optional[str] = ..., include_deleted: _Optional[bool] = ...) -> None: ...

class ApiCountPropertyFieldsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: int
    def __init__(self, result: _Optional[int] = ...) -> None: ...

class ApiCountPropertyFieldsForTargetRequest(_message.Message):
    __slots__ = ("group_id", "target_type", "target_id", "include_deleted")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_TYPE_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    target_type: str
    target_id: str
    include_deleted: bool
    def __init__(self, group_id: _Optional[str] = ..., target_type: _Optional[str] = ..., target_id: _Optional[str] = ..., include_deleted: _Optional[bool] = ...) -> None: ...

class ApiCountPropertyFieldsForTargetResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: int
    def __init__(self, result: _Optional[int] = ...) -> None: ...

class ApiCreatePropertyValueRequest(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: bytes
    def __init__(self, value: _Optional[bytes] = ...) -> None: ...

class ApiCreatePropertyValueResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPropertyValueRequest(_message.Message):
    __slots__ = ("group_id", "value_id")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    VALUE_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    value_id: str
    def __init__(self, group_id: _Optional[str] = ..., value_id: _Optional[str] = ...) -> None: ...

class ApiGetPropertyValueResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPropertyValuesRequest(_message.Message):
    __slots__ = ("group_id", "ids")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    IDS_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, group_id: _Optional[str] = ..., ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiGetPropertyValuesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePropertyValueRequest(_message.Message):
    __slots__ = ("group_id", "value")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    value: bytes
    def __init__(self, group_id: _Optional[str] = ..., value: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePropertyValueResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpsertPropertyValueRequest(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: bytes
    def __init__(self, value: _Optional[bytes] = ...) -> None: ...

class ApiUpsertPropertyValueResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeletePropertyValueRequest(_message.Message):
    __slots__ = ("group_id", "value_id")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    VALUE_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    value_id: str
    def __init__(self, group_id: _Optional[str] = ..., value_id: _Optional[str] = ...) -> None: ...

class ApiDeletePropertyValueResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiSearchPropertyValuesRequest(_message.Message):
    __slots__ = ("group_id", "opts")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    OPTS_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    opts: bytes
    def __init__(self, group_id: _Optional[str] = ..., opts: _Optional[bytes] = ...) -> None: ...

class ApiSearchPropertyValuesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiRegisterPropertyGroupRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ApiRegisterPropertyGroupResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPropertyGroupRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ApiGetPropertyGroupResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetPropertyFieldByNameRequest(_message.Message):
    __slots__ = ("group_id", "target_id", "name")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    target_id: str
    name: str
    def __init__(self, group_id: _Optional[str] = ..., target_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ApiGetPropertyFieldByNameResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePropertyFieldsRequest(_message.Message):
    __slots__ = ("group_id", "fields")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    fields: bytes
    def __init__(self, group_id: _Optional[str] = ..., fields: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePropertyFieldsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePropertyValuesRequest(_message.Message):
    __slots__ = ("group_id", "values")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    values: bytes
    def __init__(self, group_id: _Optional[str] = ..., values: _Optional[bytes] = ...) -> None: ...

class ApiUpdatePropertyValuesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpsertPropertyValuesRequest(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: bytes
    def __init__(self, values: _Optional[bytes] = ...) -> None: ...

class ApiUpsertPropertyValuesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeletePropertyValuesForTargetRequest(_message.Message):
    __slots__ = ("group_id", "target_type", "target_id")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_TYPE_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    target_type: str
    target_id: str
    def __init__(self, group_id: _Optional[str] = ..., target_type: _Optional[str] = ..., target_id: _Optional[str] = ...) -> None: ...

class ApiDeletePropertyValuesForTargetResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiDeletePropertyValuesForFieldRequest(_message.Message):
    __slots__ = ("group_id", "field_id")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    FIELD_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    field_id: str
    def __init__(self, group_id: _Optional[str] = ..., field_id: _Optional[str] = ...) -> None: ...

class ApiDeletePropertyValuesForFieldResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiUpsertPropertyValuesWithOptionsRequest(_message.Message):
    __slots__ = ("values", "options")
    VALUES_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    values: bytes
    options: bytes
    def __init__(self, values: _Optional[bytes] = ..., options: _Optional[bytes] = ...) -> None: ...

class ApiUpsertPropertyValuesWithOptionsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiUpsertPropertyValueWithOptionsRequest(_message.Message):
    __slots__ = ("value", "options")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    value: bytes
    options: bytes
    def __init__(self, value: _Optional[bytes] = ..., options: _Optional[bytes] = ...) -> None: ...

class ApiUpsertPropertyValueWithOptionsResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeletePropertyValueWithOptionsRequest(_message.Message):
    __slots__ = ("group_id", "value_id", "options")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    VALUE_ID_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    value_id: str
    options: bytes
    def __init__(self, group_id: _Optional[str] = ..., value_id: _Optional[str] = ..., options: _Optional[bytes] = ...) -> None: ...

class ApiDeletePropertyValueWithOptionsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiDeletePropertyValuesForTargetWithOptionsRequest(_message.Message):
    __slots__ = ("group_id", "target_type", "target_id", "options")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_TYPE_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    target_type: str
    target_id: str
    options: bytes
    def __init__(self, group_id: _Optional[str] = ..., target_type: _Optional[str] = ..., target_id: _Optional[str] = ..., options: _Optional[bytes] = ...) -> None: ...

class ApiDeletePropertyValuesForTargetWithOptionsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiDeletePropertyValuesForFieldWithOptionsRequest(_message.Message):
    __slots__ = ("group_id", "field_id", "options")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    FIELD_ID_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    field_id: str
    options: bytes
    def __init__(self, group_id: _Optional[str] = ..., field_id: _Optional[str] = ..., options: _Optional[bytes] = ...) -> None: ...

class ApiDeletePropertyValuesForFieldWithOptionsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiLogAuditRecRequest(_message.Message):
    __slots__ = ("rec",)
    REC_FIELD_NUMBER: _ClassVar[int]
    rec: bytes
    def __init__(self, rec: _Optional[bytes] = ...) -> None: ...

class ApiLogAuditRecResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiLogAuditRecWithLevelRequest(_message.Message):
    __slots__ = ("rec", "level")
    REC_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    rec: bytes
    level: bytes
    def __init__(self, rec: _Optional[bytes] = ..., level: _Optional[bytes] = ...) -> None: ...

class ApiLogAuditRecWithLevelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiEvaluateAccessControlRequest(_message.Message):
    __slots__ = ("user_id", "resource_type", "resource_id", "action")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    resource_type: str
    resource_id: str
    action: str
    def __init__(self, user_id: _Optional[str] = ..., resource_type: _Optional[str] = ..., resource_id: _Optional[str] = ..., action: _Optional[str] = ...) -> None: ...

class ApiEvaluateAccessControlResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiSaveAccessControlPolicyRequest(_message.Message):
    __slots__ = ("acting_user_id", "policy")
    ACTING_USER_ID_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    acting_user_id: str
    policy: bytes
    def __init__(self, acting_user_id: _Optional[str] = ..., policy: _Optional[bytes] = ...) -> None: ...

class ApiSaveAccessControlPolicyResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetAccessControlPolicyRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ApiGetAccessControlPolicyResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiDeleteAccessControlPolicyRequest(_message.Message):
    __slots__ = ("acting_user_id", "resource_type", "id")
    ACTING_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    acting_user_id: str
    resource_type: str
    id: str
    def __init__(self, acting_user_id: _Optional[str] = ..., resource_type: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class ApiDeleteAccessControlPolicyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiCheckAccessControlExpressionRequest(_message.Message):
    __slots__ = ("acting_user_id", "resource_type", "expression")
    ACTING_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPRESSION_FIELD_NUMBER: _ClassVar[int]
    acting_user_id: str
    resource_type: str
    expression: str
    def __init__(self, acting_user_id: _Optional[str] = ..., resource_type: _Optional[str] = ..., expression: _Optional[str] = ...) -> None: ...

class ApiCheckAccessControlExpressionResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiQueryUsersForAccessControlExpressionRequest(_message.Message):
    __slots__ = ("acting_user_id", "resource_type", "expression", "term", "cursor_id", "limit")
    ACTING_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPRESSION_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    CURSOR_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    acting_user_id: str
    resource_type: str
    expression: str
    term: str
    cursor_id: str
    limit: int
    def __init__(self, acting_user_id: _Optional[str] = ..., resource_type: _Optional[str] = ..., expression: _Optional[str] = ..., term: _Optional[str] = ..., cursor_id: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ApiQueryUsersForAccessControlExpressionResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetAccessControlFieldsAutocompleteRequest(_message.Message):
    __slots__ = ("acting_user_id", "after", "limit")
    ACTING_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    acting_user_id: str
    after: str
    limit: int
    def __init__(self, acting_user_id: _Optional[str] = ..., after: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ApiGetAccessControlFieldsAutocompleteResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class ApiGetAccessControlVisualASTRequest(_message.Message):
    __slots__ = ("acting_user_id", "resource_type", "expression")
    ACTING_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPRESSION_FIELD_NUMBER: _ClassVar[int]
    acting_user_id: str
    resource_type: str
    expression: str
    def __init__(self, acting_user_id: _Optional[str] = ..., resource_type: _Optional[str] = ..., expression: _Optional[str] = ...) -> None: ...

class ApiGetAccessControlVisualASTResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class HookOnActivateRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnActivateResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnDeactivateRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnDeactivateResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookServeHTTPRequest(_message.Message):
    __slots__ = ("c", "r")
    C_FIELD_NUMBER: _ClassVar[int]
    R_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    r: HttpRequest
    def __init__(self, c: _Optional[bytes] = ..., r: _Optional[_Union[HttpRequest, _Mapping]] = ...) -> None: ...

class HookServeHTTPResponse(_message.Message):
    __slots__ = ("response",)
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    response: HttpResponse
    def __init__(self, response: _Optional[_Union[HttpResponse, _Mapping]] = ...) -> None: ...

class HookOnConfigurationChangeRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnConfigurationChangeResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookExecuteCommandRequest(_message.Message):
    __slots__ = ("c", "args")
    C_FIELD_NUMBER: _ClassVar[int]
    ARGS_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    args: bytes
    def __init__(self, c: _Optional[bytes] = ..., args: _Optional[bytes] = ...) -> None: ...

class HookExecuteCommandResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class HookMessageWillBePostedRequest(_message.Message):
    __slots__ = ("c", "post")
    C_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    post: bytes
    def __init__(self, c: _Optional[bytes] = ..., post: _Optional[bytes] = ...) -> None: ...

class HookMessageWillBePostedResponse(_message.Message):
    __slots__ = ("result", "result2")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ...) -> None: ...

class HookMessageWillBeUpdatedRequest(_message.Message):
    __slots__ = ("c", "new_post", "old_post")
    C_FIELD_NUMBER: _ClassVar[int]
    NEW_POST_FIELD_NUMBER: _ClassVar[int]
    OLD_POST_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    new_post: bytes
    old_post: bytes
    def __init__(self, c: _Optional[bytes] = ..., new_post: _Optional[bytes] = ..., old_post: _Optional[bytes] = ...) -> None: ...

class HookMessageWillBeUpdatedResponse(_message.Message):
    __slots__ = ("result", "result2")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ...) -> None: ...

class HookMessageHasBeenPostedRequest(_message.Message):
    __slots__ = ("c", "post")
    C_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    post: bytes
    def __init__(self, c: _Optional[bytes] = ..., post: _Optional[bytes] = ...) -> None: ...

class HookMessageHasBeenPostedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookMessageHasBeenUpdatedRequest(_message.Message):
    __slots__ = ("c", "new_post", "old_post")
    C_FIELD_NUMBER: _ClassVar[int]
    NEW_POST_FIELD_NUMBER: _ClassVar[int]
    OLD_POST_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    new_post: bytes
    old_post: bytes
    def __init__(self, c: _Optional[bytes] = ..., new_post: _Optional[bytes] = ..., old_post: _Optional[bytes] = ...) -> None: ...

class HookMessageHasBeenUpdatedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookUserHasJoinedChannelRequest(_message.Message):
    __slots__ = ("c", "channel_member", "actor")
    C_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_MEMBER_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    channel_member: bytes
    actor: bytes
    def __init__(self, c: _Optional[bytes] = ..., channel_member: _Optional[bytes] = ..., actor: _Optional[bytes] = ...) -> None: ...

class HookUserHasJoinedChannelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookUserHasLeftChannelRequest(_message.Message):
    __slots__ = ("c", "channel_member", "actor")
    C_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_MEMBER_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    channel_member: bytes
    actor: bytes
    def __init__(self, c: _Optional[bytes] = ..., channel_member: _Optional[bytes] = ..., actor: _Optional[bytes] = ...) -> None: ...

class HookUserHasLeftChannelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookUserHasJoinedTeamRequest(_message.Message):
    __slots__ = ("c", "team_member", "actor")
    C_FIELD_NUMBER: _ClassVar[int]
    TEAM_MEMBER_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    team_member: bytes
    actor: bytes
    def __init__(self, c: _Optional[bytes] = ..., team_member: _Optional[bytes] = ..., actor: _Optional[bytes] = ...) -> None: ...

class HookUserHasJoinedTeamResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookUserHasLeftTeamRequest(_message.Message):
    __slots__ = ("c", "team_member", "actor")
    C_FIELD_NUMBER: _ClassVar[int]
    TEAM_MEMBER_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    team_member: bytes
    actor: bytes
    def __init__(self, c: _Optional[bytes] = ..., team_member: _Optional[bytes] = ..., actor: _Optional[bytes] = ...) -> None: ...

class HookUserHasLeftTeamResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookChannelHasBeenCreatedRequest(_message.Message):
    __slots__ = ("c", "channel")
    C_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    channel: bytes
    def __init__(self, c: _Optional[bytes] = ..., channel: _Optional[bytes] = ...) -> None: ...

class HookChannelHasBeenCreatedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookFileWillBeUploadedRequest(_message.Message):
    __slots__ = ("c", "info", "file", "file_stream", "file_streams")
    C_FIELD_NUMBER: _ClassVar[int]
    INFO_FIELD_NUMBER: _ClassVar[int]
    FILE_FIELD_NUMBER: _ClassVar[int]
    FILE_STREAM_FIELD_NUMBER: _ClassVar[int]
    FILE_STREAMS_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    info: bytes
    file: bytes
    file_stream: int
    file_streams: bool
    def __init__(self, c: _Optional[bytes] = ..., info: _Optional[bytes] = ..., file: _Optional[bytes] = ..., file_stream: _Optional[int] = ..., file_streams: _Optional[bool] = ...) -> None: ...

class HookFileWillBeUploadedResponse(_message.Message):
    __slots__ = ("result", "result2", "output", "output_streamed")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_STREAMED_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    output: bytes
    output_streamed: bool
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ..., output: _Optional[bytes] = ..., output_streamed: _Optional[bool] = ...) -> None: ...

class HookUserWillLogInRequest(_message.Message):
    __slots__ = ("c", "user")
    C_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    user: bytes
    def __init__(self, c: _Optional[bytes] = ..., user: _Optional[bytes] = ...) -> None: ...

class HookUserWillLogInResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class HookUserHasLoggedInRequest(_message.Message):
    __slots__ = ("c", "user")
    C_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    user: bytes
    def __init__(self, c: _Optional[bytes] = ..., user: _Optional[bytes] = ...) -> None: ...

class HookUserHasLoggedInResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookUserHasBeenCreatedRequest(_message.Message):
    __slots__ = ("c", "user")
    C_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    user: bytes
    def __init__(self, c: _Optional[bytes] = ..., user: _Optional[bytes] = ...) -> None: ...

class HookUserHasBeenCreatedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookReactionHasBeenAddedRequest(_message.Message):
    __slots__ = ("c", "reaction")
    C_FIELD_NUMBER: _ClassVar[int]
    REACTION_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    reaction: bytes
    def __init__(self, c: _Optional[bytes] = ..., reaction: _Optional[bytes] = ...) -> None: ...

class HookReactionHasBeenAddedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookReactionHasBeenRemovedRequest(_message.Message):
    __slots__ = ("c", "reaction")
    C_FIELD_NUMBER: _ClassVar[int]
    REACTION_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    reaction: bytes
    def __init__(self, c: _Optional[bytes] = ..., reaction: _Optional[bytes] = ...) -> None: ...

class HookReactionHasBeenRemovedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnPluginClusterEventRequest(_message.Message):
    __slots__ = ("c", "ev")
    C_FIELD_NUMBER: _ClassVar[int]
    EV_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    ev: bytes
    def __init__(self, c: _Optional[bytes] = ..., ev: _Optional[bytes] = ...) -> None: ...

class HookOnPluginClusterEventResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnWebSocketConnectRequest(_message.Message):
    __slots__ = ("web_conn_id", "user_id")
    WEB_CONN_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    web_conn_id: str
    user_id: str
    def __init__(self, web_conn_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class HookOnWebSocketConnectResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnWebSocketDisconnectRequest(_message.Message):
    __slots__ = ("web_conn_id", "user_id")
    WEB_CONN_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    web_conn_id: str
    user_id: str
    def __init__(self, web_conn_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class HookOnWebSocketDisconnectResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookWebSocketMessageHasBeenPostedRequest(_message.Message):
    __slots__ = ("web_conn_id", "user_id", "req")
    WEB_CONN_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REQ_FIELD_NUMBER: _ClassVar[int]
    web_conn_id: str
    user_id: str
    req: bytes
    def __init__(self, web_conn_id: _Optional[str] = ..., user_id: _Optional[str] = ..., req: _Optional[bytes] = ...) -> None: ...

class HookWebSocketMessageHasBeenPostedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookRunDataRetentionRequest(_message.Message):
    __slots__ = ("now_time", "batch_size")
    NOW_TIME_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    now_time: int
    batch_size: int
    def __init__(self, now_time: _Optional[int] = ..., batch_size: _Optional[int] = ...) -> None: ...

class HookRunDataRetentionResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: int
    def __init__(self, result: _Optional[int] = ...) -> None: ...

class HookOnInstallRequest(_message.Message):
    __slots__ = ("c", "event")
    C_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    event: bytes
    def __init__(self, c: _Optional[bytes] = ..., event: _Optional[bytes] = ...) -> None: ...

class HookOnInstallResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnSendDailyTelemetryRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnSendDailyTelemetryResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnCloudLimitsUpdatedRequest(_message.Message):
    __slots__ = ("limits",)
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    limits: bytes
    def __init__(self, limits: _Optional[bytes] = ...) -> None: ...

class HookOnCloudLimitsUpdatedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookConfigurationWillBeSavedRequest(_message.Message):
    __slots__ = ("new_cfg",)
    NEW_CFG_FIELD_NUMBER: _ClassVar[int]
    new_cfg: bytes
    def __init__(self, new_cfg: _Optional[bytes] = ...) -> None: ...

class HookConfigurationWillBeSavedResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class HookNotificationWillBePushedRequest(_message.Message):
    __slots__ = ("push_notification", "user_id")
    PUSH_NOTIFICATION_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    push_notification: bytes
    user_id: str
    def __init__(self, push_notification: _Optional[bytes] = ..., user_id: _Optional[str] = ...) -> None: ...

class HookNotificationWillBePushedResponse(_message.Message):
    __slots__ = ("result", "result2")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ...) -> None: ...

class HookUserHasBeenDeactivatedRequest(_message.Message):
    __slots__ = ("c", "user")
    C_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    user: bytes
    def __init__(self, c: _Optional[bytes] = ..., user: _Optional[bytes] = ...) -> None: ...

class HookUserHasBeenDeactivatedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookMessageHasBeenDeletedRequest(_message.Message):
    __slots__ = ("c", "post")
    C_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    post: bytes
    def __init__(self, c: _Optional[bytes] = ..., post: _Optional[bytes] = ...) -> None: ...

class HookMessageHasBeenDeletedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookMessagesWillBeConsumedRequest(_message.Message):
    __slots__ = ("posts",)
    POSTS_FIELD_NUMBER: _ClassVar[int]
    posts: bytes
    def __init__(self, posts: _Optional[bytes] = ...) -> None: ...

class HookMessagesWillBeConsumedResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class HookServeMetricsRequest(_message.Message):
    __slots__ = ("c", "r")
    C_FIELD_NUMBER: _ClassVar[int]
    R_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    r: HttpRequest
    def __init__(self, c: _Optional[bytes] = ..., r: _Optional[_Union[HttpRequest, _Mapping]] = ...) -> None: ...

class HookServeMetricsResponse(_message.Message):
    __slots__ = ("response",)
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    response: HttpResponse
    def __init__(self, response: _Optional[_Union[HttpResponse, _Mapping]] = ...) -> None: ...

class HookOnSharedChannelsSyncMsgRequest(_message.Message):
    __slots__ = ("msg", "rc")
    MSG_FIELD_NUMBER: _ClassVar[int]
    RC_FIELD_NUMBER: _ClassVar[int]
    msg: bytes
    rc: bytes
    def __init__(self, msg: _Optional[bytes] = ..., rc: _Optional[bytes] = ...) -> None: ...

class HookOnSharedChannelsSyncMsgResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class HookOnSharedChannelsPingRequest(_message.Message):
    __slots__ = ("rc",)
    RC_FIELD_NUMBER: _ClassVar[int]
    rc: bytes
    def __init__(self, rc: _Optional[bytes] = ...) -> None: ...

class HookOnSharedChannelsPingResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bool
    def __init__(self, result: _Optional[bool] = ...) -> None: ...

class HookPreferencesHaveChangedRequest(_message.Message):
    __slots__ = ("c", "preferences")
    C_FIELD_NUMBER: _ClassVar[int]
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    preferences: bytes
    def __init__(self, c: _Optional[bytes] = ..., preferences: _Optional[bytes] = ...) -> None: ...

class HookPreferencesHaveChangedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnSharedChannelsAttachmentSyncMsgRequest(_message.Message):
    __slots__ = ("fi", "post", "rc")
    FI_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    RC_FIELD_NUMBER: _ClassVar[int]
    fi: bytes
    post: bytes
    rc: bytes
    def __init__(self, fi: _Optional[bytes] = ..., post: _Optional[bytes] = ..., rc: _Optional[bytes] = ...) -> None: ...

class HookOnSharedChannelsAttachmentSyncMsgResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnSharedChannelsProfileImageSyncMsgRequest(_message.Message):
    __slots__ = ("user", "rc")
    USER_FIELD_NUMBER: _ClassVar[int]
    RC_FIELD_NUMBER: _ClassVar[int]
    user: bytes
    rc: bytes
    def __init__(self, user: _Optional[bytes] = ..., rc: _Optional[bytes] = ...) -> None: ...

class HookOnSharedChannelsProfileImageSyncMsgResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookGenerateSupportDataRequest(_message.Message):
    __slots__ = ("c",)
    C_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    def __init__(self, c: _Optional[bytes] = ...) -> None: ...

class HookGenerateSupportDataResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...

class HookOnSAMLLoginRequest(_message.Message):
    __slots__ = ("c", "user", "assertion")
    C_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    ASSERTION_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    user: bytes
    assertion: bytes
    def __init__(self, c: _Optional[bytes] = ..., user: _Optional[bytes] = ..., assertion: _Optional[bytes] = ...) -> None: ...

class HookOnSAMLLoginResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookEmailNotificationWillBeSentRequest(_message.Message):
    __slots__ = ("email_notification",)
    EMAIL_NOTIFICATION_FIELD_NUMBER: _ClassVar[int]
    email_notification: bytes
    def __init__(self, email_notification: _Optional[bytes] = ...) -> None: ...

class HookEmailNotificationWillBeSentResponse(_message.Message):
    __slots__ = ("result", "result2")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ...) -> None: ...

class HookFileWillBeDownloadedRequest(_message.Message):
    __slots__ = ("c", "file_info", "user_id", "download_type")
    C_FIELD_NUMBER: _ClassVar[int]
    FILE_INFO_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DOWNLOAD_TYPE_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    file_info: bytes
    user_id: str
    download_type: bytes
    def __init__(self, c: _Optional[bytes] = ..., file_info: _Optional[bytes] = ..., user_id: _Optional[str] = ..., download_type: _Optional[bytes] = ...) -> None: ...

class HookFileWillBeDownloadedResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class HookChannelMemberWillBeAddedRequest(_message.Message):
    __slots__ = ("c", "channel_member")
    C_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_MEMBER_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    channel_member: bytes
    def __init__(self, c: _Optional[bytes] = ..., channel_member: _Optional[bytes] = ...) -> None: ...

class HookChannelMemberWillBeAddedResponse(_message.Message):
    __slots__ = ("result", "result2")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ...) -> None: ...

class HookTeamMemberWillBeAddedRequest(_message.Message):
    __slots__ = ("c", "team_member")
    C_FIELD_NUMBER: _ClassVar[int]
    TEAM_MEMBER_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    team_member: bytes
    def __init__(self, c: _Optional[bytes] = ..., team_member: _Optional[bytes] = ...) -> None: ...

class HookTeamMemberWillBeAddedResponse(_message.Message):
    __slots__ = ("result", "result2")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ...) -> None: ...

class HookChannelWillBeArchivedRequest(_message.Message):
    __slots__ = ("c", "channel")
    C_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    channel: bytes
    def __init__(self, c: _Optional[bytes] = ..., channel: _Optional[bytes] = ...) -> None: ...

class HookChannelWillBeArchivedResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class HookChannelWillBeUpdatedRequest(_message.Message):
    __slots__ = ("c", "new_channel", "old_channel")
    C_FIELD_NUMBER: _ClassVar[int]
    NEW_CHANNEL_FIELD_NUMBER: _ClassVar[int]
    OLD_CHANNEL_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    new_channel: bytes
    old_channel: bytes
    def __init__(self, c: _Optional[bytes] = ..., new_channel: _Optional[bytes] = ..., old_channel: _Optional[bytes] = ...) -> None: ...

class HookChannelWillBeUpdatedResponse(_message.Message):
    __slots__ = ("result", "result2")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ...) -> None: ...

class HookChannelWillBeRestoredRequest(_message.Message):
    __slots__ = ("c", "channel")
    C_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    channel: bytes
    def __init__(self, c: _Optional[bytes] = ..., channel: _Optional[bytes] = ...) -> None: ...

class HookChannelWillBeRestoredResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: str
    def __init__(self, result: _Optional[str] = ...) -> None: ...

class HookScheduledPostWillBeCreatedRequest(_message.Message):
    __slots__ = ("c", "scheduled_post")
    C_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_POST_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    scheduled_post: bytes
    def __init__(self, c: _Optional[bytes] = ..., scheduled_post: _Optional[bytes] = ...) -> None: ...

class HookScheduledPostWillBeCreatedResponse(_message.Message):
    __slots__ = ("result", "result2")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ...) -> None: ...

class HookDraftWillBeUpsertedRequest(_message.Message):
    __slots__ = ("c", "draft")
    C_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    draft: bytes
    def __init__(self, c: _Optional[bytes] = ..., draft: _Optional[bytes] = ...) -> None: ...

class HookDraftWillBeUpsertedResponse(_message.Message):
    __slots__ = ("result", "result2")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    RESULT2_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    result2: str
    def __init__(self, result: _Optional[bytes] = ..., result2: _Optional[str] = ...) -> None: ...

class HookMessagesWillBeConsumedWithContextRequest(_message.Message):
    __slots__ = ("c", "posts")
    C_FIELD_NUMBER: _ClassVar[int]
    POSTS_FIELD_NUMBER: _ClassVar[int]
    c: bytes
    posts: bytes
    def __init__(self, c: _Optional[bytes] = ..., posts: _Optional[bytes] = ...) -> None: ...

class HookMessagesWillBeConsumedWithContextResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: bytes
    def __init__(self, result: _Optional[bytes] = ...) -> None: ...
