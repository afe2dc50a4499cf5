"""A guard for the Sanic that Rasa 3.6 and rasa-sdk 3.6 both run on (21.12).

Sanic 21.12's HTTP/1 parser takes ``Content-Length`` unchecked: a request
with ``Content-Length: -1`` leaves a negative byte count that the body reader
and the "consume the rest of the body" loop never get to zero, so the
process spins at 100 % CPU, answers nothing more (not even its health URL) and
ignores SIGTERM. It happens before any middleware runs, so a middleware cannot
catch it. Sanic 22.3 rejects such headers; no Sanic inside Rasa 3.6's pinned
range (``sanic ~=21.12``) does, so both servers add the check when they start:
Rasa through our REST channel (``salescoach_channels.rest``), the action
server through ``rasa_sdk_plugins``. A proxy in front of either server should
reject invalid lengths too.

Sanic also restarts its request timer on every byte received, so a client
that trickles its headers (one byte every few seconds) keeps a connection for
good; the request head, and then the body, each get one deadline.

The check is the one Sanic later added: a length must be digits only, there
must be one, and not beside chunked encoding (RFC 9112 6.1). Sanic rewrites
``Http.http1_request_header`` from its source when an app starts ("touchup",
in the namespace of ``sanic.http``), so :func:`install` runs as a
``before_server_start`` listener, after that rewrite, and the names the
checking method uses are also put into ``sanic.http``.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable
from typing import Any

import sanic.http
from sanic.exceptions import InvalidUsage, RequestTimeout
from sanic.http import Http
from sanic.request import Request

_PATCHED = "_salescoach_checks_content_length"
REQUEST_SECONDS = 10


async def _salescoach_checked_request_header(self: Http) -> None:
    try:
        await _salescoach_parse_header_in_time(self)
    except ValueError:
        _salescoach_refuse(self)
    if _salescoach_invalid_length(self.request.headers):
        _salescoach_refuse(self)


def _salescoach_invalid_length(headers: Any) -> bool:
    """A ``Content-Length`` that is not one whole number, or that comes with chunked
    encoding; no length at all is fine (the body is empty or chunked)."""
    lengths = headers.getall("content-length", [])
    chunked = headers.getone("transfer-encoding", "").lower() == "chunked"
    return bool(lengths) and (chunked or len(lengths) > 1 or not lengths[0].isdigit())


invalid_length = _salescoach_invalid_length


async def _salescoach_parse_header_in_time(http: Http) -> None:
    await _in_time(_salescoach_parse_header(http), http)


async def _receive_body_in_time(request: Request) -> None:
    await _in_time(_receive_body(request), request.stream)


async def _in_time(reading: Awaitable[None], http: Http) -> None:
    """Sanic restarts its request timer on every byte, so a client sending a byte
    every few seconds would hold its connection for good; the head, and then the
    body, must each arrive within the request timeout instead."""
    try:
        await asyncio.wait_for(reading, http.protocol.request_timeout)
    except asyncio.TimeoutError:
        http.keep_alive = False
        raise RequestTimeout("Request Timeout: the request took too long to arrive") from None


def _salescoach_refuse(http: Http) -> None:
    """Forget the body (nothing is read or drained) and close after the 400."""
    http.request_body = None
    http.request_bytes_left = http.request_bytes = 0
    http.keep_alive = False
    raise InvalidUsage("Bad Request: Content-Length must be a whole number of bytes")


_salescoach_parse_header = Http.http1_request_header
_receive_body = Request.receive_body


async def install(app: Any, loop: asyncio.AbstractEventLoop) -> None:
    """A ``before_server_start`` listener: answer 400 to an invalid ``Content-Length``
    and 408 to a request head, or a body, still incomplete after ``REQUEST_SECONDS``
    (Sanic's 60 s default is for uploads; a chat message is small), unless
    ``SANIC_REQUEST_TIMEOUT`` says otherwise."""
    global _salescoach_parse_header
    if "SANIC_REQUEST_TIMEOUT" not in os.environ:
        app.config.REQUEST_TIMEOUT = REQUEST_SECONDS
    if getattr(Http, _PATCHED, False):
        return
    _salescoach_parse_header = Http.http1_request_header
    sanic.http._salescoach_parse_header_in_time = _salescoach_parse_header_in_time
    sanic.http._salescoach_refuse = _salescoach_refuse
    sanic.http._salescoach_invalid_length = _salescoach_invalid_length
    Http.http1_request_header = _salescoach_checked_request_header
    Request.receive_body = _receive_body_in_time
    setattr(Http, _PATCHED, True)
