"""Python half of the real-server MessageWillBePosted benchmark
(bench/realserver): the allow path of a content filter — a post containing
"badword" is rejected, every other post passes unchanged (None, as the Go twin
plugins/gohook returns nil, "")."""

from __future__ import annotations

from mattermost_plugin import HookName, Plugin, Post, hook


class FilterPlugin(Plugin):
    @hook(HookName.MessageWillBePosted)
    def filter_message(self, context: object, post: Post) -> tuple[Post | None, str] | None:
        if "badword" in post.message.lower():
            return None, "Message blocked"
        return None


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(FilterPlugin)
