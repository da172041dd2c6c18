package host_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/fakeapi"
	"github.com/mmpy/mmpy/wasi"
)

// pattern is an endless deterministic byte source.
type pattern struct{ n, limit int64 }

func (p *pattern) Read(b []byte) (int, error) {
	if p.n >= p.limit {
		return 0, io.EOF
	}
	if int64(len(b)) > p.limit-p.n {
		b = b[:p.limit-p.n]
	}
	for i := range b {
		b[i] = byte((p.n + int64(i)) * 7)
	}
	p.n += int64(len(b))
	return len(b), nil
}

// shiftReader adds 1 (mod 256) to every byte (the stream plugin's transform).
type shiftReader struct{ r io.Reader }

func (s *shiftReader) Read(b []byte) (int, error) {
	n, err := s.r.Read(b)
	for i := range b[:n] {
		b[i]++
	}
	return n, err
}

// countingWriter is an http.ResponseWriter that hashes what it gets.
type countingWriter struct {
	h      http.Header
	status int
	n      int64
	sum    interface {
		io.Writer
		Sum([]byte) []byte
	}
}

func (w *countingWriter) Header() http.Header { return w.h }
func (w *countingWriter) WriteHeader(s int)   { w.status = s }
func (w *countingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = 200
	}
	w.n += int64(len(b))
	return w.sum.Write(b)
}

// TestServeHTTPStreams200MB: request and response bodies of 200 MB, and a
// 200 MB FileWillBeUploaded with its replacement, pass through a guest whose
// linear memory is capped at 64 MiB — so it never holds a body whole.
func TestServeHTTPStreams200MB(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 400 MB through the guest")
	}
	const size = 200 << 20
	runtimeDir(t)
	r, err := host.NewRuntime(context.Background(), host.Options{CacheDir: compileCacheDir(), MemoryLimitPages: 1024}) // 64 MiB
	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close(context.Background()) })
	dir := filepath.Join(repoRoot(), "host", "testdata", "stream")
	pol := wasi.ForPlugin(runtimeDir(t), dir, "server/plugin.py")
	pol.MemoryLimitPages = 1024
	p, err := r.Start(context.Background(), host.Spec{ID: "stream", RuntimeDir: runtimeDir(t), PluginDir: dir, Entry: "server/plugin.py", API: fakeapi.New(), Policy: &pol})
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Stop(context.Background()) })
	ctx := context.Background()

	// request body in, digest out
	want := sha256.New()
	_, _ = io.Copy(want, &pattern{limit: size})
	req := httptest.NewRequest(http.MethodPost, "/sum", &pattern{limit: size})
	req.ContentLength = size
	rec := httptest.NewRecorder()
	p.ServeHTTP(ctx, &plugin.Context{}, rec, req)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	assert.Equal(t, fmt.Sprintf("%d %s", size, hex.EncodeToString(want.Sum(nil))), rec.Body.String())

	// request body in, the same body streamed back out (unknown length: chunked)
	req = httptest.NewRequest(http.MethodPost, "/echo", &pattern{limit: size})
	req.ContentLength = -1
	w := &countingWriter{h: http.Header{}, sum: sha256.New()}
	p.ServeHTTP(ctx, &plugin.Context{}, w, req)
	assert.Equal(t, 200, w.status)
	assert.EqualValues(t, size, w.n)
	assert.Equal(t, hex.EncodeToString(want.Sum(nil)), hex.EncodeToString(w.sum.Sum(nil)))
	assert.Equal(t, "application/octet-stream", w.h.Get("Content-Type"))

	// a generated 200 MiB response
	w = &countingWriter{h: http.Header{}, sum: sha256.New()}
	p.ServeHTTP(ctx, &plugin.Context{}, w, httptest.NewRequest(http.MethodGet, "/big?n=200", nil))
	assert.Equal(t, 200, w.status)
	assert.EqualValues(t, 200<<20, w.n)

	// FileWillBeUploaded: a 200 MB upload streams in and its replacement streams out
	shifted := sha256.New()
	_, _ = io.Copy(shifted, &shiftReader{r: &pattern{limit: size}})
	out := &countingWriter{h: http.Header{}, sum: sha256.New()}
	info, reason := p.FileWillBeUploaded(ctx, &plugin.Context{}, &model.FileInfo{Name: "big.bin", Size: size}, &pattern{limit: size}, out)
	assert.Empty(t, reason)
	require.NotNil(t, info)
	assert.Equal(t, "big.bin", info.Name)
	assert.EqualValues(t, size, out.n)
	assert.Equal(t, hex.EncodeToString(shifted.Sum(nil)), hex.EncodeToString(out.sum.Sum(nil)))
	// and a small one travels whole, both ways
	out = &countingWriter{h: http.Header{}, sum: sha256.New()}
	_, reason = p.FileWillBeUploaded(ctx, &plugin.Context{}, &model.FileInfo{Name: "small.txt"}, strings.NewReader("abc"), out)
	assert.Empty(t, reason)
	assert.EqualValues(t, 3, out.n)
	small := sha256.Sum256([]byte("bcd"))
	assert.Equal(t, hex.EncodeToString(small[:]), hex.EncodeToString(out.sum.Sum(nil)))

	// the guide's form still works for small bodies
	rec = httptest.NewRecorder()
	p.ServeHTTP(ctx, &plugin.Context{}, rec, httptest.NewRequest(http.MethodPost, "/small", strings.NewReader("abc")))
	assert.Equal(t, "cba", rec.Body.String())
}
