"""Four-step objection handling: acknowledge, probe the root cause, answer that
root cause for this kind of objection, confirm it is resolved. Order matters,
across turns as well as within one reply.
"""

from __future__ import annotations

from salescoach.scoring import cues, spin

STEPS = ("acknowledge", "probe", "answer", "confirm")
TIP_FOR_NEXT_STEP = {
    "acknowledge": "acknowledge_first",
    "probe": "probe_before_answer",
    "answer": "answer_root_cause",
    "confirm": "confirm_resolved",
}
KINDS = ("price", "trust", "need", "timing", "change")


def _probes(sentence: str) -> bool:
    return (
        spin.is_question(sentence)
        and not cues.has("objection.confirm", sentence)
        and (cues.has("objection.probe", sentence) or spin.is_open(sentence))
    )


def step_of(sentence: str, kind: str | None) -> str | None:
    """The objection step one sentence performs, if any; with no known kind any answer counts."""
    if cues.has("objection.confirm", sentence) and spin.is_question(sentence):
        return "confirm"
    if _probes(sentence):
        return "probe"
    if cues.has("objection.acknowledge", sentence):
        return "acknowledge"
    kinds = (kind,) if kind in KINDS else KINDS
    if any(cues.has(f"objection.answer.{k}", sentence) for k in kinds):
        return "answer"
    return None


def answers_other_kind(sentences: list[str], kind: str) -> bool:
    return any(
        cues.has(f"objection.answer.{other}", s)
        for s in sentences
        for other in KINDS
        if other != kind
    )


def steps(sentences: list[str], kind: str | None) -> list[tuple[str, str]]:
    """(step, sentence) pairs in reply order, each step counted once."""
    found: list[tuple[str, str]] = []
    for sentence in sentences:
        step = step_of(sentence, kind)
        if step and step not in (s for s, _ in found):
            found.append((step, sentence))
    return found


def argues(sentences: list[str]) -> bool:
    return any(cues.has("objection.argue", s) for s in sentences)
