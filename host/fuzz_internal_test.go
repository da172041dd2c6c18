package host

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/mmpy/mmpy/abi"
	pb "github.com/mmpy/mmpy/abi/mmpyv1"
)

// FuzzHookResponse decodes arbitrary guest bytes as the response of every
// hook, the way the generated hook methods do: proto first, then each
// JSON-carried result into its Go type. Nothing may panic.
func FuzzHookResponse(f *testing.F) {
	hooks := abi.Interface().Hooks
	f.Add(uint8(3), []byte{})
	good, _ := proto.Marshal(&pb.HookMessageWillBePostedResponse{Result: []byte(`{"id":"x","props":{"a":[1]}}`), Result2: "no"})
	f.Add(uint8(0), good)
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		h := hooks[int(which)%len(hooks)]
		mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName("mmpy.v1.Hook" + h.Name + "Response"))
		if err != nil {
			t.Fatalf("no response message for %s: %v", h.Name, err)
		}
		msg := mt.New().Interface()
		if proto.Unmarshal(data, msg) != nil {
			return
		}
		m, _ := reflect.TypeFor[plugin.Hooks]().MethodByName(h.Name)
		fields := msg.ProtoReflect().Descriptor().Fields()
		for i := 0; i < m.Type.NumOut() && i < fields.Len(); i++ {
			fd := fields.Get(i)
			if fd.Kind() != protoreflect.BytesKind {
				continue
			}
			v := reflect.New(m.Type.Out(i))
			_ = fromJSON(msg.ProtoReflect().Get(fd).Bytes(), v.Interface())
		}
	})
}

// FuzzStreams feeds arbitrary guest bytes to the host's stream methods
// (mmpy.StreamRead / mmpy.StreamWrite) with an open exchange.
func FuzzStreams(f *testing.F) {
	w, _ := proto.Marshal(&pb.StreamWriteRequest{Stream: 1, StatusCode: 201, HeadersJson: []byte(`{"A":["b"]}`), Data: []byte("x")})
	r, _ := proto.Marshal(&pb.StreamReadRequest{Stream: 1, Max: 3})
	f.Add(true, w)
	f.Add(false, r)
	f.Add(true, []byte{0xff})
	f.Fuzz(func(t *testing.T, write bool, data []byte) {
		p := &Plugin{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		id, _ := p.openExchange(bytes.NewReader(bytes.Repeat([]byte("body"), 100)), httptest.NewRecorder())
		defer p.closeExchange(id)
		method := "mmpy.StreamRead"
		if write {
			method = "mmpy.StreamWrite"
		}
		_, _, ok := p.dispatchInternal(method, data)
		if !ok {
			t.Fatal("stream method not served")
		}
	})
}

func TestFromJSONKeepsZeroOnEmpty(t *testing.T) {
	var post *model.Post
	if err := fromJSON(nil, &post); err != nil || post != nil {
		t.Fatalf("empty input must leave nil: %v %v", post, err)
	}
	if err := fromJSON([]byte(`{"message":"m"}`), &post); err != nil || post.Message != "m" {
		t.Fatal(err)
	}
	var bad any
	if json.Unmarshal([]byte(`{`), &bad) == nil {
		t.Fatal("expected a JSON error")
	}
}
