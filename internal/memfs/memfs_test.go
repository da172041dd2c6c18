package memfs

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFSConformance(t *testing.T) {
	f, err := New(map[string][]byte{
		"lib/python313.zip":   []byte("zipdata"),
		"lib/pkg/__init__.py": []byte("x = 1\n"),
		"top.txt":             []byte("top"),
	}, "lib/python3.13/lib-dynload")
	require.NoError(t, err)
	require.NoError(t, fstest.TestFS(f, "lib/python313.zip", "lib/pkg/__init__.py", "top.txt", "lib/python3.13/lib-dynload"))
	assert.Equal(t, int64(len("zipdata")+len("x = 1\n")+len("top")), f.Size())
}

func TestSeekAndReadAt(t *testing.T) {
	f, err := New(map[string][]byte{"a/b": []byte("0123456789")})
	require.NoError(t, err)
	file, err := f.Open("a/b")
	require.NoError(t, err)
	defer file.Close()
	ra := file.(io.ReaderAt)
	buf := make([]byte, 3)
	n, err := ra.ReadAt(buf, 7)
	require.NoError(t, err)
	assert.Equal(t, "789", string(buf[:n]))
	pos, err := file.(io.Seeker).Seek(-4, io.SeekEnd)
	require.NoError(t, err)
	assert.Equal(t, int64(6), pos)
	rest, err := io.ReadAll(file)
	require.NoError(t, err)
	assert.Equal(t, "6789", string(rest))

	dir, err := f.Open("a")
	require.NoError(t, err)
	entries, err := dir.(fs.ReadDirFile).ReadDir(-1)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	_, err = dir.(io.Seeker).Seek(0, io.SeekStart)
	require.NoError(t, err, "a directory rewinds")
	again, err := dir.(fs.ReadDirFile).ReadDir(1)
	require.NoError(t, err)
	assert.Equal(t, "b", again[0].Name())
	_, err = dir.(fs.ReadDirFile).ReadDir(1)
	assert.ErrorIs(t, err, io.EOF)
}

func TestNewRejectsConflicts(t *testing.T) {
	_, err := New(map[string][]byte{"a": []byte("file"), "a/b": []byte("child")})
	assert.ErrorContains(t, err, "both a file and a directory")
	_, err = New(map[string][]byte{"../x": nil})
	assert.ErrorContains(t, err, "invalid file path")
	_, err = New(nil, "/abs")
	assert.ErrorContains(t, err, "invalid directory path")
}

func zipOf(t *testing.T, method uint16, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		require.NoError(t, err)
		_, err = w.Write([]byte(data))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestFromZip(t *testing.T) {
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		data := zipOf(t, method, map[string]string{"plugin.json": "{}", "server/plugin.py": "print(1)\n", "empty/": ""})
		f, err := FromZip(data)
		require.NoError(t, err)
		b, err := fs.ReadFile(f, "server/plugin.py")
		require.NoError(t, err)
		assert.Equal(t, "print(1)\n", string(b))
		st, err := fs.Stat(f, "empty")
		require.NoError(t, err)
		assert.True(t, st.IsDir())
	}
	_, err := FromZip([]byte("not a zip"))
	assert.Error(t, err)
}

func TestFromZipBomb(t *testing.T) {
	old := MaxZipBytes
	MaxZipBytes = 100
	defer func() { MaxZipBytes = old }()
	_, err := FromZip(zipOf(t, zip.Deflate, map[string]string{"big": string(bytes.Repeat([]byte("a"), 1000))}))
	assert.ErrorContains(t, err, "expands past")
}
