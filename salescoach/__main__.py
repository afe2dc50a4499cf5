from salescoach.cli import cli

cli()
