package emit

import (
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mmpy/mmpy/internal/gen/ir"
)

// namedWith is a named string type with the given pointer-receiver methods
// (func() error, enough for the method-set lookup).
func namedWith(name string, methods ...string) *types.Named {
	pkg := types.NewPackage("example.com/m", "m")
	n := types.NewNamed(types.NewTypeName(token.NoPos, pkg, name, nil), types.Typ[types.String], nil)
	for _, m := range methods {
		recv := types.NewVar(token.NoPos, pkg, "x", types.NewPointer(n))
		res := types.NewTuple(types.NewVar(token.NoPos, nil, "", types.Universe.Lookup("error").Type()))
		n.AddMethod(types.NewFunc(token.NoPos, pkg, m, types.NewSignatureType(recv, nil, nil, nil, res, false)))
	}
	return n
}

func TestZeroJSONMatchesTheSDKDefaults(t *testing.T) {
	for kind, want := range map[ir.PyKind]string{
		ir.PyStr: `""`, ir.PyBool: "false", ir.PyInt: "0", ir.PyFloat: "",
		ir.PyOpt: "null", ir.PyList: "null", ir.PyDict: "null", ir.PyAny: "null", ir.PyBytes: "null",
	} {
		assert.Equal(t, want, zeroJSON(&ir.PyType{Kind: kind}), "kind %d", kind)
	}
}

func TestJSONModel(t *testing.T) {
	m := &ir.Model{Name: "Post"}
	model := &ir.PyType{Kind: ir.PyModel, Model: m}
	assert.Same(t, m, jsonModel(model))
	assert.Same(t, m, jsonModel(&ir.PyType{Kind: ir.PyOpt, Elem: model}))
	assert.Same(t, m, jsonModel(&ir.PyType{Kind: ir.PyList, Elem: &ir.PyType{Kind: ir.PyOpt, Elem: model}}))
	assert.Nil(t, jsonModel(&ir.PyType{Kind: ir.PyDict, Elem: model}), "maps of models are sent as json.Marshal writes them")
	assert.Nil(t, jsonModel(&ir.PyType{Kind: ir.PyList, Elem: &ir.PyType{Kind: ir.PyStr}}))
	assert.Nil(t, jsonModel(nil))
	assert.Equal(t, "convert.ModelJSON(r0, apiserve.ZerosPost)", toJSONCall("r0", model, "apiserve."))
	assert.Equal(t, "toJSON(r0)", toJSONCall("r0", &ir.PyType{Kind: ir.PyAny}, ""))
}

func TestWireOmittable(t *testing.T) {
	str := &ir.PyType{Kind: ir.PyStr}
	plain := namedWith("Plain")
	custom := namedWith("Custom", "UnmarshalJSON")
	text := namedWith("Text", "UnmarshalText")
	assert.True(t, wireOmittable(ir.Field{Type: str, GoType: types.Typ[types.String]}))
	assert.True(t, wireOmittable(ir.Field{Type: str, GoType: plain}))
	assert.False(t, wireOmittable(ir.Field{Type: str, GoType: custom}), "UnmarshalJSON may give \"\" a meaning")
	assert.False(t, wireOmittable(ir.Field{Type: str, GoType: text}), "so may UnmarshalText")
	assert.True(t, wireOmittable(ir.Field{Type: &ir.PyType{Kind: ir.PyOpt, Elem: str}, GoType: types.NewPointer(custom)}),
		"null sets a pointer to nil without calling UnmarshalJSON")
	assert.False(t, wireOmittable(ir.Field{Type: &ir.PyType{Kind: ir.PyModel}, GoType: plain}), "struct fields are always sent")
	assert.False(t, wireOmittable(ir.Field{Type: str}), "an unknown Go type is always sent")
	assert.True(t, hasUnmarshaler(custom))
	assert.False(t, hasUnmarshaler(plain))
}
