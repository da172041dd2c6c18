package host

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"google.golang.org/protobuf/proto"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/host/internal/convert"
	"github.com/mmpy/mmpy/host/internal/guest"
)

type pbAppError = pb.AppError

// HookError is returned when a Python hook handler raised.
type HookError struct {
	PluginID, Hook           string
	Type, Message, Traceback string
	// Deadline is set when the exception is the host's interrupt
	// (mattermost_plugin.DeadlineExceeded): the hook's deadline.
	Deadline time.Duration
}

// deadlineExceededType is GuestError.type of the host's interrupt.
const deadlineExceededType = "mattermost_plugin.DeadlineExceeded"

func (e *HookError) Error() string {
	if e.Type == deadlineExceededType && e.Deadline > 0 {
		return fmt.Sprintf("plugin %s: hook %s exceeded its deadline of %s and was interrupted (%s)", e.PluginID, e.Hook, e.Deadline, e.Type)
	}
	return fmt.Sprintf("plugin %s: hook %s raised %s: %s", e.PluginID, e.Hook, e.Type, e.Message)
}

// callHook sends one hook to the guest. It returns (nil, nil) when the plugin
// does not implement the hook, and logs handler exceptions with the plugin id
// and the Python traceback before returning them as *HookError.
func (p *Plugin) callHook(ctx context.Context, name string, req, resp proto.Message) (implemented bool, err error) {
	if !p.Implements(name) {
		return false, nil
	}
	b, err := proto.Marshal(req)
	if err != nil {
		return true, fmt.Errorf("plugin %s: hook %s: encode: %w", p.id, name, err)
	}
	in := p.cur.Load()
	if in == nil {
		select {
		case <-p.done:
			err = fmt.Errorf("plugin %s: hook %s: %w: %w", p.id, name, ErrStopped, p.Err())
		default:
			err = fmt.Errorf("plugin %s: hook %s: %w", p.id, name, ErrRestarting)
		}
		p.log.Error("hook call failed", "hook", name, "error", err)
		return true, err
	}
	deadline, grace := p.rt.opts.Deadlines.For(name)
	r, err := in.inst.CallHookLimits(ctx, name, b, guest.Limits{
		Deadline: deadline,
		Grace:    grace,
		OnStuck:  func(e *guest.DeadlineError) { p.abandon(in, e) },
	})
	if err != nil {
		var de *DeadlineError
		if errors.As(err, &de) {
			p.log.Error("hook deadline exceeded", "hook", name, "deadline", deadline.String(), "grace", grace.String(),
				"queued", de.Queued, "stuck", de.Stuck, "error", err.Error())
		} else {
			p.log.Error("hook call failed", "hook", name, "error", err)
		}
		return true, err
	}
	if r.NotImplemented {
		return false, nil
	}
	if r.Error != nil {
		he := &HookError{PluginID: p.id, Hook: name, Type: r.Error.Type, Message: r.Error.Message, Traceback: r.Error.Traceback}
		if he.Type == deadlineExceededType {
			he.Deadline = deadline
			p.log.Error("python hook exceeded its deadline and was interrupted", "hook", name, "deadline", deadline.String(),
				"exception", he.Type, "error", he.Message, "traceback", he.Traceback)
			return true, he
		}
		p.log.Error("python hook raised", "hook", name, "exception", he.Type, "error", he.Message, "traceback", he.Traceback)
		return true, he
	}
	if err := proto.Unmarshal(r.Response, resp); err != nil {
		err = fmt.Errorf("plugin %s: hook %s: malformed response from guest: %w", p.id, name, err)
		p.log.Error("hook response rejected", "hook", name, "error", err)
		return true, err
	}
	return true, nil
}

// OnActivate runs the plugin's OnActivate handler. An exception fails
// activation; the error carries the exception and its traceback.
func (p *Plugin) OnActivate(ctx context.Context) error {
	_, err := p.callHook(ctx, "OnActivate", &pb.HookOnActivateRequest{}, &pb.HookOnActivateResponse{})
	p.activated.Store(err == nil)
	var he *HookError
	if errors.As(err, &he) {
		return fmt.Errorf("%w\n%s", he, he.Traceback)
	}
	return err
}

// OnDeactivate runs the plugin's OnDeactivate handler.
func (p *Plugin) OnDeactivate(ctx context.Context) error {
	p.activated.Store(false)
	_, err := p.callHook(ctx, "OnDeactivate", &pb.HookOnDeactivateRequest{}, &pb.HookOnDeactivateResponse{})
	return err
}

// OnConfigurationChange runs the plugin's OnConfigurationChange handler; an
// exception is returned so the server rejects the configuration, as it does
// for Go plugins.
func (p *Plugin) OnConfigurationChange(ctx context.Context) error {
	_, err := p.callHook(ctx, "OnConfigurationChange", &pb.HookOnConfigurationChangeRequest{}, &pb.HookOnConfigurationChangeResponse{})
	return err
}

// MessageWillBePosted runs the plugin's filter. It is fail-open, like a Go
// plugin whose RPC fails: when the handler raises or the guest is gone, the
// post goes through unchanged (nil, "") and the failure is logged.
func (p *Plugin) MessageWillBePosted(ctx context.Context, c *plugin.Context, post *model.Post) (*model.Post, string) {
	var resp pb.HookMessageWillBePostedResponse
	ok, err := p.callHook(ctx, "MessageWillBePosted",
		&pb.HookMessageWillBePostedRequest{Context: convert.ContextToPB(c), Post: convert.PostToPB(post)}, &resp)
	if !ok || err != nil {
		return nil, ""
	}
	if resp.RejectionReason != "" {
		return nil, resp.RejectionReason
	}
	if resp.Post == nil {
		return nil, ""
	}
	out, err := convert.PostFromPB(resp.Post, post)
	if err != nil {
		p.log.Error("MessageWillBePosted returned an invalid post; keeping the original", "error", err)
		return nil, ""
	}
	return out, ""
}

// ExecuteCommand runs the plugin's slash-command handler. A handler that
// raises answers an AppError (500) naming the plugin, and the command shows
// an error to the user.
func (p *Plugin) ExecuteCommand(ctx context.Context, c *plugin.Context, args *model.CommandArgs) (*model.CommandResponse, *model.AppError) {
	var resp pb.HookExecuteCommandResponse
	ok, err := p.callHook(ctx, "ExecuteCommand",
		&pb.HookExecuteCommandRequest{Context: convert.ContextToPB(c), Args: convert.CommandArgsToPB(args)}, &resp)
	if !ok {
		return nil, model.NewAppError("ExecuteCommand", "mmpy.hook.not_implemented", nil,
			fmt.Sprintf("plugin %s does not handle slash commands (no ExecuteCommand hook)", p.id), 501)
	}
	if err != nil {
		return nil, model.NewAppError("ExecuteCommand", "mmpy.hook.failed", nil, err.Error(), 500)
	}
	if resp.Error != nil {
		return nil, convert.AppErrorFromPB(resp.Error)
	}
	out, cerr := convert.CommandResponseFromPB(resp.Response)
	if cerr != nil {
		return nil, model.NewAppError("ExecuteCommand", "mmpy.hook.bad_response", nil, cerr.Error(), 500)
	}
	if out == nil {
		out = &model.CommandResponse{}
	}
	return out, nil
}
