//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// srv is the one server of this test process, started by TestMain.
var srv *Server

// started is srv for the signal handler, which may run while TestMain is
// still in Start.
var started atomic.Pointer[Server]

// Fixture users, team and channel, made by TestMain.
var fx struct {
	teamID, channelID string
	adminToken        string
	userToken         string
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()

	// Ctrl-C or a kill still stops the server and PostgreSQL and removes the
	// temp dir (children also die with this process via Pdeathsig).
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		if _, ok := <-sigs; !ok {
			return
		}
		signal.Stop(sigs) // a second Ctrl-C kills at once
		fmt.Fprintln(os.Stderr, "e2e: interrupted; stopping the server")
		cancel()
		if s := started.Load(); s != nil {
			s.Stop()
			os.Exit(130)
		}
		// Still in Start: the cancelled ctx makes it stop what it started and
		// return an error.
	}()

	start := time.Now()
	s, err := Start(ctx, Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: start the Mattermost server: %v\n", err)
		return 1
	}
	srv = s
	started.Store(s)
	defer s.Stop()
	if err := setupFixtures(ctx, s); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: fixtures: %v\n%s\n", err, s.logTails())
		return 1
	}
	fmt.Fprintf(os.Stderr, "e2e: server and fixtures ready in %s\n", time.Since(start).Round(time.Millisecond))
	return m.Run()
}

func setupFixtures(ctx context.Context, s *Server) error {
	const password = "Passw0rd!e2e-Passw0rd"
	admin, err := s.CreateUser(ctx, "e2eadmin", password, true)
	if err != nil {
		return err
	}
	user, err := s.CreateUser(ctx, "e2euser", password, false)
	if err != nil {
		return err
	}
	team, err := s.CreateTeam(ctx, "e2e-team")
	if err != nil {
		return err
	}
	ch, err := s.CreateChannel(ctx, team.Id, "e2e-channel")
	if err != nil {
		return err
	}
	if err := s.AddMembers(ctx, team.Id, ch.Id, admin.Id, user.Id); err != nil {
		return err
	}
	fx.teamID, fx.channelID = team.Id, ch.Id
	if fx.adminToken, err = s.Login(ctx, admin.Username, password); err != nil {
		return err
	}
	if fx.userToken, err = s.Login(ctx, user.Username, password); err != nil {
		return err
	}
	return nil
}
