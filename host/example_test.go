package host_test

import (
	"context"
	"log"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/mmpy/mmpy/host"
)

// Embedding: one Runtime compiles the interpreter once; each tenant's plugin
// is a sandboxed instance with its own plugin.API.
func ExampleRuntime() {
	ctx := context.Background()
	rt, err := host.NewRuntime(ctx, host.Options{CacheDir: "/var/cache/mmpy"})
	if err != nil {
		log.Fatal(err)
	}
	defer rt.Close(ctx)

	var api plugin.API // the tenant's Mattermost API
	p, err := rt.Start(ctx, host.Spec{
		ID:         "com.example.hello",
		RuntimeDir: "build/runtime",        // python.wasm + lib/
		PluginDir:  "plugins/hello_python", // plugin.json, server/plugin.py
		Entry:      "server/plugin.py",
		API:        api,
	})
	if err != nil {
		log.Fatal(err) // e.g. the Python traceback of an import error
	}
	if err := p.OnActivate(ctx); err != nil {
		log.Fatal(err)
	}
	post, reason := p.MessageWillBePosted(ctx, &plugin.Context{}, &model.Post{Message: "hi"})
	log.Println(post, reason)

	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_ = p.OnDeactivate(ctx)
	_ = p.Stop(stopCtx)
}
