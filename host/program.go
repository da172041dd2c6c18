package host

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/host/internal/engine"
	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// ProgramSpec describes a plain Python program (not a plugin) to run to
// completion in the sandbox, as `mmpy test` runs pytest.
type ProgramSpec struct {
	// RuntimeDir holds python.wasm (the interpreter to run).
	RuntimeDir string
	// Policy is the complete sandbox: argv, environment, mounts, scratch.
	// Start from wasi.ForPlugin and replace Args.
	Policy wasi.Policy
	// Stdout and Stderr receive the guest's output as it is written (nil
	// discards it).
	Stdout, Stderr io.Writer
}

// ErrNoAPI is the AppError id a program gets if it calls the Mattermost API:
// a program has no server behind it.
const ErrNoAPI = "mmpy.program.no_api"

// RunProgram runs a program in the sandbox until it exits and returns its
// exit status. err is set only when the program could not run or did not
// exit (a trap, an engine failure); a non-zero exit status is not an error.
// ctx stops the guest only on a Runtime with Options.HardStop.
func (r *Runtime) RunProgram(ctx context.Context, s ProgramSpec) (int, error) {
	mod, err := r.module(ctx, filepath.Join(s.RuntimeDir, "python.wasm"))
	if err != nil {
		return 0, err
	}
	policy := s.Policy
	if r.opts.MemoryLimitPages != 0 {
		policy.MemoryLimitPages = r.opts.MemoryLimitPages
	}
	stdout, stderr := s.Stdout, s.Stderr
	if stdout == nil {
		stdout = io.Discard
	}
	if stderr == nil {
		stderr = io.Discard
	}
	// The instance serves the mmpy imports (sleep, interrupts); a program
	// that calls the API gets an error, not a hang.
	inst := guest.New(ctx, guest.Config{
		PluginID: "program",
		HostVer:  Version,
		Dispatch: func(_ context.Context, method string, _ []byte) ([]byte, *pb.AppError) {
			return nil, &pb.AppError{Id: ErrNoAPI, Where: method, StatusCode: 501,
				Message: "the Mattermost API is not available to a program run with RunProgram (no server): mock the API in tests"}
		},
	})
	runErr := mod.Run(ctx, policy, stdout, stderr, inst, engine.Boot{})
	inst.MarkDead(runErr)
	return exitStatus(runErr)
}

// exitStatusRe matches the error both engines return for a non-zero
// proc_exit (wazeroengine and wasmtimeengine: "guest exited with status N").
var exitStatusRe = regexp.MustCompile(`^guest exited with status (\d+)$`)

// exitStatus turns Module.Run's result into an exit status.
func exitStatus(err error) (int, error) {
	if err == nil {
		return 0, nil
	}
	if m := exitStatusRe.FindStringSubmatch(err.Error()); m != nil {
		if n, cerr := strconv.Atoi(m[1]); cerr == nil {
			return n, nil
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return 0, fmt.Errorf("mmpy: program stopped: %w", err)
	}
	return 0, fmt.Errorf("mmpy: program did not exit normally: %w", err)
}
