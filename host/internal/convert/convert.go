// Package convert maps Mattermost's errors to and from the ABI's AppError
// message. Models need no conversion: they cross the ABI as the JSON the
// REST API uses (see abi/ABI.md, "Models").
package convert

import (
	"errors"

	"github.com/mattermost/mattermost/server/public/model"

	pb "github.com/mmpy/mmpy/abi/mmpyv1"
)

// AppErrorToPB converts an *model.AppError (nil-safe).
func AppErrorToPB(e *model.AppError) *pb.AppError {
	if e == nil {
		return nil
	}
	return &pb.AppError{Id: e.Id, Message: e.Message, DetailedError: e.DetailedError,
		StatusCode: int32(e.StatusCode), Where: e.Where, RequestId: e.RequestId}
}

// ErrorToPB converts a plain Go error: empty id, status 0 (an *AppError
// anywhere in the chain keeps its fields).
func ErrorToPB(err error) *pb.AppError {
	if err == nil {
		return nil
	}
	var ae *model.AppError
	if errors.As(err, &ae) && ae != nil {
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
