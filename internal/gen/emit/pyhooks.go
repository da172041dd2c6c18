package emit

import (
	"fmt"
	"strings"

	"github.com/mmpy/mmpy/internal/gen/ir"
)

// hookArgAnn is the annotation of a hook handler's parameter.
func hookArgAnn(v ir.Value) string {
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
	case ir.KReader:
		return "bytes | BinaryIO"
	case ir.KStrings:
		return "list[str]"
	case ir.KHTTPRequest:
		return "HTTPRequest"
	case ir.KJSON:
		return pyOutAnn(v.Py)
	}
	return "Any"
}

func hookArgs(m *ir.Method) []ir.Value {
	var out []ir.Value
	for _, p := range m.Params {
		if p.Kind == ir.KResponseWriter || p.Kind == ir.KWriter {
			continue
		}
		out = append(out, p)
	}
	return out
}

func hookParamName(v ir.Value) string {
	switch {
	case v.GoType == "*Context":
		return "context"
	case v.Kind == ir.KHTTPRequest:
		return "request"
	}
	return v.Name
}

// hookReturn is the documented return annotation and the shape text used in
// error messages.
func hookReturn(m *ir.Method) (string, string) {
	for _, p := range m.Params {
		if p.Kind == ir.KResponseWriter {
			return "HTTPResponse | Mapping[str, Any] | None", "a dict {'status_code': int, 'headers': dict, 'body': str | bytes} or an HTTPResponse"
		}
	}
	var anns, gos []string
	for _, r := range m.Results {
		anns = append(anns, hookArgAnn(r))
		gos = append(gos, r.GoType)
	}
	extra := ""
	for _, p := range m.Params {
		if p.Kind == ir.KWriter {
			anns = append(anns, "bytes | BinaryIO | None")
			extra = " (optionally a third element: the replacement file content, as bytes, or for a streamed file an iterable of bytes or a binary file object)"
		}
	}
	switch len(anns) {
	case 0:
		return "None", "None"
	case 1:
		return stripNone(anns[0]) + " | None", "a value of Go type " + gos[0]
	}
	return "tuple[" + strings.Join(anns, ", ") + "] | None", "a tuple (" + strings.Join(gos, ", ") + ")" + extra
}

// PyHooks emits sdk/src/mattermost_plugin/_hooks.py: HookName and the table
// the dispatcher runs every hook from.
func PyHooks(x *ir.IR) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", Header)
	b.WriteString(`"""The hooks of Mattermost's Go ` + "`plugin.Hooks`" + ` (server/public ` + x.Version + `): :class:` + "`HookName`" + `
and the table the dispatcher (` + "`_dispatch`" + `) runs every hook from.

Each :class:` + "`HookSpec`" + ` says how the request's fields become the handler's arguments
(` + "`decode`" + `), how the handler's return value becomes the response (` + "`encode`" + `), the handler
signature as documented to plugin authors, and what the server gets when the handler raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from google.protobuf.message import Message

from . import _wire as _w
from . import models as _m
from ._abi import plugin_pb2 as pb
from ._client import ValueSpec

__all__ = ["HOOKS", "HOOK_VALUES", "HookName", "HookSpec"]


class HookName(StrEnum):
    """Names of the Mattermost server hooks a plugin can implement (every hook of ` + "`plugin.Hooks`" + `).

    Use with :func:` + "`mattermost_plugin.hook`" + `: ` + "`@hook(HookName.OnActivate)`" + `. The members are
    strings, so ` + "`@hook(\"OnActivate\")`" + ` is the same.
    """

`)
	for _, m := range x.Hooks {
		fmt.Fprintf(&b, "    %s = %q\n", m.Name, m.Name)
	}
	b.WriteString(`

class HookSpec(NamedTuple):
    """One hook, as the SDK runs it."""

    name: HookName
    id: int  # plugin.Hooks id (append-only)
    request: type[Message]
    decode: Callable[[Any], list[Any]]  # request message -> handler arguments
    encode: Callable[..., Message]  # (handler name, return value, handler args) -> response
    signature: str  # the Python handler signature, for docs and error messages
    failure: str  # what the server gets when the handler raises
    doc: str  # the hook's documentation (from plugin.Hooks)
`)
	for _, m := range x.Hooks {
		emitPyHook(&b, m)
	}
	b.WriteString("\n\nHOOKS: dict[str, HookSpec] = {\n    spec.name.value: spec\n    for spec in (\n")
	for _, m := range x.Hooks {
		var ps []string
		ps = append(ps, "self")
		for _, a := range hookArgs(m) {
			ps = append(ps, hookParamName(a)+": "+hookArgAnn(a))
		}
		ret, _ := hookReturn(m)
		sig := strings.ReplaceAll(fmt.Sprintf("def handler(%s) -> %s", strings.Join(ps, ", "), ret), "_m.", "")
		fmt.Fprintf(&b, "        HookSpec(\n            HookName.%s,\n            %d,\n            pb.Hook%sRequest,\n            _q_%s,\n            _a_%s,\n            %q,\n            %q,\n            %q,\n        ),\n",
			m.Name, m.HookID, m.Name, m.Name, m.Name, sig, failureDoc(m), pyDocText(firstSentence(m.Doc)))
	}
	b.WriteString("    )\n}\n\"\"\"Every hook by name.\"\"\"\n")
	// HOOK_VALUES is built on first use, as _client.METHOD_SPECS.
	b.WriteString("\n\n_HookValues = dict[str, tuple[tuple[ValueSpec, ...], tuple[ValueSpec, ...]]]\n")
	b.WriteString("\nif TYPE_CHECKING:\n    HOOK_VALUES: _HookValues\n")
	b.WriteString(`

def __getattr__(name: str) -> Any:
    if name == "HOOK_VALUES":  # built on first use: conformance tests read it, plugins do not
        values = globals()["HOOK_VALUES"] = _hook_values()
        return values
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
`)
	b.WriteString("\n\ndef _hook_values() -> _HookValues:\n    return {\n")
	for _, m := range x.Hooks {
		fmt.Fprintf(&b, "    %q: (\n        (\n", m.Name)
		for _, a := range hookArgs(m) {
			fmt.Fprintf(&b, "            %s,\n", valueSpec(a))
		}
		b.WriteString("        ),\n        (\n")
		for _, r := range m.Results {
			fmt.Fprintf(&b, "            %s,\n", valueSpec(r))
		}
		b.WriteString("        ),\n    ),\n")
	}
	b.WriteString("    }\n\n\n# HOOK_VALUES: handler arguments and results of every hook (conformance tests drive hooks from it).\n")
	return []byte(b.String())
}

func emitPyHook(b *strings.Builder, m *ir.Method) {
	fmt.Fprintf(b, "\n\ndef _q_%s(r: Any) -> list[Any]:\n", m.Name)
	// _http is imported where used: its dataclasses import inspect (~25 ms at plugin start)
	var qNames []string
	for _, p := range hookArgs(m) {
		switch p.Kind {
		case ir.KHTTPRequest:
			qNames = append(qNames, "HTTPRequest")
		case ir.KReader:
			qNames = append(qNames, "reader_arg")
		}
	}
	if len(qNames) > 0 {
		fmt.Fprintf(b, "    from ._http import %s\n\n", strings.Join(qNames, ", "))
	}
	var args []string
	for _, p := range hookArgs(m) {
		f := "r." + p.Name
		var e string
		switch p.Kind {
		case ir.KBytes:
			e = fmt.Sprintf("%s if r.HasField(%q) else None", f, p.Name)
		case ir.KStrings:
			e = "list(" + f + ")"
		case ir.KJSON:
			if p.Py.Kind == ir.PyModel { // a struct value: never None
				e = fmt.Sprintf("_w.dec_struct(_w.loads(%s), _m._d_%s, _m.%s)", f, p.Py.Model.Name, p.Py.Model.Name)
			} else {
				e = fmt.Sprintf("_w.opt(_w.loads(%s), %s)", f, decFn(p.Py, "_m."))
			}
		case ir.KHTTPRequest:
			e = "HTTPRequest.from_pb(" + f + ")"
		case ir.KReader: // bytes, or a file object when the content streams
			e = fmt.Sprintf("reader_arg(%s, %s_stream, %s_streams)", f, f, f)
		default:
			e = f
		}
		args = append(args, e)
	}
	if len(args) == 0 {
		b.WriteString("    return []\n")
	} else {
		fmt.Fprintf(b, "    return [\n        %s,\n    ]\n", strings.Join(args, ",\n        "))
	}
	fmt.Fprintf(b, "\n\ndef _a_%s(where: str, value: Any, args: Sequence[Any] = ()) -> Message:\n", m.Name)
	var aNames []string
	for _, p := range m.Params {
		switch p.Kind {
		case ir.KResponseWriter:
			aNames = append(aNames, "HTTPRequest", "HTTPResponse")
		case ir.KWriter:
			aNames = append(aNames, "write_output")
		}
	}
	if len(aNames) > 0 {
		fmt.Fprintf(b, "    from ._http import %s\n\n", strings.Join(aNames, ", "))
	}
	fmt.Fprintf(b, "    resp = pb.Hook%sResponse()\n", m.Name)
	_, shape := hookReturn(m)
	for _, p := range m.Params {
		if p.Kind == ir.KResponseWriter {
			b.WriteString("    request = next((a for a in args if isinstance(a, HTTPRequest)), None)\n")
			b.WriteString("    resp.response.CopyFrom(HTTPResponse.coerce(where, value, request).to_pb())\n    return resp\n")
			return
		}
	}
	n := len(m.Results)
	extra := 0
	for _, p := range m.Params {
		if p.Kind == ir.KWriter {
			extra = 1
		}
	}
	if n == 0 {
		b.WriteString("    return resp  # the return value is ignored\n")
		return
	}
	fmt.Fprintf(b, "    v = _w.results(where, value, %d, %d, %q)\n", n, extra, shape)
	for i, r := range m.Results {
		f := "resp." + r.Name
		val := fmt.Sprintf("v[%d]", i)
		label := r.GoType
		switch r.Kind {
		case ir.KString:
			fmt.Fprintf(b, "    %s = _w.out_str(where, %q, %s)\n", f, label, val)
		case ir.KBool:
			fmt.Fprintf(b, "    %s = _w.out_bool(where, %q, %s)\n", f, label, val)
		case ir.KInt, ir.KInt32:
			fmt.Fprintf(b, "    %s = _w.out_int(where, %q, %s)\n", f, label, val)
		case ir.KJSON:
			def := "None"
			if m.Err == ir.KAppError && r.Py.Kind == ir.PyOpt && r.Py.Elem.Kind == ir.PyModel {
				def = "_m." + r.Py.Elem.Model.Name + "()" // ExecuteCommand: no answer = an empty response
			}
			fmt.Fprintf(b, "    %s = _w.dumps(_w.opt(_w.out_json(where, %q, %s, %s, %s), %s))\n",
				f, label, val, checkSpec(r.Py), def, wireEncFn(r.Py, "_m."))
		default:
			panic(fmt.Sprintf("hook %s: result kind %d", m.Name, r.Kind))
		}
	}
	for _, p := range m.Params {
		if p.Kind == ir.KWriter {
			fmt.Fprintf(b, "    write_output(where, v[%d], args, resp, %q)\n", n, p.Name)
		}
	}
	b.WriteString("    return resp\n")
}
