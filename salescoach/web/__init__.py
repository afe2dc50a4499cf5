"""The reps' practice page: its server, the coach panel's wording, the static files."""
