"""The machinery of :class:`FakeMattermost`: answering API calls, recording them, stubs and
overrides, and running the plugin's hooks through the SDK's real dispatcher."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from google.protobuf.message import Message

from mattermost_plugin._abi import mmpy_pb2
from mattermost_plugin._api import PluginAPI
from mattermost_plugin._client import METHOD_SPECS, METHODS
from mattermost_plugin._dispatch import run_hook
from mattermost_plugin._errors import PluginAPIError, error_for_status
from mattermost_plugin._hooks import HOOKS, HookName
from mattermost_plugin._logging import PLUGIN_LOGGER_NAME, APILogHandler
from mattermost_plugin._plugin import Plugin, hook_handlers, resolve_hook_name
from mattermost_plugin.models import Context

from ._codec import decode_hook_response, decode_request, encode_hook_request, encode_response
from ._errors import AppError
from ._factories import new_id

__all__ = [
    "HANDLERS",
    "Call",
    "FakeClock",
    "FakeCore",
    "HookError",
    "HookFailure",
    "api_method",
    "go_method_name",
    "sdk_error",
]

P = TypeVar("P", bound=Plugin)

#: Go method name -> name of the FakeMattermost method that answers it.
HANDLERS: dict[str, str] = {}

F = TypeVar("F", bound=Callable[..., Any])


def api_method(*names: str) -> Callable[[F], F]:
    """Mark a FakeMattermost method as the answer to the plugin.API methods ``names``; it is
    called with the call's arguments, in the Go parameter order, as the Python client passed
    them (models as instances)."""

    def register(func: F) -> F:
        for name in names:
            if name not in METHOD_SPECS:  # pragma: no cover - a typo in this package
                raise ValueError(f"{name} is not a plugin.API method")
            HANDLERS[name] = func.__name__
        return func

    return register


_PY_TO_GO = {py: go for go, py in METHODS.items()}


def go_method_name(method: str) -> str:
    """``GetUser`` for ``"GetUser"`` or ``"get_user"``; ``ValueError`` naming close matches."""
    if method in METHOD_SPECS:
        return method
    if method in _PY_TO_GO:
        return _PY_TO_GO[method]
    from difflib import get_close_matches

    close = get_close_matches(method, [*METHOD_SPECS, *_PY_TO_GO], n=3)
    hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
    raise ValueError(f"{method!r} is not a method of Mattermost's plugin.API.{hint}")


@dataclass
class Call:
    """One API call the plugin made: the Go method name, its arguments by parameter name (as
    the Python client passed them), and what the fake answered (``result``, or ``error``)."""

    method: str
    args: dict[str, Any]
    result: Any = None
    error: PluginAPIError | None = None


class FakeClock:
    """The fake server's clock, in milliseconds since the epoch. It stands still unless moved
    (:meth:`advance`), so expiry and timestamps are deterministic."""

    def __init__(self, start_millis: int | None = None) -> None:
        self.millis = time.time_ns() // 1_000_000 if start_millis is None else start_millis

    def __call__(self) -> int:
        return self.millis

    def advance(self, seconds: float = 0, *, millis: int = 0) -> None:
        """Move the clock forward by ``seconds`` (and ``millis``)."""
        self.millis += round(seconds * 1000) + millis


@dataclass
class HookFailure:
    """A hook handler that raised (or answered with a value of the wrong shape)."""

    plugin: Plugin
    hook: str
    type: str
    message: str
    traceback: str


class HookError(Exception):
    """A plugin's hook handler failed while the fake ran it; the message carries the plugin's
    exception and traceback."""

    def __init__(self, failure: HookFailure) -> None:
        super().__init__(
            f"{type(failure.plugin).__qualname__} failed in hook {failure.hook}: "
            f"{failure.type}: {failure.message}\n{failure.traceback}"
        )
        self.failure = failure


class FakeCore:
    """API-call plumbing shared by every part of :class:`FakeMattermost`."""

    plugin_id: str

    def __init__(
        self,
        *,
        plugin_id: str,
        clock: Callable[[], int] | None,
        hook_errors: Literal["raise", "record"],
    ) -> None:
        if hook_errors not in ("raise", "record"):
            raise ValueError(f"hook_errors must be 'raise' or 'record', got {hook_errors!r}")
        self.plugin_id = plugin_id
        self.clock: Callable[[], int] = clock if clock is not None else FakeClock()
        self.hook_errors_mode = hook_errors
        self.calls: list[Call] = []
        self.hook_failures: list[HookFailure] = []
        self.plugins: list[Plugin] = []
        self._overrides: dict[str, Callable[..., Any]] = {}
        self.api = PluginAPI(self)

    # ------------------------------------------------------------ the Caller protocol

    def call(self, method: str, request: Message) -> mmpy_pb2.ApiResult:
        """Answer one API call (``PluginAPI`` calls this: the fake is its ``Caller``)."""
        if method not in METHOD_SPECS:
            return _error_result(
                AppError(
                    method,
                    "mmpy.testing.unknown_method",
                    503,
                    message=f"{method} is not a method of Mattermost's plugin.API",
                )
            )
        args = decode_request(method, request)
        record = Call(method, args)
        self.calls.append(record)
        try:
            handler = self._overrides.get(method)
            if handler is None:
                name = HANDLERS.get(method)
                if name is None:
                    raise self._not_implemented(method)
                handler = getattr(self, name)
            value = handler(*args.values())
            response = encode_response(method, value)
        except AppError as exc:
            record.error = _sdk_error(exc, method)
            return _error_result(exc)
        except PluginAPIError as exc:  # raised by a stub or an override
            record.error = exc
            return mmpy_pb2.ApiResult(
                error=mmpy_pb2.AppError(
                    id=exc.error_id,
                    message=exc.message,
                    detailed_error=exc.detailed_error,
                    status_code=exc.status_code,
                    where=exc.where or method,
                    request_id=exc.request_id,
                )
            )
        record.result = value
        return mmpy_pb2.ApiResult(response=response.SerializeToString())

    def _not_implemented(self, method: str) -> AppError:
        params = ", ".join(p.name for p in METHOD_SPECS[method][0])
        return AppError(
            method,
            "mmpy.testing.not_implemented",
            501,
            message=(
                f"FakeMattermost does not implement {method} (api.{METHODS[method]}). In the "
                f"test, answer it with a fixed result: fake.stub({method!r}, result) (a tuple "
                "for several results, an exception instance such as NotFoundError('...') to "
                f"fail), or compute it: fake.on({method!r}, lambda {params}: ...)"
            ),
        )

    # ------------------------------------------------------------ stubs and overrides

    def stub(self, method: str, result: Any = None) -> None:
        """Answer every call of ``method`` (Go or Python name) with ``result``: a value (a
        tuple when the method returns several), or an exception instance to raise (e.g.
        ``NotFoundError("gone")``) — also for methods the fake implements, to inject failures.
        """
        if isinstance(result, BaseException):
            error = result

            def fail(*_: Any) -> Any:
                raise error

            self.on(method, fail)
        else:
            self.on(method, lambda *_: result)

    def on(self, method: str, func: Callable[..., Any]) -> None:
        """Answer ``method`` (Go or Python name) with ``func(*args)``: it receives the call's
        arguments in the Go parameter order (models as instances) and returns the result or
        raises a :class:`~mattermost_plugin.PluginAPIError`. Replaces the fake's own answer."""
        self._overrides[go_method_name(method)] = func

    def reset_stub(self, method: str) -> None:
        """Forget the stub or override of ``method`` (the fake's own answer applies again)."""
        self._overrides.pop(go_method_name(method), None)

    def calls_to(self, method: str) -> list[Call]:
        """The recorded calls of ``method`` (Go or Python name), oldest first."""
        go = go_method_name(method)
        return [c for c in self.calls if c.method == go]

    # ------------------------------------------------------------ plugins and hooks

    def connect(self, plugin: P) -> P:
        """Give ``plugin`` this server's API (``plugin.api``) and a logger whose records go to
        :attr:`logs` (``plugin.logger``), and attach it: the fake then runs its hooks when
        something happens (a post is created, a command runs, ...). Returns the plugin."""
        plugin.api = self.api
        logger = logging.Logger(f"{PLUGIN_LOGGER_NAME}.{type(plugin).__name__}", logging.DEBUG)
        logger.addHandler(APILogHandler(self.api))
        logger.parent = logging.getLogger()  # records also reach the root (pytest's caplog)
        plugin.logger = logger
        if plugin not in self.plugins:
            self.plugins.append(plugin)
        return plugin

    def attach(self, plugin: Plugin) -> None:
        """Run ``plugin``'s hooks when this server would (without replacing its ``api`` or
        ``logger``, e.g. when the test assigned mocks)."""
        if plugin not in self.plugins:
            self.plugins.append(plugin)

    def detach(self, plugin: Plugin) -> None:
        """Stop running ``plugin``'s hooks."""
        if plugin in self.plugins:
            self.plugins.remove(plugin)

    def activate(self, plugin: type[P] | P) -> P:
        """Start a plugin as the server does: instantiate it (when given a class), connect it
        (:meth:`connect`), then run ``OnConfigurationChange`` and ``OnActivate`` (those it
        implements). A failing hook raises :class:`HookError`. Returns the plugin."""
        instance: P = plugin() if isinstance(plugin, type) else plugin
        self.connect(instance)
        for name in (HookName.OnConfigurationChange, HookName.OnActivate):
            if name.value in hook_handlers(type(instance)):
                self.fire(instance, name)
        return instance

    def deactivate(self, plugin: Plugin) -> None:
        """Run ``OnDeactivate`` (if implemented) and detach the plugin."""
        try:
            if HookName.OnDeactivate.value in hook_handlers(type(plugin)):
                self.fire(plugin, HookName.OnDeactivate)
        finally:
            self.detach(plugin)

    def fire(self, plugin: Plugin, hook: HookName | str, /, **args: Any) -> Any:
        """Run ``plugin``'s handler of ``hook`` through the SDK's dispatcher, exactly as the host
        does, and return its answer as the server receives it (decoded: a ``Post``, a
        ``(post, reason)`` tuple, a ``CommandResponse``, ...; ``None`` for hooks without one).

        Arguments are the handler's parameters by name (``post=...``; models or dicts);
        ``context`` defaults to a fresh :class:`~mattermost_plugin.Context`. Raises
        :class:`HookError` when the handler raises, ``LookupError`` when the plugin does not
        implement the hook.
        """
        name = resolve_hook_name(hook).value
        if name not in hook_handlers(type(plugin)):
            implemented = ", ".join(hook_handlers(type(plugin))) or "none"
            raise LookupError(
                f"{type(plugin).__qualname__} has no handler for hook {name} "
                f"(it implements: {implemented}); add one with @hook(HookName.{name})"
            )
        return self._run(plugin, name, args, raise_errors=True)[1]

    def _context(self) -> Context:
        return Context(request_id=new_id(), session_id="", ip_address="127.0.0.1")

    def _run(
        self, plugin: Plugin, hook: str, args: dict[str, Any], *, raise_errors: bool
    ) -> tuple[bool, Any]:
        """Run one hook; (False, None) when the handler failed and errors are recorded."""
        wants_context = "c" in HOOKS[hook].request.DESCRIPTOR.fields_by_name
        if wants_context and args.get("context") is None and args.get("c") is None:
            args = {**args, "context": self._context()}
        request = encode_hook_request(hook, args)
        result = run_hook(plugin, mmpy_pb2.HookCall(hook=hook, request=request.SerializeToString()))
        if result.HasField("error"):
            err = result.error
            failure = HookFailure(plugin, hook, err.type, err.message, err.traceback)
            self.hook_failures.append(failure)
            self._log_hook_failure(failure)
            if raise_errors or self.hook_errors_mode == "raise":
                raise HookError(failure)
            return False, None
        if result.not_implemented:  # pragma: no cover - callers check hook_handlers first
            return False, None
        return True, decode_hook_response(hook, result.response)

    def _log_hook_failure(self, failure: HookFailure) -> None:  # overridden by the server state
        pass

    def run_hooks(self, hook: HookName | str, **args: Any) -> Iterator[tuple[Plugin, Any]]:
        """Run ``hook`` on every attached plugin that implements it, as the server does when
        something happens; yields (plugin, answer) for handlers that succeeded. A failing
        handler raises :class:`HookError` (``hook_errors="raise"``, the default) or is recorded
        in :attr:`hook_failures` and skipped (``hook_errors="record"``, the server's
        fail-open behaviour)."""
        name = resolve_hook_name(hook).value
        for plugin in list(self.plugins):
            if name in hook_handlers(type(plugin)):
                ok, answer = self._run(plugin, name, dict(args), raise_errors=False)
                if ok:
                    yield plugin, answer


def _error_result(exc: AppError) -> mmpy_pb2.ApiResult:
    return mmpy_pb2.ApiResult(
        error=mmpy_pb2.AppError(
            id=exc.error_id,
            message=exc.message,
            detailed_error=exc.detailed_error,
            status_code=exc.status_code,
            where=exc.where,
        )
    )


def _sdk_error(exc: AppError, method: str) -> PluginAPIError:
    """The exception the SDK raises for ``exc`` (what the plugin sees)."""
    return error_for_status(exc.status_code)(
        exc.message,
        error_id=exc.error_id,
        status_code=exc.status_code,
        detailed_error=exc.detailed_error,
        where=exc.where,
        method=method,
    )


sdk_error = _sdk_error
