//go:build wasip1

// Command abiguest is a hostile mmpy guest written directly against the ABI
// (abi/ABI.md), not through CPython: compiled with GOOS=wasip1 GOARCH=wasm it
// can hand the host's imports raw pointers and lengths that the Python SDK
// never produces. The hostile suite (conformance/hostile) ships it as a
// bundle's python.wasm, the way a malicious bundle would.
//
// At start it misuses every import (out-of-bounds and wrapping pointers,
// lengths over the message cap, garbage protobuf, calls out of order) and
// records the codes it got. It then serves ExecuteCommand; the command's
// second word picks a misbehaviour:
//
//	probe    misuse the imports inside a hook, make valid and invalid API
//	         calls, answer with every code recorded ("name=code ...")
//	garbage  answer with a HookResult whose response is not a protobuf
//	badjson  answer with a response whose JSON result is not JSON
//	wedge    answer only with out-of-bounds ret calls, in a loop
//	ok       answer "ok"
//
// /plugin/mode, if present, changes the start: "loop" spins forever before
// hello, "badversion" says hello with ABI version 99, "exit" exits before hello.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
	"unsafe"

	"google.golang.org/protobuf/encoding/protowire"
)

//go:wasmimport mmpy hello
func hello(ptr, n uint32) int32

//go:wasmimport mmpy call
func call(ptr, n uint32) int32

//go:wasmimport mmpy ret
func ret(ptr, n uint32) int32

//go:wasmimport mmpy recv
func recv(ptr, n uint32) int32

//go:wasmimport mmpy interrupt_info
func interruptInfo(ptr, n uint32) int32

// Pointers no guest memory reaches (the host caps memory far below 4 GiB).
const (
	oob  = 0xFFFF0000
	wrap = 0xFFFFFFFF
)

var (
	codes   []string
	garbage = []byte{0xff, 0xff, 0xff, 0xff, 0x0f} // an unterminated varint
)

func ptr(b []byte) uint32 { return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b)))) }

// with calls f with b's address and length, keeping b alive.
func with(f func(uint32, uint32) int32, b []byte) int32 {
	r := f(ptr(b), uint32(len(b)))
	runtime.KeepAlive(b)
	return r
}

func note(name string, code int32) int32 {
	codes = append(codes, fmt.Sprintf("%s=%d", name, code))
	return code
}

// take receives a pending reply of n bytes.
func take(n int32) []byte {
	if n < 0 {
		die("expected a reply, got code %d", n)
	}
	buf := make([]byte, n)
	if r := with(recv, buf); r != n {
		die("recv of %d bytes returned %d", n, r)
	}
	return buf
}

func die(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "abiguest: "+format+"\n", a...)
	os.Exit(3)
}

// field returns the first length-delimited field num of a protobuf message.
func field(msg []byte, num protowire.Number) ([]byte, bool) {
	for len(msg) > 0 {
		n, typ, l := protowire.ConsumeTag(msg)
		if l < 0 {
			return nil, false
		}
		msg = msg[l:]
		if n == num && typ == protowire.BytesType {
			v, l := protowire.ConsumeBytes(msg)
			return v, l >= 0
		}
		l = protowire.ConsumeFieldValue(n, typ, msg)
		if l < 0 {
			return nil, false
		}
		msg = msg[l:]
	}
	return nil, false
}

func bytesField(b []byte, num protowire.Number, v []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}

func guestHello(version uint64) []byte {
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.VarintType)
	b = protowire.AppendVarint(b, version)
	b = bytesField(b, 4, []byte("abiguest.Hostile"))
	return bytesField(b, 5, []byte("ExecuteCommand"))
}

// answer is a HookResult carrying HookExecuteCommandResponse{result: json}.
func answer(result []byte) []byte {
	return bytesField(nil, 1, bytesField(nil, 1, result))
}

func text(s string) []byte {
	j, _ := json.Marshal(map[string]string{"text": s})
	return answer(j)
}

// apiCall makes one API call and returns the HostFrame's ApiResult (after
// serving no nested hook: this guest registers none that could nest).
func apiCall(method string, req []byte) (resp, appErr []byte) {
	frame := take(with(call, bytesField(bytesField(nil, 1, []byte(method)), 2, req)))
	res, ok := field(frame, 1)
	if !ok {
		die("call %s: the host answered with something other than an api_result", method)
	}
	resp, _ = field(res, 1)
	appErr, _ = field(res, 2)
	return resp, appErr
}

func probe() string {
	valid := bytesField(nil, 1, []byte("GetUser"))
	note("call.oob", call(oob, 16))
	note("call.wrap", call(wrap, 2))
	note("call.huge", call(ptr(valid), 64<<20))
	note("call.garbage", with(call, garbage))
	note("ret.oob", ret(oob, 16))
	note("ret.garbage", with(ret, garbage))
	note("ret.huge", ret(ptr(valid), 64<<20))
	note("recv.none", with(recv, make([]byte, 8)))
	note("hello.again", with(hello, guestHello(1)))
	runtime.KeepAlive(valid)

	// Well-formed calls: an unknown method, a known one with a garbage
	// request, and a real one (the host still serves this guest).
	_, e := apiCall("NoSuchMethod", nil)
	id, _ := field(e, 1)
	codes = append(codes, "api.unknown="+string(id))
	_, e = apiCall("GetUser", garbage)
	id, _ = field(e, 1)
	codes = append(codes, "api.garbage="+string(id))
	r, _ := apiCall("GetUser", bytesField(nil, 1, []byte("user1")))
	userJSON, _ := field(r, 1)
	var u struct{ Username string }
	_ = json.Unmarshal(userJSON, &u)
	codes = append(codes, "api.GetUser="+u.Username)
	return strings.Join(codes, " ")
}

func main() {
	mode, _ := os.ReadFile("/plugin/mode")
	switch strings.TrimSpace(string(mode)) {
	case "loop": // an import that never finishes, outside any interpreter
		for {
		}
	case "exit":
		die("exiting before hello")
	case "badversion":
		r := with(hello, guestHello(99))
		hh := take(r)
		msg, _ := field(hh, 3)
		fmt.Fprintf(os.Stderr, "abiguest: the host refused hello: %s\n", msg)
		os.Exit(1)
	}

	// Before hello.
	info := make([]byte, 24)
	note("interrupt_info.short", interruptInfo(ptr(info), 20))
	note("interrupt_info.oob", interruptInfo(oob, 24))
	note("interrupt_info.garbage", with(interruptInfo, []byte(strings.Repeat("\xff", 24))))
	note("call.early", with(call, garbage))
	note("ret.early", with(ret, garbage))
	note("recv.early", with(recv, info))
	note("hello.oob", hello(oob, 64))
	note("hello.wrap", hello(wrap, 2))
	note("hello.huge", hello(ptr(info), 1<<30))
	note("hello.garbage", with(hello, garbage))

	n := with(hello, guestHello(1))
	if n <= 0 {
		die("hello returned %d", n)
	}
	note("recv.short", with(recv, make([]byte, n-1)))
	note("recv.oob", recv(oob, uint32(n)))
	take(n)

	n = with(ret, nil) // an empty HookResult: ready
	for {
		frame := take(n)
		if _, ok := field(frame, 3); ok || len(frame) == 0 {
			os.Exit(0) // shutdown
		}
		hc, ok := field(frame, 2)
		if !ok {
			die("unexpected frame %x", frame)
		}
		req, _ := field(hc, 2)
		argsJSON, _ := field(req, 2)
		var args struct{ Command string }
		_ = json.Unmarshal(argsJSON, &args)
		word := ""
		if f := strings.Fields(args.Command); len(f) > 1 {
			word = f[1]
		}
		switch word {
		case "probe":
			n = with(ret, text(probe()))
		case "garbage":
			n = with(ret, bytesField(nil, 1, garbage))
		case "badjson":
			n = with(ret, answer([]byte("{not json")))
		case "wedge":
			// Never a valid answer: the hook can only end at its deadline.
			for end := time.Now().Add(time.Minute); time.Now().Before(end); {
				ret(oob, 16)
			}
			die("wedge: still running after a minute")
		default:
			n = with(ret, text("ok"))
		}
	}
}
