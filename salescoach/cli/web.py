"""`salescoach web`: the reps' practice page."""

from __future__ import annotations

import click

from salescoach.cli.common import BadInputError
from salescoach.web import server as web_mod


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--rasa",
    "rasa_url",
    default="http://127.0.0.1:5005",
    show_default=True,
    help="The Rasa server whose REST channel the page talks to.",
)
@click.option(
    "--actions",
    "actions_url",
    default="http://127.0.0.1:5055",
    show_default=True,
    help="The action server (the coach), checked by /health.",
)
def web(host: str, port: int, rasa_url: str, actions_url: str) -> None:
    """Serve the reps' practice page (chat, live coach panel, scorecard).

    `make run` starts it beside Rasa and the action server. GET /health answers 200
    when the page, Rasa and the action server are all ready, 503 naming what is not.

    Example: salescoach web --port 8080
    """
    try:
        server = web_mod.PracticeServer((host, port), rasa_url, actions_url)
    except OSError as err:
        raise BadInputError(f"cannot listen on {host}:{port}: {err.strerror}") from None
    click.echo(f"practice page on http://{host}:{port}/ (Rasa at {rasa_url}); Ctrl-C stops it")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
