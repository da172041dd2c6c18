//go:build !unix

package wazeroengine

// reserve allocates max bytes on the Go heap (untouched pages of a large
// allocation are not committed on most systems).
func reserve(max uint64) ([]byte, func()) {
	if max == 0 || max > 1<<32 {
		return nil, nil
	}
	return make([]byte, max), nil
}
