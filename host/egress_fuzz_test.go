package host

import (
	"context"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/plugin"
	"google.golang.org/protobuf/proto"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
)

// FuzzEgressServe feeds guest bytes to the egress capability: it must answer
// (a response or an AppError), never panic, and never reach a host the
// policy refuses (only 127.0.0.1 is declared, and private addresses are
// refused at connect time, so no request leaves the machine).
func FuzzEgressServe(f *testing.F) {
	seed := func(r *pb.EgressRequest) []byte {
		b, _ := proto.Marshal(r)
		return b
	}
	f.Add(seed(&pb.EgressRequest{Url: "http://127.0.0.1:1/x"}))
	f.Add(seed(&pb.EgressRequest{Method: "POST", Url: "https://example.com/", Body: []byte("x"), TimeoutMs: 1}))
	f.Add(seed(&pb.EgressRequest{Url: "ftp://127.0.0.1/"}))
	f.Add([]byte{0xff, 0xff, 0x0f})
	e := &egress{
		id: "fuzz", declared: []string{"127.0.0.1"},
		permit: func(plugin.API, string, string) bool { return true },
		api:    func() plugin.API { return nil },
		opts:   EgressOptions{Timeout: 200 * time.Millisecond, MaxTimeout: 200 * time.Millisecond}.withDefaults(),
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		resp, appErr := e.serve(context.Background(), b)
		if resp != nil {
			t.Fatalf("a request got through: %x", resp)
		}
		if appErr == nil || appErr.Id == "" || appErr.Message == "" {
			t.Fatalf("no clear refusal: %v", appErr)
		}
	})
}
