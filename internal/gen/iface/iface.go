// Package iface reads Mattermost's plugin.API and plugin.Hooks interfaces
// (server/public/plugin/api.go and hooks.go) with go/parser and describes
// every method: name, parameters, results, doc comment, @tag and "Minimum
// server version". It is the single source of truth for the lists the mmpy
// generator and coverage tests use (the way Mattermost's own
// interface_generator reads the same files).
package iface

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Param is one parameter or result.
type Param struct {
	Name string `json:"name,omitempty"`
	Type string `json:"type"`
}

// Method is one method of plugin.API or plugin.Hooks.
type Method struct {
	Name             string  `json:"name"`
	ID               *int    `json:"id,omitempty"` // hooks only: the append-only hook id
	Doc              string  `json:"doc"`
	Tag              string  `json:"tag,omitempty"`
	MinServerVersion string  `json:"min_server_version"`
	Params           []Param `json:"params"`
	Results          []Param `json:"results"`
}

// Interface is the described plugin interface of one server/public version.
type Interface struct {
	Module  string   `json:"module"`
	Version string   `json:"version"`
	API     []Method `json:"api"`
	Hooks   []Method `json:"hooks"`
}

var (
	minVersionRe = regexp.MustCompile(`(?m)^\s*Minimum server version:\s*(\S+)\s*$`)
	tagRe        = regexp.MustCompile(`(?m)^\s*@tag\s+(.+?)\s*$`)
	hookIDRe     = regexp.MustCompile(`^(\w+)ID$`)
)

// Read parses pluginDir (the server/public/plugin folder).
func Read(pluginDir, module, version string) (*Interface, error) {
	fset := token.NewFileSet()
	out := &Interface{Module: module, Version: version}
	api, err := readInterface(fset, filepath.Join(pluginDir, "api.go"), "API")
	if err != nil {
		return nil, err
	}
	hooks, err := readInterface(fset, filepath.Join(pluginDir, "hooks.go"), "Hooks")
	if err != nil {
		return nil, err
	}
	ids, err := readHookIDs(fset, filepath.Join(pluginDir, "hooks.go"))
	if err != nil {
		return nil, err
	}
	for i := range hooks {
		if hooks[i].Name == "Implemented" {
			continue // metadata, not a hook
		}
		id, ok := ids[hooks[i].Name]
		if !ok {
			return nil, fmt.Errorf("hooks.go: hook %s has no %sID constant", hooks[i].Name, hooks[i].Name)
		}
		hooks[i].ID = &id
		out.Hooks = append(out.Hooks, hooks[i])
	}
	sort.Slice(out.Hooks, func(a, b int) bool { return *out.Hooks[a].ID < *out.Hooks[b].ID })
	out.API = api
	return out, nil
}

func readInterface(fset *token.FileSet, file, name string) ([]Method, error) {
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var it *ast.InterfaceType
	ast.Inspect(f, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == name {
			it, _ = ts.Type.(*ast.InterfaceType)
			return false
		}
		return it == nil
	})
	if it == nil {
		return nil, fmt.Errorf("%s: interface %s not found", file, name)
	}
	var out []Method
	for _, field := range it.Methods.List {
		ft, ok := field.Type.(*ast.FuncType)
		if !ok || len(field.Names) == 0 {
			return nil, fmt.Errorf("%s: %s embeds an interface; the generator expects plain methods", file, name)
		}
		doc := ""
		if field.Doc != nil {
			doc = field.Doc.Text()
		}
		m := Method{Name: field.Names[0].Name, Doc: strings.TrimSpace(doc)}
		if g := minVersionRe.FindStringSubmatch(doc); g != nil {
			m.MinServerVersion = g[1]
		} else {
			return nil, fmt.Errorf("%s: %s.%s has no \"Minimum server version:\" line", file, name, m.Name)
		}
		if g := tagRe.FindStringSubmatch(doc); g != nil {
			m.Tag = g[1]
		}
		m.Params = params(fset, ft.Params)
		m.Results = params(fset, ft.Results)
		out = append(out, m)
	}
	return out, nil
}

func params(fset *token.FileSet, fl *ast.FieldList) []Param {
	out := []Param{}
	if fl == nil {
		return out
	}
	for _, f := range fl.List {
		var buf bytes.Buffer
		_ = printer.Fprint(&buf, fset, f.Type)
		if len(f.Names) == 0 {
			out = append(out, Param{Type: buf.String()})
			continue
		}
		for _, n := range f.Names {
			out = append(out, Param{Name: n.Name, Type: buf.String()})
		}
	}
	return out
}

// readHookIDs reads the `XxxID = n` constants (iota-based) of hooks.go.
func readHookIDs(fset *token.FileSet, file string) (map[string]int, error) {
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		return nil, err
	}
	ids := map[string]int{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		iota := 0
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			if len(vs.Values) == 1 {
				switch v := vs.Values[0].(type) {
				case *ast.BasicLit:
					n, err := strconv.Atoi(v.Value)
					if err == nil {
						iota = n
					}
				case *ast.Ident:
					if v.Name != "iota" {
						continue
					}
				}
			}
			for _, n := range vs.Names {
				if g := hookIDRe.FindStringSubmatch(n.Name); g != nil {
					ids[g[1]] = iota
				}
			}
			iota++
		}
	}
	return ids, nil
}
