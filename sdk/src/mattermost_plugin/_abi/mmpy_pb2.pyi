from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GuestHello(_message.Message):
    __slots__ = ("abi_version", "sdk_version", "python_version", "plugin_class", "hooks")
    ABI_VERSION_FIELD_NUMBER: _ClassVar[int]
    SDK_VERSION_FIELD_NUMBER: _ClassVar[int]
    PYTHON_VERSION_FIELD_NUMBER: _ClassVar[int]
    PLUGIN_CLASS_FIELD_NUMBER: _ClassVar[int]
    HOOKS_FIELD_NUMBER: _ClassVar[int]
    abi_version: int
    sdk_version: str
    python_version: str
    plugin_class: str
    hooks: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, abi_version: _Optional[int] = ..., sdk_version: _Optional[str] = ..., python_version: _Optional[str] = ..., plugin_class: _Optional[str] = ..., hooks: _Optional[_Iterable[str]] = ...) -> None: ...

class HostHello(_message.Message):
    __slots__ = ("abi_version", "accepted", "error", "host_version", "plugin_id")
    ABI_VERSION_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    HOST_VERSION_FIELD_NUMBER: _ClassVar[int]
    PLUGIN_ID_FIELD_NUMBER: _ClassVar[int]
    abi_version: int
    accepted: bool
    error: str
    host_version: str
    plugin_id: str
    def __init__(self, abi_version: _Optional[int] = ..., accepted: _Optional[bool] = ..., error: _Optional[str] = ..., host_version: _Optional[str] = ..., plugin_id: _Optional[str] = ...) -> None: ...

class ApiCall(_message.Message):
    __slots__ = ("method", "request")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    method: str
    request: bytes
    def __init__(self, method: _Optional[str] = ..., request: _Optional[bytes] = ...) -> None: ...

class HostFrame(_message.Message):
    __slots__ = ("api_result", "hook", "shutdown")
    API_RESULT_FIELD_NUMBER: _ClassVar[int]
    HOOK_FIELD_NUMBER: _ClassVar[int]
    SHUTDOWN_FIELD_NUMBER: _ClassVar[int]
    api_result: ApiResult
    hook: HookCall
    shutdown: Shutdown
    def __init__(self, api_result: _Optional[_Union[ApiResult, _Mapping]] = ..., hook: _Optional[_Union[HookCall, _Mapping]] = ..., shutdown: _Optional[_Union[Shutdown, _Mapping]] = ...) -> None: ...

class ApiResult(_message.Message):
    __slots__ = ("response", "error")
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    response: bytes
    error: AppError
    def __init__(self, response: _Optional[bytes] = ..., error: _Optional[_Union[AppError, _Mapping]] = ...) -> None: ...

class AppError(_message.Message):
    __slots__ = ("id", "message", "detailed_error", "status_code", "where", "request_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DETAILED_ERROR_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    WHERE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    message: str
    detailed_error: str
    status_code: int
    where: str
    request_id: str
    def __init__(self, id: _Optional[str] = ..., message: _Optional[str] = ..., detailed_error: _Optional[str] = ..., status_code: _Optional[int] = ..., where: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class HookCall(_message.Message):
    __slots__ = ("hook", "request")
    HOOK_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    hook: str
    request: bytes
    def __init__(self, hook: _Optional[str] = ..., request: _Optional[bytes] = ...) -> None: ...

class HookResult(_message.Message):
    __slots__ = ("response", "error", "not_implemented")
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    NOT_IMPLEMENTED_FIELD_NUMBER: _ClassVar[int]
    response: bytes
    error: GuestError
    not_implemented: bool
    def __init__(self, response: _Optional[bytes] = ..., error: _Optional[_Union[GuestError, _Mapping]] = ..., not_implemented: _Optional[bool] = ...) -> None: ...

class GuestError(_message.Message):
    __slots__ = ("type", "message", "traceback")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TRACEBACK_FIELD_NUMBER: _ClassVar[int]
    type: str
    message: str
    traceback: str
    def __init__(self, type: _Optional[str] = ..., message: _Optional[str] = ..., traceback: _Optional[str] = ...) -> None: ...

class Shutdown(_message.Message):
    __slots__ = ("reason",)
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class Context(_message.Message):
    __slots__ = ("session_id", "request_id", "ip_address", "accept_language", "user_agent")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    IP_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    USER_AGENT_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    request_id: str
    ip_address: str
    accept_language: str
    user_agent: str
    def __init__(self, session_id: _Optional[str] = ..., request_id: _Optional[str] = ..., ip_address: _Optional[str] = ..., accept_language: _Optional[str] = ..., user_agent: _Optional[str] = ...) -> None: ...

class User(_message.Message):
    __slots__ = ("id", "create_at", "update_at", "delete_at", "username", "auth_service", "email", "email_verified", "nickname", "first_name", "last_name", "position", "roles", "allow_marketing", "props", "notify_props", "last_password_update", "last_picture_update", "failed_attempts", "locale", "timezone", "mfa_active", "remote_id", "last_activity_at", "is_bot", "bot_description", "bot_last_icon_update", "terms_of_service_id", "terms_of_service_create_at", "disable_welcome_email", "last_login")
    class PropsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class NotifyPropsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class TimezoneEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_AT_FIELD_NUMBER: _ClassVar[int]
    DELETE_AT_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    AUTH_SERVICE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    NICKNAME_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    ALLOW_MARKETING_FIELD_NUMBER: _ClassVar[int]
    PROPS_FIELD_NUMBER: _ClassVar[int]
    NOTIFY_PROPS_FIELD_NUMBER: _ClassVar[int]
    LAST_PASSWORD_UPDATE_FIELD_NUMBER: _ClassVar[int]
    LAST_PICTURE_UPDATE_FIELD_NUMBER: _ClassVar[int]
    FAILED_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    MFA_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_ACTIVITY_AT_FIELD_NUMBER: _ClassVar[int]
    IS_BOT_FIELD_NUMBER: _ClassVar[int]
    BOT_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    BOT_LAST_ICON_UPDATE_FIELD_NUMBER: _ClassVar[int]
    TERMS_OF_SERVICE_ID_FIELD_NUMBER: _ClassVar[int]
    TERMS_OF_SERVICE_CREATE_AT_FIELD_NUMBER: _ClassVar[int]
    DISABLE_WELCOME_EMAIL_FIELD_NUMBER: _ClassVar[int]
    LAST_LOGIN_FIELD_NUMBER: _ClassVar[int]
    id: str
    create_at: int
    update_at: int
    delete_at: int
    username: str
    auth_service: str
    email: str
    email_verified: bool
    nickname: str
    first_name: str
    last_name: str
    position: str
    roles: str
    allow_marketing: bool
    props: _containers.ScalarMap[str, str]
    notify_props: _containers.ScalarMap[str, str]
    last_password_update: int
    last_picture_update: int
    failed_attempts: int
    locale: str
    timezone: _containers.ScalarMap[str, str]
    mfa_active: bool
    remote_id: str
    last_activity_at: int
    is_bot: bool
    bot_description: str
    bot_last_icon_update: int
    terms_of_service_id: str
    terms_of_service_create_at: int
    disable_welcome_email: bool
    last_login: int
    def __init__(self, id: _Optional[str] = ..., create_at: _Optional[int] = ..., update_at: _Optional[int] = ..., delete_at: _Optional[int] = ..., username: _Optional[str] = ..., auth_service: _Optional[str] = ..., email: _Optional[str] = ..., email_verified: _Optional[bool] = ..., nickname: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., position: _Optional[str] = ..., roles: _Optional[str] = ..., allow_marketing: _Optional[bool] = ..., props: _Optional[_Mapping[str, str]] = ..., notify_props: _Optional[_Mapping[str, str]] = ..., last_password_update: _Optional[int] = ..., last_picture_update: _Optional[int] = ..., failed_attempts: _Optional[int] = ..., locale: _Optional[str] = ..., timezone: _Optional[_Mapping[str, str]] = ..., mfa_active: _Optional[bool] = ..., remote_id: _Optional[str] = ..., last_activity_at: _Optional[int] = ..., is_bot: _Optional[bool] = ..., bot_description: _Optional[str] = ..., bot_last_icon_update: _Optional[int] = ..., terms_of_service_id: _Optional[str] = ..., terms_of_service_create_at: _Optional[int] = ..., disable_welcome_email: _Optional[bool] = ..., last_login: _Optional[int] = ...) -> None: ...

class Post(_message.Message):
    __slots__ = ("id", "create_at", "update_at", "edit_at", "delete_at", "is_pinned", "user_id", "channel_id", "root_id", "original_id", "message", "type", "props_json", "hashtags", "file_ids", "pending_post_id", "has_reactions", "remote_id", "reply_count", "last_reply_at", "metadata_json")
    ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_AT_FIELD_NUMBER: _ClassVar[int]
    EDIT_AT_FIELD_NUMBER: _ClassVar[int]
    DELETE_AT_FIELD_NUMBER: _ClassVar[int]
    IS_PINNED_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PROPS_JSON_FIELD_NUMBER: _ClassVar[int]
    HASHTAGS_FIELD_NUMBER: _ClassVar[int]
    FILE_IDS_FIELD_NUMBER: _ClassVar[int]
    PENDING_POST_ID_FIELD_NUMBER: _ClassVar[int]
    HAS_REACTIONS_FIELD_NUMBER: _ClassVar[int]
    REMOTE_ID_FIELD_NUMBER: _ClassVar[int]
    REPLY_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_REPLY_AT_FIELD_NUMBER: _ClassVar[int]
    METADATA_JSON_FIELD_NUMBER: _ClassVar[int]
    id: str
    create_at: int
    update_at: int
    edit_at: int
    delete_at: int
    is_pinned: bool
    user_id: str
    channel_id: str
    root_id: str
    original_id: str
    message: str
    type: str
    props_json: bytes
    hashtags: str
    file_ids: _containers.RepeatedScalarFieldContainer[str]
    pending_post_id: str
    has_reactions: bool
    remote_id: str
    reply_count: int
    last_reply_at: int
    metadata_json: bytes
    def __init__(self, id: _Optional[str] = ..., create_at: _Optional[int] = ..., update_at: _Optional[int] = ..., edit_at: _Optional[int] = ..., delete_at: _Optional[int] = ..., is_pinned: _Optional[bool] = ..., user_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., root_id: _Optional[str] = ..., original_id: _Optional[str] = ..., message: _Optional[str] = ..., type: _Optional[str] = ..., props_json: _Optional[bytes] = ..., hashtags: _Optional[str] = ..., file_ids: _Optional[_Iterable[str]] = ..., pending_post_id: _Optional[str] = ..., has_reactions: _Optional[bool] = ..., remote_id: _Optional[str] = ..., reply_count: _Optional[int] = ..., last_reply_at: _Optional[int] = ..., metadata_json: _Optional[bytes] = ...) -> None: ...

class CommandArgs(_message.Message):
    __slots__ = ("user_id", "channel_id", "team_id", "root_id", "parent_id", "trigger_id", "command", "site_url", "user_mentions", "channel_mentions")
    class UserMentionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class ChannelMentionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_ID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    SITE_URL_FIELD_NUMBER: _ClassVar[int]
    USER_MENTIONS_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_MENTIONS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    channel_id: str
    team_id: str
    root_id: str
    parent_id: str
    trigger_id: str
    command: str
    site_url: str
    user_mentions: _containers.ScalarMap[str, str]
    channel_mentions: _containers.ScalarMap[str, str]
    def __init__(self, user_id: _Optional[str] = ..., channel_id: _Optional[str] = ..., team_id: _Optional[str] = ..., root_id: _Optional[str] = ..., parent_id: _Optional[str] = ..., trigger_id: _Optional[str] = ..., command: _Optional[str] = ..., site_url: _Optional[str] = ..., user_mentions: _Optional[_Mapping[str, str]] = ..., channel_mentions: _Optional[_Mapping[str, str]] = ...) -> None: ...

class CommandResponse(_message.Message):
    __slots__ = ("response_type", "text", "username", "channel_id", "icon_url", "type", "props_json", "goto_location", "trigger_id", "skip_slack_parsing", "attachments_json", "extra_responses")
    RESPONSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_ID_FIELD_NUMBER: _ClassVar[int]
    ICON_URL_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PROPS_JSON_FIELD_NUMBER: _ClassVar[int]
    GOTO_LOCATION_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_ID_FIELD_NUMBER: _ClassVar[int]
    SKIP_SLACK_PARSING_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_JSON_FIELD_NUMBER: _ClassVar[int]
    EXTRA_RESPONSES_FIELD_NUMBER: _ClassVar[int]
    response_type: str
    text: str
    username: str
    channel_id: str
    icon_url: str
    type: str
    props_json: bytes
    goto_location: str
    trigger_id: str
    skip_slack_parsing: bool
    attachments_json: bytes
    extra_responses: _containers.RepeatedCompositeFieldContainer[CommandResponse]
    def __init__(self, response_type: _Optional[str] = ..., text: _Optional[str] = ..., username: _Optional[str] = ..., channel_id: _Optional[str] = ..., icon_url: _Optional[str] = ..., type: _Optional[str] = ..., props_json: _Optional[bytes] = ..., goto_location: _Optional[str] = ..., trigger_id: _Optional[str] = ..., skip_slack_parsing: _Optional[bool] = ..., attachments_json: _Optional[bytes] = ..., extra_responses: _Optional[_Iterable[_Union[CommandResponse, _Mapping]]] = ...) -> None: ...

class Command(_message.Message):
    __slots__ = ("id", "token", "create_at", "update_at", "delete_at", "creator_id", "team_id", "trigger", "method", "username", "icon_url", "auto_complete", "auto_complete_desc", "auto_complete_hint", "display_name", "description", "url", "plugin_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    CREATE_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_AT_FIELD_NUMBER: _ClassVar[int]
    DELETE_AT_FIELD_NUMBER: _ClassVar[int]
    CREATOR_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ICON_URL_FIELD_NUMBER: _ClassVar[int]
    AUTO_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    AUTO_COMPLETE_DESC_FIELD_NUMBER: _ClassVar[int]
    AUTO_COMPLETE_HINT_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    PLUGIN_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    token: str
    create_at: int
    update_at: int
    delete_at: int
    creator_id: str
    team_id: str
    trigger: str
    method: str
    username: str
    icon_url: str
    auto_complete: bool
    auto_complete_desc: str
    auto_complete_hint: str
    display_name: str
    description: str
    url: str
    plugin_id: str
    def __init__(self, id: _Optional[str] = ..., token: _Optional[str] = ..., create_at: _Optional[int] = ..., update_at: _Optional[int] = ..., delete_at: _Optional[int] = ..., creator_id: _Optional[str] = ..., team_id: _Optional[str] = ..., trigger: _Optional[str] = ..., method: _Optional[str] = ..., username: _Optional[str] = ..., icon_url: _Optional[str] = ..., auto_complete: _Optional[bool] = ..., auto_complete_desc: _Optional[str] = ..., auto_complete_hint: _Optional[str] = ..., display_name: _Optional[str] = ..., description: _Optional[str] = ..., url: _Optional[str] = ..., plugin_id: _Optional[str] = ...) -> None: ...

class KeyValue(_message.Message):
    __slots__ = ("key", "value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: str
    def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class ApiGetServerVersionRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetServerVersionResponse(_message.Message):
    __slots__ = ("version",)
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: str
    def __init__(self, version: _Optional[str] = ...) -> None: ...

class ApiGetUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ApiGetUserResponse(_message.Message):
    __slots__ = ("user",)
    USER_FIELD_NUMBER: _ClassVar[int]
    user: User
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class ApiCreatePostRequest(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: Post
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

class ApiCreatePostResponse(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: Post
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

class ApiKVGetRequest(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: str
    def __init__(self, key: _Optional[str] = ...) -> None: ...

class ApiKVGetResponse(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: bytes
    def __init__(self, value: _Optional[bytes] = ...) -> None: ...

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

class ApiKVDeleteRequest(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: str
    def __init__(self, key: _Optional[str] = ...) -> None: ...

class ApiKVDeleteResponse(_message.Message):
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
    __slots__ = ("keys",)
    KEYS_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, keys: _Optional[_Iterable[str]] = ...) -> None: ...

class ApiGetPluginConfigRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiGetPluginConfigResponse(_message.Message):
    __slots__ = ("config_json",)
    CONFIG_JSON_FIELD_NUMBER: _ClassVar[int]
    config_json: bytes
    def __init__(self, config_json: _Optional[bytes] = ...) -> None: ...

class ApiRegisterCommandRequest(_message.Message):
    __slots__ = ("command",)
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    command: Command
    def __init__(self, command: _Optional[_Union[Command, _Mapping]] = ...) -> None: ...

class ApiRegisterCommandResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ApiLogRequest(_message.Message):
    __slots__ = ("msg", "key_value_pairs")
    MSG_FIELD_NUMBER: _ClassVar[int]
    KEY_VALUE_PAIRS_FIELD_NUMBER: _ClassVar[int]
    msg: str
    key_value_pairs: _containers.RepeatedCompositeFieldContainer[KeyValue]
    def __init__(self, msg: _Optional[str] = ..., key_value_pairs: _Optional[_Iterable[_Union[KeyValue, _Mapping]]] = ...) -> None: ...

class ApiLogResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

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

class HookOnConfigurationChangeRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookOnConfigurationChangeResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HookMessageWillBePostedRequest(_message.Message):
    __slots__ = ("context", "post")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    context: Context
    post: Post
    def __init__(self, context: _Optional[_Union[Context, _Mapping]] = ..., post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

class HookMessageWillBePostedResponse(_message.Message):
    __slots__ = ("post", "rejection_reason")
    POST_FIELD_NUMBER: _ClassVar[int]
    REJECTION_REASON_FIELD_NUMBER: _ClassVar[int]
    post: Post
    rejection_reason: str
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ..., rejection_reason: _Optional[str] = ...) -> None: ...

class HookExecuteCommandRequest(_message.Message):
    __slots__ = ("context", "args")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    ARGS_FIELD_NUMBER: _ClassVar[int]
    context: Context
    args: CommandArgs
    def __init__(self, context: _Optional[_Union[Context, _Mapping]] = ..., args: _Optional[_Union[CommandArgs, _Mapping]] = ...) -> None: ...

class HookExecuteCommandResponse(_message.Message):
    __slots__ = ("response", "error")
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    response: CommandResponse
    error: AppError
    def __init__(self, response: _Optional[_Union[CommandResponse, _Mapping]] = ..., error: _Optional[_Union[AppError, _Mapping]] = ...) -> None: ...
