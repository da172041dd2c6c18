"""self.logger: records to the server log through the API."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from fakehost import FakeHost, hook_call
from mattermost_plugin import HookName, Plugin, hook
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._logging import APILogHandler
from mattermost_plugin.server import serve


def run_on_activate(body: Any, host: FakeHost | None = None) -> FakeHost:
    class P(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            body(self)

    host = host or FakeHost()
    host.queue.append(hook_call("OnActivate"))
    serve(P, host)
    return host


def test_levels_map_to_the_four_log_methods() -> None:
    def body(p: Plugin) -> None:
        p.logger.debug("d")
        p.logger.info("i %s", "arg")
        p.logger.warning("w")
        p.logger.error("e")
        p.logger.critical("c")
        p.logger.log(5, "below DEBUG: filtered by the logger level")

    host = run_on_activate(body)
    assert host.logs() == [
        ("LogDebug", "d"),
        ("LogInfo", "i arg"),
        ("LogWarn", "w"),
        ("LogError", "e"),
        ("LogError", "c"),
    ]


def test_exception_text_is_appended() -> None:
    def body(p: Plugin) -> None:
        try:
            raise ValueError("boom")
        except ValueError:
            p.logger.exception("failed to sync")
        p.logger.error("with info", exc_info=(ValueError, ValueError("again"), None))

    host = run_on_activate(body)
    (m1, text1), (m2, text2) = host.logs()
    assert m1 == m2 == "LogError"
    assert text1.startswith("failed to sync\nTraceback (most recent call last):")
    assert 'raise ValueError("boom")' in text1
    assert text1.endswith("ValueError: boom")
    assert text2 == "with info\nValueError: again"


def test_other_loggers_reach_the_server_log_too() -> None:
    def body(p: Plugin) -> None:
        logging.getLogger("some.library").warning("library warning")
        logging.getLogger("some.library").info("not shown: root level is WARNING")

    host = run_on_activate(body)
    assert host.logs() == [("LogWarn", "library warning")]


def test_a_failing_log_call_goes_to_stderr_without_recursion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    host = FakeHost()
    host.api["LogInfo"] = lambda req: pb.AppError(message="log sink down", status_code=500)

    def body(p: Plugin) -> None:
        p.logger.info("first")
        p.logger.warning("second")

    run_on_activate(body, host)
    assert not host.result("OnActivate").HasField("error")  # the hook is not affected
    assert host.logs() == [("LogInfo", "first"), ("LogWarn", "second")]
    err = capsys.readouterr().err
    assert "--- Logging error ---" in err
    assert "log sink down" in err


def test_hooks_run_during_a_log_call_can_log() -> None:
    class P(Plugin):
        @hook(HookName.OnActivate)
        def on_activate(self) -> None:
            self.logger.info("outer")

        @hook(HookName.OnConfigurationChange)
        def on_configuration_change(self) -> None:
            self.logger.info("nested")

    host = FakeHost([hook_call("OnActivate")])
    host.nested["LogInfo"] = [hook_call("OnConfigurationChange")]
    serve(P, host)
    assert host.logs() == [("LogInfo", "outer"), ("LogInfo", "nested")]


def test_logging_from_inside_the_log_call_does_not_recurse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    logger = logging.getLogger("test.recursion")
    logger.propagate = False
    sent: list[str] = []

    class LoggingAPI:
        def log_info(self, msg: str) -> None:
            sent.append(msg)
            logger.info("logged while logging: %s", msg)  # would recurse forever

    handler = APILogHandler(LoggingAPI())  # type: ignore[arg-type]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info("hello")
    finally:
        logger.removeHandler(handler)
    assert sent == ["hello"]
    assert "INFO logged while logging: hello" in capsys.readouterr().err


def test_plugin_logger_before_running_is_a_plain_logger(caplog: pytest.LogCaptureFixture) -> None:
    plugin = Plugin()
    assert isinstance(plugin.logger, logging.Logger)
    with caplog.at_level(logging.INFO, logger="mattermost_plugin.plugin"):
        plugin.logger.info("native")
    assert caplog.messages == ["native"]
