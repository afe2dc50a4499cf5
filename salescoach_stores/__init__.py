"""Rasa tracker and lock stores for salescoach (Rasa glue; the engine lives in salescoach/)."""
