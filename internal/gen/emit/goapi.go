package emit

import (
	"fmt"
	"go/format"
	"go/types"
	"sort"
	"strings"

	"github.com/mmpy/mmpy/internal/gen/ir"
)

// imports collects the packages a generated Go file refers to.
type imports map[string]string // path -> name

func (im imports) qual(p *types.Package) string {
	name := p.Name()
	if p.Path() == "github.com/crewjam/saml" || strings.HasSuffix(p.Path(), "/gosaml2") {
		name = "saml2"
	}
	im[p.Path()] = name
	return name
}

func (im imports) typ(t types.Type) string { return types.TypeString(t, im.qual) }

func (im imports) block(extra ...string) string {
	var paths []string
	for p := range im {
		paths = append(paths, p)
	}
	for _, e := range extra {
		if _, ok := im[e]; !ok {
			paths = append(paths, e)
		}
	}
	sort.Strings(paths)
	var b strings.Builder
	b.WriteString("import (\n")
	for _, p := range paths {
		name := im[p]
		last := p[strings.LastIndex(p, "/")+1:]
		if name != "" && name != last {
			fmt.Fprintf(&b, "\t%s %q\n", name, p)
		} else {
			fmt.Fprintf(&b, "\t%q\n", p)
		}
	}
	b.WriteString(")\n")
	return b.String()
}

// GoAPI emits host/internal/apiserve/zz_generated.go: one dispatch function
// per plugin.API method.
func GoAPI(x *ir.IR) ([]byte, error) {
	im := imports{}
	var body strings.Builder
	body.WriteString("// generated lists every method of plugin.API with its dispatch function.\nvar generated = map[string]handler{\n")
	for _, m := range x.API {
		fmt.Fprintf(&body, "\t%q: api%s,\n", m.Name, m.Name)
	}
	body.WriteString("}\n")
	for _, m := range x.API {
		emitAPIFunc(&body, im, m)
	}
	emitGoZeros(&body, x)
	im[abiPB] = "pb"
	im[convertPkg] = ""
	return goFile("apiserve", im, body.String(), "google.golang.org/protobuf/proto", "github.com/mattermost/mattermost/server/public/plugin")
}

// convertPkg holds convert.ModelJSON and convert.Zeros.
const convertPkg = "github.com/mmpy/mmpy/host/internal/convert"

// apiservePkg holds the generated Zeros tables the hooks use too.
const apiservePkg = "github.com/mmpy/mmpy/host/internal/apiserve"

// jsonModel is the model whose zero members ModelJSON may drop from a
// JSON-carried value of type t (a model, a pointer to one, or a slice of
// them), or nil when the value is sent as json.Marshal writes it.
func jsonModel(t *ir.PyType) *ir.Model {
	if t == nil {
		return nil
	}
	switch t.Kind {
	case ir.PyModel:
		return t.Model
	case ir.PyOpt:
		return jsonModel(t.Elem)
	case ir.PyList:
		if t.Elem != nil && (t.Elem.Kind == ir.PyModel || t.Elem.Kind == ir.PyOpt) {
			return jsonModel(t.Elem)
		}
	}
	return nil
}

// zeroJSON is the JSON value of a field that the SDK's merging decoder
// (emitDecoder) turns into exactly the field's default when the member is
// missing, or "" when every value must be sent. Floats are always sent:
// Go writes a zero float64 as 0, which Python reads as the int 0, not the
// default 0.0.
func zeroJSON(t *ir.PyType) string {
	switch t.Kind {
	case ir.PyStr:
		return `""`
	case ir.PyBool:
		return "false"
	case ir.PyInt:
		return "0"
	case ir.PyFloat:
		return ""
	}
	return "null" // defaults None (a model: None, then built from its defaults)
}

// goZerosName is the name of the generated convert.Zeros of model m.
func goZerosName(m *ir.Model) string { return "Zeros" + m.Name }

// emitGoZeros writes one convert.Zeros per model that is the value (or the
// element) of a JSON-carried API result or hook argument: the members the
// host may leave out of the model's JSON because the SDK's decoder turns a
// missing member into the same default (convert.ModelJSON).
func emitGoZeros(b *strings.Builder, x *ir.IR) {
	used := map[string]*ir.Model{}
	for _, m := range x.API {
		for _, r := range m.Results {
			if md := jsonModel(r.Py); r.Kind == ir.KJSON && md != nil {
				used[md.Name] = md
			}
		}
	}
	for _, m := range x.Hooks {
		for _, p := range m.Params {
			if md := jsonModel(p.Py); p.Kind == ir.KJSON && md != nil {
				used[md.Name] = md
			}
		}
	}
	names := make([]string, 0, len(used))
	for n := range used {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		md := used[n]
		fmt.Fprintf(b, "\n// %s: the members of %s the guest may go without (convert.ModelJSON).\nvar %s = convert.Zeros{\n", goZerosName(md), md.GoName, goZerosName(md))
		for _, f := range md.Fields {
			if z := zeroJSON(f.Type); z != "" {
				fmt.Fprintf(b, "\t%q: %q,\n", f.JSON, z)
			}
		}
		b.WriteString("}\n")
	}
}

// toJSONCall is the Go expression that encodes v, a JSON-carried value of
// Python type t: convert.ModelJSON for models (qualified by pkg, the package
// prefix of the Zeros tables), json.Marshal (toJSON) otherwise.
func toJSONCall(v string, t *ir.PyType, pkg string) string {
	if md := jsonModel(t); md != nil {
		return fmt.Sprintf("convert.ModelJSON(%s, %s%s)", v, pkg, goZerosName(md))
	}
	return "toJSON(" + v + ")"
}

// abiPB is the ABI's Go package, imported as pb by the generated glue.
const abiPB = "github.com/mmpy/mmpy/abi/mmpyv1"

// goFile assembles a generated Go file: header, package clause, the imports
// im collected (plus extra) and body, gofmt'ed.
func goFile(pkg string, im imports, body string, extra ...string) ([]byte, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "// %s\n\npackage %s\n\n", Header, pkg)
	b.WriteString(im.block(extra...))
	b.WriteString("\n")
	b.WriteString(body)
	out, err := format.Source([]byte(b.String()))
	if err != nil {
		return []byte(b.String()), fmt.Errorf("gofmt %s: %w", pkg, err)
	}
	return out, nil
}

func emitAPIFunc(b *strings.Builder, im imports, m *ir.Method) {
	fmt.Fprintf(b, "\nfunc api%s(api plugin.API, in []byte) (proto.Message, *pb.AppError) {\n", m.Name)
	fmt.Fprintf(b, "\tvar req pb.Api%sRequest\n", m.Name)
	fmt.Fprintf(b, "\tif err := proto.Unmarshal(in, &req); err != nil {\n\t\treturn nil, malformed(%q, err)\n\t}\n", m.Name)
	var args []string
	for i, p := range m.Params {
		v := fmt.Sprintf("a%d", i)
		f := "req." + GoField(p.Name)
		switch p.Kind {
		case ir.KString, ir.KBool, ir.KFloat, ir.KBytes, ir.KStrings, ir.KInt32:
			if p.Kind == ir.KString && im.typ(p.Type) != "string" {
				fmt.Fprintf(b, "\t%s := %s(%s)\n", v, im.typ(p.Type), f)
			} else {
				fmt.Fprintf(b, "\t%s := %s\n", v, f)
			}
		case ir.KInt:
			fmt.Fprintf(b, "\t%s := %s(%s)\n", v, im.typ(p.Type), f)
		case ir.KJSON:
			fmt.Fprintf(b, "\tvar %s %s\n", v, im.typ(p.Type))
			fmt.Fprintf(b, "\tif err := fromJSON(%s, &%s); err != nil {\n\t\treturn nil, badArg(%q, %q, %q, err)\n\t}\n", f, v, m.Name, p.Name, p.GoType)
		case ir.KReader:
			im["bytes"] = ""
			fmt.Fprintf(b, "\t%s := bytes.NewReader(%s)\n", v, f)
		case ir.KVarArgs:
			fmt.Fprintf(b, "\tvar %s []any\n", v)
			fmt.Fprintf(b, "\tif err := fromJSON(%s, &%s); err != nil {\n\t\treturn nil, badArg(%q, %q, %q, err)\n\t}\n", f, v, m.Name, p.Name, "...any")
			v += "..."
		case ir.KHTTPRequest:
			fmt.Fprintf(b, "\t%s, err := httpRequestFromPB(%s)\n\tif err != nil {\n\t\treturn nil, badArg(%q, %q, %q, err)\n\t}\n", v, f, m.Name, p.Name, p.GoType)
		default:
			panic(fmt.Sprintf("%s: parameter %s: kind %d not handled", m.Name, p.Name, p.Kind))
		}
		args = append(args, v)
	}
	var rets []string
	for i, r := range m.Results {
		if r.Out {
			fmt.Fprintf(b, "\tvar r%d map[string]any\n", i)
			args = append(args, fmt.Sprintf("&r%d", i))
			continue
		}
		rets = append(rets, fmt.Sprintf("r%d", i))
	}
	if m.HasErr() {
		rets = append(rets, "rerr")
	}
	call := fmt.Sprintf("api.%s(%s)", m.Name, strings.Join(args, ", "))
	if len(rets) == 0 {
		fmt.Fprintf(b, "\t%s\n", call)
	} else {
		fmt.Fprintf(b, "\t%s := %s\n", strings.Join(rets, ", "), call)
	}
	switch m.Err {
	case ir.KAppError:
		b.WriteString("\tif rerr != nil {\n\t\treturn nil, appError(rerr)\n\t}\n")
	case ir.KError:
		b.WriteString("\tif rerr != nil {\n\t\treturn nil, plainError(rerr)\n\t}\n")
	}
	fmt.Fprintf(b, "\tresp := &pb.Api%sResponse{}\n", m.Name)
	for i, r := range m.Results {
		f := "resp." + GoField(r.Name)
		v := fmt.Sprintf("r%d", i)
		switch r.Kind {
		case ir.KString, ir.KBool, ir.KFloat, ir.KBytes, ir.KStrings, ir.KInt32:
			if r.Kind == ir.KString && im.typ(r.Type) != "string" {
				fmt.Fprintf(b, "\t%s = string(%s)\n", f, v)
			} else {
				fmt.Fprintf(b, "\t%s = %s\n", f, v)
			}
		case ir.KInt:
			fmt.Fprintf(b, "\t%s = int64(%s)\n", f, v)
		case ir.KJSON:
			fmt.Fprintf(b, "\tif b, err := %s; err != nil {\n\t\treturn nil, encodeFailed(%q, err)\n\t} else {\n\t\t%s = b\n\t}\n", toJSONCall(v, r.Py, ""), m.Name, f)
		case ir.KHTTPResponse:
			fmt.Fprintf(b, "\tif r, err := httpResponseToPB(%s); err != nil {\n\t\treturn nil, encodeFailed(%q, err)\n\t} else {\n\t\t%s = r\n\t}\n", v, m.Name, f)
		default:
			panic(fmt.Sprintf("%s: result %s: kind %d not handled", m.Name, r.Name, r.Kind))
		}
	}
	b.WriteString("\treturn resp, nil\n}\n")
}
