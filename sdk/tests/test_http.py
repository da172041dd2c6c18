"""ServeHTTP: HTTPRequest as handlers see it, HTTPResponse.coerce, and the guide's snippet."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fakehost import FakeHost, hook_call
from mattermost_plugin import Context, HookName, HTTPRequest, HTTPResponse, Plugin, hook
from mattermost_plugin._abi import plugin_pb2 as ppb
from mattermost_plugin.server import serve


def http_request(**fields: Any) -> ppb.HttpRequest:
    headers = fields.pop("headers", {})
    message = ppb.HttpRequest(**fields)
    for name, values in headers.items():
        message.headers.add(name=name, values=values)
    return message


def test_request_from_the_abi_message() -> None:
    request = HTTPRequest.from_pb(
        http_request(
            method="POST",
            url="/plugins/p/api/hello?x=1&x=2&y=",
            path="/api/hello",
            query="x=1&x=2&y=",
            body='{"k": "ü"}'.encode(),
            remote_addr="10.0.0.9:1234",
            host="mm.example.com",
            headers={"Mattermost-User-Id": ["u1"], "Accept": ["text/html", "application/json"]},
        )
    )
    assert (request.method, request.path, request.query) == ("POST", "/api/hello", "x=1&x=2&y=")
    assert request.headers == {"Mattermost-User-Id": "u1", "Accept": "text/html, application/json"}
    assert request.header_values["Accept"] == ["text/html", "application/json"]
    assert request.user_id == "u1"
    assert request.header("accept") == "text/html, application/json"  # case-insensitive
    assert request.header("X-Missing", "dflt") == "dflt"
    assert request.query_params == {"x": ["1", "2"], "y": [""]}
    assert request.json() == {"k": "ü"}
    assert request.text == '{"k": "ü"}'
    assert (request.remote_addr, request.host) == ("10.0.0.9:1234", "mm.example.com")
    assert HTTPRequest.from_pb(request.to_pb()) == request  # lossless both ways


def test_anonymous_request_has_no_user_id() -> None:
    assert HTTPRequest().user_id == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, HTTPResponse()),
        ({}, HTTPResponse()),
        ({"body": "text"}, HTTPResponse(body=b"text")),
        ({"body": "ü"}, HTTPResponse(body="ü".encode())),
        ({"body": bytearray(b"ba")}, HTTPResponse(body=b"ba")),
        ({"body": memoryview(b"mv")}, HTTPResponse(body=b"mv")),
        ({"body": None, "headers": None}, HTTPResponse()),
        (
            {"status_code": 404, "headers": {"A": "b"}, "body": b"\x00"},
            HTTPResponse(status_code=404, headers={"A": "b"}, body=b"\x00"),
        ),
    ],
)
def test_coerce_accepts_the_documented_shapes(value: Any, expected: HTTPResponse) -> None:
    assert HTTPResponse.coerce("P.serve", value) == expected


def test_coerce_returns_an_http_response_as_is() -> None:
    response = HTTPResponse(status_code=204)
    assert HTTPResponse.coerce("P.serve", response) is response


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Not found", "P.serve() must return a dict {'status_code': int, 'headers': dict"),
        (404, "or an HTTPResponse; it returned int"),
        ((200, "ok"), "it returned tuple"),
        ({"status": 200}, "P.serve(): unknown response key(s) 'status'; valid: status_code"),
        ({"status_code": "200"}, "status_code must be an int from 100 to 999, got '200'"),
        ({"status_code": True}, "status_code must be an int from 100 to 999, got True"),
        ({"status_code": 99}, "status_code must be an int from 100 to 999, got 99"),
        ({"status_code": 1000}, "got 1000"),
        ({"headers": {"A": 1}}, "P.serve(): headers must be a dict of str to str"),
        ({"headers": [("A", "b")]}, "headers must be a dict of str to str"),
        ({"body": {"k": "v"}}, "body must be str or bytes, got dict (serialize it first"),
        ({"body": 5}, "body must be str or bytes, got int"),
    ],
)
def test_coerce_errors_name_the_problem(value: Any, message: str) -> None:
    with pytest.raises(TypeError) as info:
        HTTPResponse.coerce("P.serve", value)
    assert message in str(info.value)


def test_response_helpers_and_abi_message() -> None:
    response = HTTPResponse(status_code=201, headers={"Content-Type": "x"}, body=b'{"a": 1}')
    assert response.json() == {"a": 1}
    assert response.text == '{"a": 1}'
    message = response.to_pb()
    assert message.status_code == 201
    assert [(h.name, list(h.values)) for h in message.headers] == [("Content-Type", ["x"])]
    assert HTTPResponse.from_pb(message) == response


# ---------------------------------------------------------------- the guide's ServeHTTP


# The guide's code, verbatim (process_request is the helper it calls).
# fmt: off
class GuideHTTPPlugin(Plugin):
    def process_request(self, body: bytes) -> dict[str, Any]:
        return {"received": json.loads(body)}

    @hook(HookName.ServeHTTP)
    def serve_http(self, context, request):  # type: ignore[no-untyped-def]
        if request.path == "/api/hello":
            return {
                "status_code": 200,
                "headers": {"Content-Type": "application/json"},
                "body": '{"message": "Hello from Python!"}'
            }

        if request.path == "/api/data":
            data = self.process_request(request.body)
            return {
                "status_code": 200,
                "headers": {"Content-Type": "application/json"},
                "body": json.dumps(data)
            }

        return {"status_code": 404, "body": "Not found"}


# fmt: on


def test_guide_serve_http_snippet_through_the_host() -> None:
    def call(path: str, body: bytes = b"") -> Any:
        return hook_call(
            "ServeHTTP",
            c={"RequestId": "r1"},
            r=http_request(method="POST", path=path, body=body),
        )

    host = FakeHost([call("/api/hello"), call("/api/data", b'{"n": 1}'), call("/nope")])
    serve(GuideHTTPPlugin, host)
    hello, data, missing = (r.response for r in host.responses("ServeHTTP"))
    assert hello.status_code == 200
    assert [(h.name, list(h.values)) for h in hello.headers] == [
        ("Content-Type", ["application/json"])
    ]
    assert json.loads(hello.body) == {"message": "Hello from Python!"}
    assert json.loads(data.body) == {"received": {"n": 1}}
    assert (missing.status_code, missing.body) == (404, b"Not found")


def test_serve_http_handler_gets_context_and_request() -> None:
    seen: list[tuple[Context | None, HTTPRequest]] = []

    class Recorder(Plugin):
        @hook(HookName.ServeHTTP)
        def serve_http(self, context: Context | None, request: HTTPRequest) -> HTTPResponse:
            seen.append((context, request))
            return HTTPResponse(status_code=202, body=request.user_id.encode())

    host = FakeHost(
        [
            hook_call(
                "ServeHTTP",
                c={"RequestId": "r1", "IPAddress": "10.1.1.1"},
                r=http_request(method="GET", path="/x", headers={"Mattermost-User-Id": ["u9"]}),
            )
        ]
    )
    serve(Recorder, host)
    ((context, request),) = seen
    assert context == Context(request_id="r1", ip_address="10.1.1.1")
    assert (request.method, request.path, request.user_id) == ("GET", "/x", "u9")
    response = host.response("ServeHTTP").response
    assert (response.status_code, response.body) == (202, b"u9")


def test_serve_http_wrong_return_is_a_hook_error() -> None:
    class Wrong(Plugin):
        @hook(HookName.ServeHTTP)
        def serve_http(self, context: Any, request: HTTPRequest) -> Any:
            return {"status_code": 200, "body": {"not": "serialized"}}

    host = FakeHost([hook_call("ServeHTTP", r=http_request(path="/"))])
    serve(Wrong, host)
    error = host.result("ServeHTTP").error
    assert error.type == "TypeError"
    assert "Wrong.serve_http(): body must be str or bytes, got dict" in error.message
