// Package e2e runs mmpy plugins on a real Mattermost server.
//
// The harness builds the server from conformance/mmserver (a separate Go module
// pinned to a server pseudo-version; the binary is cached under
// ~/.cache/mmpy/mattermost), starts a private PostgreSQL and a server in a temp
// dir, and drives it over the local-mode socket (admin, no token) and over TCP
// with user tokens. See Start, Server and Client.
//
// The tests themselves are behind the build tag e2e, so the ordinary
// `go test ./...` never starts a server:
//
//	go test -tags e2e -count=1 -v -timeout 30m ./conformance/e2e/
//
// A cold run builds the server (2–5 minutes on 2 cores); later runs reuse the
// cached binary. PostgreSQL must be installed (Debian: apt-get install
// postgresql, which the repo's `make deps` does).
//
// The harness is Linux-only: it runs PostgreSQL as the postgres user when run as
// root and ties every child process to the test process (Pdeathsig).
package e2e
