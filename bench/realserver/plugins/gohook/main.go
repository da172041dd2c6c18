// Command gohook is the Go half of the real-server MessageWillBePosted
// benchmark (bench/realserver): a Go plugin (plugin.ClientMain, server/public
// v0.4.4) whose only hook is the allow path of a content filter — a post
// containing "badword" is rejected, every other post passes unchanged. Its
// Python twin is plugins/pyhook.
package main

import (
	"strings"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

// Plugin implements MessageWillBePosted only.
type Plugin struct {
	plugin.MattermostPlugin
}

// MessageWillBePosted rejects "badword" and lets every other post through
// unchanged.
func (p *Plugin) MessageWillBePosted(_ *plugin.Context, post *model.Post) (*model.Post, string) {
	if strings.Contains(strings.ToLower(post.Message), "badword") {
		return nil, "Message blocked"
	}
	return nil, ""
}

func main() {
	plugin.ClientMain(&Plugin{})
}
