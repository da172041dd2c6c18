package hostile_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mmpy/mmpy/host"
	"github.com/mmpy/mmpy/internal/bundle"
	"github.com/mmpy/mmpy/internal/fakeapi"
	"github.com/mmpy/mmpy/internal/layout"
	"github.com/mmpy/mmpy/internal/manifest"
)

// loadBundle loads a bundle the way `mmpy run` does (cmd/mmpy/run.go): unpack
// it with bundle.Extract into a fresh folder under base, read its manifest
// and start it from the unpacked folder, with the bundle's interpreter
// (mmpy/runtime/) when it ships one (these test bundles do not, to stay small:
// then the test runtime's). On a stock server Mattermost unpacks the bundle
// and the shim starts the same way from the unpacked folder.
func loadBundle(t *testing.T, r *host.Runtime, base, tarball string) (*host.Plugin, error) {
	tmp, err := os.MkdirTemp(base, "unpacked-*")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(tmp) })
	root, err := bundle.Extract(tarball, tmp)
	if err != nil {
		return nil, err
	}
	m, err := manifest.Load(root)
	if err != nil {
		return nil, err
	}
	rtDir := filepath.Join(root, filepath.FromSlash(layout.BundleRuntime))
	if _, err := os.Stat(rtDir); err != nil {
		rtDir = runtimeDir(t)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	p, err := r.Start(ctx, host.Spec{ID: m.ID, RuntimeDir: rtDir, PluginDir: root, Entry: m.Server.Executable,
		API: fakeapi.New(), Logger: slog.New(slog.DiscardHandler)})
	if err == nil {
		t.Cleanup(func() { _ = p.Stop(context.Background()) })
	}
	return p, err
}

// entry is one tar entry; body is written for regular files.
type entry struct {
	h    tar.Header
	body string
}

func file(name, body string) entry {
	return entry{h: tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(body))}, body: body}
}

// probeEntries are the files of host/testdata/probe as bundle entries under p/.
func probeEntries(t *testing.T) []entry {
	var out []entry
	for _, f := range []string{"plugin.json", "server/plugin.py"} {
		b, err := os.ReadFile(filepath.Join(hostTestdata("probe"), filepath.FromSlash(f)))
		require.NoError(t, err)
		out = append(out, file("p/"+f, string(b)))
	}
	return out
}

// writeTarball writes entries as a .tar.gz in dir.
func writeTarball(t *testing.T, dir string, entries []entry) string {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		require.NoError(t, tw.WriteHeader(&e.h))
		if e.h.Typeflag == tar.TypeReg {
			_, err := io.WriteString(tw, e.body)
			require.NoError(t, err)
		}
	}
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	p := filepath.Join(dir, "bundle.tar.gz")
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	return p
}

// writeBomb writes a bundle whose p/server/zeros declares size bytes of
// zeros: a tar prefix, then the same gzip member of 4 MiB of zeros repeated
// (gzip readers read concatenated members as one stream), then the end of the
// archive. 8 GiB of zeros cost ~8 MB of file and little time to make.
func writeBomb(t *testing.T, dir string, size int64) string {
	const chunk = 4 << 20
	require.Zero(t, size%chunk)
	var prefix bytes.Buffer
	tw := tar.NewWriter(&prefix)
	for _, e := range probeEntries(t) {
		require.NoError(t, tw.WriteHeader(&e.h))
		_, err := io.WriteString(tw, e.body)
		require.NoError(t, err)
	}
	require.NoError(t, tw.Flush())
	require.NoError(t, tw.WriteHeader(&tar.Header{Name: "p/server/zeros", Typeflag: tar.TypeReg, Mode: 0o644, Size: size}))
	member := func(b []byte) []byte {
		var out bytes.Buffer
		gz, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
		_, _ = gz.Write(b)
		require.NoError(t, gz.Close())
		return out.Bytes()
	}
	zeros := member(make([]byte, chunk))
	p := filepath.Join(dir, "bomb.tar.gz")
	f, err := os.Create(p)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.Write(member(prefix.Bytes()))
	require.NoError(t, err)
	for i := int64(0); i < size/chunk; i++ {
		_, err = f.Write(zeros)
		require.NoError(t, err)
	}
	_, err = f.Write(member(make([]byte, 1024))) // end of archive
	require.NoError(t, err)
	return p
}

// fileBytes is the total size of the regular files under dir.
func fileBytes(t *testing.T, dir string) int64 {
	var n int64
	require.NoError(t, filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
		return err
	}))
	return n
}

// TestHostileBundles: bundle tarballs that attack the machine that unpacks
// them are refused with an error naming the entry and the reason; nothing
// appears outside the folder they are unpacked into, and the good plugin in
// the same Runtime keeps serving.
func TestHostileBundles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, eng string) {
		r := newRuntime(t, hostileOptions(eng))
		good := startGood(t, r)

		// base/ is where bundles are unpacked (each into its own
		// base/unpacked-*); sentinel/ beside it holds a secret.
		parent := t.TempDir()
		base := filepath.Join(parent, "base")
		sentinel := filepath.Join(parent, "sentinel")
		require.NoError(t, os.Mkdir(base, 0o755))
		require.NoError(t, os.Mkdir(sentinel, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(sentinel, "secret.txt"), []byte("host secret"), 0o600))
		before := snapshot(t, parent, "base")

		t.Run("control", func(t *testing.T) {
			// The same path loads a well-formed bundle.
			p, err := loadBundle(t, r, base, writeTarball(t, t.TempDir(), probeEntries(t)))
			require.NoError(t, err)
			resp, aerr := p.ExecuteCommand(context.Background(), &plugin.Context{}, &model.CommandArgs{Command: "/probe result = 6 * 7"})
			require.Nil(t, aerr)
			assert.Equal(t, "42", resp.Text)
		})

		many := func(n int, mk func(i int) entry) []entry {
			out := probeEntries(t)
			for i := 0; i < n; i++ {
				out = append(out, mk(i))
			}
			return out
		}
		link := func(typ byte, name, target string) entry {
			return entry{h: tar.Header{Name: name, Typeflag: typ, Linkname: target, Mode: 0o777}}
		}
		cases := []struct {
			name    string
			entries []entry
			bomb    int64 // bytes of zeros in a decompression bomb instead of entries
			want    string
		}{
			{name: "dotdot", entries: append(probeEntries(t), file("p/../../sentinel/evil", "pwned")),
				want: `entry "p/../../sentinel/evil" escapes the bundle folder`},
			{name: "dotdot-first", entries: []entry{file("../sentinel/evil", "pwned")},
				want: `entry "../sentinel/evil" escapes the bundle folder`},
			{name: "absolute", entries: append(probeEntries(t), file(filepath.Join(sentinel, "evil"), "pwned")),
				want: fmt.Sprintf("entry %q escapes the bundle folder", filepath.Join(sentinel, "evil"))},
			{name: "symlink-out", entries: append(probeEntries(t), link(tar.TypeSymlink, "p/server/secret", filepath.Join(sentinel, "secret.txt"))),
				want: fmt.Sprintf(`entry "p/server/secret" is a symbolic link (to %q): bundles may hold only regular files and folders`, filepath.Join(sentinel, "secret.txt"))},
			// A folder that is a symlink out, then a file written "into" it.
			{name: "symlink-dir-write", entries: append(probeEntries(t), link(tar.TypeSymlink, "p/server/out", "../../../sentinel"), file("p/server/out/evil", "pwned")),
				want: `entry "p/server/out" is a symbolic link (to "../../../sentinel")`},
			{name: "hardlink", entries: append(probeEntries(t), link(tar.TypeLink, "p/server/secret", filepath.Join(sentinel, "secret.txt"))),
				want: fmt.Sprintf(`entry "p/server/secret" is a hard link (to %q)`, filepath.Join(sentinel, "secret.txt"))},
			{name: "chardev", entries: append(probeEntries(t), entry{h: tar.Header{Name: "p/server/null", Typeflag: tar.TypeChar, Devmajor: 1, Devminor: 3, Mode: 0o666}}),
				want: `entry "p/server/null" is a character device`},
			{name: "blockdev", entries: append(probeEntries(t), entry{h: tar.Header{Name: "p/server/sda", Typeflag: tar.TypeBlock, Devmajor: 8, Mode: 0o666}}),
				want: `entry "p/server/sda" is a block device`},
			{name: "fifo", entries: append(probeEntries(t), entry{h: tar.Header{Name: "p/server/fifo", Typeflag: tar.TypeFifo, Mode: 0o666}}),
				want: `entry "p/server/fifo" is a FIFO (named pipe)`},
			{name: "duplicate", entries: append(probeEntries(t), file("p/plugin.json", `{"id": "other"}`)),
				want: `entry "p/plugin.json" appears twice`},
			{name: "bomb", bomb: 8 << 30,
				want: fmt.Sprintf(`entry "p/server/zeros" is %d bytes, more than the 511 MB left of the 512 MB a bundle may unpack to (a decompression bomb?)`, int64(8<<30))},
			{name: "many-files", entries: many(bundle.MaxExtractFiles, func(i int) entry { return file(fmt.Sprintf("p/f/%d", i), "") }),
				want: fmt.Sprintf(`more than %d files and folders (at entry "p/f/%d")`, bundle.MaxExtractFiles, bundle.MaxExtractFiles-2)},
			{name: "many-folders", entries: many(bundle.MaxExtractFiles, func(i int) entry {
				return entry{h: tar.Header{Name: fmt.Sprintf("p/d/%d/", i), Typeflag: tar.TypeDir, Mode: 0o755}}
			}), want: fmt.Sprintf(`more than %d files and folders (at entry "p/d/%d/")`, bundle.MaxExtractFiles, bundle.MaxExtractFiles-2)},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				pg := startPinger(good)
				var tarball string
				if c.bomb > 0 {
					tarball = writeBomb(t, t.TempDir(), c.bomb)
				} else {
					tarball = writeTarball(t, t.TempDir(), c.entries)
				}
				_, err := loadBundle(t, r, base, tarball)
				require.Error(t, err)
				assert.Contains(t, err.Error(), c.want)
				assert.Contains(t, err.Error(), tarball, "the error names the bundle")
				assert.Equal(t, before, snapshot(t, parent, "base"), "nothing outside the unpack folder changed")
				assert.Less(t, fileBytes(t, base), int64(1<<20), "nothing big was written")
				pg.finish(t)
			})
		}
	})
}
