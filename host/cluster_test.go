package host_test

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
)

// sharedKV is the KV store of a cluster: one database behind every node,
// with the server's atomic set semantics (old value nil = only if absent).
type sharedKV struct {
	mu sync.Mutex
	m  map[string][]byte
}

// clusterNode is the plugin.API one node gives its plugin instance: the
// shared KV store, a node name in the plugin's config, and cluster events
// delivered to every other node's instance (asynchronously, as the server's
// cluster messaging does). Other methods are not used by the test plugin.
type clusterNode struct {
	plugin.API
	name  string
	kv    *sharedKV
	peers func(self string) []*host.Plugin
}

func (n *clusterNode) GetServerVersion() string        { return "11.4.0" }
func (n *clusterNode) GetPluginConfig() map[string]any { return map[string]any{"node": n.name} }
func (n *clusterNode) LogDebug(string, ...any)         {}
func (n *clusterNode) LogInfo(string, ...any)          {}
func (n *clusterNode) LogWarn(string, ...any)          {}
func (n *clusterNode) LogError(string, ...any)         {}
func (n *clusterNode) KVSet(key string, v []byte) *model.AppError {
	n.kv.mu.Lock()
	defer n.kv.mu.Unlock()
	n.kv.m[key] = v
	return nil
}

func (n *clusterNode) KVGet(key string) ([]byte, *model.AppError) {
	n.kv.mu.Lock()
	defer n.kv.mu.Unlock()
	return n.kv.m[key], nil
}

func (n *clusterNode) KVSetWithOptions(key string, v []byte, o model.PluginKVSetOptions) (bool, *model.AppError) {
	n.kv.mu.Lock()
	defer n.kv.mu.Unlock()
	cur, exists := n.kv.m[key]
	if o.Atomic && (o.OldValue == nil && exists || o.OldValue != nil && (!exists || !bytes.Equal(cur, o.OldValue))) {
		return false, nil
	}
	n.kv.m[key] = v
	return true, nil
}

func (n *clusterNode) KVCompareAndDelete(key string, old []byte) (bool, *model.AppError) {
	n.kv.mu.Lock()
	defer n.kv.mu.Unlock()
	if cur, ok := n.kv.m[key]; !ok || !bytes.Equal(cur, old) {
		return false, nil
	}
	delete(n.kv.m, key)
	return true, nil
}

func (n *clusterNode) PublishPluginClusterEvent(ev model.PluginClusterEvent, _ model.PluginClusterEventSendOptions) error {
	for _, p := range n.peers(n.name) {
		go p.OnPluginClusterEvent(context.Background(), &plugin.Context{}, ev)
	}
	return nil
}

// TestScaleOut: a plugin on a two-node cluster runs one instance per node,
// each in its own embedded host (host.Runtime), sharing one KV store and one
// cluster-event bus; the KV-based cluster mutex excludes across nodes, and a
// cluster event published on one node arrives exactly once on the other and
// not on the publisher. (A real Mattermost HA cluster needs an Enterprise
// license; this drives the same plugin.API calls the server's cluster layer
// serves.)
func TestScaleOut(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		kv := &sharedKV{m: map[string][]byte{}}
		nodes := map[string]*host.Plugin{}
		var mu sync.Mutex
		peers := func(self string) []*host.Plugin {
			mu.Lock()
			defer mu.Unlock()
			var out []*host.Plugin
			for name, p := range nodes {
				if name != self {
					out = append(out, p)
				}
			}
			return out
		}
		dir := filepath.Join(repoRoot(), "host", "testdata", "cluster")
		for _, name := range []string{"A", "B"} {
			rt, err := host.NewRuntime(context.Background(), host.Options{CacheDir: compileCacheDir(), Engine: eng})
			require.NoError(t, err)
			t.Cleanup(func() { _ = rt.Close(context.Background()) })
			p, err := rt.Start(context.Background(), host.Spec{
				ID: "com.mmpy.test.cluster", RuntimeDir: runtimeDir(t), PluginDir: dir, Entry: "server/plugin.py",
				API: &clusterNode{name: name, kv: kv, peers: peers},
			})
			require.NoError(t, err)
			t.Cleanup(func() { _ = p.Stop(context.Background()) })
			mu.Lock()
			nodes[name] = p
			mu.Unlock()
		}
		cmd := func(node, c string) string {
			resp, aerr := nodes[node].ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: c})
			require.Nil(t, aerr, "%s %s", node, c)
			return resp.Text
		}
		assert.Equal(t, "A locked=True", cmd("A", "/lock"))
		assert.Equal(t, "B locked=False", cmd("B", "/lock"), "the mutex excludes across nodes")
		assert.Equal(t, "A unlocked", cmd("A", "/unlock"))
		assert.Equal(t, "B locked=True", cmd("B", "/lock"))
		assert.Equal(t, "B unlocked", cmd("B", "/unlock"))

		assert.Equal(t, "A published", cmd("A", "/publish hello from A"))
		require.Eventually(t, func() bool {
			kv.mu.Lock()
			defer kv.mu.Unlock()
			return string(kv.m["got:B:greeting"]) == "hello from A"
		}, 10*time.Second, 20*time.Millisecond, "node B's instance received the event")
		require.Eventually(t, func() bool {
			kv.mu.Lock()
			defer kv.mu.Unlock()
			return string(kv.m["count:B:greeting"]) == "1"
		}, 10*time.Second, 20*time.Millisecond)
		time.Sleep(200 * time.Millisecond) // a duplicate delivery would land by now
		kv.mu.Lock()
		_, self := kv.m["got:A:greeting"]
		count := string(kv.m["count:B:greeting"])
		kv.mu.Unlock()
		assert.Equal(t, "1", count, "the event arrives exactly once on the other node")
		assert.False(t, self, "the publishing node does not receive its own event")
	})
}
