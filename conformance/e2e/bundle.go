package e2e

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// GoRefPluginID is the id of the Go reference plugin (conformance/goref).
const GoRefPluginID = "com.mmpy.goref"

// BuildGoRefBundle builds the Go reference plugin (conformance/goref) for
// linux/amd64 and packs it with its plugin.json into outDir/<id>.tar.gz, the
// binary at the manifest's server.executables.linux-amd64 path. It returns the
// bundle's path.
func BuildGoRefBundle(ctx context.Context, outDir string) (string, error) {
	return BuildGoBundle(ctx, "conformance/goref", outDir)
}

// BuildGoBundle builds the Go plugin in srcDir (relative to the repo root: a
// main package with its plugin.json) for linux/amd64 and packs it into
// outDir/<id>.tar.gz, the binary at the manifest's
// server.executables.linux-amd64 path. It returns the bundle's path.
func BuildGoBundle(ctx context.Context, srcDir, outDir string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	src := filepath.Join(root, filepath.FromSlash(srcDir))
	manifestData, err := os.ReadFile(filepath.Join(src, "plugin.json"))
	if err != nil {
		return "", err
	}
	var manifest struct {
		ID     string `json:"id"`
		Server struct {
			Executables map[string]string `json:"executables"`
		} `json:"server"`
	}
	if err := json.Unmarshal(manifestData, &manifest); err != nil {
		return "", fmt.Errorf("e2e: %s/plugin.json: %w", srcDir, err)
	}
	exe := manifest.Server.Executables["linux-amd64"]
	if manifest.ID == "" || exe == "" || filepath.IsAbs(exe) || strings.HasPrefix(filepath.Clean(exe), "..") {
		return "", fmt.Errorf("e2e: %s/plugin.json needs an id and a relative server.executables.linux-amd64", srcDir)
	}

	stage, err := os.MkdirTemp("", "mmpy-gobundle-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(stage)
	bin := filepath.Join(stage, "plugin")
	buildCtx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if _, err := runGo(buildCtx, root, goEnv("GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0"),
		"build", "-o", bin, "./"+filepath.ToSlash(filepath.Clean(srcDir))); err != nil {
		return "", fmt.Errorf("e2e: build the Go plugin %s: %w", srcDir, err)
	}

	out := filepath.Join(outDir, manifest.ID+".tar.gz")
	err = writeTarGz(out, []tarEntry{
		{name: manifest.ID + "/plugin.json", data: manifestData, mode: 0o644},
		{name: manifest.ID + "/" + filepath.ToSlash(exe), path: bin, mode: 0o755},
	})
	if err != nil {
		return "", err
	}
	return out, nil
}

// pythonBundleArgs are the go command's arguments that make a Python bundle,
// run from the repo root with `<dir> -o <out>` appended.
var pythonBundleArgs = []string{"run", "./cmd/mmpy", "bundle"}

// BuildPythonBundle packs a Python plugin with `go run ./cmd/mmpy bundle
// <srcDir> -o <out>` from the repo root. srcDir is absolute or relative to the
// repo root. It returns out.
func BuildPythonBundle(ctx context.Context, srcDir, out string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "mmpy")); err != nil {
		return "", fmt.Errorf("e2e: cannot bundle %s: cmd/mmpy is missing (%w)", srcDir, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
	defer cancel()
	args := append(append([]string{}, pythonBundleArgs...), srcDir, "-o", out)
	if _, err := runGo(ctx, root, goEnv(), args...); err != nil {
		return "", fmt.Errorf("e2e: bundle %s: %w", srcDir, err)
	}
	if _, err := os.Stat(out); err != nil {
		return "", fmt.Errorf("e2e: bundle %s: no bundle written: %w", srcDir, err)
	}
	return out, nil
}

type tarEntry struct {
	name string
	data []byte // or:
	path string
	mode int64
}

// writeTarGz writes entries (with their parent directories) to a new tar.gz,
// atomically.
func writeTarGz(out string, entries []tarEntry) (err error) {
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	now := time.Now()
	dirs := map[string]bool{}
	for _, e := range entries {
		parts := strings.Split(e.name, "/")
		for i := 1; i < len(parts); i++ {
			d := strings.Join(parts[:i], "/") + "/"
			if !dirs[d] {
				dirs[d] = true
				if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d, Mode: 0o755, ModTime: now}); err != nil {
					return err
				}
			}
		}
		data := e.data
		if e.path != "" {
			if data, err = os.ReadFile(e.path); err != nil {
				return err
			}
		}
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: e.name, Mode: e.mode, Size: int64(len(data)), ModTime: now}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
