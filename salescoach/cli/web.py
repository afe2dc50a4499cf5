"""`salescoach web`: the team's page server."""

from __future__ import annotations

import socket

import click

from salescoach.cli.common import DB_OPTION, BadInputError
from salescoach.web import server as web_mod


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on: 0.0.0.0 serves the team's network (put TLS in front).",
)
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--rasa",
    "rasa_url",
    default="http://127.0.0.1:5005",
    show_default=True,
    help="The Rasa server whose REST channel the page talks to (keep it private).",
)
@click.option(
    "--actions",
    "actions_url",
    default="http://127.0.0.1:5055",
    show_default=True,
    help="The action server (the coach), checked by /health.",
)
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="A TLS proxy (Caddy, nginx) is in front: cookies get Secure and the client's "
    "address comes from X-Forwarded-For.",
)
@click.option(
    "--tls-cert", type=click.Path(exists=True, dir_okay=False), help="Serve HTTPS itself."
)
@click.option(
    "--tls-key", type=click.Path(exists=True, dir_okay=False), help="The key of --tls-cert."
)
@DB_OPTION
def web(
    host: str,
    port: int,
    rasa_url: str,
    actions_url: str,
    behind_proxy: bool,
    tls_cert: str | None,
    tls_key: str | None,
    db: str | None,
) -> None:
    """Serve the page: sign-in, practice, a rep's progress, the leads' dashboard.

    `make run` starts it beside Rasa and the action server. GET /health answers 200
    when the page, Rasa and the action server are all ready, 503 naming what is not.
    Accounts are made with `salescoach user add`.

    \b
    Examples:
        salescoach web --port 8080                      # this laptop only
        salescoach web --behind-proxy                   # the team, behind Caddy or nginx here
        salescoach web --host 0.0.0.0 --port 8443 --tls-cert c.pem --tls-key k.pem
    """
    if bool(tls_cert) != bool(tls_key):
        raise BadInputError("give both --tls-cert and --tls-key")
    _check_port(host, port)
    if behind_proxy and host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: --behind-proxy trusts X-Forwarded-For, and {host} lets clients reach the"
            " page without the proxy: listen on 127.0.0.1 when the proxy runs on this host",
            err=True,
        )
    settings = web_mod.Settings(
        rasa_url=rasa_url.rstrip("/"),
        actions_url=actions_url.rstrip("/"),
        db_path=db,
        secure_cookies=behind_proxy or bool(tls_cert),
        behind_proxy=behind_proxy,
    )
    scheme = "https" if tls_cert else "http"
    click.echo(f"page on {scheme}://{host}:{port}/ (Rasa at {rasa_url}); Ctrl-C stops it")
    tls = {"cert": tls_cert, "key": tls_key} if tls_cert and tls_key else None
    web_mod.serve(settings, host, port, tls)


def _check_port(host: str, port: int) -> None:
    """A clear error for a taken port, before Sanic's own traceback would give one."""
    try:
        with socket.create_server((host, port), reuse_port=False):
            pass
    except OSError as err:
        raise BadInputError(f"cannot listen on {host}:{port}: {err.strerror}") from None
