from mattermost_plugin import Plugin


class Broken(Plugin):
    pass


def helper():
    raise RuntimeError("boom at import")


helper()
