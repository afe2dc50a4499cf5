"""Rasa 3.6 checks every action server answer against a schema it re-checks first.

``RemoteAction._validate_action_result`` calls ``jsonschema.validate(result,
schema)``, which validates the *schema* against the JSON Schema meta-schema
before it validates the answer, on every custom action call. Rasa's events
schema is large (an ``anyOf`` over every event type), so on a practice turn
that check was the largest single item in the Rasa server's profile: about
15 % of its CPU with py-spy, 5.9 ms per call where the answer's own check takes
1.7 ms. The schema is a constant, so :func:`install` checks it once and keeps
one validator for every answer: the same validator class ``validate`` picks,
the same error (``best_match``) and the same message when an answer is invalid.

Installed by our REST channel (``salescoach_channels.rest``) when the Rasa
server starts, beside the Sanic guard.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@cache
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    kind = validator_for(schema)
    kind.check_schema(schema)
    return kind(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's own check of an action server's answer, with the schema checked once."""
    error: ValidationError | None = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install(*_: Any) -> None:
    """Use the checked-once validator (a Sanic listener: takes the app and loop)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
