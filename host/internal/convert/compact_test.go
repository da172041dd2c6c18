package convert

import (
	"encoding/json"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var postZeros = Zeros{"id": `""`, "create_at": "0", "is_pinned": "false", "message": `""`, "props": "null", "remote_id": "null"}

func TestModelJSONDropsZeroMembers(t *testing.T) {
	empty := ""
	b, err := ModelJSON(&model.Post{Id: "p1", Message: "hi", RemoteId: &empty}, postZeros)
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, "p1", got["id"])
	assert.Equal(t, "hi", got["message"])
	assert.Equal(t, "", got["remote_id"], "a pointer to \"\" is not its zero (null) and stays")
	for _, k := range []string{"create_at", "is_pinned", "props"} {
		assert.NotContains(t, got, k, "zero member %s is dropped", k)
	}
	assert.Contains(t, got, "update_at", "a member the table does not name stays")

	var back model.Post
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, &model.Post{Id: "p1", Message: "hi", RemoteId: &empty}, &back, "Go decodes the compact JSON to the same Post")
}

func TestCompactZeros(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"object", `{"id":"","message":"x","create_at":0}`, `{"message":"x"}`},
		{"all zero", `{"id":"","create_at":0}`, `{}`},
		{"empty", `{}`, `{}`},
		{"first kept", `{"message":"x","id":""}`, `{"message":"x"}`},
		{"nested objects are kept whole", `{"props":{"id":""},"x":[{"id":""}],"id":""}`, `{"props":{"id":""},"x":[{"id":""}]}`},
		{"strings with quotes and brackets", `{"message":"a\"}{,","id":"\"\""}`, `{"message":"a\"}{,","id":"\"\""}`},
		{"only the exact zero", `{"create_at":0.0,"is_pinned":true,"props":{}}`, `{"create_at":0.0,"is_pinned":true,"props":{}}`},
		{"array of objects", `[{"id":"","message":"a"},null,{"create_at":0}]`, `[{"message":"a"},null,{}]`},
		{"empty array", `[]`, `[]`},
		{"not an object", `"id"`, `"id"`},
		{"null", `null`, `null`},
		{"truncated stays unchanged", `{"id":"","message":"x"`, `{"id":"","message":"x"`},
		{"trailing bytes stay unchanged", `{"id":""}x`, `{"id":""}x`},
		{"escaped key is kept", `{"i\u0064":""}`, `{"i\u0064":""}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, string(CompactZeros([]byte(tc.in), postZeros)))
		})
	}
}

func TestModelJSONWithoutTableIsMarshal(t *testing.T) {
	want, err := json.Marshal(&model.Post{Id: "p"})
	require.NoError(t, err)
	got, err := ModelJSON(&model.Post{Id: "p"}, nil)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func BenchmarkModelJSONPost(b *testing.B) {
	p := &model.Post{Id: "p", ChannelId: "c", UserId: "u", Message: "hello world"}
	for i := 0; i < b.N; i++ {
		if _, err := ModelJSON(p, postZeros); err != nil {
			b.Fatal(err)
		}
	}
}
