package host

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/engine/wazeroengine"
)

// Engine names for Options.Engine.
const (
	// EngineWazero is the default engine: pure Go, no cgo.
	EngineWazero = "wazero"
	// EngineWasmtime is wasmtime through cgo; it is compiled in only with
	// `go build -tags wasmtime` (see docs/RATIONALE.md, "Engine choice").
	EngineWasmtime = "wasmtime"
)

// engines maps Options.Engine names to constructors. Files with build tags
// add theirs (engine_wasmtime.go).
var engines = map[string]func(ctx context.Context, o Options) (engine.Engine, error){
	EngineWazero: func(ctx context.Context, o Options) (engine.Engine, error) {
		return wazeroengine.New(ctx, wazeroengine.Config{CacheDir: o.CacheDir, MemoryLimitPages: o.MemoryLimitPages, HardStop: o.HardStop})
	},
}

// Engines lists the engine names compiled into this binary.
func Engines() []string {
	names := make([]string, 0, len(engines))
	for n := range engines {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// newEngine creates the engine that o.Engine names ("" = wazero).
func newEngine(ctx context.Context, o Options) (engine.Engine, string, error) {
	name := o.Engine
	if name == "" {
		name = EngineWazero
	}
	mk, ok := engines[name]
	switch {
	case !ok && name == EngineWasmtime:
		return nil, "", fmt.Errorf("mmpy: Options.Engine %q is not compiled into this binary: build it with `go build -tags wasmtime` (needs cgo and a C compiler)", name)
	case !ok:
		return nil, "", fmt.Errorf("mmpy: unknown Options.Engine %q: use one of %s", name, strings.Join(Engines(), ", "))
	}
	e, err := mk(ctx, o)
	if err != nil {
		return nil, "", fmt.Errorf("mmpy: engine %s: %w", name, err)
	}
	return e, name, nil
}

// Engine returns the name of the engine the Runtime runs guests on.
func (r *Runtime) Engine() string { return r.engine }
