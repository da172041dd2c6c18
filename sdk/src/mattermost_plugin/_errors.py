"""Exceptions raised by :class:`~mattermost_plugin.PluginAPI` methods (abi/ABI.md section 7)."""

from __future__ import annotations

import importlib
import sys

__all__ = [
    "AlreadyExistsError",
    "DeadlineExceeded",
    "NotFoundError",
    "PermissionDeniedError",
    "PluginAPIError",
    "UnavailableError",
    "ValidationError",
    "error_for_status",
]


class PluginAPIError(Exception):
    """A Mattermost API call failed (the server answered with an ``AppError``).

    Attributes mirror Mattermost's ``model.AppError``: ``error_id`` (e.g.
    ``"app.user.missing_account.const"``, empty for plain Go errors), ``message``,
    ``status_code`` (HTTP status, 0 for plain Go errors), ``detailed_error``, ``where`` and
    ``request_id``; ``method`` is the API method that failed (e.g. ``"GetUser"``).
    Subclasses select on ``status_code``.
    """

    default_status_code = 0

    def __init__(
        self,
        message: str = "",
        *,
        error_id: str = "",
        status_code: int | None = None,
        detailed_error: str = "",
        where: str = "",
        request_id: str = "",
        method: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error_id = error_id
        self.status_code = self.default_status_code if status_code is None else status_code
        self.detailed_error = detailed_error
        self.where = where
        self.request_id = request_id
        self.method = method

    def __str__(self) -> str:
        origin = self.method or self.where
        text = f"{origin}: {self.message}" if origin else self.message
        status = f"status {self.status_code}" if self.status_code else ""
        error_id = self.error_id if self.error_id != self.message else ""  # untranslated AppError
        facts = [f for f in (error_id, status) if f]
        if facts:
            text += f" [{', '.join(facts)}]"
        if self.detailed_error:
            text += f" ({self.detailed_error})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(message={self.message!r}, error_id={self.error_id!r}, "
            f"status_code={self.status_code!r}, method={self.method!r})"
        )


class ValidationError(PluginAPIError):
    """The request was invalid (HTTP 400)."""

    default_status_code = 400


class PermissionDeniedError(PluginAPIError):
    """The plugin is not allowed to do this (HTTP 403)."""

    default_status_code = 403


class NotFoundError(PluginAPIError):
    """The requested object does not exist (HTTP 404)."""

    default_status_code = 404


class AlreadyExistsError(PluginAPIError):
    """The object already exists or conflicts with another one (HTTP 409)."""

    default_status_code = 409


class UnavailableError(PluginAPIError):
    """The method is unavailable: unknown to the host or missing on this server (HTTP 503)."""

    default_status_code = 503


_BY_STATUS: dict[int, type[PluginAPIError]] = {
    cls.default_status_code: cls
    for cls in (
        ValidationError,
        PermissionDeniedError,
        NotFoundError,
        AlreadyExistsError,
        UnavailableError,
    )
}

for _cls in (PluginAPIError, *_BY_STATUS.values()):
    _cls.__module__ = "mattermost_plugin"  # shown in tracebacks and GuestError.type
del _cls


def _deadline_exceeded() -> type[BaseException]:
    # Only the interpreter's built-in _mmpy (python.wasm); never a stand-in module of that name.
    if "_mmpy" in sys.builtin_module_names:
        cls = getattr(importlib.import_module("_mmpy"), "DeadlineExceeded", None)
        if isinstance(cls, type) and issubclass(cls, BaseException):
            return cls

    class DeadlineExceeded(BaseException):
        """Stand-in outside the interpreter (native tests): same name and base."""

    DeadlineExceeded.__module__ = "mattermost_plugin"
    DeadlineExceeded.__qualname__ = "DeadlineExceeded"
    return DeadlineExceeded


DeadlineExceeded = _deadline_exceeded()
"""Raised inside a hook handler when the host interrupts it at the hook's deadline.

It derives from ``BaseException``, not ``Exception``, so ``except Exception`` does not catch it:
the handler unwinds (``finally`` blocks run) and the SDK reports the hook as failed. The
interpreter's ``_mmpy.DeadlineExceeded`` when running in the host.
"""


class ProtocolError(RuntimeError):
    """The host broke the ABI (e.g. sent a frame not allowed at this point): a host bug. It is
    not turned into a hook error; the guest stops with a traceback."""


def error_for_status(status_code: int) -> type[PluginAPIError]:
    """The exception class for an ``AppError`` with this HTTP status code."""
    return _BY_STATUS.get(status_code, PluginAPIError)
