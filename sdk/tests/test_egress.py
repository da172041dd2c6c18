"""The egress client (mattermost_plugin.http, urllib.request) against a fake host caller."""

from __future__ import annotations

import json
import types
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from google.protobuf.message import Message

from mattermost_plugin import _egress, http
from mattermost_plugin._abi import egress_pb2 as epb
from mattermost_plugin._abi import mmpy_pb2 as pb

Handler = Callable[[epb.EgressRequest], epb.EgressResponse | pb.AppError]


class FakeCaller:
    """Answers ``mmpy.HTTPRequest`` calls with ``handler`` and records the requests."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[epb.EgressRequest] = []

    def call(self, method: str, request: Message) -> pb.ApiResult:
        assert method == "mmpy.HTTPRequest"
        req = epb.EgressRequest.FromString(request.SerializeToString())
        self.requests.append(req)
        answer = self.handler(req)
        if isinstance(answer, pb.AppError):
            return pb.ApiResult(error=answer)
        return pb.ApiResult(response=answer.SerializeToString())


def echo(req: epb.EgressRequest) -> epb.EgressResponse:
    body = json.dumps({"method": req.method, "body": req.body.decode()}).encode()
    return epb.EgressResponse(
        status=200,
        reason="OK",
        headers=[
            epb.EgressHeader(name="Content-Type", value="application/json; charset=utf-8"),
            epb.EgressHeader(name="Set-Cookie", value="a=1"),
            epb.EgressHeader(name="Set-Cookie", value="b=2"),
        ],
        body=body,
        url=req.url,
    )


@pytest.fixture
def caller() -> Iterator[FakeCaller]:
    fake = FakeCaller(echo)
    _egress.set_caller(fake)
    yield fake
    _egress.set_caller(None)


def test_get_with_params_and_headers(caller: FakeCaller) -> None:
    resp = http.get(
        "https://api.example.com/items?x=1",
        params={"q": "a b", "n": [1, 2]},
        headers={"X-Key": "k"},
        timeout=2.5,
    )
    req = caller.requests[0]
    assert req.method == "GET"
    assert req.url == "https://api.example.com/items?x=1&q=a+b&n=1&n=2"
    assert [(h.name, h.value) for h in req.headers] == [("X-Key", "k")]
    assert req.timeout_ms == 2500
    assert not req.no_redirects
    assert resp.status_code == 200
    assert resp.ok
    assert resp.json() == {"method": "GET", "body": ""}
    assert resp.headers["content-type"] == "application/json; charset=utf-8"
    assert resp.headers["set-cookie"] == "a=1, b=2"
    assert resp.headers.get_all("Set-Cookie") == ["a=1", "b=2"]
    assert "CONTENT-TYPE" in resp.headers
    assert resp.encoding == "utf-8"
    assert repr(resp) == "<Response [200]>"


def test_post_bodies(caller: FakeCaller) -> None:
    assert http.post("https://h/", json={"k": [1]}).json()["body"] == '{"k": [1]}'
    assert caller.requests[-1].headers[0].value == "application/json"
    assert http.post("https://h/", data={"a": "1", "b": "x y"}).json()["body"] == "a=1&b=x+y"
    assert caller.requests[-1].headers[0].value == "application/x-www-form-urlencoded"
    assert http.put("https://h/", data="é").json() == {"method": "PUT", "body": "é"}
    assert http.patch("https://h/", data=b"raw").json()["method"] == "PATCH"
    assert http.delete("https://h/", allow_redirects=False).json()["method"] == "DELETE"
    assert caller.requests[-1].no_redirects
    with pytest.raises(TypeError, match="pass data or json, not both"):
        http.post("https://h/", data=b"x", json={})
    with pytest.raises(TypeError, match="data must be bytes, str or a mapping"):
        http.post("https://h/", data=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout must be positive"):
        http.get("https://h/", timeout=0)


def test_status_errors(caller: FakeCaller) -> None:
    caller.handler = lambda req: epb.EgressResponse(
        status=503, reason="Service Unavailable", body=b"\xff", url=req.url
    )
    resp = http.head("https://h/x")
    assert not resp.ok
    assert resp.text == "\ufffd"
    with pytest.raises(http.HTTPStatusError, match="503 Server Error: Service Unavailable"):
        resp.raise_for_status()


@pytest.mark.parametrize(
    ("error_id", "status", "exc_type"),
    [
        ("mmpy.egress.not_declared", 403, http.EgressDenied),
        ("mmpy.egress.not_permitted", 403, http.EgressDenied),
        ("mmpy.egress.private_address", 403, http.EgressDenied),
        ("mmpy.egress.timeout", 504, http.EgressTimeout),
        ("mmpy.egress.too_large", 502, http.EgressError),
    ],
)
def test_refusals(caller: FakeCaller, error_id: str, status: int, exc_type: type) -> None:
    caller.handler = lambda req: pb.AppError(id=error_id, status_code=status, message="nope")
    with pytest.raises(exc_type, match=r"^nope$") as info:
        http.get("https://h/")
    assert info.value.error_id == error_id
    assert info.value.url == "https://h/"
    assert isinstance(info.value, OSError)


def test_not_connected() -> None:
    with pytest.raises(http.EgressError, match="available once the plugin runs inside"):
        http.get("https://h/")


def test_urllib_opener(caller: FakeCaller) -> None:
    opener = _egress.build_opener()
    req = urllib.request.Request("https://h/p", data=b"abc", headers={"X-A": "1"}, method="PUT")
    with opener.open(req, timeout=4) as f:
        assert f.status == 200
        assert json.load(f) == {"method": "PUT", "body": "abc"}
        assert f.headers["Content-Type"] == "application/json; charset=utf-8"
        assert f.geturl() == "https://h/p"
    sent = caller.requests[-1]
    assert sent.timeout_ms == 4000
    assert ("X-a", "1") in [(h.name, h.value) for h in sent.headers]
    caller.handler = lambda req: epb.EgressResponse(status=404, reason="Not Found", url=req.url)
    with pytest.raises(urllib.error.HTTPError, match="HTTP Error 404: Not Found"):
        opener.open("http://h/missing")
    caller.handler = lambda req: pb.AppError(
        id="mmpy.egress.not_declared", status_code=403, message="no"
    )
    with pytest.raises(urllib.error.URLError, match="no") as info:
        opener.open("http://h/")
    assert isinstance(info.value.reason, http.EgressDenied)


def test_socket_patch() -> None:
    class FakeSocket:
        def __init__(self) -> None:
            pass

    module = types.ModuleType("socket")
    module.socket = FakeSocket  # type: ignore[attr-defined]
    _egress._patch_socket(module)
    with pytest.raises(OSError, match="sockets are not available in the mmpy plugin sandbox"):
        module.socket()  # type: ignore[attr-defined]
    with pytest.raises(OSError, match=r"server\.python\.egress"):
        module.create_connection(("h", 80))  # type: ignore[attr-defined]
