package host_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"

	"github.com/mmpy/mmpy/abi"
	"github.com/mmpy/mmpy/host"
)

// TestHookCoverage: host.Plugin has every hook of plugin.Hooks, with the
// hook's own parameters (after a context.Context) and results — the check CI
// relies on: a hook added to the interface without generated glue fails here.
func TestHookCoverage(t *testing.T) {
	typ := reflect.TypeFor[*host.Plugin]()
	hooks := reflect.TypeFor[plugin.Hooks]()
	ctxType := reflect.TypeFor[context.Context]()
	n := 0
	for _, h := range abi.Interface().Hooks {
		m, ok := typ.MethodByName(h.Name)
		if !assert.True(t, ok, "host.Plugin lacks hook %s", h.Name) {
			continue
		}
		want, ok := hooks.MethodByName(h.Name)
		if !assert.True(t, ok, "%s is not in plugin.Hooks", h.Name) {
			continue
		}
		got := m.Type // receiver, ctx, params...
		if assert.Equal(t, want.Type.NumIn()+2, got.NumIn(), h.Name) && assert.Equal(t, want.Type.NumOut(), got.NumOut(), h.Name) {
			assert.Equal(t, ctxType, got.In(1), "%s: first parameter", h.Name)
			for i := 0; i < want.Type.NumIn(); i++ {
				assert.Equal(t, want.Type.In(i), got.In(i+2), "%s: parameter %d", h.Name, i)
			}
			for i := 0; i < want.Type.NumOut(); i++ {
				assert.Equal(t, want.Type.Out(i), got.Out(i), "%s: result %d", h.Name, i)
			}
			n++
		}
	}
	assert.Equal(t, len(abi.Interface().Hooks), n)
	assert.Equal(t, 51, n)
}
