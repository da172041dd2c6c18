package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/mmpy/mmpy/abi"
)

// Version returns the version the running server reports (e.g. "11.4.0" or
// "9.5.0"), from /api/v4/config/client (as the harness admin: local mode does
// not serve it); the API tour compares it with GetServerVersion.
func (s *Server) Version(ctx context.Context) (string, error) {
	var client map[string]string
	if err := s.Admin.GetJSON(ctx, "/api/v4/config/client?format=old", &client); err != nil {
		return "", fmt.Errorf("e2e: server version: %w", err)
	}
	v := client["Version"]
	if v == "" {
		return "", fmt.Errorf("e2e: server version: /api/v4/config/client has no Version")
	}
	return v, nil
}

// MethodNewerThanServer tells whether the plugin.API method was added after
// serverVersion (its "Minimum server version" in server/public, as recorded in
// abi/interface.json), so that calling it on that server must fail with mmpy's
// UnavailableError; minVersion is the version that added it. An unknown
// method is an error.
func MethodNewerThanServer(method, serverVersion string) (minVersion string, newer bool, err error) {
	m, ok := abi.APIMethod(method)
	if !ok {
		return "", false, fmt.Errorf("e2e: %s is not a plugin.API method of abi/interface.json", method)
	}
	return m.MinServerVersion, versionBefore(serverVersion, m.MinServerVersion), nil
}

// unavailableMessage matches the message of mmpy's UnavailableError (see
// host/internal/apiserve: "API method X needs Mattermost server V or newer;
// this server is S: ...").
var unavailableMessage = regexp.MustCompile(`API method (\w+) needs Mattermost server (\S+) or newer; this server is (\S+):`)

// UnavailableMethod parses the message of an UnavailableError into the method
// it names, the version that added the method and the server's version; ok is
// false when msg is not such a message.
func UnavailableMethod(msg string) (method, minVersion, serverVersion string, ok bool) {
	m := unavailableMessage.FindStringSubmatch(msg)
	if m == nil {
		return "", "", "", false
	}
	return m[1], m[2], m[3], true
}

// versionBefore compares dotted numeric versions: "9.5.0" is before "10.1",
// "11.4.0" is not before "11.4". Non-digits in a part (a suffix such as
// "-rc1") are ignored.
func versionBefore(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		x, y := versionPart(pa, i), versionPart(pb, i)
		if x != y {
			return x < y
		}
	}
	return false
}

func versionPart(parts []string, i int) int {
	if i >= len(parts) {
		return 0
	}
	digits := strings.TrimFunc(parts[i], func(r rune) bool { return r < '0' || r > '9' })
	n, _ := strconv.Atoi(digits)
	return n
}

// goMissingMethodLine matches the line the generated Go RPC client of
// server/public (plugin/client_rpc_generated.go) logs when the server has no
// such method: it returns zero values and a nil error, so a Go plugin sees
// the failure only on its standard logger (its stderr, which the server
// writes to its log), where mmpy raises UnavailableError.
var goMissingMethodLine = regexp.MustCompile(`RPC call to (\w+) API failed: rpc: can't find method Plugin\.(\w+)`)

// GoMissingMethod parses that line into the method it names; ok is false for
// any other line (another RPC failure is not a missing method).
func GoMissingMethod(line string) (method string, ok bool) {
	m := goMissingMethodLine.FindStringSubmatch(line)
	if m == nil || m[1] != m[2] {
		return "", false
	}
	return m[1], true
}
