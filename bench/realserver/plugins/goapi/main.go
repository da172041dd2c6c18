// Command goapi is the Go half of the real-server benchmark pair
// (bench/realserver): an ordinary Mattermost Go plugin (plugin.ClientMain,
// server/public v0.4.4) whose ServeHTTP route
//
//	GET /plugins/com.mmpy.bench.go/bench?op=OP&n=N&user_id=U&channel_id=C
//
// makes N calls of one plugin API method and answers {"op", "n", "ns": [...]},
// the duration of every call measured inside the plugin with the monotonic
// clock. OP is get_user (GetUser(U)), kv_set (KVSet("bench", 10 bytes)) or
// create_post (CreatePost of "bench" by U in C). Its Python twin,
// plugins/pyapi, does the same with the same arguments.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

// Plugin serves /bench.
type Plugin struct {
	plugin.MattermostPlugin
}

// maxN bounds the calls of one request.
const maxN = 1_000_000

// ServeHTTP runs one batch of API calls.
func (p *Plugin) ServeHTTP(_ *plugin.Context, w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/bench" {
		http.Error(w, "not found: "+r.URL.Path, http.StatusNotFound)
		return
	}
	q := r.URL.Query()
	op, userID, channelID := q.Get("op"), q.Get("user_id"), q.Get("channel_id")
	n, err := strconv.Atoi(q.Get("n"))
	if err != nil || n < 1 || n > maxN {
		http.Error(w, fmt.Sprintf("n must be an integer from 1 to %d, got %q", maxN, q.Get("n")), http.StatusBadRequest)
		return
	}
	var call func() *model.AppError
	switch op {
	case "get_user":
		call = func() *model.AppError { _, err := p.API.GetUser(userID); return err }
	case "kv_set":
		value := []byte("0123456789")
		call = func() *model.AppError { return p.API.KVSet("bench", value) }
	case "create_post":
		call = func() *model.AppError {
			_, err := p.API.CreatePost(&model.Post{ChannelId: channelID, UserId: userID, Message: "bench"})
			return err
		}
	default:
		http.Error(w, "op must be get_user, kv_set or create_post, got "+strconv.Quote(op), http.StatusBadRequest)
		return
	}
	ns := make([]int64, n)
	for i := range ns {
		t := time.Now()
		aerr := call()
		ns[i] = int64(time.Since(t))
		if aerr != nil {
			http.Error(w, fmt.Sprintf("%s call %d: %v", op, i, aerr), http.StatusInternalServerError)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"op": op, "n": n, "ns": ns})
}

func main() {
	plugin.ClientMain(&Plugin{})
}
