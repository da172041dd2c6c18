// Command mattermost is the real Mattermost 9.5 server, built from the Go
// module proxy at the versions pinned in go.mod. The mmpy end-to-end tests
// (conformance/e2e) build it once, cache the binary and run real plugins on it.
//
// It mirrors server/cmd/mattermost/main.go of the server repository.
package main

import (
	"os"

	"github.com/mattermost/mattermost/server/v8/cmd/mattermost/commands"

	// Registers the built-in slash commands.
	_ "github.com/mattermost/mattermost/server/v8/channels/app/slashcommands"
	// Registers the GitLab OAuth provider.
	_ "github.com/mattermost/mattermost/server/v8/channels/app/oauthproviders/gitlab"
	// Enterprise hooks shipped with the source-available server.
	_ "github.com/mattermost/mattermost/server/v8/enterprise"
)

func main() {
	if err := commands.Run(os.Args[1:]); err != nil {
		os.Exit(1)
	}
}
