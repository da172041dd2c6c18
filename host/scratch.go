package host

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mmpy/mmpy/wasi"
)

// withScratch adds the writable scratch directory dir (made absolute, created
// if missing) with quota bytes to policy.
func withScratch(policy wasi.Policy, dir string, quota int64) (wasi.Policy, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return policy, fmt.Errorf("Spec.Scratch %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return policy, fmt.Errorf("Spec.Scratch: cannot create the scratch directory: %w", err)
	}
	return policy.WithScratch(wasi.Scratch{HostDir: abs, QuotaBytes: quota}), nil
}
