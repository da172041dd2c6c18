package emit

import (
	"fmt"
	"go/types"
	"strings"

	"github.com/mmpy/mmpy/internal/gen/ir"
)

// ShimManual are the hooks cmd/mmpy-shim implements by hand (loading,
// activation bookkeeping).
var ShimManual = map[string]bool{"OnActivate": true, "OnDeactivate": true, "OnConfigurationChange": true}

// GoShim emits cmd/mmpy-shim/zz_hooks_generated.go:
//
//   - a method on *Shim for every hook of plugin.Hooks (except ShimManual),
//     forwarding to the Python guest through host.Plugin;
//   - rpcHooks, the net/rpc receiver the shim registers in place of
//     Mattermost's own hooks RPC server: every RPC method forwards to
//     Mattermost's server (so API muxing, ServeHTTP streams and the rest stay
//     Mattermost's code), except Implemented, which reports only the hooks
//     the Python plugin defines.
func GoShim(x *ir.IR) ([]byte, error) {
	im := imports{}
	var body strings.Builder
	for _, m := range x.Hooks {
		if ShimManual[m.Name] {
			continue
		}
		emitShimHook(&body, im, m)
	}
	obj := x.PluginPkg.Scope().Lookup("hooksRPCServer")
	if obj == nil {
		return nil, fmt.Errorf("plugin.hooksRPCServer not found: the shim's RPC forwarding needs regenerating by hand")
	}
	ms := types.NewMethodSet(types.NewPointer(obj.Type()))
	body.WriteString("\n// rpcHooks forwards every RPC method of Mattermost's hooks server but Implemented.\ntype rpcHooks struct {\n\tinner any\n\tshim  *Shim\n}\n")
	n := 0
	for i := 0; i < ms.Len(); i++ {
		f := ms.At(i).Obj().(*types.Func)
		if !f.Exported() || f.Name() == "Implemented" {
			continue
		}
		sig := f.Type().(*types.Signature)
		if sig.Params().Len() != 2 || sig.Results().Len() != 1 {
			continue
		}
		a, r := im.typ(sig.Params().At(0).Type()), im.typ(sig.Params().At(1).Type())
		fmt.Fprintf(&body, "\nfunc (h *rpcHooks) %s(args %s, returns %s) error {\n\treturn h.inner.(interface {\n\t\t%s(%s, %s) error\n\t}).%s(args, returns)\n}\n",
			f.Name(), a, r, f.Name(), a, r, f.Name())
		n++
	}
	fmt.Fprintf(&body, "\n// rpcMethods is the number of forwarded RPC methods (a test checks it against Mattermost's server).\nconst rpcMethods = %d\n", n)
	return goFile("main", im, body.String(), "context")
}

func emitShimHook(b *strings.Builder, im imports, m *ir.Method) {
	var params, args, results, zeros []string
	for i, p := range m.Params {
		params = append(params, fmt.Sprintf("a%d %s", i, im.typ(p.Type)))
		args = append(args, fmt.Sprintf("a%d", i))
	}
	for _, r := range m.Results {
		results = append(results, im.typ(r.Type))
		zeros = append(zeros, "*new("+im.typ(r.Type)+")")
	}
	fail := ""
	switch m.Err {
	case ir.KError:
		results = append(results, "error")
		zeros = append(zeros, "err")
	case ir.KAppError:
		im["github.com/mattermost/mattermost/server/public/model"] = "model"
		results = append(results, "*model.AppError")
		zeros = append(zeros, fmt.Sprintf("model.NewAppError(%q, \"mmpy.shim.not_loaded\", nil, err.Error(), 500)", m.Name))
	}
	res := strings.Join(results, ", ")
	if len(results) > 1 {
		res = "(" + res + ")"
	}
	switch {
	case ManualHooks[m.Name] && (m.Name == "ServeHTTP" || m.Name == "ServeMetrics"):
		fail = "\t\thttp.Error(a1, \"mmpy: the python plugin is not loaded: \"+err.Error(), http.StatusServiceUnavailable)\n\t\treturn\n"
		im["net/http"] = ""
	case len(zeros) == 0:
		fail = "\t\treturn\n"
	default:
		fail = "\t\treturn " + strings.Join(zeros, ", ") + "\n"
	}
	fmt.Fprintf(b, "\n// %s forwards the hook to the Python guest.\nfunc (s *Shim) %s(%s) %s {\n\tg, err := s.ready()\n\tif err != nil {\n%s\t}\n", m.Name, m.Name, strings.Join(params, ", "), res, fail)
	call := fmt.Sprintf("g.%s(%s)", m.Name, strings.Join(append([]string{"context.Background()"}, args...), ", "))
	if len(results) == 0 {
		fmt.Fprintf(b, "\t%s\n}\n", call)
	} else {
		fmt.Fprintf(b, "\treturn %s\n}\n", call)
	}
}
