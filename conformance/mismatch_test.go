package conformance_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/conformance"
	"github.com/mmpy/mmpy/host"
)

// TestMismatchesAreReported: a guest that does not do what a scenario
// wants fails it, with a message naming the scenario and the difference.
func TestMismatchesAreReported(t *testing.T) {
	rd := runtimeDir(t)
	groups, err := conformance.Load()
	require.NoError(t, err)
	byID := map[string]conformance.Named{}
	for _, s := range conformance.Selected(groups, nil) {
		byID[s.ID()] = s
	}
	ref := conformance.NewReference()
	target, err := conformance.StartInProcess(context.Background(), host.EngineWazero, conformance.Guest{RuntimeDir: rd}, ref, compileCacheDir())
	require.NoError(t, err)
	defer func() { assert.NoError(t, target.Close()) }()
	ctx := context.Background()
	require.NoError(t, conformance.Activate(ctx, target))

	for _, tc := range []struct {
		id     string
		change func(s *conformance.Scenario)
		want   string
	}{
		{"api/KVGet#2-random", func(s *conformance.Scenario) { s.Want.Results[0] = json.RawMessage(`"AAAA"`) },
			"api/KVGet#2-random: result 0 ([]uint8) differs: .: want \"AAAA\""},
		{"api/KVGet#4-app-error", func(s *conformance.Scenario) { e := *s.Want.Error; e.StatusCode = 299; s.Want.Error = &e },
			"api/KVGet#4-app-error: the error differs: .status_code: want 299"},
		{"api/GetUser#2-random", func(s *conformance.Scenario) { s.Args = append([]json.RawMessage{}, s.Args...) },
			""},
		{"hooks/UserWillLogIn", func(s *conformance.Scenario) { s.Want.Results = []json.RawMessage{json.RawMessage(`"not this"`)} },
			"hooks/UserWillLogIn: result 0 (string) differs"},
		{"hooks/MessageHasBeenPosted", func(s *conformance.Scenario) {
			s.Want.Received = append([]json.RawMessage{}, s.Want.Received...)
			s.Want.Received[1] = json.RawMessage(`{"id":"another"}`)
		}, "hooks/MessageHasBeenPosted: argument 1 (*model.Post) as received differs: "},
		{"reentrancy/CreatePost-MessageWillBePosted-changes", func(s *conformance.Scenario) {
			a := *s.Answer
			n := *a.Nested
			n.Want.Results = []json.RawMessage{json.RawMessage(`null`), json.RawMessage(`""`)}
			a.Nested = &n
			s.Answer = &a
		}, "reentrancy/CreatePost-MessageWillBePosted-changes: nested MessageWillBePosted: result 0 (*model.Post) differs"},
		{"errors/ServeHTTP-raises", func(s *conformance.Scenario) { s.Want.Log = "this text is never logged" },
			"errors/ServeHTTP-raises: the host did not log \"this text is never logged\""},
	} {
		t.Run(tc.id, func(t *testing.T) {
			s, ok := byID[tc.id]
			require.True(t, ok, "no scenario %s", tc.id)
			tc.change(&s.Scenario)
			r := conformance.Run(ctx, target, ref, s)
			if tc.want == "" {
				assert.True(t, r.Pass, "unchanged scenario: %v", r.Problems)
				return
			}
			assert.False(t, r.Pass)
			assert.Contains(t, strings.Join(r.Problems, "\n"), tc.want)
		})
	}
}
