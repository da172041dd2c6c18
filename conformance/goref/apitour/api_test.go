package main

import (
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unimplementedAPI panics on every call: the test only looks at what the
// recording wrapper records before it calls through.
type unimplementedAPI struct{ plugin.API }

// Every method of tourAPI records its own Go name (a wrapper recording the
// wrong name would make "called" differ from the Python tour's).
func TestRecordingAPIRecordsEachMethodByName(t *testing.T) {
	iface := reflect.TypeOf((*tourAPI)(nil)).Elem()
	require.Equal(t, 88, iface.NumMethod(), "the Python tour calls 88 distinct plugin.API methods")
	for i := range iface.NumMethod() {
		name := iface.Method(i).Name
		rec := newRecordingAPI(unimplementedAPI{})
		m := reflect.ValueOf(rec).MethodByName(name)
		require.True(t, m.IsValid(), name)
		args := make([]reflect.Value, m.Type().NumIn())
		for j := range args {
			args[j] = reflect.Zero(m.Type().In(j))
		}
		func() {
			defer func() { _ = recover() }()
			if m.Type().IsVariadic() {
				m.CallSlice(args)
			} else {
				m.Call(args)
			}
		}()
		assert.Equal(t, []string{name}, rec.Called(), "the wrapper of %s", name)
	}
}

func TestRPCFailuresKeepsOnlyFailedCalls(t *testing.T) {
	var f rpcFailures
	_, err := f.Write([]byte("2026/11/26 03:00:00 RPC call to RestoreChannel API failed: rpc: can't find method Plugin.RestoreChannel\n"))
	require.NoError(t, err)
	_, err = f.Write([]byte("2026/11/26 03:00:00 something else\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"RPC call to RestoreChannel API failed: rpc: can't find method Plugin.RestoreChannel"}, f.take())
	assert.Empty(t, f.take(), "take empties the list")
}

func TestErrorTypeFollowsTheSDKMapping(t *testing.T) {
	for status, want := range map[int]string{
		400: "ValidationError", 403: "PermissionDeniedError", 404: "NotFoundError",
		409: "AlreadyExistsError", 503: "UnavailableError", 500: "PluginAPIError", 0: "PluginAPIError",
	} {
		assert.Equal(t, want, errorType(status), "status %d", status)
	}
}

func TestStepRecordsValuesErrorsAndRPCFailures(t *testing.T) {
	tr := &tour{results: map[string]map[string]any{}, rpcLog: &rpcFailures{}}
	got := step(tr, "ok", func() (string, error) { return call("v", (*model.AppError)(nil)) })
	assert.Equal(t, "v", got)
	assert.Equal(t, map[string]any{"ok": true, "value": "v"}, tr.results["ok"], "a nil *AppError is no error")

	got = step(tr, "nf", func() (string, error) {
		return call("ignored", model.NewAppError("GetUser", "app.user.missing", nil, "", http.StatusNotFound))
	})
	assert.Empty(t, got, "the zero value after an error")
	assert.Equal(t, false, tr.results["nf"]["ok"])
	assert.Equal(t, "NotFoundError", tr.results["nf"]["error_type"])
	assert.Equal(t, http.StatusNotFound, tr.results["nf"]["status"])
	assert.Equal(t, "GetUser: app.user.missing [status 404]", tr.results["nf"]["error"],
		"an untranslated AppError: its id is its message")

	step(tr, "panic", func() (*model.User, error) {
		var u *model.User
		return nil, errors.New(u.Id)
	})
	assert.Equal(t, false, tr.results["panic"]["ok"])
	assert.Contains(t, tr.results["panic"]["error"], "panic")

	step(tr, "missing", func() (any, error) {
		_, _ = tr.rpcLog.Write([]byte("RPC call to RestoreChannel API failed: rpc: can't find method Plugin.RestoreChannel\n"))
		return none(nil)
	})
	assert.Equal(t, map[string]any{
		"ok": true, "value": nil,
		"rpc_errors": []string{"RPC call to RestoreChannel API failed: rpc: can't find method Plugin.RestoreChannel"},
	}, tr.results["missing"])
}

func TestErrorTextIsTheSDKRendering(t *testing.T) {
	e := &model.AppError{
		Id: "app.user.missing_account.const", Message: "Unable to find the user.", Where: "GetUser",
		StatusCode: http.StatusNotFound, DetailedError: "resource: User id: x",
	}
	assert.Equal(t, "GetUser: Unable to find the user. [app.user.missing_account.const, status 404] (resource: User id: x)", errorText(e))
	assert.Equal(t, "plain", errorText(&model.AppError{Message: "plain"}))
}
