// Package randfill builds deterministic pseudo-random values of arbitrary Go
// types by reflection, for tests that check values cross a boundary intact
// (host/apiconformance_test.go sends every plugin.API parameter and result
// through the ABI and the Python SDK).
//
// The values are the ones encoding/json can carry: exported struct fields
// only; strings valid UTF-8; floats finite; time.Time with second precision
// in UTC; json.RawMessage valid JSON; `any` holds what json.Unmarshal makes
// (string, float64, bool, nil, []any, map[string]any). Channels, functions
// and non-empty interfaces stay nil. Pointers, slices and maps are sometimes
// nil and sometimes empty, so both shapes are exercised.
package randfill

import (
	"encoding"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"time"
)

// Filler makes values; one Filler is a deterministic stream for its seed.
// It is not safe for concurrent use.
type Filler struct {
	r *rand.Rand
	// MaxDepth bounds nesting (pointers, slices, maps, structs): deeper
	// values stay zero. Default 4.
	MaxDepth int
	// Fixups adjust filled values of a type to what the type accepts (e.g.
	// an enum field its MarshalJSON validates); each runs on every value of
	// its type after the value is filled.
	Fixups map[reflect.Type]func(f *Filler, v reflect.Value)
}

// New returns a Filler seeded with seed.
func New(seed uint64) *Filler {
	return &Filler{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), MaxDepth: 4}
}

var (
	timeType       = reflect.TypeFor[time.Time]()
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	textMarshaler  = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshal  = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Value returns a new filled value of type t (top-level pointers are rarely
// nil).
func (f *Filler) Value(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	f.fill(v, 0)
	return v
}

// Fill fills the settable value v in place.
func (f *Filler) Fill(v reflect.Value) { f.fill(v, 0) }

// Intn returns a number in [0, n).
func (f *Filler) Intn(n int) int { return f.r.IntN(n) }

// Bool returns a random bool.
func (f *Filler) Bool() bool { return f.r.IntN(2) == 0 }

// chance is true with probability p.
func (f *Filler) chance(p float64) bool { return f.r.Float64() < p }

var runePool = []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-./:@#\"'\\\n\t<>&%{}[]éüßñ中文字😀🎉\u00a0\u2028\u0000\x7f")

// String returns a random valid UTF-8 string of 0..16 runes (sometimes empty,
// with quotes, backslashes, control characters, non-ASCII and astral runes).
func (f *Filler) String() string {
	if f.chance(0.08) {
		return ""
	}
	n := 1 + f.r.IntN(16)
	var b strings.Builder
	for range n {
		if f.chance(0.6) {
			b.WriteByte("abcdefghijklmnopqrstuvwxyz0123456789"[f.r.IntN(36)])
		} else {
			b.WriteRune(runePool[f.r.IntN(len(runePool))])
		}
	}
	return b.String()
}

// Int returns a random int64 that fits in bits bits (signed): small values,
// negatives and extremes (beyond 2^53, where float64 loses precision).
func (f *Filler) Int(bits int) int64 {
	lim := int64(math.MaxInt64)
	if bits < 64 {
		lim = int64(1)<<(bits-1) - 1
	}
	switch f.r.IntN(6) {
	case 0:
		return 0
	case 1:
		return int64(f.r.IntN(100))
	case 2:
		return -int64(f.r.IntN(100)) - 1
	case 3:
		return lim - int64(f.r.IntN(3))
	case 4:
		return -lim - 1 + int64(f.r.IntN(3))
	default:
		return f.r.Int64N(lim) - f.r.Int64N(lim)
	}
}

// Uint returns a random uint64 that fits in bits bits.
func (f *Filler) Uint(bits int) uint64 {
	lim := uint64(math.MaxUint64)
	if bits < 64 {
		lim = uint64(1)<<bits - 1
	}
	switch f.r.IntN(4) {
	case 0:
		return 0
	case 1:
		return uint64(f.r.IntN(100))
	case 2:
		return lim - uint64(f.r.IntN(3))
	default:
		return f.r.Uint64N(lim)
	}
}

// Float returns a random finite float (float32-representable when bits is 32).
func (f *Filler) Float(bits int) float64 {
	var x float64
	switch f.r.IntN(5) {
	case 0:
		x = 0
	case 1:
		x = float64(f.r.IntN(1000) - 500)
	case 2:
		x = f.r.NormFloat64() * 1e3
	case 3:
		x = math.Ldexp(f.r.Float64(), f.r.IntN(120)-60)
	default:
		x = (f.r.Float64() - 0.5) * math.Pow(10, float64(f.r.IntN(40)-20))
	}
	if bits == 32 {
		x = float64(float32(x))
	}
	return x
}

// JSON returns a random value of the shapes json.Unmarshal gives `any`.
func (f *Filler) JSON(depth int) any {
	k := f.r.IntN(7)
	if depth >= 2 && k >= 5 {
		k = f.r.IntN(5)
	}
	switch k {
	case 0:
		return nil
	case 1:
		return f.Bool()
	case 2:
		return float64(f.r.IntN(2001) - 1000)
	case 3:
		return f.Float(64)
	case 4:
		return f.String()
	case 5:
		n := f.r.IntN(4)
		out := make([]any, n)
		for i := range out {
			out[i] = f.JSON(depth + 1)
		}
		return out
	default:
		n := f.r.IntN(4)
		out := make(map[string]any, n)
		for range n {
			out[f.String()] = f.JSON(depth + 1)
		}
		return out
	}
}

func (f *Filler) fill(v reflect.Value, depth int) {
	if depth > f.MaxDepth {
		return
	}
	f.fillKind(v, depth)
	if fix, ok := f.Fixups[v.Type()]; ok {
		fix(f, v)
	}
}

func (f *Filler) fillKind(v reflect.Value, depth int) {
	t := v.Type()
	switch {
	case t == timeType:
		v.Set(reflect.ValueOf(time.Unix(f.r.Int64N(4102444800), 0).UTC()))
		return
	case t == rawMessageType:
		if f.chance(0.2) {
			return
		}
		b, err := json.Marshal(f.JSON(0))
		if err != nil {
			panic("randfill: JSON value does not marshal: " + err.Error())
		}
		v.SetBytes(b)
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(f.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(f.Int(t.Bits()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(f.Uint(t.Bits()))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(f.Float(t.Bits()))
	case reflect.String:
		v.SetString(f.String())
	case reflect.Pointer:
		if f.chance(nilChance(depth)) {
			return
		}
		p := reflect.New(t.Elem())
		f.fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			if f.chance(nilChance(depth)) {
				return
			}
			b := make([]byte, f.r.IntN(24))
			for i := range b {
				b[i] = byte(f.r.IntN(256))
			}
			v.Set(reflect.ValueOf(b).Convert(t))
			return
		}
		switch {
		case f.chance(nilChance(depth)):
			return
		case f.chance(0.1):
			v.Set(reflect.MakeSlice(t, 0, 0))
			return
		}
		n := 1 + f.r.IntN(3)
		s := reflect.MakeSlice(t, n, n)
		for i := range n {
			f.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			f.fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		if !mapKeyOK(t.Key()) {
			return
		}
		switch {
		case f.chance(nilChance(depth)):
			return
		case f.chance(0.1):
			v.Set(reflect.MakeMap(t))
			return
		}
		m := reflect.MakeMap(t)
		for range 1 + f.r.IntN(3) {
			k := reflect.New(t.Key()).Elem()
			f.fill(k, depth+1)
			e := reflect.New(t.Elem()).Elem()
			f.fill(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() || sf.Tag.Get("json") == "-" {
				continue
			}
			f.fill(v.Field(i), depth+1)
		}
	case reflect.Interface:
		if t.NumMethod() == 0 {
			if x := f.JSON(depth); x != nil {
				v.Set(reflect.ValueOf(x))
			}
		}
	default:
		// chan, func, unsafe.Pointer, complex: not carried by JSON.
	}
}

// nilChance: top-level values are rarely nil, nested ones more often.
func nilChance(depth int) float64 {
	if depth == 0 {
		return 0.05
	}
	return 0.2
}

// mapKeyOK: the key types encoding/json can carry.
func mapKeyOK(k reflect.Type) bool {
	if k.Kind() == reflect.String {
		return true
	}
	if reflect.PointerTo(k).Implements(textUnmarshal) && k.Implements(textMarshaler) {
		return false // arbitrary text would not parse back; not worth guessing
	}
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}
