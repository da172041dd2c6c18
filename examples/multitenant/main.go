// Command multitenant embeds the mmpy host as a library: one Runtime compiles
// python.wasm once and runs many sandboxed Python plugins in one process,
// each with its own Mattermost API (here an in-memory fake per tenant). It
// fires a hook at every plugin and reports memory per instance.
//
//	go run ./examples/multitenant -n 20
//
// With -artifact, tenants run one-file .wasm artifacts (`mmpy build`) and the
// host needs no other file: no runtime directory, no plugin folder.
//
//	go run ./cmd/mmpy build examples/hello_python -o build/hello.wasm
//	go run ./examples/multitenant -n 20 -artifact build/hello.wasm
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/artifact"
	"github.com/mmpy/mmpy/internal/fakeapi"
	"github.com/mmpy/mmpy/internal/layout"
)

func main() {
	n := flag.Int("n", 10, "number of plugin instances (tenants)")
	rtDir := flag.String("runtime", "build/runtime", "mmpy runtime directory (make runtime)")
	pluginDir := flag.String("plugin", "examples/hello_python", "plugin folder each tenant runs")
	artifacts := flag.String("artifact", "", "comma-separated .wasm artifacts (mmpy build) the tenants run in turn, instead of -runtime and -plugin")
	flag.Parse()
	var arts []string
	if *artifacts != "" {
		arts = strings.Split(*artifacts, ",")
	}
	if err := run(context.Background(), os.Stdout, *n, *rtDir, *pluginDir, arts...); err != nil {
		fmt.Fprintln(os.Stderr, "multitenant:", err)
		os.Exit(1)
	}
}

// rssBytes reads this process's resident set size (Linux; 0 elsewhere).
func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// helloID is the plugin whose behaviour run checks (examples/hello_python).
const helloID = "com.mattermost.hello-python"

func run(ctx context.Context, out io.Writer, n int, rtDir, pluginDir string, artifacts ...string) error {
	rtDir, _ = filepath.Abs(rtDir)
	pluginDir, _ = filepath.Abs(pluginDir)
	// Every tenant starts once here: a snapshot (taken at a plugin's first
	// start by default) would only cost memory, so take one from a plugin's
	// second start on (a restart or a reload then starts in milliseconds).
	rt, err := host.NewRuntime(ctx, host.Options{CacheDir: layout.CompileCacheDir(), SnapshotAfter: 2})
	if err != nil {
		return err
	}
	defer rt.Close(ctx)
	t0 := time.Now()
	// Artifacts are read once; each tenant's plugin gets its own in-memory
	// file systems, and all share one compiled interpreter and one copy of
	// the standard library.
	type art struct {
		name string
		data []byte
		id   string
	}
	var arts []art
	for _, a := range artifacts {
		data, err := os.ReadFile(a)
		if err != nil {
			return err
		}
		_, parts, err := artifact.Split(data)
		if err != nil {
			return fmt.Errorf("%s: %w", a, err)
		}
		arts = append(arts, art{name: filepath.Base(a), data: data, id: parts.Info.ID})
	}
	if len(arts) == 0 {
		if err := rt.Compile(ctx, rtDir); err != nil {
			return err
		}
		fmt.Fprintf(out, "compiled python.wasm in %d ms", time.Since(t0).Milliseconds())
	} else {
		fmt.Fprintf(out, "read %d artifact(s) in %d ms", len(arts), time.Since(t0).Milliseconds())
	}
	runtime.GC()
	base := rssBytes()
	fmt.Fprintf(out, "; RSS %.1f MB\n", float64(base)/(1<<20))

	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	plugins := make([]*host.Plugin, 0, n)
	apis := make([]*fakeapi.API, 0, n)
	hello := make([]bool, 0, n)
	defer func() {
		for _, p := range plugins {
			sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			_ = p.Stop(sctx)
			cancel()
		}
	}()
	t1 := time.Now()
	for i := 0; i < n; i++ {
		api := fakeapi.New()
		api.Version = fmt.Sprintf("11.4.%d", i) // distinct per tenant, to check isolation
		spec := host.Spec{ID: fmt.Sprintf("tenant%d.hello", i), RuntimeDir: rtDir, PluginDir: pluginDir,
			Entry: "server/plugin.py", API: api, Logger: quiet}
		isHello := true
		if len(arts) > 0 {
			a := arts[i%len(arts)]
			spec = host.Spec{ID: fmt.Sprintf("tenant%d.%s", i, a.id), ArtifactData: a.data, API: api, Logger: quiet}
			isHello = a.id == helloID
		}
		p, err := rt.Start(ctx, spec)
		if err != nil {
			return fmt.Errorf("tenant %d: %w", i, err)
		}
		plugins, apis, hello = append(plugins, p), append(apis, api), append(hello, isHello)
		if err := p.OnActivate(ctx); err != nil {
			return fmt.Errorf("tenant %d: OnActivate: %w", i, err)
		}
	}
	runtime.GC()
	rss := rssBytes()
	fmt.Fprintf(out, "started and activated %d plugins in %d ms; RSS %.1f MB (%.1f MB per plugin)\n",
		n, time.Since(t1).Milliseconds(), float64(rss)/(1<<20), float64(rss-base)/float64(n)/(1<<20))

	blocked, checked := 0, 0
	for i, p := range plugins {
		if !hello[i] {
			continue // another plugin: started and activated is all we know to check
		}
		checked++
		if _, reason := p.MessageWillBePosted(ctx, &plugin.Context{}, &model.Post{Message: "a badword"}); reason != "" {
			blocked++
		}
		if !apis[i].HasLog("Server version: " + apis[i].Version) {
			return fmt.Errorf("tenant %d did not see its own API", i)
		}
	}
	if checked == 0 {
		fmt.Fprintf(out, "no tenant runs %s: only start and activation were checked\n", helloID)
		return nil
	}
	fmt.Fprintf(out, "each tenant saw its own API; %d of %d filters blocked the badword post\n", blocked, checked)
	if blocked != checked {
		return fmt.Errorf("only %d of %d plugins answered", blocked, checked)
	}
	return nil
}
