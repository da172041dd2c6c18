// Package layout names the files of a runtime directory and of a plugin
// bundle, so the bundler, the shim and the CLI agree on one layout.
//
// Runtime directory (output of `make runtime`, default build/runtime):
//
//	python.wasm               CPython 3.13 for wasm32-wasi with the _mmpy module
//	lib/python313.zip         the trimmed, precompiled standard library
//	lib/mmpy-site.zip         the mattermost_plugin SDK and its pure-Python deps
//	shim/mmpy-shim-OS-ARCH    the shim plugin executables
//	BUILDINFO.json            versions and hashes of the above
//
// Bundle (a tar.gz the server installs), under a top folder named after the
// plugin id:
//
//	plugin.json                      the author's manifest + server.executables
//	server/plugin.py ...             the author's files
//	server/dist/mmpy-shim-OS-ARCH    the shim, one per platform
//	mmpy/runtime/...                 the runtime directory without shim/
//
// or, for a bundle made with --artifact (or of a plugin with dependencies),
// instead of mmpy/runtime/:
//
//	mmpy/plugin.wasm                 the one-file artifact (`mmpy build`)
package layout

import (
	"os"
	"path/filepath"
)

// Files and folders of a runtime directory.
const (
	PythonWasm = "python.wasm"
	StdlibZip  = "lib/python313.zip"
	SiteZip    = "lib/mmpy-site.zip"
	ShimDir    = "shim"
	BuildInfo  = "BUILDINFO.json"
)

// Places inside a bundle.
const (
	BundleRuntime  = "mmpy/runtime"
	BundleShimDir  = "server/dist"
	BundleArtifact = "mmpy/plugin.wasm"
)

// ArtifactIn returns the path of the one-file artifact in the bundle rooted
// at root, or "" when the bundle carries the loose runtime instead. Its
// result is meant for host.Spec.Artifact, which then takes precedence over
// RuntimeDir and PluginDir.
func ArtifactIn(root string) string {
	p := filepath.Join(root, filepath.FromSlash(BundleArtifact))
	if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
		return p
	}
	return ""
}

// Platforms the bundle carries a shim for.
var Platforms = []string{"linux-amd64", "linux-arm64"}

// ShimName is the file name of the shim for a platform ("linux-amd64").
func ShimName(platform string) string { return "mmpy-shim-" + platform }

// FindPluginRoot walks up from dir to the folder holding plugin.json.
func FindPluginRoot(dir string) (string, bool) {
	for i := 0; i < 6; i++ {
		if _, err := os.Stat(filepath.Join(dir, "plugin.json")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", false
}

// CompileCacheDir is where compiled guest code is cached across processes:
// $MMPY_CACHE_DIR, else <user cache dir>/mmpy/compile, else a folder in the
// temp dir (a server user without a home still gets a cache).
func CompileCacheDir() string {
	if d := os.Getenv("MMPY_CACHE_DIR"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "mmpy", "compile")
	}
	return filepath.Join(os.TempDir(), "mmpy-compile-cache")
}

// BundleScratch is the plugin's writable scratch directory inside its
// installed folder (mounted at /scratch in the guest).
const BundleScratch = "mmpy/scratch"

// ScratchDir returns (creating it) the scratch directory of the plugin
// installed in root: root/mmpy/scratch, or, if that folder cannot be
// created, a folder named after the plugin id in the temp dir.
func ScratchDir(root, id string) (string, error) {
	d := filepath.Join(root, filepath.FromSlash(BundleScratch))
	if err := os.MkdirAll(d, 0o700); err == nil {
		return d, nil
	}
	d = filepath.Join(os.TempDir(), "mmpy-scratch", id)
	return d, os.MkdirAll(d, 0o700)
}
