// Package grpcbaseline is the baseline `make bench` compares the embedded
// host with: the architecture the seed guide describes for Python plugins, an
// out-of-process plugin talking gRPC (as hashicorp/go-plugin does, over a
// Unix socket). APIServer serves plugin.API calls to a Python gRPC client
// (py/client.py); HooksClient calls MessageWillBePosted on a Python gRPC
// server (py/server.py). Only the calls the host benchmarks time are
// implemented.
package grpcbaseline

import (
	"context"
	"fmt"
	"net"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/mmpy/mmpy/bench/grpcbaseline/gbpb"
)

// APIServer serves the PluginAPI service from a plugin.API.
type APIServer struct {
	gbpb.UnimplementedPluginAPIServer
	API plugin.API
}

// GetUser implements gbpb.PluginAPIServer.
func (s *APIServer) GetUser(_ context.Context, req *gbpb.GetUserRequest) (*gbpb.GetUserResponse, error) {
	u, appErr := s.API.GetUser(req.GetUserId())
	if appErr != nil {
		return &gbpb.GetUserResponse{Error: appErrorToPB(appErr)}, nil
	}
	return &gbpb.GetUserResponse{User: userToPB(u)}, nil
}

// KVSet implements gbpb.PluginAPIServer.
func (s *APIServer) KVSet(_ context.Context, req *gbpb.KVSetRequest) (*gbpb.KVSetResponse, error) {
	return &gbpb.KVSetResponse{Error: appErrorToPB(s.API.KVSet(req.GetKey(), req.GetValue()))}, nil
}

// CreatePost implements gbpb.PluginAPIServer.
func (s *APIServer) CreatePost(_ context.Context, req *gbpb.CreatePostRequest) (*gbpb.CreatePostResponse, error) {
	in, err := postFromPB(req.GetPost(), nil)
	if err != nil {
		return nil, err
	}
	if in == nil {
		in = &model.Post{}
	}
	out, appErr := s.API.CreatePost(in)
	if appErr != nil {
		return &gbpb.CreatePostResponse{Error: appErrorToPB(appErr)}, nil
	}
	p, err := postToPB(out)
	if err != nil {
		return nil, err
	}
	return &gbpb.CreatePostResponse{Post: p}, nil
}

// ServeAPI serves api's PluginAPI on lis until the returned server is
// stopped.
func ServeAPI(api plugin.API, lis net.Listener) *grpc.Server {
	s := grpc.NewServer()
	gbpb.RegisterPluginAPIServer(s, &APIServer{API: api})
	go func() { _ = s.Serve(lis) }()
	return s
}

// HooksClient calls the PluginHooks service of a Python plugin process.
type HooksClient struct {
	conn *grpc.ClientConn
	c    gbpb.PluginHooksClient
}

// DialHooks connects to a PluginHooks server at target (e.g. "unix:///path").
func DialHooks(target string) (*HooksClient, error) {
	conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, fmt.Errorf("grpc baseline: dial %s: %w", target, err)
	}
	return &HooksClient{conn: conn, c: gbpb.NewPluginHooksClient(conn)}, nil
}

// Close closes the connection.
func (h *HooksClient) Close() error { return h.conn.Close() }

// MessageWillBePosted has plugin.Hooks' signature; like Mattermost's RPC
// layer it fails open (an RPC error means "allow unchanged") and returns the
// error separately so callers can see it.
func (h *HooksClient) MessageWillBePosted(ctx context.Context, c *plugin.Context, post *model.Post) (*model.Post, string, error) {
	in, err := postToPB(post)
	if err != nil {
		return post, "", err
	}
	resp, err := h.c.MessageWillBePosted(ctx, &gbpb.MessageWillBePostedRequest{Context: contextToPB(c), Post: in})
	if err != nil {
		return post, "", fmt.Errorf("grpc baseline: MessageWillBePosted: %w", err)
	}
	if resp.GetRejectionReason() != "" {
		return nil, resp.GetRejectionReason(), nil
	}
	if resp.GetPost() == nil {
		return post, "", nil
	}
	out, err := postFromPB(resp.GetPost(), post)
	if err != nil {
		return post, "", err
	}
	return out, "", nil
}
