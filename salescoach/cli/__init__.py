"""The ``salescoach`` command line: score replies, check and play scenario
scripts, report on practice for team leads.

Exit codes: 0 ok, 2 bad input (a one-line message on stderr, nothing on stdout),
1 an incomplete install (likewise one line).
"""

from __future__ import annotations

import click

from salescoach.cli.reports import rep, report, transcript_command
from salescoach.cli.scenarios import scenario
from salescoach.cli.scoring import eval_command, score
from salescoach.cli.users import user
from salescoach.cli.web import web
from salescoach.scoring.vectors import VectorsMissing


class _Commands(click.Group):
    """One line, not a traceback, when the setup step that fetches the scorer's
    word vectors was skipped (exit 1: the install, not the input, is at fault)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except VectorsMissing as err:
            raise click.ClickException(str(err)) from None


@click.group(cls=_Commands)
@click.version_option(package_name="salescoach")
def cli() -> None:
    """salescoach: practise sales calls with a difficult customer.

    Every reply is scored against SPIN questioning, the sandwich method and
    four-step objection handling. Run `salescoach COMMAND --help` for details.
    """


for command in (score, eval_command, scenario, report, transcript_command, rep, user, web):
    cli.add_command(command)
