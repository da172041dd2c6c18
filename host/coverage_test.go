package host_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mmpy/mmpy/abi"
	"github.com/mmpy/mmpy/host"
)

// TestHookCoverage counts the plugin.Hooks hooks host.Plugin implements and
// checks each has the name of a real hook. (Issue: all 51 via the generator.)
func TestHookCoverage(t *testing.T) {
	typ := reflect.TypeFor[*host.Plugin]()
	n := 0
	for _, h := range abi.Interface().Hooks {
		if _, ok := typ.MethodByName(h.Name); ok {
			n++
		}
	}
	for _, want := range []string{"OnActivate", "OnDeactivate", "OnConfigurationChange", "MessageWillBePosted", "ExecuteCommand"} {
		_, ok := abi.Hook(want)
		assert.True(t, ok, want)
		_, ok = typ.MethodByName(want)
		assert.True(t, ok, "host.Plugin lacks %s", want)
	}
	assert.Equal(t, 5, n)
	t.Logf("coverage: %d of %d hooks", n, len(abi.Interface().Hooks))
}
