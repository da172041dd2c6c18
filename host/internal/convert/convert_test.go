package convert

import (
	"fmt"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/stretchr/testify/assert"
)

func TestAppError(t *testing.T) {
	ae := model.NewAppError("Where", "some.id", nil, "details", 404)
	back := AppErrorFromPB(AppErrorToPB(ae))
	assert.Equal(t, ae.Id, back.Id)
	assert.Equal(t, ae.StatusCode, back.StatusCode)
	assert.Equal(t, ae.DetailedError, back.DetailedError)
	assert.Equal(t, ae.Where, back.Where)
	assert.Nil(t, AppErrorToPB(nil))
	assert.Nil(t, AppErrorFromPB(nil))
	assert.Equal(t, assert.AnError.Error(), ErrorToPB(assert.AnError).Message)
	assert.Empty(t, ErrorToPB(assert.AnError).Id)
	assert.Nil(t, ErrorToPB(nil))
}

func TestWrappedAppErrorKeepsFields(t *testing.T) {
	ae := model.NewAppError("KVSetWithOptions", "plugin.kv.conflict", nil, "", 409)
	got := ErrorToPB(fmt.Errorf("wrapped: %w", ae))
	assert.Equal(t, "plugin.kv.conflict", got.Id)
	assert.EqualValues(t, 409, got.StatusCode)
}
