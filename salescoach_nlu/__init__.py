"""Custom Rasa NLU components for salescoach (Rasa glue, like actions/)."""
