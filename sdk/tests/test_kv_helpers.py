"""kv_set_json / kv_get_json and ClusterMutex against a fake KV store with the server's
semantics of KVSetWithOptions (atomic compare-and-set, expiry) and KVCompareAndDelete."""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf.message import Message

from fakehost import unjs
from mattermost_plugin import ClusterMutex, PluginAPI
from mattermost_plugin._abi import mmpy_pb2 as pb
from mattermost_plugin._abi import plugin_pb2 as ppb
from mattermost_plugin.models import PluginKVSetOptions


class FakeKV:
    """A ``Caller`` that implements the plugin KV store like Mattermost's app layer
    (``PluginAPI.KVSetWithOptions`` -> ``App.SetPluginKeyWithOptions``), with a settable clock."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.data: dict[str, tuple[bytes, float | None]] = {}  # key -> (value, expires at)
        self.calls: list[tuple[str, Message]] = []

    def _get(self, key: str) -> bytes | None:
        entry = self.data.get(key)
        if entry is None:
            return None
        value, expires = entry
        if expires is not None and expires <= self.now:
            del self.data[key]
            return None
        return value

    def call(self, method: str, request: Any) -> pb.ApiResult:
        self.calls.append((method, request))
        response: Message
        if method == "KVSetWithOptions":
            options = PluginKVSetOptions.from_dict(unjs(request.options))
            if options.old_value is not None and not options.atomic:
                return pb.ApiResult(
                    error=pb.AppError(
                        id="model.plugin_kvset_options.is_valid.old_value.app_error",
                        message="old value set but not atomic",
                        status_code=400,
                    )
                )
            current = self._get(request.key)
            if options.atomic and current != options.old_value:
                response = ppb.ApiKVSetWithOptionsResponse(result=False)
            else:
                expires = (
                    self.now + options.expire_in_seconds if options.expire_in_seconds else None
                )
                self.data[request.key] = (request.value, expires)
                response = ppb.ApiKVSetWithOptionsResponse(result=True)
        elif method == "KVCompareAndDelete":
            ok = self._get(request.key) == request.old_value
            if ok:
                del self.data[request.key]
            response = ppb.ApiKVCompareAndDeleteResponse(result=ok)
        elif method == "KVGet":
            value = self._get(request.key)
            response = (
                ppb.ApiKVGetResponse() if value is None else ppb.ApiKVGetResponse(result=value)
            )
        else:
            raise AssertionError(f"unexpected call {method}")
        return pb.ApiResult(response=response.SerializeToString())


@pytest.fixture
def kv() -> FakeKV:
    return FakeKV()


@pytest.fixture
def api(kv: FakeKV) -> PluginAPI:
    return PluginAPI(kv)


# ---------------------------------------------------------------- JSON values


def test_kv_set_json_and_get_json(kv: FakeKV, api: PluginAPI) -> None:
    assert api.kv_set_json("cfg", {"n": 1, "tags": ["ü"]}) is True
    assert api.kv_get_json("cfg") == {"n": 1, "tags": ["ü"]}
    assert api.kv_get_json("absent") is None
    assert api.kv_get_json("absent", default=[]) == []
    method, request = kv.calls[0]
    assert method == "KVSetWithOptions"
    assert unjs(request.value) == {"n": 1, "tags": ["ü"]}
    assert PluginKVSetOptions.from_dict(unjs(request.options)) == PluginKVSetOptions()


def test_kv_set_json_atomic_insert_only_if_absent(api: PluginAPI) -> None:
    assert api.kv_set_json("k", 1, atomic=True) is True
    assert api.kv_set_json("k", 2, atomic=True) is False  # exists: not replaced
    assert api.kv_get_json("k") == 1


def test_kv_set_json_compare_and_set(api: PluginAPI) -> None:
    api.kv_set_json("counter", {"n": 1})
    assert api.kv_set_json("counter", {"n": 2}, atomic=True, old_value={"n": 5}) is False
    assert api.kv_get_json("counter") == {"n": 1}
    assert api.kv_set_json("counter", {"n": 2}, atomic=True, old_value={"n": 1}) is True
    assert api.kv_get_json("counter") == {"n": 2}


def test_kv_set_json_expiry(kv: FakeKV, api: PluginAPI) -> None:
    api.kv_set_json("session", "token", expire_in_seconds=30)
    options = PluginKVSetOptions.from_dict(unjs(kv.calls[0][1].options))
    assert options.expire_in_seconds == 30
    kv.now += 29
    assert api.kv_get_json("session") == "token"
    kv.now += 1
    assert api.kv_get_json("session") is None


def test_old_value_without_atomic_is_the_servers_validation_error(api: PluginAPI) -> None:
    from mattermost_plugin import ValidationError

    with pytest.raises(ValidationError, match="old value set but not atomic") as info:
        api.kv_set_json("k", 1, old_value=0)
    assert info.value.method == "KVSetWithOptions"


# ---------------------------------------------------------------- ClusterMutex


def test_mutex_excludes_other_holders_until_unlocked(kv: FakeKV, api: PluginAPI) -> None:
    first, second = api.mutex("job"), api.mutex("job")
    assert first.try_lock() is True
    assert second.try_lock() is False
    assert api.mutex("other-job").try_lock() is True  # another key: independent
    first.unlock()
    assert second.try_lock() is True
    assert "mutex_job" in kv.data
    method, request = kv.calls[0]
    assert (method, request.key) == ("KVSetWithOptions", "mutex_job")
    options = PluginKVSetOptions.from_dict(unjs(request.options))
    assert options == PluginKVSetOptions(atomic=True, old_value=None, expire_in_seconds=15)


def test_mutex_as_context_manager(kv: FakeKV, api: PluginAPI) -> None:
    with api.mutex("reindex", ttl_seconds=5) as held:
        assert isinstance(held, ClusterMutex)
        assert "mutex_reindex" in kv.data
        assert not api.mutex("reindex").try_lock()
    assert "mutex_reindex" not in kv.data
    assert kv.calls[-1][0] == "KVCompareAndDelete"


def test_mutex_of_a_dead_holder_expires(kv: FakeKV, api: PluginAPI) -> None:
    dead = api.mutex("job", ttl_seconds=10)
    assert dead.try_lock()
    waiting = api.mutex("job", ttl_seconds=10)
    kv.now += 9
    assert not waiting.try_lock()
    kv.now += 1
    assert waiting.try_lock()  # the lock expired after ttl_seconds


def test_refresh_extends_and_detects_a_lost_lock(kv: FakeKV, api: PluginAPI) -> None:
    holder = api.mutex("job", ttl_seconds=10)
    holder.lock()
    kv.now += 8
    holder.refresh()  # compare-and-set on its own token: expiry moves to now + 10
    kv.now += 8
    assert not api.mutex("job").try_lock()  # still held, 16 s after taking it
    kv.now += 2
    thief = api.mutex("job")
    assert thief.try_lock()  # expired: taken by someone else
    with pytest.raises(RuntimeError, match="cluster mutex 'mutex_job' is not held"):
        holder.refresh()


def test_unlock_does_not_release_someone_elses_lock(kv: FakeKV, api: PluginAPI) -> None:
    holder = api.mutex("job", ttl_seconds=1)
    holder.lock()
    kv.now += 1
    thief = api.mutex("job")
    assert thief.try_lock()
    holder.unlock()  # compare-and-delete with the old token: no effect
    assert not api.mutex("job").try_lock()
    thief.unlock()
    assert api.mutex("job").try_lock()


def test_refresh_and_unlock_of_a_mutex_never_locked(api: PluginAPI, kv: FakeKV) -> None:
    idle = api.mutex("job")
    idle.unlock()  # nothing to release: no call
    assert kv.calls == []
    with pytest.raises(RuntimeError, match="is not held"):
        idle.refresh()


def test_lock_waits_until_the_holder_releases(
    kv: FakeKV, api: PluginAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_sleep(seconds: float) -> None:
        raise OSError(95, "Operation not supported")  # time.sleep in the WASI guest

    monkeypatch.setattr("time.sleep", no_sleep)
    holder = api.mutex("job")
    holder.lock()
    attempts = 0
    original = kv.call

    def call(method: str, request: Any) -> pb.ApiResult:
        nonlocal attempts
        if method == "KVSetWithOptions" and request.key == "mutex_job":
            attempts += 1
            if attempts == 3:
                holder.unlock()  # released while the other one polls
        return original(method, request)

    kv.call = call  # type: ignore[method-assign]
    waiter = api.mutex("job")
    waiter.lock(timeout=5, poll=0.001)
    assert attempts == 3
    assert kv.data["mutex_job"][0] == waiter._token  # held by the waiter now


def test_lock_timeout(api: PluginAPI) -> None:
    assert api.mutex("busy").try_lock()
    with pytest.raises(TimeoutError, match=r"cluster mutex 'mutex_busy' not acquired in 0\.02 s"):
        api.mutex("busy").lock(timeout=0.02, poll=0.005)


def test_mutex_arguments_are_checked() -> None:
    api = PluginAPI(None)
    with pytest.raises(ValueError, match="ttl_seconds must be positive"):
        api.mutex("k", ttl_seconds=0)
    with pytest.raises(TypeError, match="ClusterMutex\\(\\): key must be str, got int"):
        api.mutex(5)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="not connected"):
        api.mutex("k").try_lock()
