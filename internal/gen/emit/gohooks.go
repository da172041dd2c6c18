package emit

import (
	"fmt"
	"strings"

	"github.com/mmpy/mmpy/internal/gen/ir"
)

// ManualHooks are written by hand in host/hooks.go (lifecycle bookkeeping,
// HTTP and stream parameters); the generator emits only their unexported
// request/response plumbing names.
var ManualHooks = map[string]bool{
	"OnActivate": true, "OnDeactivate": true, "ServeHTTP": true, "ServeMetrics": true, "FileWillBeUploaded": true,
}

// failOpen describes what the server gets when a hook fails, per the rule in
// docs/ARCHITECTURE.md ("Hook failures").
func failureDoc(m *ir.Method) string {
	switch m.Err {
	case ir.KError:
		return "If the handler raises, the error (with the Python exception) is returned to the server (fail-closed)."
	case ir.KAppError:
		return "If the handler raises, the server gets an AppError (500, or the status of a raised PluginAPIError) (fail-closed)."
	}
	if len(m.Results) == 0 {
		return "If the handler raises, the exception is logged with its traceback."
	}
	return "If the handler raises or the guest fails, the exception is logged and the server gets the zero values, as from a Go plugin whose RPC failed (fail-open)."
}

// GoHooks emits host/zz_hooks_generated.go: a method on *Plugin for every hook
// of plugin.Hooks (except ManualHooks).
func GoHooks(x *ir.IR) ([]byte, error) {
	im := imports{}
	var body strings.Builder
	body.WriteString("// hookIDs maps every hook name to its plugin.Hooks id.\nvar hookIDs = map[string]int{\n")
	for _, m := range x.Hooks {
		fmt.Fprintf(&body, "\t%q: %d,\n", m.Name, m.HookID)
	}
	body.WriteString("}\n")
	for _, m := range x.Hooks {
		if ManualHooks[m.Name] {
			continue
		}
		emitHook(&body, im, m)
	}
	im[abiPB] = "pb"
	return goFile("host", im, body.String(), "context")
}

func firstSentence(doc string) string {
	doc = strings.TrimSpace(doc)
	if i := strings.Index(doc, "\n\n"); i >= 0 {
		doc = doc[:i]
	}
	return strings.Join(strings.Fields(doc), " ")
}

func emitHook(b *strings.Builder, im imports, m *ir.Method) {
	var params, results []string
	for i, p := range m.Params {
		params = append(params, fmt.Sprintf("a%d %s", i, im.typ(p.Type)))
	}
	for i, r := range m.Results {
		results = append(results, fmt.Sprintf("r%d %s", i, im.typ(r.Type)))
	}
	switch m.Err {
	case ir.KError:
		results = append(results, "rerr error")
	case ir.KAppError:
		im["github.com/mattermost/mattermost/server/public/model"] = "model"
		results = append(results, "appErr *model.AppError")
	}
	res := ""
	if len(results) > 0 {
		res = "(" + strings.Join(results, ", ") + ")"
	}
	fmt.Fprintf(b, "\n// %s runs the plugin's %s handler (hook id %d).\n//\n// plugin.Hooks: %s\n//\n// %s\n",
		m.Name, m.Name, m.HookID, firstSentence(m.Doc), failureDoc(m))
	fmt.Fprintf(b, "func (p *Plugin) %s(%s) %s {\n", m.Name, strings.Join(append([]string{"ctx context.Context"}, params...), ", "), res)
	fmt.Fprintf(b, "\treq := &pb.Hook%sRequest{}\n", m.Name)
	for i, p := range m.Params {
		f := "req." + GoField(p.Name)
		v := fmt.Sprintf("a%d", i)
		switch p.Kind {
		case ir.KString, ir.KBool, ir.KFloat, ir.KBytes, ir.KStrings, ir.KInt32:
			fmt.Fprintf(b, "\t%s = %s\n", f, v)
		case ir.KInt:
			fmt.Fprintf(b, "\t%s = int64(%s)\n", f, v)
		case ir.KJSON:
			if jsonModel(p.Py) != nil {
				im[convertPkg] = ""
				im[apiservePkg] = ""
			}
			fmt.Fprintf(b, "\tif enc, e := %s; e != nil {\n\t\tp.hookEncodeFailed(%q, %q, e)\n", toJSONCall(v, p.Py, "apiserve."), m.Name, p.Name)
			switch m.Err {
			case ir.KError:
				fmt.Fprintf(b, "\t\trerr = hookBadArgument(%q, %q, e)\n", m.Name, p.Name)
			case ir.KAppError:
				fmt.Fprintf(b, "\t\tappErr = p.hookAppError(%q, hookBadArgument(%q, %q, e))\n", m.Name, m.Name, p.Name)
			}
			fmt.Fprintf(b, "\t\treturn\n\t} else {\n\t\t%s = enc\n\t}\n", f)
		default:
			panic(fmt.Sprintf("hook %s: parameter %s: kind %d needs a manual hook", m.Name, p.Name, p.Kind))
		}
	}
	fmt.Fprintf(b, "\tvar resp pb.Hook%sResponse\n", m.Name)
	fmt.Fprintf(b, "\tok, herr := p.callHook(ctx, %q, req, &resp)\n", m.Name)
	switch m.Err {
	case ir.KError:
		b.WriteString("\tif herr != nil {\n\t\trerr = p.hookError(herr)\n\t\treturn\n\t}\n\tif !ok {\n\t\treturn\n\t}\n")
	case ir.KAppError:
		fmt.Fprintf(b, "\tif herr != nil {\n\t\tappErr = p.hookAppError(%q, herr)\n\t\treturn\n\t}\n\tif !ok {\n\t\tappErr = p.notImplemented(%q)\n\t\treturn\n\t}\n", m.Name, m.Name)
	default:
		b.WriteString("\tif !ok || herr != nil {\n\t\treturn\n\t}\n")
	}
	for i, r := range m.Results {
		f := "resp." + GoField(r.Name)
		switch r.Kind {
		case ir.KString, ir.KBool, ir.KFloat, ir.KBytes, ir.KStrings, ir.KInt32:
			fmt.Fprintf(b, "\tr%d = %s\n", i, f)
		case ir.KInt:
			fmt.Fprintf(b, "\tr%d = %s(%s)\n", i, im.typ(r.Type), f)
		case ir.KJSON:
			fmt.Fprintf(b, "\tif e := fromJSON(%s, &r%d); e != nil {\n\t\tp.hookDecodeFailed(%q, %q, e)\n", f, i, m.Name, r.Name)
			for j := range m.Results {
				fmt.Fprintf(b, "\t\tr%d = *new(%s)\n", j, im.typ(m.Results[j].Type))
			}
			switch m.Err {
			case ir.KError:
				fmt.Fprintf(b, "\t\trerr = hookBadResponse(%q, e)\n", m.Name)
			case ir.KAppError:
				fmt.Fprintf(b, "\t\tappErr = p.hookAppError(%q, hookBadResponse(%q, e))\n", m.Name, m.Name)
			}
			b.WriteString("\t\treturn\n\t}\n")
		default:
			panic(fmt.Sprintf("hook %s: result %s: kind %d not handled", m.Name, r.Name, r.Kind))
		}
	}
	b.WriteString("\treturn\n}\n")
}
