package emit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mmpy/mmpy/internal/gen/ir"
)

// pyAnn is the annotation of a Python type.
func pyAnn(t *ir.PyType) string {
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
		return "bytes | None"
	case ir.PyAny:
		return "Any"
	case ir.PyList:
		return "list[" + stripNone(pyAnn(t.Elem)) + "] | None"
	case ir.PyDict:
		return "dict[str, " + stripNone(pyAnn(t.Elem)) + "] | None"
	case ir.PyOpt:
		return stripNone(pyAnn(t.Elem)) + " | None"
	case ir.PyModel:
		return t.Model.Name
	}
	return "Any"
}

// stripNone drops a trailing "| None" (elements of containers carry None
// only when they are pointers, which PyOpt says explicitly).
func stripNone(a string) string { return strings.TrimSuffix(a, " | None") }

func pyDefault(t *ir.PyType) string {
	switch t.Kind {
	case ir.PyStr:
		return `""`
	case ir.PyBool:
		return "False"
	case ir.PyInt:
		return "0"
	case ir.PyFloat:
		return "0.0"
	case ir.PyModel:
		return "_field(default_factory=lambda: " + t.Model.Name + "())"
	}
	return "None"
}

// needsConv tells whether JSON values of t need converting to Python values.
func needsConv(t *ir.PyType) bool {
	switch t.Kind {
	case ir.PyBytes, ir.PyModel:
		return true
	case ir.PyList, ir.PyDict, ir.PyOpt:
		return needsConv(t.Elem)
	}
	return false
}

// decFn is a Python callable converting a JSON value (possibly None) of t.
func decFn(t *ir.PyType, mod string) string {
	switch t.Kind {
	case ir.PyBytes:
		return "_w.b64d"
	case ir.PyModel:
		return mod + "_d_" + t.Model.Name
	case ir.PyList:
		if !needsConv(t.Elem) {
			return "_w.ident"
		}
		return "_w.dec_list(" + decFn(t.Elem, mod) + ")"
	case ir.PyDict:
		if !needsConv(t.Elem) {
			return "_w.ident"
		}
		return "_w.dec_dict(" + decFn(t.Elem, mod) + ")"
	case ir.PyOpt:
		return decFn(t.Elem, mod)
	}
	return "_w.ident"
}

// encFn is a Python callable converting a Python value of t to JSON.
func encFn(t *ir.PyType, mod string) string {
	switch t.Kind {
	case ir.PyBytes:
		return "_w.b64e"
	case ir.PyModel:
		return mod + "_e_" + t.Model.Name
	case ir.PyList:
		if !needsConv(t.Elem) {
			return "_w.ident"
		}
		return "_w.enc_list(" + encFn(t.Elem, mod) + ")"
	case ir.PyDict:
		if !needsConv(t.Elem) {
			return "_w.ident"
		}
		return "_w.enc_dict(" + encFn(t.Elem, mod) + ")"
	case ir.PyOpt:
		return encFn(t.Elem, mod)
	}
	return "_w.ident"
}

func pyDocText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"""`, `'''`)
	return s
}

func wrap(s string, width int, indent string) string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for _, w := range words {
		if cur != "" && len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur == "" {
			cur = w
		} else {
			cur += " " + w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return strings.Join(lines, "\n"+indent)
}

// PyModels emits sdk/src/mattermost_plugin/models.py.
func PyModels(x *ir.IR) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", Header)
	b.WriteString(`"""Mattermost data types as Python dataclasses, one per Go model type the plugin API uses.

Each class mirrors a Go struct of Mattermost's ` + "`model`" + ` package (server/public ` + x.Version + `) field by field.
Attribute names are the Go field names in snake_case (` + "`Post.ChannelId`" + ` is ` + "`post.channel_id`" + `); values
travel as the JSON Mattermost's REST API uses, so ` + "`from_dict`/`to_dict`" + ` read and write exactly that JSON.
All fields are keyword-only with the Go zero value as default (` + "`None`" + ` for pointers, slices and maps).

Keys this SDK does not know (fields added by a newer server) are kept in ` + "`_unknown`" + ` and sent back
unchanged, so a model survives a round trip through an older SDK.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any

from . import _wire as _w

`)
	var names []string
	for _, m := range x.Models {
		names = append(names, m.Name)
	}
	sort.Strings(names)
	b.WriteString("__all__ = [\n")
	for _, n := range names {
		fmt.Fprintf(&b, "    %q,\n", n)
	}
	b.WriteString("]\n")
	for _, m := range x.Models {
		emitModel(&b, m)
	}
	b.WriteString("\n\nMODELS: dict[str, type[Any]] = {\n")
	for _, m := range x.Models {
		fmt.Fprintf(&b, "    %q: %s,\n", m.Name, m.Name)
	}
	b.WriteString("}\n\"\"\"Every model class by name.\"\"\"\n")
	b.WriteString("\nJSON_KEYS: dict[type[Any], frozenset[str]] = {\n")
	for _, m := range x.Models {
		fmt.Fprintf(&b, "    %s: _K_%s,\n", m.Name, m.Name)
	}
	b.WriteString("}\n\"\"\"The JSON keys of every model class.\"\"\"\n")
	return []byte(b.String())
}

func emitModel(b *strings.Builder, m *ir.Model) {
	doc := firstSentence(m.Doc)
	if doc == "" {
		doc = "Mattermost's Go type " + m.GoName + "."
	}
	fmt.Fprintf(b, "\n\n@_dataclass(kw_only=True)\nclass %s:\n    \"\"\"%s\n\n    Go type: ``%s``.", m.Name, pyDocText(wrap(doc, 92, "    ")), m.GoName)
	documented := false
	for _, f := range m.Fields {
		if f.Doc == "" {
			continue
		}
		if !documented {
			b.WriteString("\n\n    Attributes:")
			documented = true
		}
		fmt.Fprintf(b, "\n        %s: %s", f.Py, pyDocText(wrap(firstSentence(f.Doc), 84, "            ")))
	}
	b.WriteString("\n    \"\"\"\n\n")
	for _, f := range m.Fields {
		fmt.Fprintf(b, "    %s: %s = %s\n", f.Py, pyAnn(f.Type), pyDefault(f.Type))
	}
	b.WriteString("    _unknown: dict[str, Any] = _field(default_factory=dict, repr=False)\n")
	fmt.Fprintf(b, `
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> %[1]s:
        """Build from the model's JSON object (as the REST API returns it)."""
        return _d_%[1]s(data)

    def to_dict(self) -> dict[str, Any]:
        """The model's JSON object (as the REST API accepts it)."""
        return _e_%[1]s(self)
`, m.Name)
	for _, f := range m.Fields {
		if f.GoName == "Props" && f.Type.Kind == ir.PyDict {
			val := stripNone(pyAnn(f.Type.Elem))
			bt := "``"
			fmt.Fprintf(b, "\n    def get_prop(self, key: str, default: Any = None) -> Any:\n"+
				"        \"\"\"The value of %[2]sprops[key]%[2]s (%[2]sdefault%[2]s when absent or when %[2]sprops%[2]s is None).\"\"\"\n"+
				"        return default if self.props is None else self.props.get(key, default)\n"+
				"\n    def add_prop(self, key: str, value: %[1]s) -> None:\n"+
				"        \"\"\"Set %[2]sprops[key]%[2]s, creating %[2]sprops%[2]s when it is None (Go's %[2]sAddProp%[2]s).\"\"\"\n"+
				"        if self.props is None:\n            self.props = {}\n        self.props[key] = value\n", val, bt)
		}
	}
	// key set, decoder, encoder
	fmt.Fprintf(b, "\n\n_K_%s = frozenset(\n    (\n", m.Name)
	for _, f := range m.Fields {
		fmt.Fprintf(b, "        %q,\n", f.JSON)
	}
	b.WriteString("    )\n)\n")
	fmt.Fprintf(b, "\n\ndef _d_%[1]s(d: Any) -> %[1]s:\n", m.Name)
	fmt.Fprintf(b, "    if not isinstance(d, Mapping):\n        raise _w.shape_error(%q, d)\n    g = d.get\n    return %s(\n", m.Name, m.Name)
	for _, f := range m.Fields {
		var expr string
		switch {
		case f.Type.Kind == ir.PyModel:
			expr = fmt.Sprintf("_w.dec_struct(g(%q), _d_%s, %s)", f.JSON, f.Type.Model.Name, f.Type.Model.Name)
		case needsConv(f.Type):
			expr = fmt.Sprintf("_w.opt(g(%q), %s)", f.JSON, decFn(f.Type, ""))
		default:
			def := pyDefault(f.Type)
			if def == "None" {
				expr = fmt.Sprintf("g(%q)", f.JSON)
			} else {
				expr = fmt.Sprintf("g(%q, %s)", f.JSON, def)
			}
		}
		fmt.Fprintf(b, "        %s=%s,\n", f.Py, expr)
	}
	fmt.Fprintf(b, "        _unknown=_w.rest(d, _K_%s),\n    )\n", m.Name)
	fmt.Fprintf(b, "\n\ndef _e_%[1]s(o: %[1]s) -> dict[str, Any]:\n    d: dict[str, Any] = dict(o._unknown) if o._unknown else {}\n", m.Name)
	for _, f := range m.Fields {
		val := "o." + f.Py
		switch {
		case f.Type.Kind == ir.PyModel:
			val = fmt.Sprintf("_e_%s(o.%s)", f.Type.Model.Name, f.Py)
		case needsConv(f.Type):
			val = fmt.Sprintf("_w.opt(o.%s, %s)", f.Py, encFn(f.Type, ""))
		}
		if f.OmitEmpty && f.Type.Kind != ir.PyModel {
			cond := "o." + f.Py
			switch f.Type.Kind {
			case ir.PyOpt, ir.PyAny:
				cond = "o." + f.Py + " is not None"
			}
			fmt.Fprintf(b, "    if %s:\n        d[%q] = %s\n", cond, f.JSON, val)
		} else {
			fmt.Fprintf(b, "    d[%q] = %s\n", f.JSON, val)
		}
	}
	b.WriteString("    return d\n")
}
