from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AppError(_message.Message):
    __slots__ = ("id", "message", "detailed_error", "request_id", "status_code", "where")
    ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DETAILED_ERROR_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    WHERE_FIELD_NUMBER: _ClassVar[int]
    id: str
    message: str
    detailed_error: str
    request_id: str
    status_code: int
    where: str
    def __init__(self, id: _Optional[str] = ..., message: _Optional[str] = ..., detailed_error: _Optional[str] = ..., request_id: _Optional[str] = ..., status_code: _Optional[int] = ..., where: _Optional[str] = ...) -> None: ...

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

class GetUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetUserResponse(_message.Message):
    __slots__ = ("user", "error")
    USER_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    user: User
    error: AppError
    def __init__(self, user: _Optional[_Union[User, _Mapping]] = ..., error: _Optional[_Union[AppError, _Mapping]] = ...) -> None: ...

class KVSetRequest(_message.Message):
    __slots__ = ("key", "value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: bytes
    def __init__(self, key: _Optional[str] = ..., value: _Optional[bytes] = ...) -> None: ...

class KVSetResponse(_message.Message):
    __slots__ = ("error",)
    ERROR_FIELD_NUMBER: _ClassVar[int]
    error: AppError
    def __init__(self, error: _Optional[_Union[AppError, _Mapping]] = ...) -> None: ...

class CreatePostRequest(_message.Message):
    __slots__ = ("post",)
    POST_FIELD_NUMBER: _ClassVar[int]
    post: Post
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

class CreatePostResponse(_message.Message):
    __slots__ = ("post", "error")
    POST_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    post: Post
    error: AppError
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ..., error: _Optional[_Union[AppError, _Mapping]] = ...) -> None: ...

class MessageWillBePostedRequest(_message.Message):
    __slots__ = ("context", "post")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    context: Context
    post: Post
    def __init__(self, context: _Optional[_Union[Context, _Mapping]] = ..., post: _Optional[_Union[Post, _Mapping]] = ...) -> None: ...

class MessageWillBePostedResponse(_message.Message):
    __slots__ = ("post", "rejection_reason")
    POST_FIELD_NUMBER: _ClassVar[int]
    REJECTION_REASON_FIELD_NUMBER: _ClassVar[int]
    post: Post
    rejection_reason: str
    def __init__(self, post: _Optional[_Union[Post, _Mapping]] = ..., rejection_reason: _Optional[str] = ...) -> None: ...
