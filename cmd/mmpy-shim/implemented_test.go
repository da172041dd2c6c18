package main

import (
	"errors"
	"testing"

	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/abi"
)

// fakeInner plays Mattermost's hooks RPC server: it reports every hook (Shim
// has them all as methods) and records forwarded calls.
type fakeInner struct{ called []string }

func (f *fakeInner) Implemented(_ struct{}, reply *[]string) error {
	for _, h := range abi.Interface().Hooks {
		*reply = append(*reply, h.Name)
	}
	return nil
}

func (f *fakeInner) OnDeactivate(_ *plugin.Z_OnDeactivateArgs, _ *plugin.Z_OnDeactivateReturns) error {
	f.called = append(f.called, "OnDeactivate")
	return nil
}

// TestImplementedWhileBroken: a plugin whose guest failed to load reports
// only the lifecycle hooks, so activation surfaces the load error and the
// server calls no other hook.
func TestImplementedWhileBroken(t *testing.T) {
	s := &Shim{loaded: make(chan struct{}), err: errors.New("no plugin.json")}
	close(s.loaded)
	h := &rpcHooks{inner: &fakeInner{}, shim: s}
	var got []string
	require.NoError(t, h.Implemented(struct{}{}, &got))
	assert.ElementsMatch(t, []string{"OnActivate", "OnDeactivate", "OnConfigurationChange"}, got)
}

// TestRPCForwarding: every hook RPC method of Mattermost's server is
// forwarded (one per hook; Implemented is answered by the shim).
func TestRPCForwarding(t *testing.T) {
	assert.Equal(t, len(abi.Interface().Hooks), rpcMethods)
	inner := &fakeInner{}
	h := &rpcHooks{inner: inner}
	require.NoError(t, h.OnDeactivate(&plugin.Z_OnDeactivateArgs{}, &plugin.Z_OnDeactivateReturns{}))
	assert.Equal(t, []string{"OnDeactivate"}, inner.called)
}
