// Package ir turns Mattermost's plugin.API and plugin.Hooks (read with
// go/packages, so every type is resolved) into the description every mmpy
// emitter works from: each method's parameters and results with their wire
// kind, and every model type reachable from the signatures with its JSON
// fields. It is the one source of truth for the proto, the Go glue and the
// Python client, models and hook table (see docs/RATIONALE.md, "Generated
// parity").
package ir

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/tools/go/packages"

	"github.com/mmpy/mmpy/internal/gen/iface"
)

// Kind is how one parameter or result crosses the ABI.
type Kind int

// Wire kinds. Scalars travel as proto scalars; everything else (models,
// slices of models, maps, any) travels as the JSON encoding Mattermost's own
// REST API uses for the same type.
const (
	KString Kind = iota
	KBool
	KInt   // int, int64 (proto int64)
	KInt32 // int32 (proto int32)
	KFloat // float64 (proto double)
	KBytes // []byte
	KStrings
	KJSON
	KReader         // io.Reader: the bytes, buffered (bounded by the host's MaxMessage)
	KWriter         // io.Writer (FileWillBeUploaded's output)
	KHTTPRequest    // *http.Request
	KHTTPResponse   // *http.Response
	KResponseWriter // http.ResponseWriter
	KVarArgs        // ...any (Log*): a JSON array of alternating keys and values
	KError          // error
	KAppError       // *model.AppError
)

// Value is one parameter or result.
type Value struct {
	GoName string // Go parameter name ("" for unnamed results)
	Name   string // snake_case: proto field and Python parameter name
	GoType string // Go type expression as written in the interface
	Kind   Kind
	Py     *PyType    // Python type (JSON values, scalars)
	Type   types.Type // resolved Go type
	Ptr    bool       // Go type is a pointer, slice or map (may be nil)
	// Out marks an out-parameter (LoadPluginConfiguration's `dest any`): the
	// host passes a *map[string]any and returns what the method stored there.
	Out bool
}

// Method is one method of plugin.API or one hook of plugin.Hooks.
type Method struct {
	Name             string
	Snake            string
	Doc              string
	Tag              string
	MinServerVersion string
	HookID           int // hooks only
	Hook             bool
	Params           []Value
	Results          []Value // without the error result
	Err              Kind    // KError, KAppError, or -1 when there is no error result
}

// HasErr tells whether the method has an error result.
func (m *Method) HasErr() bool { return m.Err == KError || m.Err == KAppError }

// PyKind is a Python type constructor.
type PyKind int

// Python type kinds.
const (
	PyStr PyKind = iota
	PyBool
	PyInt
	PyFloat
	PyBytes // JSON: base64 string
	PyAny
	PyList
	PyDict
	PyOpt
	PyModel
)

// PyType is the Python type of a value decoded from JSON.
type PyType struct {
	Kind  PyKind
	Elem  *PyType
	Model *Model
}

// Field is one JSON field of a model.
type Field struct {
	GoName    string
	JSON      string
	Py        string // Python attribute name
	Doc       string
	OmitEmpty bool
	Type      *PyType
	GoType    types.Type
	// ViaPointer names the embedded struct pointer the field is promoted
	// from (e.g. "PostList" in PostSearchResults): encoding/json writes such
	// fields only when the pointer is not nil, so the encoder writes the
	// group only when one of its fields is set.
	ViaPointer string
}

// Model is a Go struct type reachable from the interface, as a Python
// dataclass.
type Model struct {
	GoName string // e.g. "model.User"
	Name   string // Python class name
	Doc    string
	Fields []Field
	Named  *types.Named
}

// IR is the whole description.
type IR struct {
	Module, Version string
	API, Hooks      []*Method
	Models          []*Model // sorted by Python name
	// PluginPkg is the type-checked server/public/plugin package (the shim
	// emitter reads the RPC server's method set from it).
	PluginPkg *types.Package
	byName    map[string]*Model
	byType    map[*types.Named]*Model
	docs      map[string]typeDocs // package path -> docs
}

type typeDocs struct {
	types  map[string]string
	fields map[string]map[string]string
}

// Load resolves the interface described by it (from iface.Read) against the
// packages of module at the version in go.mod. dir is the repository root.
func Load(dir string, it *iface.Interface) (*IR, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:  dir,
	}
	pluginPath := it.Module + "/plugin"
	modelPath := it.Module + "/model"
	pkgs, err := packages.Load(cfg, pluginPath, modelPath)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", pluginPath, err)
	}
	out := &IR{Module: it.Module, Version: it.Version, byName: map[string]*Model{}, byType: map[*types.Named]*Model{}, docs: map[string]typeDocs{}}
	var plug *packages.Package
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("load %s: %v", p.PkgPath, p.Errors[0])
		}
		out.docs[p.PkgPath] = collectDocs(p)
		if p.PkgPath == pluginPath {
			plug = p
		}
	}
	if plug == nil {
		return nil, fmt.Errorf("package %s not loaded", pluginPath)
	}
	out.PluginPkg = plug.Types
	for _, spec := range []struct {
		iface   string
		methods []iface.Method
		hook    bool
		dst     *[]*Method
	}{{"API", it.API, false, &out.API}, {"Hooks", it.Hooks, true, &out.Hooks}} {
		obj := plug.Types.Scope().Lookup(spec.iface)
		if obj == nil {
			return nil, fmt.Errorf("%s.%s not found", pluginPath, spec.iface)
		}
		ifc, ok := obj.Type().Underlying().(*types.Interface)
		if !ok {
			return nil, fmt.Errorf("%s.%s is not an interface", pluginPath, spec.iface)
		}
		sigs := map[string]*types.Signature{}
		for i := 0; i < ifc.NumMethods(); i++ {
			m := ifc.Method(i)
			sigs[m.Name()] = m.Type().(*types.Signature)
		}
		for _, d := range spec.methods {
			sig, ok := sigs[d.Name]
			if !ok {
				return nil, fmt.Errorf("%s.%s: method %s in the parsed interface but not in the type-checked one", pluginPath, spec.iface, d.Name)
			}
			m, err := out.method(d, sig, spec.hook)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", spec.iface, d.Name, err)
			}
			*spec.dst = append(*spec.dst, m)
		}
	}
	sort.Slice(out.Models, func(a, b int) bool { return out.Models[a].Name < out.Models[b].Name })
	return out, nil
}

func collectDocs(p *packages.Package) typeDocs {
	d := typeDocs{types: map[string]string{}, fields: map[string]map[string]string{}}
	for _, f := range p.Syntax {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, s := range gd.Specs {
				ts, ok := s.(*ast.TypeSpec)
				if !ok {
					continue
				}
				doc := ts.Doc
				if doc == nil && len(gd.Specs) == 1 {
					doc = gd.Doc
				}
				if doc != nil {
					d.types[ts.Name.Name] = strings.TrimSpace(doc.Text())
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					continue
				}
				fd := map[string]string{}
				for _, fl := range st.Fields.List {
					text := ""
					if fl.Doc != nil {
						text = fl.Doc.Text()
					} else if fl.Comment != nil {
						text = fl.Comment.Text()
					}
					for _, n := range fl.Names {
						fd[n.Name] = strings.TrimSpace(text)
					}
				}
				d.fields[ts.Name.Name] = fd
			}
		}
	}
	return d
}

func (ir *IR) method(d iface.Method, sig *types.Signature, hook bool) (*Method, error) {
	m := &Method{Name: d.Name, Snake: Snake(d.Name), Doc: d.Doc, Tag: d.Tag, MinServerVersion: d.MinServerVersion, Hook: hook, Err: -1}
	if d.ID != nil {
		m.HookID = *d.ID
	}
	used := map[string]bool{}
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		t := p.Type()
		goType := d.Params[i].Type
		if sig.Variadic() && i == sig.Params().Len()-1 {
			goType = d.Params[i].Type
		}
		v, err := ir.value(p.Name(), goType, t, sig.Variadic() && i == sig.Params().Len()-1)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", p.Name(), err)
		}
		if !hook && goType == "any" && p.Name() == "dest" {
			// an out-parameter: the method decodes into it (plugin configuration)
			v.Out = true
			v.Py = &PyType{Kind: PyDict, Elem: &PyType{Kind: PyAny}}
			m.Results = append(m.Results, v)
			continue
		}
		v.Name = uniqueName(v.Name, used)
		m.Params = append(m.Params, v)
	}
	res := sig.Results()
	for i := 0; i < res.Len(); i++ {
		r := res.At(i)
		v, err := ir.value(r.Name(), d.Results[i].Type, r.Type(), false)
		if err != nil {
			return nil, fmt.Errorf("result %d: %w", i, err)
		}
		if v.Kind == KError || v.Kind == KAppError {
			if i != res.Len()-1 {
				return nil, fmt.Errorf("error result %d is not the last one", i)
			}
			m.Err = v.Kind
			continue
		}
		if r.Name() == "" {
			v.Name = resultName(len(m.Results))
		}
		m.Results = append(m.Results, v)
	}
	usedR := map[string]bool{}
	for i := range m.Results {
		m.Results[i].Name = uniqueName(m.Results[i].Name, usedR)
	}
	return m, nil
}

func resultName(i int) string {
	if i == 0 {
		return "result"
	}
	return fmt.Sprintf("result%d", i+1)
}

func uniqueName(n string, used map[string]bool) string {
	base := n
	for i := 2; used[n]; i++ {
		n = fmt.Sprintf("%s%d", base, i)
	}
	used[n] = true
	return n
}

func (ir *IR) value(name, goType string, t types.Type, variadic bool) (Value, error) {
	v := Value{GoName: name, Name: SnakeParam(name), GoType: goType, Type: t}
	switch goType {
	case "error":
		v.Kind = KError
		return v, nil
	case "*model.AppError":
		v.Kind = KAppError
		return v, nil
	case "io.Reader":
		v.Kind, v.Py = KReader, &PyType{Kind: PyBytes}
		return v, nil
	case "io.Writer":
		v.Kind = KWriter
		return v, nil
	case "*http.Request":
		v.Kind, v.Ptr = KHTTPRequest, true
		return v, nil
	case "*http.Response":
		v.Kind, v.Ptr = KHTTPResponse, true
		return v, nil
	case "http.ResponseWriter":
		v.Kind = KResponseWriter
		return v, nil
	}
	if variadic {
		v.Kind, v.Py = KVarArgs, &PyType{Kind: PyAny}
		return v, nil
	}
	switch u := t.(type) {
	case *types.Basic:
		switch {
		case u.Kind() == types.String:
			v.Kind, v.Py = KString, &PyType{Kind: PyStr}
			return v, nil
		case u.Kind() == types.Bool:
			v.Kind, v.Py = KBool, &PyType{Kind: PyBool}
			return v, nil
		case u.Kind() == types.Int || u.Kind() == types.Int64:
			v.Kind, v.Py = KInt, &PyType{Kind: PyInt}
			return v, nil
		case u.Kind() == types.Int32:
			v.Kind, v.Py = KInt32, &PyType{Kind: PyInt}
			return v, nil
		case u.Kind() == types.Float64:
			v.Kind, v.Py = KFloat, &PyType{Kind: PyFloat}
			return v, nil
		}
	case *types.Slice:
		if b, ok := u.Elem().(*types.Basic); ok && b.Kind() == types.Byte {
			v.Kind, v.Py, v.Ptr = KBytes, &PyType{Kind: PyBytes}, true
			return v, nil
		}
		if b, ok := u.Elem().(*types.Basic); ok && b.Kind() == types.String {
			v.Kind, v.Py, v.Ptr = KStrings, &PyType{Kind: PyList, Elem: &PyType{Kind: PyStr}}, true
			return v, nil
		}
	}
	v.Kind = KJSON
	v.Py = ir.pyType(t)
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Interface:
		v.Ptr = true
	}
	return v, nil
}

var (
	timeType = "time.Time"
	rawJSON  = "encoding/json.RawMessage"
)

// pyType maps a Go type to the Python type of its JSON form.
func (ir *IR) pyType(t types.Type) *PyType {
	switch u := t.(type) {
	case *types.Named:
		full := u.Obj().Name()
		if u.Obj().Pkg() != nil {
			full = u.Obj().Pkg().Path() + "." + full
		}
		switch full {
		case timeType:
			return &PyType{Kind: PyStr}
		case rawJSON:
			return &PyType{Kind: PyAny}
		}
		if st, ok := u.Underlying().(*types.Struct); ok {
			if u.Obj().Pkg() == nil || !strings.HasPrefix(u.Obj().Pkg().Path(), ir.Module) {
				return &PyType{Kind: PyAny} // a struct of another module (e.g. saml2): its JSON, undecoded
			}
			return &PyType{Kind: PyModel, Model: ir.model(u, st)}
		}
		return ir.pyType(u.Underlying())
	case *types.Alias:
		return ir.pyType(types.Unalias(u))
	case *types.Basic:
		switch {
		case u.Info()&types.IsString != 0:
			return &PyType{Kind: PyStr}
		case u.Info()&types.IsBoolean != 0:
			return &PyType{Kind: PyBool}
		case u.Info()&types.IsInteger != 0:
			return &PyType{Kind: PyInt}
		case u.Info()&types.IsFloat != 0:
			return &PyType{Kind: PyFloat}
		}
		return &PyType{Kind: PyAny}
	case *types.Pointer:
		e := ir.pyType(u.Elem())
		if e.Kind == PyOpt || e.Kind == PyAny {
			return e
		}
		return &PyType{Kind: PyOpt, Elem: e}
	case *types.Slice:
		if b, ok := u.Elem().(*types.Basic); ok && b.Kind() == types.Byte {
			return &PyType{Kind: PyBytes}
		}
		return &PyType{Kind: PyList, Elem: ir.pyType(u.Elem())}
	case *types.Array:
		return &PyType{Kind: PyList, Elem: ir.pyType(u.Elem())}
	case *types.Map:
		return &PyType{Kind: PyDict, Elem: ir.pyType(u.Elem())}
	}
	return &PyType{Kind: PyAny}
}

// model registers (once) and returns the model of a named struct.
func (ir *IR) model(n *types.Named, st *types.Struct) *Model {
	if m, ok := ir.byType[n]; ok {
		return m
	}
	pkg := n.Obj().Pkg()
	short := pkg.Name() + "." + n.Obj().Name()
	name := n.Obj().Name()
	if other, taken := ir.byName[name]; taken && other.Named != n {
		name = exportName(pkg.Name()) + name
	}
	m := &Model{GoName: short, Name: name, Named: n}
	m.Doc = ir.docs[pkg.Path()].types[n.Obj().Name()]
	ir.byType[n] = m
	ir.byName[name] = m
	ir.Models = append(ir.Models, m)
	m.Fields = ir.fields(st, pkg.Path(), n.Obj().Name())
	used := map[string]bool{"_unknown": true}
	for i := range m.Fields {
		m.Fields[i].Py = uniqueName(m.Fields[i].Py, used)
	}
	return m
}

type jsonField struct {
	Field
	depth int
}

// fields lists the JSON fields of a struct the way encoding/json does:
// exported fields with their tag name, embedded untagged structs promoted,
// `json:"-"` and unencodable kinds skipped.
func (ir *IR) fields(st *types.Struct, pkgPath, typeName string) []Field {
	var all []jsonField
	ir.walkFields(st, pkgPath, typeName, 0, "", &all, map[*types.Struct]bool{})
	// encoding/json: of fields sharing a JSON name, the shallowest wins
	// (ties: tagged wins; else all are dropped — rare in Mattermost's models).
	best := map[string]int{}
	for i, f := range all {
		j, ok := best[f.JSON]
		if !ok || f.depth < all[j].depth {
			best[f.JSON] = i
		}
	}
	var out []Field
	for i, f := range all {
		if best[f.JSON] == i {
			out = append(out, f.Field)
		}
	}
	return out
}

func (ir *IR) walkFields(st *types.Struct, pkgPath, typeName string, depth int, viaPtr string, out *[]jsonField, seen map[*types.Struct]bool) {
	if seen[st] {
		return
	}
	seen[st] = true
	defer delete(seen, st)
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		tag := reflect.StructTag(st.Tag(i)).Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Embedded() && name == "" {
			et := f.Type()
			via := viaPtr
			if p, ok := et.(*types.Pointer); ok {
				et = p.Elem()
				if via == "" {
					if n, ok := et.(*types.Named); ok {
						via = n.Obj().Name()
					}
				}
			}
			if n, ok := et.(*types.Named); ok {
				if est, ok := n.Underlying().(*types.Struct); ok {
					pp := ""
					if n.Obj().Pkg() != nil {
						pp = n.Obj().Pkg().Path()
					}
					ir.walkFields(est, pp, n.Obj().Name(), depth+1, via, out, seen)
					continue
				}
			}
		}
		if !f.Exported() {
			continue
		}
		switch f.Type().Underlying().(type) {
		case *types.Chan, *types.Signature:
			continue
		}
		if name == "" {
			name = f.Name()
		}
		fd := Field{
			GoName:     f.Name(),
			JSON:       name,
			Py:         pyIdent(Snake(f.Name())),
			Doc:        ir.docs[pkgPath].fields[typeName][f.Name()],
			OmitEmpty:  strings.Contains(","+opts+",", ",omitempty,"),
			GoType:     f.Type(),
			ViaPointer: viaPtr,
		}
		if strings.Contains(","+opts+",", ",string,") {
			fd.Type = &PyType{Kind: PyStr}
		} else {
			fd.Type = ir.pyType(f.Type())
		}
		*out = append(*out, jsonField{Field: fd, depth: depth})
	}
}

var (
	snakeA = regexp.MustCompile(`([A-Z]+)([A-Z][a-z])`)
	snakeB = regexp.MustCompile(`([a-z0-9])([A-Z])`)
)

// Snake converts a Go identifier to snake_case ("GetUser" -> "get_user",
// "KVSetWithOptions" -> "kv_set_with_options", "CreateOAuthApp" ->
// "create_oauth_app", "userID" -> "user_id").
func Snake(s string) string {
	s = strings.ReplaceAll(s, "OAuth", "Oauth")
	s = strings.ReplaceAll(s, "IDs", "Ids")
	s = snakeA.ReplaceAllString(s, "${1}_${2}")
	s = snakeB.ReplaceAllString(s, "${1}_${2}")
	return strings.ToLower(s)
}

// SnakeParam is Snake for parameter names, made a valid Python identifier.
func SnakeParam(s string) string {
	if s == "" {
		return "value"
	}
	return pyIdent(Snake(s))
}

var pyKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "async": true,
	"await": true, "break": true, "class": true, "continue": true, "def": true, "del": true, "elif": true,
	"else": true, "except": true, "finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true, "or": true,
	"pass": true, "raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
	"self": true,
}

func pyIdent(s string) string {
	if pyKeywords[s] {
		return s + "_"
	}
	if s != "" && unicode.IsDigit(rune(s[0])) {
		return "f_" + s
	}
	return s
}

func exportName(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
