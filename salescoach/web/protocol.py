"""What the page server and the bot agree on: how a page message is marked in
Rasa's metadata and how our REST channel says the coach did not answer."""

WEB_CLIENT = "salescoach-web"
COACH_UNAVAILABLE = "coach_unavailable"
