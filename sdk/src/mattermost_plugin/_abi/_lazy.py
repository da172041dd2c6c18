"""Message classes of a generated ``_pb2`` module, created on first use.

``plugin_pb2`` declares 621 messages (a request and a response per API method and hook). protoc's
gencode creates a class for every one of them at import, ~20 ms of every plugin start in the
WebAssembly guest, although a plugin uses a few. ``tools/protoc.sh`` points that module's
``BuildTopDescriptorsAndMessages`` call here instead: with protobuf's C implementation (upb) the
module gets a PEP 562 ``__getattr__`` that creates a class when it is first looked up
(``message_factory.GetMessageClass``, which also serves the classes of message fields). With the
pure-Python implementation, which needs every class up front, everything is built at once as
protoc's code does.
"""

from __future__ import annotations

from typing import Any

from google.protobuf import descriptor as _descriptor
from google.protobuf import message_factory as _message_factory
from google.protobuf.internal import builder as _builder

__all__ = ["build"]


def build(file_des: Any, module_name: str, module: dict[str, Any]) -> None:
    """Stand-in for protoc's two ``_builder.Build*`` calls on ``module`` (a ``_pb2`` globals)."""
    if (
        not _descriptor._USE_C_DESCRIPTORS
        or file_des.enum_types_by_name
        or file_des.extensions_by_name
        or any(m.nested_types or m.enum_types for m in file_des.message_types_by_name.values())
    ):
        _builder.BuildMessageAndEnumDescriptors(file_des, module)
        _builder.BuildTopDescriptorsAndMessages(file_des, module_name, module)
        return
    messages = file_des.message_types_by_name
    for name, service in file_des.services_by_name.items():
        module["_" + name.upper()] = service

    def __getattr__(name: str) -> Any:  # PEP 562
        msg_des = messages.get(name)
        if msg_des is None:
            raise AttributeError(f"module {module['__name__']!r} has no attribute {name!r}")
        cls = _message_factory.GetMessageClass(msg_des)
        module[name] = cls
        return cls

    def __dir__() -> list[str]:  # PEP 562
        return sorted(set(module) | set(messages.keys()))

    module["__getattr__"] = __getattr__
    module["__dir__"] = __dir__
