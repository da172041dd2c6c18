"""Test plugin for scale-out: one instance per cluster node, sharing the KV store.

/lock and /unlock take and release a cluster-wide mutex (PluginAPI.mutex, built on KV);
/publish DATA sends a plugin cluster event, which the other nodes' instances record."""
from mattermost_plugin import HookName, Plugin, hook
from mattermost_plugin.models import PluginClusterEvent, PluginClusterEventSendOptions


class Cluster(Plugin):
    mutex = None

    @hook(HookName.ExecuteCommand)
    def command(self, context, args):
        word, _, rest = args.command.partition(" ")
        node = self.api.get_plugin_config()["node"]
        if word == "/lock":
            self.mutex = self.api.mutex("job", ttl_seconds=30)
            return {"text": f"{node} locked={self.mutex.try_lock()}"}
        if word == "/unlock":
            self.mutex.unlock()
            return {"text": f"{node} unlocked"}
        if word == "/publish":
            self.api.publish_plugin_cluster_event(
                PluginClusterEvent(id="greeting", data=rest.encode()),
                PluginClusterEventSendOptions(send_type="reliable"),
            )
            return {"text": f"{node} published"}
        return {"text": "unknown"}

    @hook(HookName.OnPluginClusterEvent)
    def on_event(self, context, event):
        node = self.api.get_plugin_config()["node"]
        self.api.kv_set(f"got:{node}:{event.id}", event.data)
        key = f"count:{node}:{event.id}"
        self.api.kv_set(key, str(int(self.api.kv_get(key) or b"0") + 1).encode())


if __name__ == "__main__":
    from mattermost_plugin.server import run_plugin

    run_plugin(Cluster)
