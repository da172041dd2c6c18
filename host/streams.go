package host

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"google.golang.org/protobuf/proto"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
)

// Streams carry HTTP bodies too large to send whole (abi/ABI.md, "Streams"):
// while ServeHTTP runs, the guest reads the request body and writes the
// response with API calls in the reserved "mmpy." namespace, one chunk at a
// time, so neither side ever holds a large body whole.

const (
	// streamThreshold: request bodies larger than this (or of unknown
	// length) are streamed instead of sent in the hook request.
	streamThreshold = 8 << 20
	// maxStreamChunk caps one StreamRead answer.
	maxStreamChunk = 1 << 20
)

// exchange is one HTTP request/response pair being served by the guest.
type exchange struct {
	mu          sync.Mutex
	body        io.Reader // nil when the body was sent whole
	eof         bool
	w           http.ResponseWriter
	out         io.Writer // a hook's plain io.Writer (FileWillBeUploaded), when w is nil
	wroteHeader bool
}

var streamIDs atomic.Uint64

func (p *Plugin) openExchange(body io.Reader, w http.ResponseWriter) (uint64, *exchange) {
	id := streamIDs.Add(1)
	x := &exchange{body: body, w: w}
	p.streams.Store(id, x)
	return id, x
}

func (p *Plugin) closeExchange(id uint64) { p.streams.Delete(id) }

func streamError(method, msg string, status int32) *pb.AppError {
	return &pb.AppError{Id: "mmpy.stream", Message: method + ": " + msg, StatusCode: status}
}

// dispatchInternal serves the host's own methods ("mmpy." namespace); ok is
// false for every other method.
func (p *Plugin) dispatchInternal(method string, req []byte) (resp []byte, appErr *pb.AppError, ok bool) {
	if !strings.HasPrefix(method, "mmpy.Stream") {
		return nil, nil, false
	}
	switch method {
	case "mmpy.StreamRead":
		var r pb.StreamReadRequest
		if err := proto.Unmarshal(req, &r); err != nil {
			return nil, streamError(method, "malformed request: "+err.Error(), 400), true
		}
		x, found := p.exchange(r.Stream)
		if !found {
			return nil, streamError(method, fmt.Sprintf("stream %d is not open (streams live only while their hook runs)", r.Stream), 400), true
		}
		out, err := x.read(int(r.Max))
		if err != nil {
			return nil, streamError(method, err.Error(), 500), true
		}
		b, _ := proto.Marshal(out)
		return b, nil, true
	case "mmpy.StreamWrite":
		var r pb.StreamWriteRequest
		if err := proto.Unmarshal(req, &r); err != nil {
			return nil, streamError(method, "malformed request: "+err.Error(), 400), true
		}
		x, found := p.exchange(r.Stream)
		if !found {
			return nil, streamError(method, fmt.Sprintf("stream %d is not open (streams live only while their hook runs)", r.Stream), 400), true
		}
		if err := x.write(&r); err != nil {
			return nil, streamError(method, err.Error(), 500), true
		}
		b, _ := proto.Marshal(&pb.StreamWriteResponse{})
		return b, nil, true
	}
	return nil, streamError(method, "unknown host method", 503), true
}

func (p *Plugin) exchange(id uint64) (*exchange, bool) {
	v, ok := p.streams.Load(id)
	if !ok {
		return nil, false
	}
	return v.(*exchange), true
}

func (x *exchange) read(max int) (*pb.StreamReadResponse, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.body == nil || x.eof {
		return &pb.StreamReadResponse{Eof: true}, nil
	}
	if max <= 0 || max > maxStreamChunk {
		max = maxStreamChunk
	}
	buf := make([]byte, max)
	n, err := io.ReadFull(x.body, buf)
	switch err {
	case nil:
		return &pb.StreamReadResponse{Data: buf[:n]}, nil
	case io.EOF, io.ErrUnexpectedEOF:
		x.eof = true
		return &pb.StreamReadResponse{Data: buf[:n], Eof: true}, nil
	}
	return nil, fmt.Errorf("reading the request body: %w", err)
}

func (x *exchange) write(r *pb.StreamWriteRequest) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.w == nil && x.out != nil {
		if len(r.Data) > 0 {
			_, err := x.out.Write(r.Data)
			return err
		}
		return nil
	}
	if x.w == nil {
		return fmt.Errorf("this exchange has no response stream")
	}
	if !x.wroteHeader {
		if len(r.HeadersJson) > 0 {
			var h map[string][]string
			if err := json.Unmarshal(r.HeadersJson, &h); err != nil {
				return fmt.Errorf("headers: %w", err)
			}
			for k, vs := range h {
				for _, v := range vs {
					x.w.Header().Add(k, v)
				}
			}
		}
		status := int(r.StatusCode)
		if status == 0 {
			status = http.StatusOK
		}
		if status < 100 || status > 999 {
			return fmt.Errorf("status code %d is not valid", status)
		}
		x.w.WriteHeader(status)
		x.wroteHeader = true
	}
	if len(r.Data) > 0 {
		if _, err := x.w.Write(r.Data); err != nil {
			return err
		}
	}
	if r.Flush {
		if f, ok := x.w.(http.Flusher); ok {
			f.Flush()
		}
	}
	return nil
}
