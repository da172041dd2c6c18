"""Test plugin for guest snapshots (host/snapshot_test.go).

Its import leaves state that a guest restored from a snapshot must still hold (a module
dict, 4 MiB of bytes, the monotonic time and a random number drawn at import), and prints
one line: a restored start must not print it again.
"""

import json
import os
import random
import time

from mattermost_plugin import HookName, Plugin, hook

IMPORTED_AT = time.monotonic()
IMPORT_RANDOM = random.random()
BIG = bytes(range(256)) * (16 << 10)  # 4 MiB, not zero
STATE = {"imports": 1, "calls": 0}
print("snapshot plugin imported", flush=True)


class SnapshotPlugin(Plugin):
    @hook(HookName.ExecuteCommand)
    def execute_command(self, context, args):
        if args.command == "/exit":
            os._exit(3)
        if args.command == "/loop":
            while True:
                pass
        STATE["calls"] += 1
        user = self.api.get_user(args.user_id)
        report = {
            "imports": STATE["imports"],
            "calls": STATE["calls"],
            "imported_at": IMPORTED_AT,
            "now": time.monotonic(),
            "import_random": IMPORT_RANDOM,
            "random": random.random(),
            "big_ok": BIG == bytes(range(256)) * (16 << 10),
            "username": user.username,
        }
        return {"response_type": "ephemeral", "text": json.dumps(report)}


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(SnapshotPlugin)
