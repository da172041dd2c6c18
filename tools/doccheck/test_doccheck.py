"""Tests of doccheck itself: run with ``python -m pytest tools/doccheck`` (``make doc-check``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "sdk" / "src"))

from mattermost_plugin import NotFoundError, PluginAPI  # noqa: E402

import doccheck  # noqa: E402
from fakeserver import FakeServer  # noqa: E402

PLUGIN_OK = """\
from mattermost_plugin import Plugin, hook, HookName


class Good(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        self.api.register_command(trigger="ping")

    @hook(HookName.ExecuteCommand)
    def run(self, context, args):
        return {"response_type": "ephemeral", "text": args.command}

    @hook(HookName.MessageWillBePosted)
    def filter(self, context, post):
        return post, ""
"""

PLUGIN_BAD_SHAPE = """\
from mattermost_plugin import Plugin, hook, HookName


class Bad(Plugin):
    @hook(HookName.MessageWillBePosted)
    def filter(self, context, post):
        return "allowed"
"""

TEST_OK = """\
from unittest.mock import MagicMock
from server.plugin import Good


def test_filter_allows():
    plugin = Good()
    plugin.api = MagicMock()
    post = MagicMock(message="hi")
    assert plugin.filter(None, post) == (post, "")
"""


def page(tmp_path: Path, body: str, name: str = "page.md") -> Path:
    guide = tmp_path / "docs" / "guide"
    guide.mkdir(parents=True, exist_ok=True)
    path = guide / name
    path.write_text(body, encoding="utf-8")
    return path


def fence(lang: str, code: str, marker: str = "") -> str:
    head = f"<!-- doccheck: {marker} -->\n" if marker else ""
    return f"{head}```{lang}\n{code}```\n\n"


def check(tmp_path: Path, body: str) -> doccheck.Report:
    report = doccheck.Report()
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    doccheck.check_file(page(tmp_path, body), work, {"bin": None, "mmpy": None}, False, report)
    return report


def test_extract_reports_code_line_and_marker(tmp_path: Path) -> None:
    path = page(
        tmp_path, "# Title\n\n" + fence("python", "x = 1\n", "fragment") + fence("sh", "echo hi\n")
    )
    blocks = doccheck.extract(path)
    assert [(b.lang, b.line, b.marker) for b in blocks] == [
        ("python", 5, "fragment"),
        ("sh", 9, ""),
    ]
    assert blocks[0].code == "x = 1\n"


@pytest.mark.parametrize(
    ("code", "marker", "kind"),
    [
        (PLUGIN_OK, "", "plugin"),
        (TEST_OK, "", "test"),
        ("def get_user(self, user_id: str) -> User: ...\n", "", "stub"),
        ("print('hi')\n", "", "plain"),
        ("print('hi')\n", "run", "script"),
        ("return 1\n", "fragment", "fragment"),
    ],
)
def test_classify(code: str, marker: str, kind: str) -> None:
    assert doccheck.classify(doccheck.Block(Path("x.md"), 1, "python", code, marker)) == kind


def test_fragment_with_return_or_await_compiles_wrapped() -> None:
    for code in ("return 1\n", "user = await client.get_user('x')\n"):
        assert (
            doccheck.compile_block(doccheck.Block(Path("x.md"), 10, "python", code, "fragment"))
            is None
        )


def test_syntax_error_points_at_the_markdown_line() -> None:
    block = doccheck.Block(Path("x.md"), 10, "python", "a = 1\nb = (\n", "fragment")
    err = doccheck.compile_block(block)
    assert err is not None
    assert err[0] == 11
    assert "SyntaxError" in err[1]


def test_good_plugin_and_its_test_run(tmp_path: Path) -> None:
    report = check(tmp_path, fence("python", PLUGIN_OK) + fence("python", TEST_OK))
    assert report.failures == []
    assert (report.compiled, report.run_native) == (2, 2)


def test_wrong_return_shape_fails_with_file_and_line(tmp_path: Path) -> None:
    report = check(tmp_path, "intro\n\n" + fence("python", PLUGIN_BAD_SHAPE))
    assert len(report.failures) == 1
    failure = report.failures[0]
    assert failure.startswith(f"{tmp_path}/docs/guide/page.md:4: plugin example failed")
    assert "must return a tuple (*model.Post, string), or None; it returned str" in failure


def test_failing_test_block_fails(tmp_path: Path) -> None:
    failing = TEST_OK.replace('== (post, "")', '== (None, "")')
    report = check(tmp_path, fence("python", PLUGIN_OK) + fence("python", failing))
    assert len(report.failures) == 1
    assert "test example failed under pytest" in report.failures[0]


def test_unmarked_snippet_in_the_guide_must_be_marked(tmp_path: Path) -> None:
    report = check(tmp_path, fence("python", "x = compute()\n"))
    assert len(report.failures) == 1
    assert "mark it <!-- doccheck: fragment -->" in report.failures[0]


def test_run_script_failure_and_bad_json(tmp_path: Path) -> None:
    report = check(tmp_path, fence("python", "assert 1 == 2\n", "run") + fence("json", '{"a": }\n'))
    assert len(report.failures) == 2
    assert "script example failed" in report.failures[0]
    assert ":7" in report.failures[1].split(" ")[0]
    assert "invalid JSON" in report.failures[1]


def test_excerpt_must_match_its_source(tmp_path: Path) -> None:
    ok = fence(
        "go",
        'rt, err := host.NewRuntime(ctx, host.Options{CacheDir: "/var/cache/mmpy"})\n',
        "excerpt host/example_test.go",
    )
    stale = fence("go", "rt := host.Old()\n", "excerpt host/example_test.go")
    report = check(tmp_path, ok + stale)
    assert report.excerpts == 1
    assert len(report.failures) == 1
    assert "no longer an excerpt" in report.failures[0]


def test_unknown_marker_is_an_error(tmp_path: Path) -> None:
    report = check(tmp_path, fence("python", "x = 1\n", "frgment"))
    assert len(report.failures) == 1
    assert "unknown doccheck marker 'frgment'" in report.failures[0]


def test_fake_server_behaves_like_a_small_server() -> None:
    server = FakeServer()
    api = PluginAPI(server)
    assert api.get_server_version() == "10.5.0"
    assert api.get_user("u1").id == "u1"
    with pytest.raises(NotFoundError):
        api.get_user("missing-user")
    assert api.kv_set_json("k", {"n": 1}, atomic=True) is True
    assert api.kv_set_json("k", {"n": 2}, atomic=True) is False  # compare-and-set: key exists
    assert api.kv_set_json("k", {"n": 2}, atomic=True, old_value={"n": 1}) is True
    assert api.kv_get_json("k") == {"n": 2}
    with api.mutex("job"):
        assert "mutex_job" in list(api.kv_list_prefix("mutex_"))
    assert list(api.kv_list_prefix("mutex_")) == []
    post = api.create_post(channel_id="c", user_id="u", message="hi")
    assert post.id
    assert post.message == "hi"
    assert api.get_channel_members("c", 0, 10) == []  # zero value of an unmodelled method
    assert server.methods_called()[:2] == ["GetServerVersion", "GetUser"]


def test_main_exits_1_and_names_the_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = page(tmp_path, fence("python", PLUGIN_OK) + fence("python", PLUGIN_BAD_SHAPE))
    assert doccheck.main(["--no-wasm", str(path)]) == 1
    out = capsys.readouterr()
    assert "2 python blocks compiled; run: 1 natively (1 plugin examples)" in out.out
    assert f"{path}:" in out.err
    assert (
        doccheck.main(["--no-wasm", str(page(tmp_path, fence("python", PLUGIN_OK), "ok.md"))]) == 0
    )


def test_guide_links_must_resolve(tmp_path: Path) -> None:
    page(tmp_path, "# Other page\n\n## A section\n", "other.md")
    body = (
        "[ok](other.md) [ok](other.md#a-section) [web](https://example.com)\n"
        "[gone](missing.md) [bad anchor](other.md#no-such-heading)\n"
    )
    report = check(tmp_path, body)
    assert report.links == 2
    assert len(report.failures) == 2
    assert "page.md:2: broken link 'missing.md'" in report.failures[0]
    assert "no heading #no-such-heading" in report.failures[1]


def test_slug_matches_github_anchors() -> None:
    assert doccheck.slug(" Hook deadlines: a cooperative interrupt, and no hard stop") == (
        "hook-deadlines-a-cooperative-interrupt-and-no-hard-stop"
    )
    assert doccheck.slug(" Sandbox policy (wasi/)") == "sandbox-policy-wasi"
    assert doccheck.slug(" `mmpy deploy`") == "mmpy-deploy"
