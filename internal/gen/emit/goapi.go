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
	im[abiPB] = "pb"
	return goFile("apiserve", im, body.String(), "google.golang.org/protobuf/proto", "github.com/mattermost/mattermost/server/public/plugin")
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
			fmt.Fprintf(b, "\tif b, err := toJSON(%s); err != nil {\n\t\treturn nil, encodeFailed(%q, err)\n\t} else {\n\t\t%s = b\n\t}\n", v, m.Name, f)
		case ir.KHTTPResponse:
			fmt.Fprintf(b, "\tif r, err := httpResponseToPB(%s); err != nil {\n\t\treturn nil, encodeFailed(%q, err)\n\t} else {\n\t\t%s = r\n\t}\n", v, m.Name, f)
		default:
			panic(fmt.Sprintf("%s: result %s: kind %d not handled", m.Name, r.Name, r.Kind))
		}
	}
	b.WriteString("\treturn resp, nil\n}\n")
}
