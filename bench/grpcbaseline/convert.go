package grpcbaseline

import (
	"encoding/json"
	"fmt"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/mmpy/mmpy/bench/grpcbaseline/gbpb"
)

// The conversions do the same work as the embedded host's (model <-> the
// mirrored messages, free-form maps as JSON), so the two settings differ only
// in transport and codec placement.

func appErrorToPB(e *model.AppError) *gbpb.AppError {
	if e == nil {
		return nil
	}
	return &gbpb.AppError{Id: e.Id, Message: e.Message, DetailedError: e.DetailedError,
		RequestId: e.RequestId, StatusCode: int32(e.StatusCode), Where: e.Where}
}

func contextToPB(c *plugin.Context) *gbpb.Context {
	if c == nil {
		return nil
	}
	return &gbpb.Context{SessionId: c.SessionId, RequestId: c.RequestId, IpAddress: c.IPAddress,
		AcceptLanguage: c.AcceptLanguage, UserAgent: c.UserAgent}
}

func userToPB(u *model.User) *gbpb.User {
	if u == nil {
		return nil
	}
	return &gbpb.User{
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

func postToPB(p *model.Post) (*gbpb.Post, error) {
	if p == nil {
		return nil, nil
	}
	out := &gbpb.Post{
		Id: p.Id, CreateAt: p.CreateAt, UpdateAt: p.UpdateAt, EditAt: p.EditAt, DeleteAt: p.DeleteAt,
		IsPinned: p.IsPinned, UserId: p.UserId, ChannelId: p.ChannelId, RootId: p.RootId,
		OriginalId: p.OriginalId, Message: p.Message, Type: p.Type, Hashtags: p.Hashtags,
		FileIds: p.FileIds, PendingPostId: p.PendingPostId, HasReactions: p.HasReactions,
		RemoteId: p.RemoteId, ReplyCount: p.ReplyCount, LastReplyAt: p.LastReplyAt,
	}
	var err error
	if props := p.GetProps(); props != nil {
		if out.PropsJson, err = json.Marshal(props); err != nil {
			return nil, fmt.Errorf("post props to JSON: %w", err)
		}
	}
	if p.Metadata != nil {
		if out.MetadataJson, err = json.Marshal(p.Metadata); err != nil {
			return nil, fmt.Errorf("post metadata to JSON: %w", err)
		}
	}
	return out, nil
}

// postFromPB applies in onto a clone of base (when non-nil), as the embedded
// host does, so fields the message does not carry are kept.
func postFromPB(in *gbpb.Post, base *model.Post) (*model.Post, error) {
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
	if len(in.PropsJson) > 0 {
		if err := json.Unmarshal(in.PropsJson, &props); err != nil {
			return nil, fmt.Errorf("post props from JSON: %w", err)
		}
	}
	p.SetProps(props)
	p.Metadata = nil
	if len(in.MetadataJson) > 0 {
		var md model.PostMetadata
		if err := json.Unmarshal(in.MetadataJson, &md); err != nil {
			return nil, fmt.Errorf("post metadata from JSON: %w", err)
		}
		p.Metadata = &md
	}
	return p, nil
}
