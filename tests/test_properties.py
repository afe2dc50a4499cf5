"""Property-based tests: any text a rep could type, in any context, never
raises in the scorer or the engine, and what comes out keeps its shape.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salescoach.practice import customer, scorecard, session
from salescoach.scoring import Context, score_reply
from salescoach.web import coach_panel

KINDS = st.sampled_from([None, "price", "trust", "need", "timing", "change"])
DISC = st.sampled_from(["D", "I", "S", "C"])
STEPS = st.lists(st.sampled_from(["acknowledge", "probe", "answer", "confirm"]), unique=True)
# Any Unicode (emoji, right-to-left, control characters), plus markup and
# punctuation-heavy text that looks like the replies the scorer parses, in
# English and in Chinese (both scripts, full-width marks, mixed with English).
ANY_TEXT = st.one_of(
    st.text(max_size=600),
    st.text(alphabet=st.sampled_from(list("<>/?!.,'\" \n\tabcI")), max_size=300),
    st.lists(
        st.sampled_from(
            ["What", "how", "cost", "price", "I understand", "?", "<script>", "é", "🙂", "\u202e"]
        ),
        max_size=40,
    ).map(" ".join),
    st.lists(
        st.sampled_from(
            [
                "请问",
                "什么",
                "吗",
                "？",
                "，",
                "。",
                "價格",
                "對吧",
                "我理解",
                "涨价",
                "不能",
                "ERP",
                "如果",
                "会",
                "😀",
                "<b>",
                "十",
                "……",
                "～",
                "\u3000",
                "哪",
            ]
        ),
        max_size=60,
    ).map("".join),
)
RELAXED = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@RELAXED
@given(text=ANY_TEXT, kind=KINDS, disc=DISC, done=STEPS, turn=st.integers(0, 30))
def test_the_scorer_never_raises_and_keeps_its_shape(text, kind, disc, done, turn):
    if not text.strip():
        return
    context = Context(objection=kind, persona=disc, done_steps=tuple(done), turn=turn)
    result = score_reply(text, context).to_json()
    assert 0 <= result["score"] <= 100
    assert len(result["feedback"]) <= 2
    assert set(result["objection_steps"]) <= {"acknowledge", "probe", "answer", "confirm"}
    json.dumps(result)


@RELAXED
@given(replies=st.lists(ANY_TEXT, min_size=1, max_size=12))
def test_the_engine_plays_any_replies_to_the_end(dominant, analytical, parse, replies):
    for scenario in (dominant, analytical):
        state, _ = session.start(scenario, seed="prop")
        for number, text in enumerate(replies, start=1):
            if state.ended:
                break
            turn = session.take_turn(scenario, state, text, parse(text))
            state = turn.state
            assert state.turn == number and turn.customer.line.strip()
            assert turn.customer.event.split(":")[0].split("+")[0] in customer.EVENTS
            panel = coach_panel.payload(turn.result.to_json(), state)
            assert panel["score"] == turn.result.score
        card = scorecard.build(scenario.id, state)
        json.dumps([state.to_slot(), card])
