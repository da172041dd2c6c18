"""Imports vendored pure-Python packages, reads its own files and reports what it sees."""

import os

import attrs
import jinja2
import markupsafe
import pydantic
import yaml

from mattermost_plugin import HookName, Plugin, hook


@attrs.define
class Point:
    x: int
    y: int


class Greeting(pydantic.BaseModel):
    name: str
    count: int


class DepsPlugin(Plugin):
    @hook(HookName.OnActivate)
    def on_activate(self) -> None:
        env = jinja2.Environment(autoescape=True)
        self.logger.info("jinja2: " + env.from_string("hi {{ who }}").render(who="<b>"))
        self.logger.info("markupsafe: " + markupsafe.__file__)
        self.logger.info("yaml: " + yaml.safe_dump({"a": [1, 2]}, default_flow_style=True).strip()
                         + f" libyaml={yaml.__with_libyaml__}")
        g = Greeting(name="x", count="3")
        self.logger.info(f"pydantic: {g.count!r} compiled={pydantic.compiled}")
        self.logger.info(f"attrs: {attrs.asdict(Point(1, 2))}")
        with open(os.path.join(os.path.dirname(__file__), "data.txt")) as f:
            self.logger.info("data: " + f.read().strip())
        self.logger.info("plugin root: " + ",".join(sorted(os.listdir("/plugin"))))
        self.logger.info("prefix lib: " + ",".join(sorted(os.listdir("/usr/local/lib"))))
        try:
            open("/plugin/new.txt", "w")
        except OSError as e:
            self.logger.info(f"write refused: {type(e).__name__}")
