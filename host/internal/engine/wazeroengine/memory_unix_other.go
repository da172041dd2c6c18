//go:build unix && !linux

package wazeroengine

const mapNoReserve = 0
