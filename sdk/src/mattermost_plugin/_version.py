"""Versions the SDK reports to the host in ``GuestHello``."""

from __future__ import annotations

__version__ = "0.1.0"

#: The mmpy guest ABI version this SDK speaks (abi/ABI.md).
ABI_VERSION = 1
