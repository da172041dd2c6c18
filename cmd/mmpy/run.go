package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/spf13/cobra"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/artifact"
	"github.com/mmpy/mmpy/internal/bundle"
	"github.com/mmpy/mmpy/internal/fakeapi"
	"github.com/mmpy/mmpy/internal/layout"
	"github.com/mmpy/mmpy/internal/manifest"
)

func runCmd() *cobra.Command {
	var runtime, engine string
	var posts, commands, config, hooks, https []string
	c := &cobra.Command{
		Use:   "run DIR|BUNDLE.tar.gz|ARTIFACT.wasm",
		Short: "Run a plugin in the embedded host against an in-memory fake server",
		Long: "Run starts the plugin in the embedded WebAssembly host with an in-memory fake\n" +
			"Mattermost API, activates it, fires the hooks given by flags, and deactivates it.\n" +
			"Given a bundle, it runs exactly what a server would: the bundle's interpreter\n" +
			"and files. Given a .wasm artifact (mmpy build), it runs that file alone.",
		Example: "  mmpy run examples/hello_python --post 'hi' --post 'a badword' --command /hello",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPluginWith(cmd.Context(), cmd.OutOrStdout(), args[0], runtime, runFire{posts: posts, commands: commands, config: config, hooks: hooks, https: https, engine: engine})
		},
	}
	c.Flags().StringVar(&runtime, "runtime", "", "mmpy runtime directory for a plugin folder (default $MMPY_RUNTIME or ./build/runtime)")
	c.Flags().StringVar(&engine, "engine", "", engineFlagHelp)
	c.Flags().StringArrayVar(&posts, "post", nil, "create a post with this message (fires MessageWillBePosted); repeatable")
	c.Flags().StringArrayVar(&commands, "command", nil, "execute this slash command (fires ExecuteCommand); repeatable")
	c.Flags().StringArrayVar(&hooks, "hook", nil, `fire any hook: NAME or NAME=JSON, JSON being the array of its Go arguments after the context, e.g. --hook 'UserHasBeenCreated=[{"id":"u2","username":"bob"}]' (the context is filled in); prints the results as JSON; repeatable`)
	c.Flags().StringArrayVar(&https, "http", nil, "send an HTTP request to ServeHTTP: \"METHOD /path [body]\", e.g. --http \"GET /api/hello\"; repeatable")
	c.Flags().StringArrayVar(&config, "config", nil, "plugin setting key=value returned by get_plugin_config() (MMPY_EGRESS_ALLOW=host,... allows egress); repeatable")
	return c
}

// runFire lists what `mmpy run` fires at the plugin, and on which engine.
type runFire struct {
	posts, commands, config, hooks, https []string
	engine                                string // host.Options.Engine ("" = wazero)
}

func runPlugin(ctx context.Context, out io.Writer, target, runtime string, posts, commands, config []string) error {
	return runPluginWith(ctx, out, target, runtime, runFire{posts: posts, commands: commands, config: config})
}

func runPluginWith(ctx context.Context, out io.Writer, target, runtime string, fire runFire) error {
	posts, commands, config := fire.posts, fire.commands, fire.config
	if ctx == nil {
		ctx = context.Background()
	}
	say := func(format string, a ...any) { fmt.Fprintf(out, format+"\n", a...) }
	pluginDir, rtDir := target, runtime
	var artData []byte // a one-file artifact to run instead of the folders
	if rtDir == "" {
		rtDir = defaultRuntime()
	}
	switch {
	case strings.HasSuffix(target, ".wasm"):
		var err error
		if artData, err = os.ReadFile(target); err != nil {
			return err
		}
	case isBundle(target):
		tmp, err := os.MkdirTemp("", "mmpy-run-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if pluginDir, err = bundle.Extract(target, tmp); err != nil {
			return err
		}
		rtDir = filepath.Join(pluginDir, filepath.FromSlash(layout.BundleRuntime))
		say("unpacked bundle %s", target)
		if a := layout.ArtifactIn(pluginDir); a != "" {
			if artData, err = os.ReadFile(a); err != nil {
				return err
			}
		}
	}
	rtDir, _ = filepath.Abs(rtDir)
	pluginDir, _ = filepath.Abs(pluginDir)
	var m *manifest.Manifest
	if artData != nil {
		_, parts, err := artifact.Split(artData)
		if err != nil {
			return fmt.Errorf("%s: %w", target, err)
		}
		if m, err = manifest.Parse("plugin.json", parts.Manifest); err != nil {
			return fmt.Errorf("%s: %w", target, err)
		}
	} else {
		var err error
		if m, err = manifest.Load(pluginDir); err != nil {
			return err
		}
		// A plugin with dependencies runs from an in-memory artifact, where
		// its vendored packages live.
		withDeps, err := bundle.HasDependencies(pluginDir, m)
		if err != nil {
			return err
		}
		if withDeps {
			res, err := bundle.BuildArtifact(ctx, bundle.ArtifactOptions{PluginDir: pluginDir, RuntimeDir: rtDir,
				Progress: func(s string) { say("[build] %s", s) }})
			if err != nil {
				return err
			}
			artData = res.Data
		}
	}

	api := fakeapi.New()
	for _, kv := range config {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("--config %q: use key=value", kv)
		}
		api.Config[k] = v
	}
	api.LogSink = func(l fakeapi.LogLine) {
		if len(l.KV) == 0 {
			say("  [plugin %s] %s", strings.ToLower(l.Level), l.Msg)
		} else {
			say("  [plugin %s] %s %v", strings.ToLower(l.Level), l.Msg, l.KV)
		}
	}

	t0 := time.Now()
	rt, err := host.NewRuntime(ctx, host.Options{CacheDir: layout.CompileCacheDir(), Engine: fire.engine})
	if err != nil {
		return err
	}
	defer rt.Close(ctx)
	logger := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelInfo}))
	// As on a server: a writable /scratch (here a temp dir), and egress to the
	// manifest's hosts that --config MMPY_EGRESS_ALLOW=... allows.
	scratch, err := os.MkdirTemp("", "mmpy-run-scratch-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	p, err := rt.Start(ctx, host.Spec{ID: m.ID, RuntimeDir: rtDir, PluginDir: pluginDir, Entry: m.Server.Executable, API: api, Logger: logger,
		ArtifactData: artData, Scratch: scratch, Egress: m.EgressHosts(), EgressPermit: host.PluginConfigPermit})
	if err != nil {
		return err
	}
	say("started %s (%s) on %s in %d ms; hooks: %s", m.ID, m.Version, rt.Engine(), time.Since(t0).Milliseconds(), strings.Join(p.Implemented(), ", "))
	// The fake server fires MessageWillBePosted on CreatePost, as the real one does.
	api.OnCreatePost = func(post *model.Post) (*model.Post, string) {
		return p.MessageWillBePosted(ctx, &plugin.Context{}, post)
	}
	if err := p.OnConfigurationChange(ctx); err != nil {
		return err
	}
	t1 := time.Now()
	if err := p.OnActivate(ctx); err != nil {
		return fmt.Errorf("OnActivate failed: %w", err)
	}
	say("activated in %d ms", time.Since(t1).Milliseconds())
	for _, msg := range posts {
		created, aerr := api.CreatePost(&model.Post{ChannelId: "town-square", UserId: "user1", Message: msg})
		if aerr != nil {
			say("post %q: rejected: %s", msg, aerr.Id)
		} else {
			say("post %q: created as %q", msg, created.Message)
		}
	}
	for _, c := range commands {
		resp, aerr := p.ExecuteCommand(ctx, &plugin.Context{}, &model.CommandArgs{Command: c, UserId: "user1", ChannelId: "town-square"})
		if aerr != nil {
			say("command %s: error: %s", c, aerr.Error())
		} else {
			say("command %s: %s %q", c, resp.ResponseType, resp.Text)
		}
	}
	for _, h := range fire.hooks {
		if err := fireHook(ctx, p, h, say); err != nil {
			return err
		}
	}
	for _, h := range fire.https {
		if err := fireHTTP(ctx, p, h, say); err != nil {
			return err
		}
	}
	if err := p.OnDeactivate(ctx); err != nil {
		say("OnDeactivate failed: %v", err)
	}
	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := p.Stop(stopCtx); err != nil {
		return err
	}
	say("deactivated and stopped")
	return nil
}
