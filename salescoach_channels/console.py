"""The terminal practice chat: Rasa's own console client (what `rasa shell`
runs), pointed at the running Rasa server, so the terminal goes through the
same REST channel as the web page and gets the same "coach is reconnecting"
line when the action server is down.

    .venv/bin/python -m salescoach_channels.console [--url http://127.0.0.1:5005]
"""

from __future__ import annotations

import argparse
import asyncio
import uuid

from rasa.core.channels.console import record_messages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005", help="The Rasa server.")
    args = parser.parse_args()
    print("Type 'start practice' to begin, 'hint' for a tip, 'end' for your scorecard.")
    asyncio.run(
        record_messages(sender_id=uuid.uuid4().hex, server_url=args.url, use_response_stream=False)
    )


if __name__ == "__main__":
    main()
