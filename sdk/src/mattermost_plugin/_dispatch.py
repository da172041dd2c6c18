"""Running one hook call: decode the request, call the handler, encode its answer.

Everything hook-specific comes from the generated table in ``_hooks`` (``HookSpec.decode`` turns
the request into the handler's arguments, ``HookSpec.encode`` turns its return value into the
response); this module only runs them and turns exceptions into ``GuestError``.
"""

from __future__ import annotations

import traceback
from collections.abc import Awaitable

from ._abi import mmpy_pb2 as pb
from ._errors import DeadlineExceeded, PluginAPIError, ProtocolError
from ._hooks import HOOKS
from ._plugin import Plugin, hook_handlers

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
        args = spec.decode(spec.request.FromString(call.request))
        value = getattr(plugin, method)(*args)
        # tuple and None are most handlers' answers: skip the ABC check for them
        if value is not None and value.__class__ is not tuple and isinstance(value, Awaitable):
            from ._aio import run  # asyncio is imported only for async handlers

            value = run(value)
        response = spec.encode(f"{type(plugin).__qualname__}.{method}", value, args)
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
    """Describe ``exc`` for the host: type, ``str(exc)``, the formatted traceback (without the
    dispatcher's own frame) and, for a :class:`PluginAPIError`, the AppError it carries."""
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
    error = pb.GuestError(type=name, message=message, traceback=text)
    if isinstance(exc, PluginAPIError):
        error.app_error.CopyFrom(
            pb.AppError(
                id=exc.error_id,
                message=exc.message,
                detailed_error=exc.detailed_error,
                status_code=exc.status_code,
                where=exc.where,
                request_id=exc.request_id,
            )
        )
    return error
