"""The host's one secret, shared by the servers of one installation: the action
server seals each call's state with it, the page server signs who is signed in.

``SALESCOACH_STATE_KEY``, or ``var/state.key`` (made on first use, readable by
this user only). Rasa passes both through untouched, so neither a forged slot nor
a forged identity in a message's metadata gets past the action server.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

STATE_KEY_ENV = "SALESCOACH_STATE_KEY"
STATE_KEY_FILE = Path("var/state.key")


@lru_cache(maxsize=1)
def state_key() -> bytes:
    if os.environ.get(STATE_KEY_ENV):
        return os.environ[STATE_KEY_ENV].encode()
    try:
        return STATE_KEY_FILE.read_bytes().strip()
    except FileNotFoundError:
        STATE_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32).encode()
        with contextlib.suppress(FileExistsError):
            fd = os.open(STATE_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(key)
        return STATE_KEY_FILE.read_bytes().strip()


def digest(data: dict[str, Any], leave_out: str) -> str:
    """HMAC-SHA256 of ``data`` (keys sorted) without its ``leave_out`` key, the seal itself."""
    body = json.dumps({k: v for k, v in data.items() if k != leave_out}, sort_keys=True)
    return hmac.new(state_key(), body.encode(), hashlib.sha256).hexdigest()


def sign(data: dict[str, Any], seal: str) -> dict[str, Any]:
    return {**data, seal: digest(data, seal)}


def verified(data: Any, seal: str) -> bool:
    """Whether ``data`` carries this host's seal under ``seal``: anything else is refused."""
    return isinstance(data, dict) and hmac.compare_digest(
        str(data.get(seal, "")), digest(data, seal)
    )
