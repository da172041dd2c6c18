package emit

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestGoField matches protoc-gen-go's field naming for the names the
// generator produces.
func TestGoField(t *testing.T) {
	for in, want := range map[string]string{
		"user_id": "UserId", "result": "Result", "result2": "Result2", "key_value_pairs": "KeyValuePairs",
		"c": "C", "ids": "Ids", "from_": "From_",
	} {
		assert.Equal(t, want, GoField(in), in)
	}
}

func TestWrapAndFirstSentence(t *testing.T) {
	assert.Equal(t, "a b\n  c", wrap("a b c", 3, "  "))
	assert.Equal(t, "One line. Two.", firstSentence("One line.\nTwo.\n\nNext paragraph."))
}
