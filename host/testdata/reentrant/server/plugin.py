"""Test plugin: API calls inside hooks that make the server call hooks of the
same plugin again (CreatePost -> MessageWillBePosted), errors, and load."""
from mattermost_plugin import Plugin, hook, HookName, NotFoundError


class Reentrant(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        # An API call inside OnActivate that fires a nested hook.
        post = self.api.create_post(channel_id="c1", user_id="user1", message="from activate")
        self.logger.info(f"activate created: {post.message}")

    @hook(HookName.MessageWillBePosted)
    def filter(self, context, post):
        if post.message.startswith("echo "):
            # Nested: this create_post fires MessageWillBePosted again.
            inner = self.api.create_post(channel_id=post.channel_id, user_id=post.user_id,
                                         message="inner " + post.message[5:])
            post.message = post.message + " [saw " + inner.message + "]"
            return post, ""
        if post.message == "raise":
            raise ValueError("filter exploded")
        post.message = post.message + " (checked)"
        post.add_prop("checked_by", "python")
        return post, ""

    @hook(HookName.ExecuteCommand)
    def command(self, context, args):
        word = args.command.split()
        if word[0] == "/post":
            p = self.api.create_post(channel_id=args.channel_id, user_id=args.user_id,
                                     message=" ".join(word[1:]))
            return {"response_type": "ephemeral", "text": p.message}
        if word[0] == "/whois":
            try:
                return {"text": self.api.get_user(word[1]).username}
            except NotFoundError as e:
                return {"text": f"not found: {e.status_code} {e.error_id}"}
        if word[0] == "/kv":
            self.api.kv_set("k", b"v1")
            got = self.api.kv_get("k")
            keys = self.api.kv_list(0, 10)
            self.api.kv_delete("k")
            return {"text": f"{got!r} {keys} {self.api.kv_get('k')!r} {self.api.get_plugin_config()}"}
        if word[0] == "/sleep":
            import time
            t0 = time.monotonic()
            time.sleep(0.05)
            return {"text": f"slept {time.monotonic() - t0 >= 0.05}"}
        if word[0] == "/bomb":
            hoard = []
            while True:  # grows until the linear-memory cap: MemoryError
                hoard.append(bytearray(16 << 20))
        if word[0] == "/abort":
            import os
            os.abort()  # a trap in the guest
        if word[0] == "/exit":
            import os
            os._exit(3)
        if word[0] == "/deep":  # deep C recursion: CPython's guard, not the engine's stack
            nested: list = []
            for _ in range(100000):
                nested = [nested]
            import json
            try:
                json.dumps(nested)
            except RecursionError:
                return {"text": "RecursionError"}
            return {"text": "no error"}
        if word[0] == "/loop":
            while True:
                pass
        return {"response_type": "ephemeral", "text": "unknown"}


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin
    run_plugin(Reentrant)
