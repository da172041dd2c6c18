package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"
)

// canon is the canonical JSON of a value of Go type t travelling as kind:
// values are compared after one decode/encode round through the Go type,
// and nil equals empty where the wire cannot tell them apart (proto bytes
// without presence, repeated strings, readers, varargs, HTTP headers and
// bodies).
func canon(k string, t reflect.Type, presence bool, raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		raw = json.RawMessage("null")
	}
	switch k {
	case "bytes", "reader":
		var b []byte
		if err := json.Unmarshal(raw, &b); err != nil {
			return "", fmt.Errorf("not bytes (base64): %w", err)
		}
		if !presence && len(b) == 0 {
			return `""`, nil
		}
		return string(mustMarshal(b)), nil
	case "strs":
		var s []string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("not a list of strings: %w", err)
		}
		if len(s) == 0 {
			return "[]", nil
		}
		return string(mustMarshal(s)), nil
	case "varargs":
		var v []any
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", fmt.Errorf("not a list: %w", err)
		}
		if v == nil {
			v = []any{}
		}
		return string(mustMarshal(v)), nil
	case "http_request":
		var r HTTPRequest
		if err := json.Unmarshal(raw, &r); err != nil {
			return "", fmt.Errorf("not an HTTP request: %w", err)
		}
		if r.Headers == nil {
			r.Headers = map[string][]string{}
		}
		if r.Body == nil {
			r.Body = []byte{}
		}
		return string(mustMarshal(r)), nil
	case "http_response":
		if string(bytes.TrimSpace(raw)) == "null" {
			return "null", nil
		}
		var r HTTPResponse
		if err := json.Unmarshal(raw, &r); err != nil {
			return "", fmt.Errorf("not an HTTP response: %w", err)
		}
		var h map[string]string
		if len(r.Headers) > 0 {
			if err := json.Unmarshal(r.Headers, &h); err != nil {
				return "", fmt.Errorf("HTTP response headers: %w", err)
			}
		}
		if h == nil {
			h = map[string]string{}
		}
		if r.Body == nil {
			r.Body = []byte{}
		}
		r.Headers = mustMarshal(h)
		return string(mustMarshal(r)), nil
	}
	b, err := goNorm(t, raw)
	return string(b), err
}

// compare appends a problem when want and got differ canonically.
func compare(problems *[]string, what, k string, t reflect.Type, presence bool, want, got json.RawMessage) {
	w, err := canon(k, t, presence, want)
	if err != nil {
		*problems = append(*problems, fmt.Sprintf("%s: the golden value %s: %v", what, clip(want), err))
		return
	}
	g, err := canon(k, t, presence, got)
	if err != nil {
		*problems = append(*problems, fmt.Sprintf("%s: got %s: %v", what, clip(got), err))
		return
	}
	if w != g && !jsonEqual(w, g) {
		*problems = append(*problems, fmt.Sprintf("%s differs: %s", what, jsonDiff(w, g)))
	}
}

// jsonEqual: the same JSON value (json.RawMessage fields keep their
// spelling through Go, e.g. "\u00f1" and "ñ").
func jsonEqual(a, b string) bool {
	var x, y any
	return json.Unmarshal([]byte(a), &x) == nil && json.Unmarshal([]byte(b), &y) == nil && reflect.DeepEqual(x, y)
}

// argJSON is a Go argument the reference API received, as data.
func argJSON(k string, v any) (json.RawMessage, error) {
	switch k {
	case "reader":
		r, ok := v.(io.Reader)
		if !ok || r == nil {
			return nil, fmt.Errorf("is %T, not an io.Reader", v)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		return mustMarshal(b), nil
	case "http_request":
		r, ok := v.(*http.Request)
		if !ok || r == nil {
			return nil, fmt.Errorf("is %T, not an *http.Request", v)
		}
		body := []byte{}
		if r.Body != nil {
			var err error
			if body, err = io.ReadAll(r.Body); err != nil {
				return nil, err
			}
		}
		return mustMarshal(HTTPRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Headers: r.Header, Body: body}), nil
	}
	return json.Marshal(v)
}

// jsonDiff names where two JSON documents differ (up to 5 places).
func jsonDiff(want, got string) string {
	var w, g any
	if json.Unmarshal([]byte(want), &w) != nil || json.Unmarshal([]byte(got), &g) != nil {
		return fmt.Sprintf("want %s, got %s", clip([]byte(want)), clip([]byte(got)))
	}
	var out []string
	diffAt("", w, g, &out)
	if len(out) == 0 {
		return fmt.Sprintf("want %s, got %s", clip([]byte(want)), clip([]byte(got)))
	}
	if len(out) > 5 {
		out = append(out[:5], fmt.Sprintf("... %d more", len(out)-5))
	}
	return strings.Join(out, "; ")
}

func diffAt(path string, w, g any, out *[]string) {
	if path == "" {
		path = "."
	}
	switch wv := w.(type) {
	case map[string]any:
		gv, ok := g.(map[string]any)
		if !ok {
			break
		}
		keys := map[string]bool{}
		for k := range wv {
			keys[k] = true
		}
		for k := range gv {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			p := strings.TrimSuffix(path, ".") + "." + k
			a, inW := wv[k]
			b, inG := gv[k]
			switch {
			case !inW:
				*out = append(*out, fmt.Sprintf("%s: unexpected %s", p, clip(mustMarshal(b))))
			case !inG:
				*out = append(*out, fmt.Sprintf("%s: missing, want %s", p, clip(mustMarshal(a))))
			default:
				diffAt(p, a, b, out)
			}
		}
		return
	case []any:
		gv, ok := g.([]any)
		if !ok || len(gv) != len(wv) {
			break
		}
		for i := range wv {
			diffAt(fmt.Sprintf("%s[%d]", strings.TrimSuffix(path, "."), i), wv[i], gv[i], out)
		}
		return
	}
	if !reflect.DeepEqual(w, g) {
		*out = append(*out, fmt.Sprintf("%s: want %s, got %s", path, clip(mustMarshal(w)), clip(mustMarshal(g))))
	}
}

func clip(b []byte) string {
	const limit = 200
	if len(b) > limit {
		return string(b[:limit]) + fmt.Sprintf("...(%d bytes)", len(b))
	}
	return string(b)
}
