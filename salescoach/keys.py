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
    if not STATE_KEY_FILE.exists():
        _make_key_file()
    key = STATE_KEY_FILE.read_bytes().strip()
    if not key:
        raise RuntimeError(f"{STATE_KEY_FILE} is empty: delete it and a new key is made")
    return key


def _make_key_file() -> None:
    """Written whole, then linked into place: two servers starting at once agree on one
    key, and a crash never leaves an empty key file behind."""
    STATE_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    temporary = STATE_KEY_FILE.with_name(f".{STATE_KEY_FILE.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_hex(32).encode())
        handle.flush()
        os.fsync(handle.fileno())
    with contextlib.suppress(FileExistsError):
        os.link(temporary, STATE_KEY_FILE)
    temporary.unlink()


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
