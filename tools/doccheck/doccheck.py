"""doccheck: every code block of mmpy's documentation compiles, and the runnable ones run.

Usage (from the repository root; ``make doc-check`` runs it)::

    python tools/doccheck/doccheck.py [--no-wasm] [--keep] [FILE.md ...]

Without files it checks README.md, sdk/README.md and every ``docs/**/*.md``.

What happens to a fenced block depends on its language, its content and an optional marker, an
HTML comment on the line(s) right before the fence (invisible on GitHub)::

    <!-- doccheck: fragment -->       compile only (wrapped in a function if it needs one)
    <!-- doccheck: run -->            python: run as a script; sh/bash: run in the page's workdir
    <!-- doccheck: output -->         a block that shows commands or output to read, not to run
    <!-- doccheck: excerpt PATH -->   the block is a verbatim excerpt of PATH (indentation aside),
                                      a file the project compiles and tests (e.g. a Go example)

Files that cannot carry markers (README files, generated pages) get them from
``overrides.json``, keyed by a name the block defines.

``python`` blocks:

* a **plugin module** (defines a ``Plugin`` subclass): compiled, imported as
  ``server/plugin.py`` of a temporary plugin folder and run natively by ``harness.py``: each
  handler is called with representative arguments against the SDK's real ``PluginAPI`` backed by
  an in-memory fake server, and its answer is encoded as the SDK encodes it for the host. With
  Go and ``build/runtime`` present (and not ``--no-wasm``), plugins whose API calls the CLI's fake
  server implements are also run inside the WebAssembly guest with ``mmpy run``;
* a **test module** (defines ``test_*`` functions): run with pytest in a folder whose
  ``server/plugin.py`` is the page's latest plugin module (as ``from server.plugin import ...``
  expects);
* a **stub** (only ``def ...: ...`` signatures, as in the generated reference): compiled;
* ``<!-- doccheck: run -->``: executed with ``python``; ``<!-- doccheck: fragment -->``: compiled;
* anything else: an error in ``docs/guide/`` (mark it); compiled only elsewhere (README files and
  generated pages cannot carry markers).

``json`` blocks must parse. ``sh``/``bash`` blocks run only when marked; the run blocks of one
page share a temporary working directory and see ``mmpy`` (built from ``cmd/mmpy``) and
``python`` (the dev venv, with the SDK importable) on ``PATH``; ``$MMPY_REPO`` is the repository.

Prints one line per failure as ``file:line: message`` and a summary; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MARKER = re.compile(r"^\s*<!--\s*doccheck:\s*([a-z-]+)(?:\s+(\S+))?\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)")
SHELLS = {"sh", "bash", "shell", "console"}
KNOWN_MARKERS = {"", "fragment", "run", "output", "excerpt"}
# API methods the CLI's fake server (internal/fakeapi) implements: only plugins that call no
# others can run under `mmpy run`.
WASM_FAKE_API = {
    "GetServerVersion", "GetUser", "CreatePost", "KVGet", "KVSet", "KVDelete", "KVList",
    "GetPluginConfig", "RegisterCommand", "LogDebug", "LogInfo", "LogWarn", "LogError",
}  # fmt: skip
TIMEOUT = 300
VERBOSE = False


@dataclass
class Block:
    file: Path
    line: int  # line of the first code line (1-based)
    lang: str
    code: str
    marker: str = ""
    marker_arg: str = ""
    plugin_dir: str = ""  # tests: run against this plugin folder (overrides.json)

    @property
    def where(self) -> str:
        return f"{rel(self.file)}:{self.line}"


def rel(path: Path) -> str:
    """``path`` relative to the repository when it is inside it (for messages)."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@dataclass
class Report:
    compiled: int = 0
    run_native: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # run natively, by kind
    run_wasm: int = 0
    run_shell: int = 0
    json_ok: int = 0
    excerpts: int = 0
    links: int = 0
    compile_only: list[str] = field(default_factory=list)
    wasm_skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def ran(self, kind: str) -> None:
        self.run_native += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def fail(self, where: str, message: str) -> None:
        self.failures.append(f"{where}: {message}")
        print(f"FAIL {where}: {message}", flush=True)


def _defined_names(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    return {
        n.name
        for n in tree.body
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }


def apply_overrides(path: Path, blocks: list[Block]) -> None:
    """Apply tools/doccheck/overrides.json to the blocks of a file that cannot carry markers."""
    table = json.loads((HERE / "overrides.json").read_text(encoding="utf-8"))
    entries = table.get(rel(path), {})
    for block in blocks:
        for name in sorted(_defined_names(block.code) & set(entries)):
            entry = entries[name]
            block.marker = entry.get("marker", block.marker)
            block.plugin_dir = entry.get("plugin", block.plugin_dir)


def extract(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, with the marker before each."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = m.group(1), m.group(2), m.group(3).lower()
        marker = marker_arg = ""
        j = i - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        if j >= 0 and (mm := MARKER.match(lines[j])):
            marker, marker_arg = mm.group(1), mm.group(2) or ""
        body: list[str] = []
        k = i + 1
        while k < len(lines) and not lines[k].strip().startswith(fence):
            body.append(lines[k][len(indent) :] if lines[k].startswith(indent) else lines[k])
            k += 1
        blocks.append(Block(path, i + 2, lang, "\n".join(body) + "\n", marker, marker_arg))
        i = k + 1
    apply_overrides(path, blocks)
    return blocks


# ---------------------------------------------------------------------- python


def classify(block: Block) -> str:
    """plugin, test, stub, script (marked run), fragment (marked) or plain."""
    if block.marker == "fragment":
        return "fragment"
    if block.marker == "run":
        return "script"
    try:
        tree = ast.parse(block.code)
    except SyntaxError:
        return "plain"
    top = tree.body
    if any(isinstance(n, ast.FunctionDef) and n.name.startswith("test_") for n in top):
        return "test"
    if any(isinstance(n, ast.ClassDef) and any(_is_plugin_base(b) for b in n.bases) for n in top):
        return "plugin"
    if top and all(_is_stub(n) for n in top):
        return "stub"
    return "plain"


def _is_plugin_base(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "Plugin") or (
        isinstance(node, ast.Attribute) and node.attr == "Plugin"
    )


def _is_stub(node: ast.stmt) -> bool:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:] or body  # a docstring
        return all(isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) for s in body)
    return isinstance(node, ast.ImportFrom | ast.Import)


def compile_block(block: Block) -> tuple[int, str] | None:
    """Compile the block (as a function body if it needs one); return (line, error) or None."""
    try:
        compile(block.code, block.where, "exec", dont_inherit=True)
        return None
    except SyntaxError as first:
        wrapped = "async def __doccheck_fragment__():\n" + textwrap.indent(block.code, "    ")
        try:
            compile(wrapped, block.where, "exec", dont_inherit=True)
            return None
        except SyntaxError:
            return block.line + (first.lineno or 1) - 1, f"SyntaxError: {first.msg}"


def _env(extra_path: list[str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "sdk" / "src"), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if extra_path:
        env["PATH"] = os.pathsep.join([*extra_path, env.get("PATH", "")])
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        p = subprocess.run(
            cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        p = subprocess.CompletedProcess(
            cmd, 124, str(exc.stdout or ""), f"timed out after {TIMEOUT} s"
        )
    if VERBOSE:
        print(f"$ {' '.join(cmd)}  (in {cwd})\n{p.stdout}{p.stderr}", flush=True)
    return p


def _tail(p: subprocess.CompletedProcess[str], n: int = 40) -> str:
    out = (p.stdout + p.stderr).rstrip().splitlines()
    return "\n".join("    " + line for line in out[-n:])


def write_plugin(root: Path, code: str, plugin_id: str) -> None:
    (root / "server").mkdir(parents=True, exist_ok=True)
    (root / "server" / "plugin.py").write_text(code, encoding="utf-8")
    manifest = {
        "id": plugin_id,
        "name": "doccheck example",
        "version": "0.1.0",
        "server": {"executable": "server/plugin.py", "runtime": "python"},
    }
    (root / "plugin.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def run_plugin_native(block: Block, work: Path, report: Report) -> list[str] | None:
    """Run a plugin block with harness.py; return the API methods it called (None on failure)."""
    root = work / f"plugin-{block.line}"
    write_plugin(root, block.code, f"com.example.doccheck-{block.line}")
    p = _run([sys.executable, str(HERE / "harness.py"), str(root)], work, _env())
    if p.returncode != 0:
        report.fail(block.where, f"plugin example failed when run natively:\n{_tail(p)}")
        return None
    summary = json.loads(p.stdout.strip().splitlines()[-1])
    if summary["handlers"] == 0:
        report.fail(block.where, "plugin example has no hook handlers to run")
        return None
    report.ran("plugin examples")
    return list(summary["api"])


def run_plugin_wasm(block: Block, work: Path, mmpy: Path, api: list[str], report: Report) -> None:
    """Run a plugin block in the WebAssembly guest with `mmpy run` (the CLI's fake server)."""
    missing = [m for m in api if m not in WASM_FAKE_API]
    if missing:
        report.wasm_skipped.append(f"{block.where} (calls {', '.join(missing)})")
        return
    root = work / f"plugin-{block.line}"
    cmd = [str(mmpy), "run", str(root), "--runtime", str(ROOT / "build" / "runtime")]
    hooks = _hook_names(block.code)
    if "MessageWillBePosted" in hooks or "MessageHasBeenPosted" in hooks:
        cmd += ["--post", "Hello from doccheck", "--post", "this contains a badword"]
    if "ExecuteCommand" in hooks:
        for trigger in _triggers(block.code) or ["hello"]:
            cmd += ["--command", f"/{trigger}"]
    p = _run(cmd, work, _env())
    text = p.stdout + p.stderr
    bad = [
        s
        for s in ("python hook raised", "hook call failed", "Traceback", "level=ERROR")
        if s in text
    ]
    if p.returncode != 0 or bad or "deactivated and stopped" not in text:
        why = (
            f"exit status {p.returncode}"
            if p.returncode
            else f"output has {bad[0] if bad else 'no stop line'!r}"
        )
        report.fail(
            block.where, f"plugin example failed in the wasm guest (mmpy run; {why}):\n{_tail(p)}"
        )
        return
    report.run_wasm += 1


def _hook_names(code: str) -> set[str]:
    return {a or b for a, b in re.findall(r"@hook\(\s*(?:HookName\.(\w+)|[\"'](\w+)[\"'])", code)}


def _triggers(code: str) -> list[str]:
    return re.findall(r"trigger\s*=\s*[\"']([\w-]+)[\"']", code)


CONFTEST = """\
import importlib
import os
import sys

# "from server.plugin import ..." works: the plugin folder goes on sys.path.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def pytest_configure(config):
    # The SDK's pytest fixtures (mattermost, plugin_factory, ...) are a pytest11 entry point
    # when the SDK is installed; register them when it is only on PYTHONPATH.
    try:
        module = importlib.import_module("mattermost_plugin.testing.pytest_plugin")
    except ImportError:
        return
    if not config.pluginmanager.is_registered(module):
        config.pluginmanager.register(module, "mattermost_plugin_doccheck")
"""


def run_test(block: Block, plugin_code: str | None, work: Path, report: Report) -> None:
    root = work / f"test-{block.line}"
    if block.plugin_dir:
        source = ROOT / block.plugin_dir
        shutil.copytree(
            source, root, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.tar.gz")
        )
    elif plugin_code is not None:
        write_plugin(root, plugin_code, f"com.example.doccheck-{block.line}")
    (root / "tests").mkdir(parents=True, exist_ok=True)
    (root / "tests" / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (root / "tests" / f"test_doc_{block.line}.py").write_text(block.code, encoding="utf-8")
    p = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], root, _env()
    )
    if p.returncode != 0:
        report.fail(block.where, f"test example failed under pytest:\n{_tail(p)}")
        return
    report.ran("test modules")


def run_script(block: Block, work: Path, report: Report) -> None:
    path = work / f"script_{block.line}.py"
    path.write_text(block.code, encoding="utf-8")
    p = _run([sys.executable, str(path)], work, _env())
    if p.returncode != 0:
        report.fail(block.where, f"script example failed:\n{_tail(p)}")
        return
    report.ran("scripts")


def _normalized(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def check_excerpt(block: Block, report: Report) -> None:
    """``<!-- doccheck: excerpt PATH -->``: the block is a verbatim excerpt of PATH (indentation
    aside), a file that the project compiles and tests itself (e.g. a Go example)."""
    source = ROOT / block.marker_arg
    if not block.marker_arg or not source.is_file():
        report.fail(block.where, f"excerpt marker names no existing file: {block.marker_arg!r}")
        return
    if _normalized(block.code) not in _normalized(source.read_text(encoding="utf-8")):
        report.fail(
            block.where,
            f"block is no longer an excerpt of {block.marker_arg}: copy it again from the file",
        )
        return
    report.excerpts += 1


# ---------------------------------------------------------------------- links

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            found.add(slug(line.lstrip("#")))
    return found


def check_links(path: Path, report: Report) -> None:
    """Relative links of a page point at files that exist (and at headings that exist)."""
    in_code = False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            in_code = not in_code
        if in_code:
            continue
        for target in LINK.findall(line):
            if re.match(r"^[a-z]+:", target):
                continue  # http(s):, mailto:
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            if not dest.exists():
                if dest.name == "benchmarks.md":
                    continue  # written from `make bench` output; linked before it exists
                report.fail(
                    f"{rel(path)}:{n}", f"broken link {target!r}: {rel(dest)} does not exist"
                )
            elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
                report.fail(f"{rel(path)}:{n}", f"broken link {target!r}: no heading #{anchor}")
            else:
                report.links += 1


# ---------------------------------------------------------------------- shell


def build_tools(work: Path) -> Path | None:
    """A bin/ with `mmpy` (built from cmd/mmpy) and `python`/`pytest` (the dev venv); None
    when Go is missing."""
    bindir = work / "bin"
    bindir.mkdir(exist_ok=True)
    go = shutil.which("go")
    if go is None:
        return None
    env = dict(os.environ, GOFLAGS=os.environ.get("GOFLAGS", "-mod=mod"))
    p = _run([go, "build", "-o", str(bindir / "mmpy"), "./cmd/mmpy"], ROOT, env)
    if p.returncode != 0:
        print(f"doccheck: cannot build cmd/mmpy:\n{_tail(p)}", file=sys.stderr)
        return None
    for name, args in (("python", ""), ("python3", ""), ("pytest", " -m pytest")):
        (bindir / name).write_text(
            f'#!/bin/sh\nexec "{sys.executable}"{args} "$@"\n', encoding="utf-8"
        )
        (bindir / name).chmod(0o755)
    return bindir


def run_shell(block: Block, workdir: Path, bindir: Path, report: Report) -> None:
    env = _env([str(bindir)])
    env["MMPY_REPO"] = str(ROOT)
    env["MMPY_RUNTIME"] = str(ROOT / "build" / "runtime")
    p = _run(["bash", "-euo", "pipefail", "-c", block.code], workdir, env)
    if p.returncode != 0:
        report.fail(block.where, f"shell example failed (exit status {p.returncode}):\n{_tail(p)}")
        return
    report.run_shell += 1


# ---------------------------------------------------------------------- driver


def default_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "sdk" / "README.md"]
    files += sorted((ROOT / "docs").rglob("*.md"))
    return [f for f in files if f.exists()]


def check_file(
    path: Path, work: Path, tools: dict[str, Path | None], wasm: bool, report: Report
) -> None:
    in_guide = "guide" in Path(rel(path)).parts
    page = work / re.sub(r"\W", "_", rel(path).lstrip("/"))
    page.mkdir(parents=True, exist_ok=True)
    shell_dir = page / "shell"
    shell_dir.mkdir(exist_ok=True)
    last_plugin: str | None = None
    if in_guide:
        check_links(path, report)
    for block in extract(path):
        if block.marker not in KNOWN_MARKERS:
            report.fail(
                block.where,
                f"unknown doccheck marker {block.marker!r}: use one of "
                + ", ".join(sorted(KNOWN_MARKERS - {""})),
            )
            continue
        if block.marker == "excerpt":
            check_excerpt(block, report)
        elif block.lang == "python":
            err = compile_block(block)
            if err:
                report.fail(f"{rel(path)}:{err[0]}", err[1])
                continue
            report.compiled += 1
            kind = classify(block)
            if kind == "plugin":
                last_plugin = block.code
                api = run_plugin_native(block, page, report)
                if api is not None and wasm and tools.get("mmpy"):
                    run_plugin_wasm(block, page, tools["mmpy"], api, report)  # type: ignore[arg-type]
            elif kind == "test":
                run_test(block, last_plugin, page, report)
            elif kind == "script":
                run_script(block, page, report)
            elif kind == "plain" and in_guide:
                report.fail(
                    block.where,
                    "python block is neither a plugin module nor a test: make it one, or mark it "
                    "<!-- doccheck: fragment --> (compile only) or <!-- doccheck: run --> "
                    "(run as a script)",
                )
            elif kind in ("plain", "fragment", "stub"):
                report.compile_only.append(block.where)
        elif block.lang == "json":
            try:
                json.loads(block.code)
                report.json_ok += 1
            except json.JSONDecodeError as exc:
                report.fail(
                    f"{rel(path)}:{block.line + exc.lineno - 1}", f"invalid JSON: {exc.msg}"
                )
        elif block.lang in SHELLS and block.marker == "run":
            if tools.get("bin") is None:
                report.fail(
                    block.where, "shell example marked run, but Go is not available to build mmpy"
                )
                continue
            run_shell(block, shell_dir, tools["bin"], report)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="Markdown files (default: README.md, sdk/README.md, docs/**/*.md)",
    )
    ap.add_argument(
        "--no-wasm", action="store_true", help="do not run plugin examples in the wasm guest"
    )
    ap.add_argument("--keep", action="store_true", help="keep the temporary working directory")
    ap.add_argument(
        "-v", "--verbose", action="store_true", help="print every command and its output"
    )
    args = ap.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    files = [f.resolve() for f in args.files] or default_files()
    work = Path(tempfile.mkdtemp(prefix="doccheck-"))
    report = Report()
    try:
        needs_go = any(b.lang in SHELLS and b.marker == "run" for f in files for b in extract(f))
        have_runtime = (ROOT / "build" / "runtime" / "python.wasm").exists()
        wasm = not args.no_wasm and have_runtime
        bindir = build_tools(work) if (needs_go or wasm) else None
        tools: dict[str, Path | None] = {"bin": bindir, "mmpy": bindir / "mmpy" if bindir else None}
        if not args.no_wasm and not have_runtime:
            print(
                "doccheck: build/runtime is missing (make runtime): "
                "plugin examples run natively only"
            )
        for f in files:
            check_file(f, work, tools, wasm, report)
    finally:
        if args.keep:
            print(f"doccheck: working directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"doccheck: {report.compiled} python blocks compiled; run: {report.run_native} natively "
        f"({', '.join(f'{n} {k}' for k, n in sorted(report.kinds.items())) or 'none'}), "
        f"{report.run_wasm} plugin examples also in the wasm guest, "
        f"{report.run_shell} shell blocks; {report.json_ok} JSON blocks parsed; "
        f"{report.excerpts} excerpts match their source; {report.links} guide links resolve; "
        f"{len(report.compile_only)} python blocks compile-only (signature stubs of the generated "
        "reference, marked fragments, unmarked blocks outside docs/guide)"
    )
    if report.wasm_skipped:
        print(
            "doccheck: not run in the wasm guest (mmpy run's fake server lacks the methods): "
            f"{len(report.wasm_skipped)}"
        )
        for s in report.wasm_skipped:
            print(f"  {s}")
    if report.failures:
        print(f"doccheck: {len(report.failures)} failure(s):", file=sys.stderr)
        for f in report.failures:
            print(f"  {f.splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
