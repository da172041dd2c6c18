package convert

import (
	"bytes"
	"encoding/json"
)

// Zeros names, for one model, the members whose zero JSON value the guest
// may go without: JSON key -> the exact value bytes (`""`, `0`, `false` or
// `null`) that decode in the SDK to the field's default. The generator
// (internal/gen, emitGoZeros) writes one per model that crosses the ABI.
type Zeros map[string]string

// ModelJSON is json.Marshal(v) without the top-level members that zero
// names with their zero value (of the object, or of each object of a
// top-level array). The SDK's decoder merges a model's JSON over its
// defaults, so a member left out decodes to the same value, and the guest
// scans a fraction of the bytes: most of a model's fields are usually empty
// (see docs/RATIONALE.md, "API call latency: compact model JSON").
func ModelJSON(v any, zero Zeros) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(zero) == 0 {
		return b, err
	}
	return CompactZeros(b, zero), nil
}

// CompactZeros drops the zero members named by zero from the object b (or
// from each object of the array b). b must be compact JSON as encoding/json
// writes it; anything else is returned unchanged.
func CompactZeros(b []byte, zero Zeros) []byte {
	if len(b) < 2 {
		return b
	}
	switch b[0] {
	case '{':
		out, end, ok := compactObject(make([]byte, 0, len(b)), b, 0, zero)
		if !ok || end != len(b) {
			return b
		}
		return out
	case '[':
		out := make([]byte, 0, len(b))
		out = append(out, '[')
		i := 1
		for i < len(b) && b[i] != ']' {
			if b[i] == '{' {
				var ok bool
				if out, i, ok = compactObject(out, b, i, zero); !ok {
					return b
				}
			} else {
				end, ok := skipValue(b, i)
				if !ok {
					return b
				}
				out = append(out, b[i:end]...)
				i = end
			}
			if i < len(b) && b[i] == ',' {
				out = append(out, ',')
				i++
			}
		}
		if i != len(b)-1 {
			return b
		}
		return append(out, ']')
	}
	return b
}

// compactObject appends the object starting at b[i] to out without its zero
// members; it returns the index after the object.
func compactObject(out, b []byte, i int, zero Zeros) ([]byte, int, bool) {
	out = append(out, '{')
	i++ // '{'
	first := true
	for i < len(b) && b[i] != '}' {
		keyEnd, ok := skipString(b, i)
		if !ok || keyEnd >= len(b) || b[keyEnd] != ':' {
			return nil, 0, false
		}
		valEnd, ok := skipValue(b, keyEnd+1)
		if !ok {
			return nil, 0, false
		}
		key, val := b[i+1:keyEnd-1], b[keyEnd+1:valEnd]
		z, named := zero[string(key)] // no allocation: the compiler looks up without converting
		if !named || z != string(val) || bytes.IndexByte(key, '\\') >= 0 {
			if !first {
				out = append(out, ',')
			}
			out = append(out, b[i:valEnd]...)
			first = false
		}
		i = valEnd
		if i < len(b) && b[i] == ',' {
			i++
		}
	}
	if i >= len(b) {
		return nil, 0, false
	}
	return append(out, '}'), i + 1, true
}

// skipString returns the index after the JSON string starting at b[i].
func skipString(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return 0, false
}

// skipValue returns the index after the compact JSON value starting at b[i].
func skipValue(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, ok := skipString(b, j)
				if !ok {
					return 0, false
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' {
		j++
	}
	return j, j > i
}
