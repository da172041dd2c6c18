package wazeroengine

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero/api"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/engine/enginetest"
)

func newEngine(t *testing.T, memoryPages uint32, hardStop bool, report func(int32)) engine.Engine {
	ctx := context.Background()
	e, err := New(ctx, Config{MemoryLimitPages: memoryPages, HardStop: hardStop})
	require.NoError(t, err)
	t.Cleanup(func() { _ = e.Close(ctx) })
	_, err = e.(*wzEngine).rt.NewHostModuleBuilder("test").NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, s []uint64) {
			report(api.DecodeI32(s[0]))
		}), []api.ValueType{api.ValueTypeI32}, nil).Export("report").Instantiate(ctx)
	require.NoError(t, err)
	return e
}

func TestHostileGuestModule(t *testing.T) { enginetest.TestHostileGuest(t, newEngine) }

func TestInterruptInfoImport(t *testing.T) { enginetest.TestInterruptInfo(t, newEngine) }

func TestMemoryCap(t *testing.T) { enginetest.TestMemoryCap(t, newEngine) }

func TestHardStop(t *testing.T) { enginetest.TestHardStop(t, newEngine) }
