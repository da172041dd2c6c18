package emit

import (
	"fmt"
	"strings"

	"github.com/mmpy/mmpy/internal/gen/ir"
)

// pyParamAnn is the annotation of an API parameter.
func pyParamAnn(v ir.Value) string {
	switch v.Kind {
	case ir.KString:
		return "str"
	case ir.KBool:
		return "bool"
	case ir.KInt, ir.KInt32:
		return "int"
	case ir.KFloat:
		return "float"
	case ir.KBytes, ir.KReader:
		return "bytes"
	case ir.KStrings:
		return "Sequence[str]"
	case ir.KVarArgs:
		return "Any"
	case ir.KHTTPRequest:
		return "_mp.HTTPRequest"
	case ir.KJSON:
		return pyInAnn(v.Py)
	}
	return "Any"
}

// pyInAnn: what a caller may pass for a JSON value (sequences and mappings
// are accepted where the Go type is a slice or a map).
func pyInAnn(t *ir.PyType) string {
	switch t.Kind {
	case ir.PyList:
		return "Sequence[" + stripNone(pyInAnn(t.Elem)) + "] | None"
	case ir.PyDict:
		return "Mapping[str, " + stripNone(pyInAnn(t.Elem)) + "] | None"
	case ir.PyOpt:
		return stripNone(pyInAnn(t.Elem)) + " | None"
	case ir.PyModel:
		return "_m." + t.Model.Name
	}
	return pyAnn(t)
}

func pyOutAnn(t *ir.PyType) string {
	switch t.Kind {
	case ir.PyList:
		return "list[" + stripNone(pyOutAnn(t.Elem)) + "] | None"
	case ir.PyDict:
		return "dict[str, " + stripNone(pyOutAnn(t.Elem)) + "] | None"
	case ir.PyOpt:
		return stripNone(pyOutAnn(t.Elem)) + " | None"
	case ir.PyModel:
		return "_m." + t.Model.Name
	}
	return pyAnn(t)
}

// pyResultAnn: the annotation of a result. A pointer, slice or map result of
// a method that also returns an error is never nil without the error (the
// server's contract), so it is annotated without None.
func pyResultAnn(m *ir.Method, v ir.Value) string {
	switch v.Kind {
	case ir.KString:
		return "str"
	case ir.KBool:
		return "bool"
	case ir.KInt, ir.KInt32:
		return "int"
	case ir.KFloat:
		return "float"
	case ir.KBytes:
		return "bytes | None"
	case ir.KStrings:
		return "list[str]"
	case ir.KHTTPResponse:
		return "_mp.HTTPResponse | None"
	case ir.KJSON:
		a := pyOutAnn(v.Py)
		if m.HasErr() || v.Out {
			a = stripNone(a)
		}
		return a
	}
	return "Any"
}

// checkExpr: the Python statement checking parameter v (named n) of func f.
func checkExpr(f string, v ir.Value) string {
	n := v.Name
	switch v.Kind {
	case ir.KString:
		return fmt.Sprintf("_w.check_str(%q, %q, %s)", f, n, n)
	case ir.KBool:
		return fmt.Sprintf("_w.check_bool(%q, %q, %s)", f, n, n)
	case ir.KInt:
		return fmt.Sprintf("_w.check_int(%q, %q, %s, 64)", f, n, n)
	case ir.KInt32:
		return fmt.Sprintf("_w.check_int(%q, %q, %s, 32)", f, n, n)
	case ir.KFloat:
		return fmt.Sprintf("_w.check_float(%q, %q, %s)", f, n, n)
	case ir.KBytes, ir.KReader:
		return fmt.Sprintf("_w.check_bytes(%q, %q, %s)", f, n, n)
	case ir.KStrings:
		return fmt.Sprintf("_w.check_strs(%q, %q, %s)", f, n, n)
	case ir.KHTTPRequest:
		return fmt.Sprintf("_w.check_type(%q, %q, %s, _mp.HTTPRequest)", f, n, n)
	case ir.KJSON:
		return fmt.Sprintf("_w.check_json(%q, %q, %s, %s)", f, n, n, checkSpec(v.Py))
	}
	return ""
}

// checkSpec is the runtime description of a Python type for _wire.check_json.
func checkSpec(t *ir.PyType) string {
	switch t.Kind {
	case ir.PyStr:
		return "str"
	case ir.PyBool:
		return "bool"
	case ir.PyInt:
		return "int"
	case ir.PyFloat:
		return "float"
	case ir.PyBytes:
		return "bytes"
	case ir.PyAny:
		return "None"
	case ir.PyList:
		return "[" + checkSpec(t.Elem) + "]"
	case ir.PyDict:
		return "{str: " + checkSpec(t.Elem) + "}"
	case ir.PyOpt:
		return "(" + checkSpec(t.Elem) + ", type(None))"
	case ir.PyModel:
		return "_m." + t.Model.Name
	}
	return "None"
}

// encodeArg is the expression putting parameter v into its proto field.
func encodeArg(v ir.Value) string {
	n := v.Name
	switch v.Kind {
	case ir.KJSON:
		return fmt.Sprintf("_w.dumps(_w.opt(%s, %s))", n, wireEncFn(v.Py, "_m."))
	case ir.KVarArgs:
		return fmt.Sprintf("_w.dumps(list(%s))", n)
	case ir.KBytes, ir.KReader:
		return fmt.Sprintf("None if %s is None else bytes(%s)", n, n)
	case ir.KHTTPRequest:
		return fmt.Sprintf("%s.to_pb()", n)
	}
	return n
}

// decodeResult is the expression reading result v from response r.
func decodeResult(v ir.Value) string {
	f := "r." + v.Name
	switch v.Kind {
	case ir.KBytes:
		return fmt.Sprintf("%s if r.HasField(%q) else None", f, v.Name)
	case ir.KStrings:
		return "list(" + f + ")"
	case ir.KJSON:
		return fmt.Sprintf("_w.opt(_w.loads(%s), %s)", f, decFn(v.Py, "_m."))
	case ir.KHTTPResponse:
		return fmt.Sprintf("_mp.HTTPResponse.from_pb(%s) if r.HasField(%q) else None", f, v.Name)
	}
	return f
}

func goSignature(m *ir.Method) string {
	var ps, rs []string
	for _, p := range m.Params {
		ps = append(ps, p.GoName+" "+p.GoType)
	}
	for _, r := range m.Results {
		if r.Out {
			ps = append(ps, r.GoName+" "+r.GoType)
			continue
		}
		rs = append(rs, r.GoType)
	}
	switch m.Err {
	case ir.KError:
		rs = append(rs, "error")
	case ir.KAppError:
		rs = append(rs, "*model.AppError")
	}
	r := strings.Join(rs, ", ")
	if len(rs) > 1 {
		r = "(" + r + ")"
	}
	return strings.TrimSpace(fmt.Sprintf("%s(%s) %s", m.Name, strings.Join(ps, ", "), r))
}

func pyMethodDoc(m *ir.Method, indent string) string {
	doc := strings.TrimSpace(m.Doc)
	var keep []string
	for _, line := range strings.Split(doc, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "@tag") || strings.HasPrefix(t, "Minimum server version") {
			continue
		}
		keep = append(keep, t)
	}
	text := strings.TrimSpace(strings.Join(keep, "\n"))
	paras := strings.Split(text, "\n\n")
	for i := range paras {
		paras[i] = wrap(paras[i], 92, indent)
	}
	out := strings.Join(paras, "\n\n"+indent)
	if out == "" {
		out = m.Name + "."
	}
	out += "\n\n" + indent + "Go: ``" + goSignature(m) + "``. Minimum server version: " + m.MinServerVersion + "."
	if m.Tag != "" {
		out += " Tag: " + m.Tag + "."
	}
	return pyDocText(out)
}

// PyClient emits sdk/src/mattermost_plugin/_client.py: every plugin.API
// method as a typed Python method, plus the awaitable twin.
func PyClient(x *ir.IR) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", Header)
	b.WriteString(`"""Every method of Mattermost's Go ` + "`plugin.API`" + ` (server/public ` + x.Version + `) as a Python method.

:class:` + "`GeneratedAPI`" + ` is the base of :class:` + "`mattermost_plugin.PluginAPI`" + ` (which adds the guide's
conveniences); :class:` + "`GeneratedAsyncAPI`" + ` is the awaitable twin behind ` + "`AsyncPluginAPIClient`" + `.
Arguments are type-checked before anything crosses the ABI (` + "`TypeError`" + ` naming the parameter);
errors from the server raise :class:` + "`~mattermost_plugin.PluginAPIError`" + ` subclasses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from google.protobuf.message import Message

# HTTPRequest and HTTPResponse through the package (_mp.HTTPRequest), which loads _http on first
# use: _http's dataclasses import inspect, ~25 ms of every plugin start in the guest.
import mattermost_plugin as _mp

from . import _wire as _w
from . import models as _m
from ._abi import plugin_pb2 as pb

__all__ = [
    "METHODS",
    "METHOD_SPECS",
    "MIN_SERVER_VERSION",
    "GeneratedAPI",
    "GeneratedAsyncAPI",
    "ValueSpec",
]

R = TypeVar("R", bound=Message)


class GeneratedAPI:
    """Synchronous client of every ` + "`plugin.API`" + ` method (generated)."""

    def _invoke(self, method: str, request: Message, response_type: type[R]) -> R:
        raise NotImplementedError  # provided by PluginAPI

`)
	for _, m := range x.API {
		emitPyMethod(&b, m, false)
	}
	b.WriteString(`

class GeneratedAsyncAPI:
    """Awaitable client of every ` + "`plugin.API`" + ` method (generated): each method awaits the
    synchronous call of the wrapped client."""

    def __init__(self, api: GeneratedAPI) -> None:
        self._api = api
`)
	for _, m := range x.API {
		emitPyMethod(&b, m, true)
	}
	b.WriteString("\n\nclass ValueSpec(NamedTuple):\n    \"\"\"How one parameter or result of a method travels.\"\"\"\n\n    name: str\n    kind: str  # str bool int float bytes strs json reader varargs http_request http_response\n    go_type: str\n    dec: Callable[[Any], Any]  # JSON value -> Python value (json kind)\n    enc: Callable[[Any], Any]  # Python value -> JSON value (json kind)\n")
	// METHOD_SPECS is built on first use (PEP 562): its ~800 ValueSpecs and
	// lambdas cost ~5 ms of every plugin start in the guest, and only tests
	// and tools read it.
	b.WriteString("\n\n_MethodSpecs = dict[str, tuple[tuple[ValueSpec, ...], tuple[ValueSpec, ...], bool]]\n")
	b.WriteString("\nif TYPE_CHECKING:\n    METHOD_SPECS: _MethodSpecs\n")
	b.WriteString(`

def __getattr__(name: str) -> Any:
    if name == "METHOD_SPECS":  # built on first use: tests and tools read it, plugins do not
        specs = globals()["METHOD_SPECS"] = _method_specs()
        return specs
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
`)
	b.WriteString("\n\ndef _method_specs() -> _MethodSpecs:\n    return {\n")
	for _, m := range x.API {
		fmt.Fprintf(&b, "    %q: (\n        (\n", m.Name)
		for _, p := range m.Params {
			fmt.Fprintf(&b, "            %s,\n", valueSpec(p))
		}
		b.WriteString("        ),\n        (\n")
		for _, r := range m.Results {
			fmt.Fprintf(&b, "            %s,\n", valueSpec(r))
		}
		fmt.Fprintf(&b, "        ),\n        %s,\n    ),\n", map[bool]string{true: "True", false: "False"}[m.HasErr()])
	}
	b.WriteString("    }\n\n\n# METHOD_SPECS: parameters, results and whether an error can come back, for every plugin.API\n# method (conformance tests and tools drive the client from it).\n")
	b.WriteString("\n\nMIN_SERVER_VERSION: dict[str, str] = {\n")
	for _, m := range x.API {
		fmt.Fprintf(&b, "    %q: %q,\n", m.Name, m.MinServerVersion)
	}
	b.WriteString("}\n\"\"\"The Mattermost server version that added each plugin.API method.\"\"\"\n")
	b.WriteString("\n\nMETHODS: dict[str, str] = {\n")
	for _, m := range x.API {
		fmt.Fprintf(&b, "    %q: %q,\n", m.Name, m.Snake)
	}
	b.WriteString("}\n\"\"\"Go method name -> Python method name, for every plugin.API method.\"\"\"\n")
	return []byte(b.String())
}

var kindNames = map[ir.Kind]string{
	ir.KString: "str", ir.KBool: "bool", ir.KInt: "int", ir.KInt32: "int", ir.KFloat: "float", ir.KBytes: "bytes",
	ir.KStrings: "strs", ir.KJSON: "json", ir.KReader: "reader", ir.KVarArgs: "varargs",
	ir.KHTTPRequest: "http_request", ir.KHTTPResponse: "http_response",
}

func valueSpec(v ir.Value) string {
	dec, enc := "_w.ident", "_w.ident"
	if v.Py != nil && v.Kind == ir.KJSON {
		// lambdas: referencing a model here would create its class at import
		dec, enc = "lambda v: "+decFn(v.Py, "_m.")+"(v)", "lambda v: "+encFn(v.Py, "_m.")+"(v)"
	}
	return fmt.Sprintf("ValueSpec(%q, %q, %q, %s, %s)", v.Name, kindNames[v.Kind], v.GoType, dec, enc)
}

func emitPyMethod(b *strings.Builder, m *ir.Method, async bool) {
	var params, names []string
	params = append(params, "self")
	for _, p := range m.Params {
		if p.Kind == ir.KVarArgs {
			params = append(params, "*"+p.Name+": Any")
		} else {
			params = append(params, p.Name+": "+pyParamAnn(p))
		}
		n := p.Name
		if p.Kind == ir.KVarArgs {
			n = "*" + n
		}
		names = append(names, n)
	}
	var rets []string
	for _, r := range m.Results {
		rets = append(rets, pyResultAnn(m, r))
	}
	ret := "None"
	switch len(rets) {
	case 0:
	case 1:
		ret = rets[0]
	default:
		ret = "tuple[" + strings.Join(rets, ", ") + "]"
	}
	kw := "def"
	if async {
		kw = "async def"
	}
	fmt.Fprintf(b, "\n    %s %s(%s) -> %s:\n", kw, m.Snake, strings.Join(params, ", "), ret)
	fmt.Fprintf(b, "        \"\"\"%s\n        \"\"\"\n", pyMethodDoc(m, "        "))
	if async {
		prefix := "return "
		if ret == "None" {
			prefix = ""
		}
		fmt.Fprintf(b, "        %sself._api.%s(%s)\n", prefix, m.Snake, strings.Join(names, ", "))
		return
	}
	for _, p := range m.Params {
		if c := checkExpr(m.Snake, p); c != "" {
			fmt.Fprintf(b, "        %s\n", c)
		}
	}
	var fields []string
	for _, p := range m.Params {
		fields = append(fields, p.Name+"="+encodeArg(p))
	}
	call := fmt.Sprintf("self._invoke(\n            %q, pb.Api%sRequest(%s), pb.Api%sResponse\n        )", m.Name, m.Name, strings.Join(fields, ", "), m.Name)
	if len(m.Results) == 0 {
		fmt.Fprintf(b, "        %s\n", call)
		return
	}
	fmt.Fprintf(b, "        r = %s\n", call)
	var outs []string
	for _, r := range m.Results {
		e := decodeResult(r)
		if r.Kind == ir.KJSON {
			e = fmt.Sprintf("cast(%q, %s)", pyResultAnn(m, r), e)
		}
		outs = append(outs, e)
	}
	if len(outs) == 1 {
		fmt.Fprintf(b, "        return %s\n", outs[0])
	} else {
		fmt.Fprintf(b, "        return (%s)\n", strings.Join(outs, ", "))
	}
}
