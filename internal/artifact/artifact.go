// Package artifact is the format of a one-file plugin artifact (plugin.wasm,
// made by `mmpy build`): the runtime's python.wasm, byte for byte, followed
// by custom sections that carry everything else the guest needs.
//
//	mmpy.artifact    JSON Info: plugin id, entry point, Python path, dependencies
//	mmpy.manifest    the plugin's plugin.json
//	mmpy.fs.stdlib   lib/python313.zip (the standard library)
//	mmpy.fs.site     lib/mmpy-site.zip (the SDK and protobuf)
//	mmpy.fs.deps     zip of the vendored site-packages tree (may be empty)
//	mmpy.fs.plugin   zip of the plugin's files (its root, plugin.json included)
//
// The host strips these sections before compiling (Split), so every artifact
// built from the same runtime compiles to the same module as python.wasm
// itself and shares its compilation cache entry. The guest sees the sections
// as read-only file systems (Open): /usr/local holds lib/python313.zip,
// lib/mmpy-site.zip and lib/python3.13/site-packages/ (the dependencies);
// /plugin holds the plugin's files.
package artifact

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/mmpy/mmpy/internal/memfs"
	"github.com/mmpy/mmpy/internal/wasmsec"
)

// Custom section names.
const (
	SecInfo     = "mmpy.artifact"
	SecManifest = "mmpy.manifest"
	SecStdlib   = "mmpy.fs.stdlib"
	SecSite     = "mmpy.fs.site"
	SecDeps     = "mmpy.fs.deps"
	SecPlugin   = "mmpy.fs.plugin"
)

// Format is the version of the section layout this package reads and writes.
const Format = 1

// Guest paths of the files an artifact provides, under wasi.RuntimeMount.
const (
	StdlibFile   = "lib/python313.zip"
	SiteFile     = "lib/mmpy-site.zip"
	SitePackages = "lib/python3.13/site-packages"
	LibDynload   = "lib/python3.13/lib-dynload"
)

// Dependency is one vendored distribution.
type Dependency struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Info describes an artifact (section mmpy.artifact).
type Info struct {
	Format         int          `json:"format"`
	ID             string       `json:"id"`
	Version        string       `json:"version"`
	Entry          string       `json:"entry"` // server.executable, relative to the plugin root
	Python         string       `json:"python"`
	DependencyMode string       `json:"dependency_mode"`
	Dependencies   []Dependency `json:"dependencies,omitempty"`
}

// Parts are the contents of an artifact.
type Parts struct {
	Interpreter []byte // python.wasm of the runtime
	Info        Info
	Manifest    []byte // plugin.json
	Stdlib      []byte // python313.zip
	Site        []byte // mmpy-site.zip
	Deps        []byte // zip of site-packages ("" = no dependencies)
	Plugin      []byte // zip of the plugin root
}

// Sizes breaks an artifact's size down by part (bytes in the file).
type Sizes struct {
	Interpreter, Stdlib, SDK, Deps, Plugin, Metadata, Total int64
}

func (s Sizes) String() string {
	mb := func(n int64) string {
		if n < 1e6 {
			return fmt.Sprintf("%.1f kB", float64(n)/1e3)
		}
		return fmt.Sprintf("%.2f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("interpreter %s, stdlib %s, SDK %s, dependencies %s, plugin %s, metadata %s; total %s",
		mb(s.Interpreter), mb(s.Stdlib), mb(s.SDK), mb(s.Deps), mb(s.Plugin), mb(s.Metadata), mb(s.Total))
}

// IsSection reports whether name is one of the sections an artifact adds to
// python.wasm (what the host strips before compiling).
func IsSection(name string) bool {
	return name == SecInfo || name == SecManifest || strings.HasPrefix(name, "mmpy.fs.")
}

// Assemble encodes the parts into one module.
func Assemble(p Parts) ([]byte, Sizes, error) {
	if p.Info.Format == 0 {
		p.Info.Format = Format
	}
	base, extra, err := wasmsec.Split(p.Interpreter, IsSection)
	if err != nil {
		return nil, Sizes{}, fmt.Errorf("interpreter: %w", err)
	}
	if len(extra) > 0 {
		return nil, Sizes{}, errors.New("interpreter: python.wasm already carries artifact sections: pass the runtime's python.wasm, not an artifact")
	}
	info, err := json.Marshal(p.Info)
	if err != nil {
		return nil, Sizes{}, err
	}
	secs := []wasmsec.Section{
		{Name: SecInfo, Data: info},
		{Name: SecManifest, Data: p.Manifest},
		{Name: SecStdlib, Data: p.Stdlib},
		{Name: SecSite, Data: p.Site},
		{Name: SecDeps, Data: p.Deps},
		{Name: SecPlugin, Data: p.Plugin},
	}
	out, err := wasmsec.Append(base, secs...)
	if err != nil {
		return nil, Sizes{}, err
	}
	size := func(s wasmsec.Section) int64 {
		return int64(len(wasmsec.AppendSection(nil, wasmsec.Section{Name: s.Name}))) + int64(len(s.Data))
	}
	sz := Sizes{
		Interpreter: int64(len(base)),
		Stdlib:      size(secs[2]),
		SDK:         size(secs[3]),
		Deps:        size(secs[4]),
		Plugin:      size(secs[5]),
		Total:       int64(len(out)),
	}
	sz.Metadata = sz.Total - sz.Interpreter - sz.Stdlib - sz.SDK - sz.Deps - sz.Plugin
	return out, sz, nil
}

// Split separates an artifact into the bare interpreter module (identical to
// the runtime's python.wasm it was built from) and its parts. The parts'
// byte slices alias data.
func Split(data []byte) (base []byte, p Parts, err error) {
	base, secs, err := wasmsec.Split(data, IsSection)
	if err != nil {
		return nil, Parts{}, err
	}
	seen := map[string]bool{}
	for _, s := range secs {
		if seen[s.Name] {
			return nil, Parts{}, fmt.Errorf("section %s appears twice: the artifact is corrupt; rebuild it with `mmpy build`", s.Name)
		}
		seen[s.Name] = true
		switch s.Name {
		case SecInfo:
			if err := json.Unmarshal(s.Data, &p.Info); err != nil {
				return nil, Parts{}, fmt.Errorf("section %s: %w", SecInfo, err)
			}
		case SecManifest:
			p.Manifest = s.Data
		case SecStdlib:
			p.Stdlib = s.Data
		case SecSite:
			p.Site = s.Data
		case SecDeps:
			p.Deps = s.Data
		case SecPlugin:
			p.Plugin = s.Data
		default:
			return nil, Parts{}, fmt.Errorf("unknown artifact section %s: this host is older than the artifact; upgrade the host or rebuild the artifact", s.Name)
		}
	}
	if !seen[SecInfo] {
		return nil, Parts{}, errors.New("no mmpy.artifact section: this is a bare python.wasm, not a plugin artifact; build one with `mmpy build DIR -o plugin.wasm`")
	}
	if p.Info.Format != Format {
		return nil, Parts{}, fmt.Errorf("artifact format %d, this host reads format %d: rebuild the artifact with this mmpy release", p.Info.Format, Format)
	}
	for _, need := range []string{SecStdlib, SecSite, SecPlugin} {
		if !seen[need] {
			return nil, Parts{}, fmt.Errorf("artifact has no %s section: rebuild it with `mmpy build`", need)
		}
	}
	if p.Info.Entry == "" {
		return nil, Parts{}, errors.New("artifact names no entry point (mmpy.artifact entry): rebuild it with `mmpy build`")
	}
	base = base[:len(base):len(base)]
	return base, p, nil
}

// IsArtifact reports whether data is a WebAssembly module with an
// mmpy.artifact section.
func IsArtifact(data []byte) bool {
	_, secs, err := wasmsec.Split(data, func(n string) bool { return n == SecInfo })
	return err == nil && len(secs) == 1
}

// FileSystems builds the guest's read-only trees from an artifact's parts:
// the interpreter prefix (mounted at /usr/local) and the plugin root
// (mounted at /plugin).
func FileSystems(p Parts) (runtime, plugin *memfs.FS, err error) {
	if runtime, err = RuntimeFS(p); err != nil {
		return nil, nil, err
	}
	if plugin, err = PluginFS(p); err != nil {
		return nil, nil, err
	}
	return runtime, plugin, nil
}

// RuntimeFS is the interpreter prefix: Stdlib and Site served as files,
// unchanged, and the dependencies unpacked under SitePackages.
func RuntimeFS(p Parts) (*memfs.FS, error) {
	files := map[string][]byte{StdlibFile: p.Stdlib, SiteFile: p.Site}
	dirs := []string{LibDynload, SitePackages}
	if len(p.Deps) > 0 {
		df, dd, err := memfs.ReadZip(p.Deps)
		if err != nil {
			return nil, fmt.Errorf("section %s: %w", SecDeps, err)
		}
		for name, b := range df {
			files[SitePackages+"/"+name] = b
		}
		for _, d := range dd {
			dirs = append(dirs, SitePackages+"/"+d)
		}
	}
	f, err := memfs.New(files, dirs...)
	if err != nil {
		return nil, fmt.Errorf("section %s: %w", SecDeps, err)
	}
	return f, nil
}

// PluginFS is the plugin's root folder.
func PluginFS(p Parts) (*memfs.FS, error) {
	f, err := memfs.FromZip(p.Plugin)
	if err != nil {
		return nil, fmt.Errorf("section %s: %w", SecPlugin, err)
	}
	return f, nil
}
