package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestShared(t *testing.T) {
	var s Shared[*int]
	made := 0
	mk := func() *int { made++; v := made; return &v }
	a, b := s.Acquire("k", mk), s.Acquire("k", mk)
	assert.Same(t, a, b, "holders of one key share its value")
	assert.Equal(t, 1, made)
	s.Release("k")
	assert.True(t, s.Held("k"))
	s.Release("k")
	assert.False(t, s.Held("k"), "the last release forgets the value")
	assert.NotSame(t, a, s.Acquire("k", mk), "a key acquired again gets a new value")
	assert.Equal(t, 2, made)
	s.Release("other") // releasing an unheld key is harmless
	assert.False(t, s.Held("other"))
}
