"""Guards for the action server, loaded by rasa-sdk itself.

``rasa run actions`` imports a package of this name, if there is one, and
calls ``init_hooks`` (rasa_sdk/plugin.py); that lets salescoach harden the
stock server without its own entry point. Out of the box the server answers
``200 null`` to an empty or non-object JSON body, reads bodies up to Sanic's
100 MB, and listens on every interface.
"""

from __future__ import annotations

import hmac
import json
import os
import sys

import pluggy
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

import salescoach_sanic

hookimpl = pluggy.HookimplMarker("rasa_sdk")

# Rasa sends the whole tracker of the conversation session with each call:
# 31 KB per practice call (measured), under 1 MB in a two-hour session.
MAX_ACTION_CALL = 16 * 1024 * 1024
TOKEN_ENV = "SALESCOACH_ACTION_TOKEN"
"""When set, /webhook answers only calls carrying it (Rasa's action_endpoint sends it
as ``?token=``: endpoints.yml); scripts/run sets a fresh one for each run."""


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(sys.modules[__name__])


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    app.register_listener(salescoach_sanic.install, "before_server_start")
    app.exception(SanicException)(answer_http_errors)
    app.config.REQUEST_MAX_SIZE = MAX_ACTION_CALL
    app.register_middleware(reject_malformed_calls, "request")
    # Read by rasa-sdk right after this hook; an explicit SANIC_HOST still wins.
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")


async def answer_http_errors(request: Request, error: SanicException) -> HTTPResponse:
    """A request Sanic refuses (a bad length, a body too large) gets its own 4xx;
    rasa-sdk's catch-all handler answers every exception with 500."""
    return response.json({"error": str(error)}, status=error.status_code)


async def reject_malformed_calls(request: Request) -> HTTPResponse | None:
    """A 4xx naming the problem instead of rasa-sdk's ``200 null``."""
    if request.path != "/webhook" or request.method != "POST":
        return None
    # Sanic itself refuses a body over REQUEST_MAX_SIZE (and, patched by
    # salescoach_sanic, an invalid length); this names the problem in JSON.
    if salescoach_sanic.invalid_length(request.headers):
        return response.json({"error": "Content-Length must be a whole number of bytes."}, 400)
    length = request.headers.get("Content-Length", "0")
    if int(length) > MAX_ACTION_CALL:
        return response.json({"error": "The action call is too large."}, status=413)
    token = os.environ.get(TOKEN_ENV)
    if token and not hmac.compare_digest(request.args.get("token", ""), token):
        return response.json({"error": "Only the Rasa server may call the coach."}, status=401)
    if request.headers.get("Content-Encoding") == "deflate":
        return None
    try:
        call = json.loads(request.body or b"null")
    except ValueError:
        return response.json({"error": "The body is not JSON."}, status=400)
    if not isinstance(call, dict):
        return response.json({"error": "The body must be a JSON object."}, status=400)
    if not isinstance(call.get("next_action"), str):
        return response.json({"error": "'next_action' must be an action name."}, status=400)
    if not isinstance(call.get("tracker"), dict):
        return response.json({"error": "'tracker' must be an object."}, status=400)
    return None
