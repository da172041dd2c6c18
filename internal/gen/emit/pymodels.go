package emit

import (
	"fmt"
	"go/types"
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
		return "_field(default_factory=lambda: _g." + t.Model.Name + "())"
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
		if mod == "" {
			mod = "_g."
		}
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
// wireEncFn is encFn for a value sent to the host: models (and lists and
// maps of them) use the wire encoding _c_<Name>, without zero members.
func wireEncFn(t *ir.PyType, mod string) string {
	switch t.Kind {
	case ir.PyModel:
		return mod + "_c_" + t.Model.Name
	case ir.PyList:
		if needsConv(t.Elem) {
			return "_w.enc_list(" + wireEncFn(t.Elem, mod) + ")"
		}
	case ir.PyDict:
		if needsConv(t.Elem) {
			return "_w.enc_dict(" + wireEncFn(t.Elem, mod) + ")"
		}
	case ir.PyOpt:
		return wireEncFn(t.Elem, mod)
	}
	return encFn(t, mod)
}

func encFn(t *ir.PyType, mod string) string {
	switch t.Kind {
	case ir.PyBytes:
		return "_w.b64e"
	case ir.PyModel:
		if mod == "" {
			mod = "_g."
		}
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

import sys
import threading
from collections.abc import Iterator, Mapping
from typing import Any

from . import _wire as _w

_new = object.__new__

# Classes are created on first use (PEP 562 module __getattr__): building all of them at import
# costs hundreds of milliseconds in the guest, and a plugin uses a handful. models.pyi declares
# them for type checkers. dataclasses is imported by the first class made, not here: it imports
# inspect (~25 ms at plugin start). See docs/RATIONALE.md ("Lazy models").
_g = sys.modules[__name__]
_lock = threading.Lock()

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
	b.WriteString("    \"JSON_KEYS\",\n    \"MODELS\",\n]\n")
	for _, m := range x.Models {
		fmt.Fprintf(&b, "\n_K_%s = frozenset(\n    (\n", m.Name)
		for _, f := range m.Fields {
			fmt.Fprintf(&b, "        %q,\n", f.JSON)
		}
		b.WriteString("    )\n)\n")
	}
	for _, m := range x.Models {
		var mb strings.Builder
		emitModel(&mb, m)
		fmt.Fprintf(&b, "\n\ndef _mk_%s() -> None:", m.Name)
		b.WriteString("\n    from dataclasses import dataclass as _dataclass\n    from dataclasses import field as _field\n")
		for _, line := range strings.Split(strings.TrimLeft(mb.String(), "\n"), "\n") {
			if line == "" {
				b.WriteString("\n")
			} else {
				b.WriteString("\n    " + line)
			}
		}
		fmt.Fprintf(&b, "\n    _publish(%[1]s, _d_%[1]s, _e_%[1]s, _c_%[1]s)\n", m.Name)
	}
	b.WriteString(`

def _publish(cls: type[Any], dec: Any, enc: Any, wire: Any) -> None:
    name = cls.__name__
    cls.__qualname__ = name
    cls.__module__ = __name__
    for attr, value in list(vars(cls).items()):
        func = getattr(value, "__func__", value)
        if callable(func) and hasattr(func, "__qualname__"):
            func.__qualname__ = f"{name}.{attr}"
    globals().update({name: cls, "_d_" + name: dec, "_e_" + name: enc, "_c_" + name: wire})


_FACTORIES: dict[str, Any] = {}
`)
	for _, m := range x.Models {
		fmt.Fprintf(&b, "_FACTORIES[%[1]q] = _FACTORIES[\"_d_%[1]s\"] = _FACTORIES[\"_e_%[1]s\"] = _FACTORIES[\"_c_%[1]s\"] = _mk_%[1]s\n", m.Name)
	}
	b.WriteString(`

def __getattr__(name: str) -> Any:
    make = _FACTORIES.get(name)
    if make is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    with _lock:
        if name not in globals():
            make()
    return globals()[name]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_FACTORIES))


class _Models(Mapping[str, type[Any]]):
    """Every model class by name (created on access)."""

    def __getitem__(self, name: str) -> type[Any]:
        if name not in _FACTORIES or name.startswith("_"):
            raise KeyError(name)
        cls: type[Any] = __getattr__(name)
        return cls

    def __iter__(self) -> Iterator[str]:
        return (n for n in _FACTORIES if not n.startswith("_"))

    def __len__(self) -> int:
        return sum(1 for n in _FACTORIES if not n.startswith("_"))


class _JSONKeys(Mapping[Any, frozenset[str]]):
    """The JSON keys of every model, by class or by class name."""

    def __getitem__(self, key: Any) -> frozenset[str]:
        name = key if isinstance(key, str) else getattr(key, "__name__", "")
        keys = globals().get("_K_" + name)
        if not isinstance(keys, frozenset):
            raise KeyError(key)
        return keys

    def __iter__(self) -> Iterator[Any]:
        return iter(MODELS.values())

    def __len__(self) -> int:
        return len(MODELS)


MODELS: Mapping[str, type[Any]] = _Models()
"""Every model class by name."""

JSON_KEYS: Mapping[Any, frozenset[str]] = _JSONKeys()
"""The JSON keys of every model, by class or class name."""
`)
	return []byte(b.String())
}

func emitModel(b *strings.Builder, m *ir.Model) {
	doc := firstSentence(m.Doc)
	if doc == "" {
		doc = "Mattermost's Go type " + m.GoName + "."
	}
	fmt.Fprintf(b, "\n\n@_dataclass(init=False, repr=False, eq=False, match_args=False)\nclass %s:\n    \"\"\"%s\n\n    Go type: ``%s``.", m.Name, pyDocText(wrap(doc, 92, "    ")), m.GoName)
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
	// __init__, __repr__ and __eq__ are written out here rather than made by
	// @dataclass at import (which compiles code per class: ~10 ms per model
	// in the guest, seconds for all of them). See docs/RATIONALE.md.
	b.WriteString("\n    def __init__(\n        self,\n        *,\n")
	for _, f := range m.Fields {
		ann := pyAnn(f.Type)
		def := pyDefault(f.Type)
		if f.Type.Kind == ir.PyModel {
			ann, def = ann+" | None", "None"
		}
		fmt.Fprintf(b, "        %s: %s = %s,\n", f.Py, ann, def)
	}
	b.WriteString("        _unknown: dict[str, Any] | None = None,\n    ) -> None:\n")
	for _, f := range m.Fields {
		if f.Type.Kind == ir.PyModel {
			fmt.Fprintf(b, "        self.%[1]s = _g.%[2]s() if %[1]s is None else %[1]s\n", f.Py, f.Type.Model.Name)
		} else {
			fmt.Fprintf(b, "        self.%[1]s = %[1]s\n", f.Py)
		}
	}
	b.WriteString("        self._unknown = {} if _unknown is None else _unknown\n")
	b.WriteString(`
    def __repr__(self) -> str:
        return _w.model_repr(self)

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__ and self.__dict__ == other.__dict__
`)
	fmt.Fprintf(b, `
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> %[1]s:
        """Build from the model's JSON object (as the REST API returns it)."""
        return _g._d_%[1]s(data)

    def to_dict(self) -> dict[str, Any]:
        """The model's JSON object (as the REST API accepts it)."""
        return _g._e_%[1]s(self)
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
	// decoder, encoder (the key set _K_<Name> is at module level)
	emitDecoder(b, m)
	omit := map[string]bool{} // fields the wire encoding may leave out when zero
	if !hasUnmarshaler(m.Named) {
		for _, f := range m.Fields {
			omit[f.Py] = wireOmittable(f)
		}
	}
	// full=False is the wire encoding (_c_<Name>): it leaves out the members
	// whose value is the zero Go's decoder gives a missing member.
	fmt.Fprintf(b, "\n\ndef _e_%[1]s(o: %[1]s, full: bool = True) -> dict[str, Any]:\n    d: dict[str, Any] = dict(o._unknown) if o._unknown else {}\n", m.Name)
	groups := map[string][]ir.Field{}
	for _, f := range m.Fields {
		if f.ViaPointer != "" {
			groups[f.ViaPointer] = append(groups[f.ViaPointer], f)
		}
	}
	emitted := map[string]bool{}
	for _, f := range m.Fields {
		indent := "    "
		if g := f.ViaPointer; g != "" {
			if emitted[g] {
				continue
			}
			emitted[g] = true
			// fields promoted from an embedded *struct: Go writes them only when
			// the pointer is set, i.e. (after decoding) when one of them is
			var conds []string
			for _, gf := range groups[g] {
				if z := zeroLit(gf.Type); z == "None" {
					conds = append(conds, "o."+gf.Py+" is not None")
				} else {
					conds = append(conds, "o."+gf.Py+" != "+z)
				}
			}
			fmt.Fprintf(b, "    if %s:  # promoted from *%s\n", strings.Join(conds, " or "), g)
			for _, gf := range groups[g] {
				emitField(b, gf, "        ", omit[gf.Py])
			}
			continue
		}
		emitField(b, f, indent, omit[f.Py])
	}
	b.WriteString("    return d\n")
	fmt.Fprintf(b, "\n\ndef _c_%[1]s(o: %[1]s) -> dict[str, Any]:\n    return _e_%[1]s(o, False)\n", m.Name)
}

// wireOmittable tells whether Go decodes the JSON object without field f
// (into a new value) exactly as with f's zero: "", 0, false or 0.0 for a
// scalar, null otherwise. Not so for a field whose Go type decodes itself
// (UnmarshalJSON or UnmarshalText may give null or "" a meaning), unless it
// is a pointer (null sets a pointer to nil without calling them).
func wireOmittable(f ir.Field) bool {
	if f.GoType == nil || f.Type.Kind == ir.PyModel {
		return false
	}
	if _, ptr := f.GoType.Underlying().(*types.Pointer); ptr {
		return true
	}
	return !hasUnmarshaler(f.GoType)
}

// hasUnmarshaler tells whether t or *t has UnmarshalJSON or UnmarshalText.
func hasUnmarshaler(t types.Type) bool {
	if t == nil {
		return true
	}
	for _, tt := range []types.Type{t, types.NewPointer(t)} {
		ms := types.NewMethodSet(tt)
		for i := 0; i < ms.Len(); i++ {
			if n := ms.At(i).Obj().Name(); n == "UnmarshalJSON" || n == "UnmarshalText" {
				return true
			}
		}
	}
	return false
}

// emitDecoder writes _d_<Name>: JSON object (dict) -> instance. The
// instance's __dict__ is built by merging the JSON object over a dict of the
// defaults (C code) instead of calling __init__ with one keyword per field,
// which costs a dict lookup and a keyword per field in Python: decoding a
// Post went from 46 µs to about 6 µs in the guest. Keys whose JSON name is
// not the attribute name are renamed after the merge, fields that need
// converting (models, bytes, lists/maps of them) are converted, and keys the
// model does not know go to _unknown. See docs/RATIONALE.md ("Model decoding").
func emitDecoder(b *strings.Builder, m *ir.Model) {
	py := map[string]bool{}
	for _, f := range m.Fields {
		py[f.Py] = true
	}
	for _, f := range m.Fields {
		if f.JSON != f.Py && py[f.JSON] {
			// The merge would mix the two fields up. No model of
			// server/public has such a field.
			panic(fmt.Sprintf("model %s: field %s has the JSON name %q, another field's attribute name: the merging decoder cannot tell them apart",
				m.Name, f.Py, f.JSON))
		}
	}
	fmt.Fprintf(b, "\n\n_z_%s: dict[str, Any] = {\n", m.Name)
	for _, f := range m.Fields {
		def := pyDefault(f.Type)
		if f.Type.Kind == ir.PyModel {
			def = "None"
		}
		fmt.Fprintf(b, "    %q: %s,\n", f.Py, def)
	}
	b.WriteString("}\n")
	fmt.Fprintf(b, "\n\ndef _d_%[1]s(d: Any) -> %[1]s:\n", m.Name)
	fmt.Fprintf(b, "    if d.__class__ is not dict:\n        if not isinstance(d, Mapping):\n            raise _w.shape_error(%q, d)\n        d = dict(d)\n", m.Name)
	fmt.Fprintf(b, "    if _K_%[1]s.issuperset(d):\n        v = {**_z_%[1]s, **d}\n        u: dict[str, Any] = {}\n", m.Name)
	fmt.Fprintf(b, "    else:\n        v = dict(_z_%[1]s)\n        u = {}\n        for k, x in d.items():\n            if k in _K_%[1]s:\n                v[k] = x\n            else:\n                u[k] = x\n", m.Name)
	for _, f := range m.Fields {
		if f.JSON != f.Py {
			fmt.Fprintf(b, "    if %[1]q in v:\n        v[%[2]q] = v.pop(%[1]q)\n", f.JSON, f.Py)
		}
	}
	for _, f := range m.Fields {
		switch {
		case f.Type.Kind == ir.PyModel:
			fmt.Fprintf(b, "    x = v[%[1]q]\n    v[%[1]q] = _g.%[2]s() if x is None else _g._d_%[2]s(x)\n", f.Py, f.Type.Model.Name)
		case needsConv(f.Type):
			fmt.Fprintf(b, "    x = v[%[1]q]\n    if x is not None:\n        v[%[1]q] = %[2]s(x)\n", f.Py, decFn(f.Type, ""))
		}
	}
	fmt.Fprintf(b, "    v[\"_unknown\"] = u\n    o = _new(%[1]s)\n    o.__dict__ = v\n    return o\n", m.Name)
}

func zeroLit(t *ir.PyType) string {
	switch t.Kind {
	case ir.PyStr:
		return `""`
	case ir.PyBool:
		return "False"
	case ir.PyInt:
		return "0"
	case ir.PyFloat:
		return "0.0"
	}
	return "None"
}

func emitField(b *strings.Builder, f ir.Field, indent string, omit bool) {
	{
		val := "o." + f.Py
		switch {
		case f.Type.Kind == ir.PyModel:
			val = fmt.Sprintf("_g._e_%s(o.%s, full)", f.Type.Model.Name, f.Py)
		case needsConv(f.Type):
			full, wire := encFn(f.Type, ""), wireEncFn(f.Type, "_g.")
			if full == wire {
				val = fmt.Sprintf("_w.opt(o.%s, %s)", f.Py, full)
			} else {
				val = fmt.Sprintf("_w.opt(o.%s, %s if full else %s)", f.Py, full, wire)
			}
		}
		if f.OmitEmpty && f.Type.Kind != ir.PyModel {
			cond := "o." + f.Py
			switch f.Type.Kind {
			case ir.PyOpt, ir.PyAny:
				cond = "o." + f.Py + " is not None"
			}
			fmt.Fprintf(b, "%sif %s:\n%s    d[%q] = %s\n", indent, cond, indent, f.JSON, val)
		} else if omit {
			cond := "o." + f.Py + " is not None"
			switch f.Type.Kind {
			case ir.PyStr, ir.PyInt, ir.PyBool, ir.PyFloat:
				cond = "o." + f.Py
			}
			fmt.Fprintf(b, "%sif full or %s:\n%s    d[%q] = %s\n", indent, cond, indent, f.JSON, val)
		} else {
			fmt.Fprintf(b, "%sd[%q] = %s\n", indent, f.JSON, val)
		}
	}
}

// PyModelsStub emits sdk/src/mattermost_plugin/models.pyi: the classes of
// models.py as type checkers see them (models.py creates them lazily).
func PyModelsStub(x *ir.IR) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", Header)
	b.WriteString(`"""Type declarations of the model dataclasses (models.py creates the classes on first use)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MODELS: Mapping[str, type[Any]]
JSON_KEYS: Mapping[Any, frozenset[str]]
`)
	for _, m := range x.Models {
		doc := firstSentence(m.Doc)
		if doc == "" {
			doc = "Mattermost's Go type " + m.GoName + "."
		}
		fmt.Fprintf(&b, "\n@dataclass(init=False, repr=False, eq=False)\nclass %s:\n    \"\"\"%s\"\"\"\n\n", m.Name, pyDocText(wrap(doc, 92, "    ")))
		for _, f := range m.Fields {
			fmt.Fprintf(&b, "    %s: %s\n", f.Py, pyAnn(f.Type))
		}
		b.WriteString("    _unknown: dict[str, Any]\n    def __init__(\n        self,\n        *,\n")
		for _, f := range m.Fields {
			ann := pyAnn(f.Type)
			if f.Type.Kind == ir.PyModel {
				ann += " | None"
			}
			fmt.Fprintf(&b, "        %s: %s = ...,\n", f.Py, ann)
		}
		b.WriteString("        _unknown: dict[str, Any] | None = ...,\n    ) -> None: ...\n")
		fmt.Fprintf(&b, "    @classmethod\n    def from_dict(cls, data: Mapping[str, Any]) -> %s: ...\n    def to_dict(self) -> dict[str, Any]: ...\n", m.Name)
		for _, f := range m.Fields {
			if f.GoName == "Props" && f.Type.Kind == ir.PyDict {
				fmt.Fprintf(&b, "    def get_prop(self, key: str, default: Any = None) -> Any: ...\n    def add_prop(self, key: str, value: %s) -> None: ...\n", stripNone(pyAnn(f.Type.Elem)))
			}
		}
		fmt.Fprintf(&b, "\ndef _d_%[1]s(d: Any) -> %[1]s: ...\ndef _e_%[1]s(o: %[1]s, full: bool = ...) -> dict[str, Any]: ...\ndef _c_%[1]s(o: %[1]s) -> dict[str, Any]: ...\n", m.Name)
	}
	return []byte(b.String())
}
