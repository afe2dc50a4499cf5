"""Rasa input channels for salescoach (Rasa glue; the engine lives in salescoach/)."""
