"""Runs mattermost_plugin.testing.scenarios.SCENARIOS against the real server.

The SDK's tests run the same scenarios against FakeMattermost; the e2e test runs them here and
requires the same outcome (every scenario passes), which keeps the fake honest."""

import dataclasses
import json

from mattermost_plugin import HookName, Plugin, hook
from mattermost_plugin.testing.scenarios import SCENARIOS, real_wait, run_all


class Scenarios(Plugin):
    @hook(HookName.ServeHTTP)
    def serve(self, context, request):
        if request.path != "/run" or request.method != "POST":
            return {"status_code": 404, "body": "POST /run"}
        ids = request.json()
        env = {
            "user": self.api.get_user(ids["user_id"]),
            "other_user": self.api.get_user(ids["other_user_id"]),
            "team": self.api.get_team(ids["team_id"]),
            "channel": self.api.get_channel(ids["channel_id"]),
            "prefix": ids["prefix"],
        }
        results = run_all(self.api, env, real_wait)
        body = {
            "scenarios": [s.name for s in SCENARIOS],
            "results": [dataclasses.asdict(r) for r in results],
        }
        return {
            "status_code": 200,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps(body),
        }


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(Scenarios)
