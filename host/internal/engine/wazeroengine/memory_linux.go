//go:build linux

package wazeroengine

import "syscall"

const mapNoReserve = syscall.MAP_NORESERVE
