"""Running one hook call: decode the request, call the handler, encode its answer.

Everything here is driven by the table in ``_hooks``; the functions below only know the three
kinds of result (``HookSpec.result``).
"""

from __future__ import annotations

import traceback
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from google.protobuf.message import Message

from ._abi import mmpy_pb2 as pb
from ._convert import command_response_from_dict, fill_proto, from_proto
from ._errors import DeadlineExceeded, ProtocolError
from ._hooks import HOOKS, HookSpec
from ._plugin import Plugin, hook_handlers
from .models import CommandResponse, Post

__all__ = ["deadline_error", "guest_error", "run_hook"]


def run_hook(plugin: Plugin, call: pb.HookCall) -> pb.HookResult:
    """Run the handler of ``call.hook`` on ``plugin`` and return the ``HookResult``.

    A hook the plugin does not implement (or that this SDK does not know) answers
    ``not_implemented``; an exception in the handler, or a return value of the wrong shape,
    answers ``error`` with the exception type, message and traceback.
    """
    spec = HOOKS.get(call.hook)
    method = hook_handlers(type(plugin)).get(call.hook)
    if spec is None or method is None:
        return pb.HookResult(not_implemented=True)
    try:
        request = getattr(pb, spec.request).FromString(call.request)
        args = [from_proto(getattr(request, param)) for param in spec.params]
        value = getattr(plugin, method)(*args)
        if isinstance(value, Awaitable):
            from ._aio import run  # asyncio is imported only for async handlers

            value = run(value)
        response = _RESULTS[spec.result](spec, f"{type(plugin).__qualname__}.{method}", value)
        return pb.HookResult(response=response.SerializeToString())
    except ProtocolError:
        raise  # a host bug: stop the guest rather than answer on a broken stack
    except Exception as exc:
        return pb.HookResult(error=guest_error(exc))
    except DeadlineExceeded as exc:
        return pb.HookResult(error=deadline_error(call.hook, exc))


def deadline_error(hook: str, exc: BaseException) -> pb.GuestError:
    """The hook's error when the host interrupted it at its deadline (``DeadlineExceeded``)."""
    error = guest_error(exc)
    error.message = (
        f"hook {hook} did not finish within its deadline and was interrupted by the host "
        "(DeadlineExceeded); the traceback shows where it was running"
    )
    return error


def guest_error(exc: BaseException) -> pb.GuestError:
    """Describe ``exc`` for the host: type, ``str(exc)`` and the formatted traceback (without
    the dispatcher's own frame)."""
    cls = type(exc)
    name = cls.__qualname__
    if cls.__module__ != "builtins":
        name = f"{cls.__module__}.{name}"
    try:
        message = str(exc)
    except Exception:
        message = f"<str() of {name} failed>"
    tb = exc.__traceback__
    if tb is not None and tb.tb_next is not None and tb.tb_frame.f_code is run_hook.__code__:
        tb = tb.tb_next
    text = "".join(traceback.format_exception(cls, exc, tb))
    return pb.GuestError(type=name, message=message, traceback=text)


# ---------------------------------------------------------------- results


def _empty(spec: HookSpec, handler: str, value: object) -> Message:
    response: Message = getattr(pb, spec.response)()
    return response  # lifecycle hooks: the return value is ignored; failure = raise


def _post_rejection(spec: HookSpec, handler: str, value: object) -> Message:
    response = getattr(pb, spec.response)()  # fields: post, rejection_reason
    if value is None:
        return response  # post unset: the host keeps the original post
    shape = (
        f"{spec.name} handler {handler}() must return (post, '') to allow or modify the post, "
        "(None, reason) to reject it, or None to keep it unchanged"
    )
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise TypeError(f"{shape}; it returned {type(value).__name__}")
    post, reason = value
    if not isinstance(reason, str):
        raise TypeError(f"{shape}; its rejection reason is {type(reason).__name__}, not str")
    if post is not None:
        if not isinstance(post, Post):
            raise TypeError(f"{shape}; its post is {type(post).__name__}, not Post")
        fill_proto(post, response.post)
    response.rejection_reason = reason
    return response


def _command_response(spec: HookSpec, handler: str, value: object) -> Message:
    response = getattr(pb, spec.response)()  # fields: response, error
    if value is None:
        answer = CommandResponse()  # nothing is shown to the user
    elif isinstance(value, CommandResponse):
        answer = value
    elif isinstance(value, Mapping):
        answer = command_response_from_dict(value, f"{spec.name} handler {handler}()")
    else:
        raise TypeError(
            f"{spec.name} handler {handler}() must return a dict such as "
            "{'response_type': 'ephemeral', 'text': '...'} or a CommandResponse; "
            f"it returned {type(value).__name__}",
        )
    fill_proto(answer, response.response)
    return response


_RESULTS: dict[str, Callable[[HookSpec, str, Any], Message]] = {
    "none": _empty,
    "post_rejection": _post_rejection,
    "command_response": _command_response,
}
