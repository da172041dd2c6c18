"""The scenario suite (mattermost_plugin.testing.scenarios) on the fake; the same data can
drive a real server's PluginAPI (see the module docstring)."""

from __future__ import annotations

import pytest

from mattermost_plugin.testing import FakeMattermost
from mattermost_plugin.testing.scenarios import (
    SCENARIOS,
    Expect,
    Fails,
    Ref,
    Scenario,
    Step,
    Wait,
    fake_environment,
    run_all,
    run_scenario,
)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario_passes_on_the_fake(scenario: Scenario) -> None:
    fake = FakeMattermost()
    result = run_scenario(scenario, fake.api, fake_environment(fake), fake.fake_clock.advance)
    assert result.ok, f"step {result.step}: {result.detail}"


def test_scenario_names_are_unique_and_documented() -> None:
    names = [s.name for s in SCENARIOS]
    assert len(names) == len(set(names))
    assert all(s.about and s.steps for s in SCENARIOS)


def test_run_all_in_sequence_on_one_server() -> None:
    # on a real server the suite runs once against one plugin's KV store and one set of users
    fake = FakeMattermost()
    results = run_all(fake.api, fake_environment(fake), fake.fake_clock.advance)
    assert [r.name for r in results if not r.ok] == []


def test_runner_reports_a_server_that_answers_differently() -> None:
    fake = FakeMattermost()
    env = fake_environment(fake)
    fake.on("KVDelete", lambda key: None)  # a server that ignores deletes
    (kv,) = [s for s in SCENARIOS if s.name == "kv_set_get_delete"]
    result = run_scenario(kv, fake.api, env, fake.fake_clock.advance)
    assert not result.ok
    assert result.step == 3
    assert "expected None" in result.detail


def test_runner_checks_errors_and_waits() -> None:
    fake = FakeMattermost()
    waited: list[float] = []
    scenario = Scenario(
        "custom",
        "errors must match by status and id",
        (
            Step(
                "get_user",
                (Ref("user.id"),),
                expect=Expect(fields={"username": Ref("user.username")}),
            ),
            Wait(3),
            Step("get_team", ("x" * 26,), expect=Fails(404, "app.team.get.find.app_error")),
            Step("get_team", ("x" * 26,), expect=Fails(404, "another.id")),
        ),
    )
    result = run_scenario(scenario, fake.api, fake_environment(fake), waited.append)
    assert waited == [3]
    assert (result.ok, result.step) == (False, 3)
    assert "expected 404 'another.id'" in result.detail
