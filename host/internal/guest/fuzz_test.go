package guest

import (
	"context"
	"errors"
	"testing"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
)

// FuzzImports feeds arbitrary guest memory, pointers and lengths to every
// import. The host must answer with a code, never panic or hang.
func FuzzImports(f *testing.F) {
	f.Add([]byte{}, uint8(0), uint32(0), uint32(0))
	f.Add(mustMarshal(&pb.GuestHello{AbiVersion: ABIVersion, Hooks: []string{"OnActivate"}}), uint8(0), uint32(8), uint32(12))
	f.Add(mustMarshal(&pb.ApiCall{Method: "GetUser", Request: []byte{10, 2, 'i', 'd'}}), uint8(1), uint32(8), uint32(13))
	f.Add(mustMarshal(&pb.HookResult{Response: []byte{1}, Error: &pb.GuestError{Type: "X"}}), uint8(2), uint32(8), uint32(9))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, uint8(3), uint32(0xfffffff0), uint32(0x7fffffff))
	f.Fuzz(func(t *testing.T, data []byte, op uint8, ptr, n uint32) {
		in := New(context.Background(), Config{PluginID: "fuzz", MaxMessage: 1 << 16,
			Dispatch: func(context.Context, string, []byte) ([]byte, *pb.AppError) { return []byte("ok"), nil }})
		m := &mem{b: make([]byte, 1<<16)}
		copy(m.b[8:], data)
		// Say hello first half the time so later imports get past the state check.
		if op&0x80 != 0 {
			hp := uint32(40000)
			h := mustMarshal(&pb.GuestHello{AbiVersion: ABIVersion})
			copy(m.b[hp:], h)
			if r := in.Hello(m, hp, uint32(len(h))); r > 0 {
				_ = in.Recv(m, 50000, uint32(r))
			}
		}
		in.MarkDead(errors.New("fuzz"))
		switch op & 3 {
		case 0:
			_ = in.Hello(m, ptr, n)
		case 1:
			_ = in.Call(m, ptr, n)
		case 2:
			_ = in.Ret(m, ptr, n)
		case 3:
			_ = in.Recv(m, ptr, n)
		}
	})
}
