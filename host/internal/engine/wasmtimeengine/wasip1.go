//go:build wasmtime && cgo

package wasmtimeengine

import (
	"encoding/binary"
	"time"

	"github.com/bytecodealliance/wasmtime-go/v39"
)

const wasip1 = "wasi_snapshot_preview1"

// WASI preview 1 constants.
const (
	errnoSuccess = 0
	errnoFault   = 21
	errnoInval   = 28

	clockRealtime  = 0
	clockMonotonic = 1

	eventClock         = 0
	subscriptionSize   = 48
	eventSize          = 32
	subscriptionAbsBit = 1
)

func errno(e int32) []wasmtime.Val { return []wasmtime.Val{wasmtime.ValI32(e)} }

// clockTimeGet implements clock_time_get(id, precision, result_ptr) for the
// realtime and monotonic clocks (the monotonic clock counts from the
// instance's start, so absolute sleeps in pollOneoff agree with it). CPU-time
// clocks are not offered (EINVAL), as on wazero.
func clockTimeGet(c *wasmtime.Caller, args []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
	rs, mem := state(c)
	if rs == nil || mem == nil {
		return errno(errnoFault), nil
	}
	var now uint64
	switch args[0].I32() {
	case clockRealtime:
		now = uint64(time.Now().UnixNano())
	case clockMonotonic:
		now = rs.monotonic()
	default:
		return errno(errnoInval), nil
	}
	if !mem.Write(uint32(args[2].I32()), binary.LittleEndian.AppendUint64(nil, now)) {
		return errno(errnoFault), nil
	}
	return errno(errnoSuccess), nil
}

func (rs *runState) monotonic() uint64 { return uint64(rs.clock.Now()) }

// pollOneoff implements poll_oneoff(in, out, nsubscriptions, nevents_ptr).
// Clock subscriptions sleep through guest.Instance.Sleep, which returns early
// when a hook's interrupt is armed (the clock event is then reported as
// fired, and the guest raises DeadlineExceeded right after). File
// descriptor subscriptions are reported ready at once: the guest has no
// sockets or pipes, and files are always ready.
func pollOneoff(c *wasmtime.Caller, args []wasmtime.Val) ([]wasmtime.Val, *wasmtime.Trap) {
	rs, mem := state(c)
	if rs == nil || mem == nil {
		return errno(errnoFault), nil
	}
	in, out, n, neventsPtr := uint32(args[0].I32()), uint32(args[1].I32()), uint32(args[2].I32()), uint32(args[3].I32())
	if n == 0 {
		return errno(errnoInval), nil
	}
	if uint64(n)*subscriptionSize > uint64(len(mem)) {
		return errno(errnoFault), nil
	}
	subs, ok := mem.Read(in, n*subscriptionSize)
	if !ok {
		return errno(errnoFault), nil
	}
	subs = append([]byte(nil), subs...)
	if _, ok := mem.Read(out, n*eventSize); !ok {
		return errno(errnoFault), nil
	}
	le := binary.LittleEndian
	// The earliest clock, and whether any fd subscription makes this a
	// non-blocking poll.
	wait := time.Duration(-1)
	fdReady := false
	waits := make([]time.Duration, n)
	for i := uint32(0); i < n; i++ {
		s := subs[i*subscriptionSize:]
		if s[8] != eventClock {
			fdReady = true
			continue
		}
		timeout := le.Uint64(s[24:])
		var d time.Duration
		if le.Uint16(s[40:])&subscriptionAbsBit != 0 {
			switch le.Uint32(s[16:]) {
			case clockRealtime:
				d = max(time.Duration(int64(timeout)-time.Now().UnixNano()), 0)
			case clockMonotonic:
				if now := rs.monotonic(); timeout > now {
					d = time.Duration(min(timeout-now, 1<<63-1))
				}
			default:
				d = -2 // unsupported clock: reported as EINVAL
			}
		} else {
			d = time.Duration(min(timeout, 1<<63-1))
		}
		waits[i] = d
		if d >= 0 && (wait < 0 || d < wait) {
			wait = d
		}
	}
	if fdReady {
		wait = 0
	} else if wait > 0 {
		rs.inst.Sleep(wait)
	}
	var events []byte
	count := uint32(0)
	for i := uint32(0); i < n; i++ {
		s := subs[i*subscriptionSize:]
		ev := make([]byte, eventSize)
		copy(ev, s[:8]) // userdata
		ev[10] = s[8]   // type
		switch {
		case s[8] != eventClock:
		case waits[i] == -2:
			le.PutUint16(ev[8:], errnoInval)
		case fdReady && waits[i] > 0, !fdReady && waits[i] > wait:
			continue // this clock has not fired
		}
		events = append(events, ev...)
		count++
	}
	if !mem.Write(out, events) || !mem.Write(neventsPtr, le.AppendUint32(nil, count)) {
		return errno(errnoFault), nil
	}
	return errno(errnoSuccess), nil
}
