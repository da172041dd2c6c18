package convert

import (
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
)

func TestPostRoundTripKeepsFields(t *testing.T) {
	rid := "remote"
	orig := &model.Post{Id: "p1", CreateAt: 1700000000123, UserId: "u", ChannelId: "c", Message: "hi",
		Type: "custom_x", FileIds: model.StringArray{"f1", "f2"}, RemoteId: &rid, ReplyCount: 3,
		Participants: []*model.User{{Id: "keep-me"}}, MessageSource: "src",
		Metadata: &model.PostMetadata{Embeds: []*model.PostEmbed{{Type: "link", URL: "https://x"}}}}
	orig.SetProps(model.StringInterface{"a": "b", "n": float64(2), "nested": map[string]any{"x": []any{"y"}}})
	back, err := PostFromPB(PostToPB(orig), orig)
	require.NoError(t, err)
	assert.Equal(t, orig.Message, back.Message)
	assert.Equal(t, orig.GetProps(), back.GetProps())
	assert.Equal(t, orig.Metadata, back.Metadata)
	assert.Equal(t, orig.FileIds, back.FileIds)
	assert.Equal(t, *orig.RemoteId, *back.RemoteId)
	// Fields the ABI does not carry survive through the base post.
	assert.Equal(t, "keep-me", back.Participants[0].Id)
	assert.Equal(t, "src", back.MessageSource)
}

func TestPostFromPBRejectsBadJSON(t *testing.T) {
	_, err := PostFromPB(&pb.Post{PropsJson: []byte("{not json")}, nil)
	require.Error(t, err)
	_, err = PostFromPB(&pb.Post{MetadataJson: []byte("[1,2]")}, nil)
	require.Error(t, err)
}

func TestCommandResponse(t *testing.T) {
	r := &model.CommandResponse{ResponseType: "ephemeral", Text: "Hello", Props: model.StringInterface{"k": "v"},
		Attachments:    []*model.MessageAttachment{{Text: "att"}},
		ExtraResponses: []*model.CommandResponse{{Text: "more"}}}
	back, err := CommandResponseFromPB(CommandResponseToPB(r))
	require.NoError(t, err)
	assert.Equal(t, r.Text, back.Text)
	assert.Equal(t, r.Props, back.Props)
	assert.Equal(t, "att", back.Attachments[0].Text)
	assert.Equal(t, "more", back.ExtraResponses[0].Text)
}

func TestAppError(t *testing.T) {
	ae := model.NewAppError("Where", "some.id", nil, "details", 404)
	back := AppErrorFromPB(AppErrorToPB(ae))
	assert.Equal(t, ae.Id, back.Id)
	assert.Equal(t, ae.StatusCode, back.StatusCode)
	assert.Equal(t, ae.DetailedError, back.DetailedError)
	assert.Nil(t, AppErrorToPB(nil))
	assert.Equal(t, assert.AnError.Error(), ErrorToPB(assert.AnError).Message)
	assert.Empty(t, ErrorToPB(assert.AnError).Id)
}

// FuzzPostFromGuest decodes arbitrary guest bytes as a hook's returned post.
func FuzzPostFromGuest(f *testing.F) {
	seed, _ := proto.Marshal(PostToPB(&model.Post{Id: "x", Message: "m", Props: model.StringInterface{"a": 1}}))
	f.Add(seed)
	f.Add([]byte{0x6a, 0x03, '{', '}', 'x'})
	f.Fuzz(func(t *testing.T, b []byte) {
		var p pb.Post
		if proto.Unmarshal(b, &p) != nil {
			return
		}
		_, _ = PostFromPB(&p, &model.Post{Id: "base"})
		var r pb.CommandResponse
		if proto.Unmarshal(b, &r) == nil {
			_, _ = CommandResponseFromPB(&r)
		}
	})
}
