"""OnInstall on the real server (conformance/e2e/oninstall_e2e_test.go).

Mattermost calls OnInstall only for plugins it installs from the marketplace while the first
admin completes onboarding. The handler calls the API back (get_user, a bot and a direct
message to the admin) and keeps what it saw in the KV store;
``GET /plugins/com.mmpy.e2e.oninstall/installed`` answers it (404 before OnInstall ran).
"""

from __future__ import annotations

import json
from typing import Any

from mattermost_plugin import HookName, HTTPRequest, Plugin, hook
from mattermost_plugin.models import Context, OnInstallEvent, Post

KEY = "installed"


class OnInstallPlugin(Plugin):
    @hook(HookName.OnInstall)
    def on_install(self, context: Context | None, event: OnInstallEvent) -> None:
        admin = self.api.get_user(event.user_id)
        bot_id = self.api.ensure_bot("oninstall-bot", display_name="OnInstall bot")
        dm = self.api.get_direct_channel(bot_id, admin.id)
        post = self.api.create_post(
            Post(channel_id=dm.id, user_id=bot_id, message=f"Thanks for installing me, @{admin.username}!")
        )
        self.api.kv_set_json(
            KEY,
            {
                "user_id": event.user_id,
                "username": admin.username,
                "context_session_id": context.session_id if context else None,
                "post_id": post.id,
                "channel_id": dm.id,
            },
        )
        self.logger.info("OnInstall: installed by %s", event.user_id)

    @hook(HookName.ServeHTTP)
    def serve_http(self, context: Context | None, request: HTTPRequest) -> dict[str, Any]:
        if request.path != "/installed":
            return {"status_code": 404, "body": "not found"}
        seen = self.api.kv_get_json(KEY)
        if seen is None:
            return {"status_code": 404, "body": "OnInstall has not run"}
        return {"status_code": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(seen)}
