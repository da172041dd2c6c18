# A plugin project laid out and written as the Python Plugin Development Guide shows
# ("Getting Started" plus the "Allow/Reject/Modify Pattern" of the Message Hooks section).
# sdk/tests/test_guide.py runs the guide's own test file (tests/test_plugin.py) against it,
# unchanged, and serves it through a fake host.
from mattermost_plugin import Plugin, hook, HookName


class MyPlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        self.logger.info("My plugin activated!")
        version = self.api.get_server_version()
        self.logger.info(f"Server version: {version}")

    @hook(HookName.OnDeactivate)
    def on_deactivate(self) -> None:
        self.logger.info("My plugin deactivated!")

    @hook(HookName.MessageWillBePosted)
    def filter_message(self, context, post):
        # Allow: return the post (optionally modified) with empty rejection
        if self.is_valid(post):
            return post, ""

        # Reject: return None with rejection reason
        if self.contains_spam(post):
            return None, "Message rejected: spam detected"

        # Modify: modify the post and return it
        post.message = self.sanitize(post.message)
        return post, ""

    # helpers the guide's filter_message relies on
    def is_valid(self, post):
        return not self.contains_spam(post) and self.sanitize(post.message) == post.message

    def contains_spam(self, post):
        return "spam" in post.message.lower()

    def sanitize(self, message):
        return message.replace("darn", "d**n")


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin
    run_plugin(MyPlugin)
