// Package convert maps Mattermost model types to and from the ABI's protobuf
// messages. Decoding into a model starts from a clone of the original value
// when there is one, so fields the ABI does not (yet) carry are kept rather
// than zeroed.
package convert

import (
	"encoding/json"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
)

func marshalJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

// jsonInto decodes b into v when b is non-empty; bad JSON leaves v unchanged
// and returns the error.
func jsonInto(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}

// AppErrorToPB converts an *model.AppError (nil-safe).
func AppErrorToPB(e *model.AppError) *pb.AppError {
	if e == nil {
		return nil
	}
	return &pb.AppError{Id: e.Id, Message: e.Message, DetailedError: e.DetailedError,
		StatusCode: int32(e.StatusCode), Where: e.Where, RequestId: e.RequestId}
}

// ErrorToPB converts a plain Go error: empty id, status 0.
func ErrorToPB(err error) *pb.AppError {
	if err == nil {
		return nil
	}
	if ae, ok := err.(*model.AppError); ok {
		return AppErrorToPB(ae)
	}
	return &pb.AppError{Message: err.Error()}
}

// AppErrorFromPB converts back (nil-safe).
func AppErrorFromPB(e *pb.AppError) *model.AppError {
	if e == nil {
		return nil
	}
	ae := model.NewAppError(e.Where, e.Id, nil, e.DetailedError, int(e.StatusCode))
	ae.Message = e.Message
	ae.RequestId = e.RequestId
	ae.SkipTranslation = true
	return ae
}

// ContextToPB converts a hook context (nil-safe).
func ContextToPB(c *plugin.Context) *pb.Context {
	if c == nil {
		return nil
	}
	return &pb.Context{SessionId: c.SessionId, RequestId: c.RequestId, IpAddress: c.IPAddress,
		AcceptLanguage: c.AcceptLanguage, UserAgent: c.UserAgent}
}

// UserToPB converts a user (nil-safe).
func UserToPB(u *model.User) *pb.User {
	if u == nil {
		return nil
	}
	return &pb.User{
		Id: u.Id, CreateAt: u.CreateAt, UpdateAt: u.UpdateAt, DeleteAt: u.DeleteAt,
		Username: u.Username, AuthService: u.AuthService, Email: u.Email, EmailVerified: u.EmailVerified,
		Nickname: u.Nickname, FirstName: u.FirstName, LastName: u.LastName, Position: u.Position,
		Roles: u.Roles, AllowMarketing: u.AllowMarketing, Props: u.Props, NotifyProps: u.NotifyProps,
		LastPasswordUpdate: u.LastPasswordUpdate, LastPictureUpdate: u.LastPictureUpdate,
		FailedAttempts: int32(u.FailedAttempts), Locale: u.Locale, Timezone: u.Timezone,
		MfaActive: u.MfaActive, RemoteId: u.RemoteId, LastActivityAt: u.LastActivityAt,
		IsBot: u.IsBot, BotDescription: u.BotDescription, BotLastIconUpdate: u.BotLastIconUpdate,
		TermsOfServiceId: u.TermsOfServiceId, TermsOfServiceCreateAt: u.TermsOfServiceCreateAt,
		DisableWelcomeEmail: u.DisableWelcomeEmail, LastLogin: u.LastLogin,
	}
}

// PostToPB converts a post (nil-safe).
func PostToPB(p *model.Post) *pb.Post {
	if p == nil {
		return nil
	}
	out := &pb.Post{
		Id: p.Id, CreateAt: p.CreateAt, UpdateAt: p.UpdateAt, EditAt: p.EditAt, DeleteAt: p.DeleteAt,
		IsPinned: p.IsPinned, UserId: p.UserId, ChannelId: p.ChannelId, RootId: p.RootId,
		OriginalId: p.OriginalId, Message: p.Message, Type: p.Type, Hashtags: p.Hashtags,
		FileIds: p.FileIds, PendingPostId: p.PendingPostId, HasReactions: p.HasReactions,
		RemoteId: p.RemoteId, ReplyCount: p.ReplyCount, LastReplyAt: p.LastReplyAt,
	}
	if props := p.GetProps(); props != nil {
		out.PropsJson = marshalJSON(props)
	}
	if p.Metadata != nil {
		out.MetadataJson = marshalJSON(p.Metadata)
	}
	return out
}

// PostFromPB converts a post coming back from the guest. Fields start from a
// clone of base (when non-nil), so what the ABI does not carry is kept.
func PostFromPB(in *pb.Post, base *model.Post) (*model.Post, error) {
	if in == nil {
		return nil, nil
	}
	p := &model.Post{}
	if base != nil {
		p = base.Clone()
	}
	p.Id, p.CreateAt, p.UpdateAt, p.EditAt, p.DeleteAt = in.Id, in.CreateAt, in.UpdateAt, in.EditAt, in.DeleteAt
	p.IsPinned, p.UserId, p.ChannelId, p.RootId = in.IsPinned, in.UserId, in.ChannelId, in.RootId
	p.OriginalId, p.Message, p.Type, p.Hashtags = in.OriginalId, in.Message, in.Type, in.Hashtags
	p.FileIds, p.PendingPostId, p.HasReactions = in.FileIds, in.PendingPostId, in.HasReactions
	p.RemoteId, p.ReplyCount, p.LastReplyAt = in.RemoteId, in.ReplyCount, in.LastReplyAt
	var props model.StringInterface
	if err := jsonInto(in.PropsJson, &props); err != nil {
		return nil, err
	}
	p.SetProps(props)
	if len(in.MetadataJson) > 0 {
		var md model.PostMetadata
		if err := jsonInto(in.MetadataJson, &md); err != nil {
			return nil, err
		}
		p.Metadata = &md
	} else {
		p.Metadata = nil
	}
	return p, nil
}

// CommandArgsToPB converts slash-command arguments (nil-safe).
func CommandArgsToPB(a *model.CommandArgs) *pb.CommandArgs {
	if a == nil {
		return nil
	}
	return &pb.CommandArgs{UserId: a.UserId, ChannelId: a.ChannelId, TeamId: a.TeamId, RootId: a.RootId,
		ParentId: a.ParentId, TriggerId: a.TriggerId, Command: a.Command, SiteUrl: a.SiteURL,
		UserMentions: a.UserMentions, ChannelMentions: a.ChannelMentions}
}

// CommandResponseFromPB converts a guest's slash-command answer.
func CommandResponseFromPB(in *pb.CommandResponse) (*model.CommandResponse, error) {
	if in == nil {
		return nil, nil
	}
	r := &model.CommandResponse{ResponseType: in.ResponseType, Text: in.Text, Username: in.Username,
		ChannelId: in.ChannelId, IconURL: in.IconUrl, Type: in.Type, GotoLocation: in.GotoLocation,
		TriggerId: in.TriggerId, SkipSlackParsing: in.SkipSlackParsing}
	if err := jsonInto(in.PropsJson, &r.Props); err != nil {
		return nil, err
	}
	if err := jsonInto(in.AttachmentsJson, &r.Attachments); err != nil {
		return nil, err
	}
	for _, x := range in.ExtraResponses {
		xr, err := CommandResponseFromPB(x)
		if err != nil {
			return nil, err
		}
		r.ExtraResponses = append(r.ExtraResponses, xr)
	}
	return r, nil
}

// CommandResponseToPB converts the other way (used by tests and fakes).
func CommandResponseToPB(r *model.CommandResponse) *pb.CommandResponse {
	if r == nil {
		return nil
	}
	out := &pb.CommandResponse{ResponseType: r.ResponseType, Text: r.Text, Username: r.Username,
		ChannelId: r.ChannelId, IconUrl: r.IconURL, Type: r.Type, GotoLocation: r.GotoLocation,
		TriggerId: r.TriggerId, SkipSlackParsing: r.SkipSlackParsing}
	if r.Props != nil {
		out.PropsJson = marshalJSON(r.Props)
	}
	if r.Attachments != nil {
		out.AttachmentsJson = marshalJSON(r.Attachments)
	}
	for _, x := range r.ExtraResponses {
		out.ExtraResponses = append(out.ExtraResponses, CommandResponseToPB(x))
	}
	return out
}

// CommandFromPB converts a command the guest registers.
func CommandFromPB(in *pb.Command) *model.Command {
	if in == nil {
		return nil
	}
	return &model.Command{Id: in.Id, Token: in.Token, CreateAt: in.CreateAt, UpdateAt: in.UpdateAt,
		DeleteAt: in.DeleteAt, CreatorId: in.CreatorId, TeamId: in.TeamId, Trigger: in.Trigger,
		Method: in.Method, Username: in.Username, IconURL: in.IconUrl, AutoComplete: in.AutoComplete,
		AutoCompleteDesc: in.AutoCompleteDesc, AutoCompleteHint: in.AutoCompleteHint,
		DisplayName: in.DisplayName, Description: in.Description, URL: in.Url, PluginId: in.PluginId}
}
