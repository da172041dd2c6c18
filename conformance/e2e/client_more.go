package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

// GetJSON gets path and decodes the answer into out. A status code of 300 or
// more is an *APIError.
func (c *Client) GetJSON(ctx context.Context, path string, out any) error {
	return c.DoJSON(ctx, http.MethodGet, path, nil, out)
}

// PluginRequest sends a request to a plugin's HTTP route
// (/plugins/<id><path>); body may be nil, an io.Reader or a value to encode as
// JSON. Any status code comes back as a Response.
func (c *Client) PluginRequest(ctx context.Context, method, pluginID, path string, body any) (*Response, error) {
	return c.Do(ctx, method, "/plugins/"+url.PathEscape(pluginID)+path, body)
}

// UploadFile uploads a file to a channel (POST /api/v4/files, multipart) and
// returns the server's answer: 201 with a model.FileUploadResponse body, or an
// error status (a plugin's FileWillBeUploaded may reject the file).
func (c *Client) UploadFile(ctx context.Context, channelID, filename string, data []byte) (*Response, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.WriteField("channel_id", channelID); err != nil {
		return nil, err
	}
	part, err := mw.CreateFormFile("files", filename)
	if err != nil {
		return nil, err
	}
	if _, err := part.Write(data); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return c.send(ctx, http.MethodPost, "/api/v4/files", &buf, mw.FormDataContentType())
}

// UploadedFile uploads a file and returns its FileInfo, failing on any answer
// but 201.
func (c *Client) UploadedFile(ctx context.Context, channelID, filename string, data []byte) (*model.FileInfo, error) {
	resp, err := c.UploadFile(ctx, channelID, filename, data)
	if err != nil {
		return nil, err
	}
	var up model.FileUploadResponse
	if err := resp.decode(http.MethodPost, "/api/v4/files", &up); err != nil {
		return nil, err
	}
	if len(up.FileInfos) != 1 {
		return nil, fmt.Errorf("e2e: upload %s: %d file infos in the answer, want 1", filename, len(up.FileInfos))
	}
	return up.FileInfos[0], nil
}

// WebSocket is a websocket connection of one user that keeps every event it
// receives, for tests that wait for one.
type WebSocket struct {
	// Client is the underlying connection (send with Client.SendMessage).
	Client *model.WebSocketClient

	mu     sync.Mutex
	events []*model.WebSocketEvent
	done   chan struct{}
}

// DialWebSocket connects to /api/v4/websocket with a user's session token and
// starts collecting events. Close it when done.
//
// The token goes in the Authorization header of the upgrade request (a nil
// dialer is gorilla/websocket's default), so the connection has its user from
// the start: with only the authentication_challenge message that
// model.NewWebSocketClient4 sends, the server runs OnWebSocketConnect with an
// empty user id.
func (s *Server) DialWebSocket(token string) (*WebSocket, error) {
	wsURL := "ws" + strings.TrimPrefix(s.URL, "http")
	wsc, err := model.NewReliableWebSocketClientWithDialer(nil, wsURL, token, "", 0, true)
	if err != nil {
		return nil, fmt.Errorf("e2e: websocket %s: %w", wsURL, err)
	}
	ws := &WebSocket{Client: wsc, done: make(chan struct{})}
	wsc.Listen()
	go func() { // answers to our messages (e.g. user_typing): drained so the reader never blocks
		for range wsc.ResponseChannel {
		}
	}()
	go func() {
		defer close(ws.done)
		for ev := range wsc.EventChannel {
			ws.mu.Lock()
			ws.events = append(ws.events, ev)
			ws.mu.Unlock()
		}
	}()
	return ws, nil
}

// WaitForEvent waits until an event of the given type for which match returns
// true (match may be nil) has arrived, and returns it; nil after timeout.
func (ws *WebSocket) WaitForEvent(eventType string, match func(*model.WebSocketEvent) bool, timeout time.Duration) *model.WebSocketEvent {
	deadline := time.Now().Add(timeout)
	for {
		ws.mu.Lock()
		for _, ev := range ws.events {
			if string(ev.EventType()) == eventType && (match == nil || match(ev)) {
				ws.mu.Unlock()
				return ev
			}
		}
		ws.mu.Unlock()
		if time.Now().After(deadline) {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// EventTypes returns the types of the events received so far, for failure
// messages.
func (ws *WebSocket) EventTypes() []string {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	out := make([]string, len(ws.events))
	for i, ev := range ws.events {
		out[i] = string(ev.EventType())
	}
	return out
}

// Close ends the connection.
func (ws *WebSocket) Close() {
	ws.Client.Close()
	select {
	case <-ws.done:
	case <-time.After(5 * time.Second):
	}
}

// JSONBody decodes a response body as JSON into out, failing on a status code
// of 300 or more.
func (r *Response) JSONBody(out any) error {
	if r.StatusCode >= 300 {
		return fmt.Errorf("e2e: HTTP %d: %s", r.StatusCode, strings.TrimSpace(string(r.Body)))
	}
	return json.Unmarshal(r.Body, out)
}
