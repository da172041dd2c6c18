// Command goref is the Go reference plugin of the mmpy conformance tests.
//
// It is an ordinary Mattermost Go plugin (plugin.ClientMain, server/public
// v0.4.4) whose observable behaviour is the same as the Python example
// examples/hello_python, so the end-to-end tests in conformance/e2e run the
// same assertions against both:
//
//   - OnActivate logs "Server version: <version>" and registers /hello;
//   - MessageWillBePosted rejects a post whose message contains "badword"
//     (any case) with the reason "Message blocked";
//   - ExecuteCommand answers /hello with the ephemeral text "Hello from Python!"
//     (the text is the Python example's on purpose);
//   - OnDeactivate logs "Go reference plugin deactivated".
//
// The e2e harness builds it into a bundle (see e2e.BuildGoRefBundle); it is not
// meant to be run by hand.
package main

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

const (
	// BlockedWord makes MessageWillBePosted reject a post (case-insensitive).
	BlockedWord = "badword"
	// BlockedReason is the rejection reason the server reports to the poster.
	BlockedReason = "Message blocked"
	// HelloTrigger is the slash command the plugin registers, without "/".
	HelloTrigger = "hello"
	// HelloText is the ephemeral answer to /hello.
	HelloText = "Hello from Python!"
	// DeactivatedMessage is logged by OnDeactivate.
	DeactivatedMessage = "Go reference plugin deactivated"
)

// Plugin implements the hooks of the reference plugin.
type Plugin struct {
	plugin.MattermostPlugin
}

// OnActivate logs the server version and registers the /hello command.
func (p *Plugin) OnActivate() error {
	p.API.LogInfo("Server version: " + p.API.GetServerVersion())
	if err := p.API.RegisterCommand(&model.Command{
		Trigger:          HelloTrigger,
		DisplayName:      "Hello",
		Description:      "Says hello (mmpy Go reference plugin).",
		AutoComplete:     true,
		AutoCompleteDesc: "Says hello.",
	}); err != nil {
		return fmt.Errorf("register /%s: %w", HelloTrigger, err)
	}
	return nil
}

// OnDeactivate logs that the plugin is going away.
func (p *Plugin) OnDeactivate() error {
	p.API.LogInfo(DeactivatedMessage)
	return nil
}

// MessageWillBePosted rejects posts containing BlockedWord and lets every
// other post through unchanged.
func (p *Plugin) MessageWillBePosted(_ *plugin.Context, post *model.Post) (*model.Post, string) {
	if strings.Contains(strings.ToLower(post.Message), BlockedWord) {
		return nil, BlockedReason
	}
	return nil, ""
}

// ExecuteCommand answers /hello.
func (p *Plugin) ExecuteCommand(_ *plugin.Context, args *model.CommandArgs) (*model.CommandResponse, *model.AppError) {
	fields := strings.Fields(args.Command)
	if len(fields) == 0 || fields[0] != "/"+HelloTrigger {
		return nil, model.NewAppError("ExecuteCommand", "goref.unknown_command", nil,
			"unknown command: "+args.Command, http.StatusBadRequest)
	}
	return &model.CommandResponse{
		ResponseType: model.CommandResponseTypeEphemeral,
		Text:         HelloText,
	}, nil
}

func main() {
	plugin.ClientMain(&Plugin{})
}
