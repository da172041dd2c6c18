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
    __slots__ = ("type", "message", "traceback", "app_error")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TRACEBACK_FIELD_NUMBER: _ClassVar[int]
    APP_ERROR_FIELD_NUMBER: _ClassVar[int]
    type: str
    message: str
    traceback: str
    app_error: AppError
    def __init__(self, type: _Optional[str] = ..., message: _Optional[str] = ..., traceback: _Optional[str] = ..., app_error: _Optional[_Union[AppError, _Mapping]] = ...) -> None: ...

class Shutdown(_message.Message):
    __slots__ = ("reason",)
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class StreamReadRequest(_message.Message):
    __slots__ = ("stream", "max")
    STREAM_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    stream: int
    max: int
    def __init__(self, stream: _Optional[int] = ..., max: _Optional[int] = ...) -> None: ...

class StreamReadResponse(_message.Message):
    __slots__ = ("data", "eof")
    DATA_FIELD_NUMBER: _ClassVar[int]
    EOF_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    eof: bool
    def __init__(self, data: _Optional[bytes] = ..., eof: _Optional[bool] = ...) -> None: ...

class StreamWriteRequest(_message.Message):
    __slots__ = ("stream", "status_code", "headers_json", "data", "flush")
    STREAM_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    HEADERS_JSON_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    FLUSH_FIELD_NUMBER: _ClassVar[int]
    stream: int
    status_code: int
    headers_json: bytes
    data: bytes
    flush: bool
    def __init__(self, stream: _Optional[int] = ..., status_code: _Optional[int] = ..., headers_json: _Optional[bytes] = ..., data: _Optional[bytes] = ..., flush: _Optional[bool] = ...) -> None: ...

class StreamWriteResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
