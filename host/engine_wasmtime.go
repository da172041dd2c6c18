//go:build wasmtime && cgo

package host

import (
	"context"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/engine/wasmtimeengine"
)

func init() {
	engines[EngineWasmtime] = func(ctx context.Context, o Options) (engine.Engine, error) {
		return wasmtimeengine.New(ctx, wasmtimeengine.Config{CacheDir: o.CacheDir, MemoryLimitPages: o.MemoryLimitPages, HardStop: o.HardStop})
	}
}
