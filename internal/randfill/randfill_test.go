package randfill

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type inner struct {
	N    int8
	U    uint16
	F    float32
	Tags []string
}

type sample struct {
	S       string
	B       bool
	I       int64
	F       float64
	Bytes   []byte
	Ptr     *inner
	Slice   []*inner
	Map     map[string]inner
	IntKeys map[int]string
	Any     any
	Raw     json.RawMessage
	When    time.Time
	Skip    string `json:"-"`
	hidden  string
	Arr     [2]string
	Kind    kind
}

type kind string

func TestDeterministic(t *testing.T) {
	a := New(7).Value(reflect.TypeFor[sample]()).Interface()
	b := New(7).Value(reflect.TypeFor[sample]()).Interface()
	assert.Equal(t, mustJSON(t, a), mustJSON(t, b), "same seed, same value")
	c := New(8).Value(reflect.TypeFor[sample]()).Interface()
	assert.NotEqual(t, mustJSON(t, a), mustJSON(t, c), "another seed, another value")
}

func TestValuesAreJSONAndCoverShapes(t *testing.T) {
	f := New(1)
	var nilPtr, setPtr, nilSlice, emptySlice, nilMap, emptyMap, bigInt int
	for range 500 {
		v := f.Value(reflect.TypeFor[sample]()).Interface().(sample)
		b := mustJSON(t, v)
		var back sample
		require.NoError(t, json.Unmarshal([]byte(b), &back), "the value decodes: %s", b)
		assert.Equal(t, b, mustJSON(t, back), "Go's JSON round trip keeps the value")

		assert.True(t, utf8.ValidString(v.S))
		assert.False(t, math.IsNaN(v.F) || math.IsInf(v.F, 0))
		assert.Empty(t, v.Skip, "json:\"-\" fields are not filled")
		assert.Empty(t, v.hidden, "unexported fields are not filled")
		assert.Equal(t, time.UTC, v.When.Location())
		assert.Zero(t, v.When.Nanosecond())
		if v.Raw != nil {
			assert.True(t, json.Valid(v.Raw), "RawMessage is valid JSON: %q", v.Raw)
		}
		if v.Ptr == nil {
			nilPtr++
		} else {
			setPtr++
			assert.Equal(t, float64(v.Ptr.F), float64(float32(v.Ptr.F)), "float32 fields hold float32 values")
		}
		switch {
		case v.Slice == nil:
			nilSlice++
		case len(v.Slice) == 0:
			emptySlice++
		}
		switch {
		case v.Map == nil:
			nilMap++
		case len(v.Map) == 0:
			emptyMap++
		}
		if v.I > 1<<53 || v.I < -(1<<53) {
			bigInt++
		}
	}
	for name, n := range map[string]int{"nil pointer": nilPtr, "set pointer": setPtr, "nil slice": nilSlice,
		"empty slice": emptySlice, "nil map": nilMap, "empty map": emptyMap, "int beyond 2^53": bigInt} {
		assert.Positive(t, n, "500 values include a %s", name)
	}
}

func TestFixups(t *testing.T) {
	f := New(3)
	f.Fixups = map[reflect.Type]func(*Filler, reflect.Value){
		reflect.TypeFor[kind](): func(f *Filler, v reflect.Value) {
			v.SetString([]string{"team", "channel"}[f.Intn(2)])
		},
	}
	for range 50 {
		v := f.Value(reflect.TypeFor[sample]()).Interface().(sample)
		assert.Contains(t, []kind{"team", "channel"}, v.Kind)
	}
}

func TestDepthLimit(t *testing.T) {
	type node struct {
		Next *node
		Name string
	}
	f := New(5)
	f.MaxDepth = 3
	for range 100 {
		n := f.Value(reflect.TypeFor[node]()).Interface().(node)
		depth := 0
		for p := n.Next; p != nil; p = p.Next {
			depth++
		}
		assert.LessOrEqual(t, depth, 2, "nesting stops at MaxDepth")
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestNotJSONStaysZero(t *testing.T) {
	type odd struct {
		Ch  chan int
		Fn  func()
		Err error
		C   complex128
	}
	f := New(9)
	for range 20 {
		v := f.Value(reflect.TypeFor[odd]()).Interface().(odd)
		assert.Nil(t, v.Ch)
		assert.Nil(t, v.Fn)
		assert.Nil(t, v.Err)
		assert.Zero(t, v.C)
	}
}
