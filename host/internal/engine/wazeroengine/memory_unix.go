//go:build unix

package wazeroengine

import "syscall"

// reserve maps max bytes of zeroed, lazily committed memory.
func reserve(max uint64) ([]byte, func()) {
	if max == 0 || max > 1<<32 || uint64(int(max)) != max {
		return nil, nil // (on 32-bit hosts: fall back to a movable memory)
	}
	b, err := syscall.Mmap(-1, 0, int(max), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON|mapNoReserve)
	if err != nil {
		return nil, nil
	}
	return b, func() { _ = syscall.Munmap(b) }
}
