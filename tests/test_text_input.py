"""Text at the edge, and reports that cannot attack the lead who opens them."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest

from salescoach import text_input
from salescoach.store import Store, rep_id
from tests.calls import LOGISTICS
from tests.team import play
from tests.test_cli import run

JOSE_NFC = unicodedata.normalize("NFC", "José Díaz")
JOSE_NFD = unicodedata.normalize("NFD", "José Díaz")


def test_a_name_typed_composed_or_decomposed_is_one_rep(store: Store):
    assert JOSE_NFC != JOSE_NFD
    assert store.ensure_rep(JOSE_NFC) == store.ensure_rep(JOSE_NFD) == rep_id(JOSE_NFC)
    assert [r["name"] for r in store.db["reps"].rows] == [JOSE_NFC]


def test_a_lone_surrogate_in_a_reply_is_stored_as_a_replacement_character(store, catalogue, parse):
    sid = play(
        store, catalogue, parse, "Ana", LOGISTICS, ["What do you use \ud800 today?"], "2026-01-05"
    )
    [turn] = store.turns(sid)
    assert turn["rep_text"] == "What do you use \ufffd today?"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Ana\ud800", "not text"),
        ("x" * 61, "at most 60"),
        ("1234", "use letters"),
        ("/restart", "cannot start with '/'"),
        ("Dee \u202eevil", "text-direction"),
        ("Ana\x1b[31mLima", "control"),
    ],
)
def test_a_bad_name_is_refused_with_a_reason(name, reason):
    with pytest.raises(text_input.BadName, match=reason):
        text_input.clean_name(name)


def test_rep_set_team_refuses_a_10000_character_name(db_path):
    result = run("rep", "set-team", "x" * 10_000, "--team", "north", "--db", str(db_path))
    assert result.exit_code == 2 and "at most 60 characters" in result.stderr


def test_rep_list_flags_names_that_look_alike(store, db_path):
    for name in ("José Díaz", "Jose Diaz", "Ana Lima"):
        store.ensure_rep(name)
    rows = run("rep", "list", "--db", str(db_path)).stdout.splitlines()
    assert rows[0].split()[-2:] == ["LOOKS", "LIKE"]
    looks = {row.split()[0]: row for row in rows[1:]}
    assert looks["josé-díaz"].endswith("Jose Diaz") and looks["jose-diaz"].endswith("José Díaz")
    assert looks["ana-lima"].rstrip().endswith("-")


def test_csv_cells_that_start_like_a_formula_are_neutralised(store, catalogue, parse, db_path):
    play(
        store,
        catalogue,
        parse,
        '=HYPERLINK("http://x")',
        LOGISTICS,
        ["How many sites?"],
        "2026-01-05",
    )
    play(store, catalogue, parse, "@Ben", LOGISTICS, ["How many sites?"], "2026-01-05")
    result = run("report", "--csv", "--db", str(db_path))
    names = [row[0] for row in csv.reader(io.StringIO(result.stdout))][1:]
    assert sorted(names) == ['\'=HYPERLINK("http://x")', "'@Ben"]


def test_control_characters_reach_the_terminal_as_visible_escapes(store, catalogue, parse, db_path):
    sid = play(
        store,
        catalogue,
        parse,
        "Eve\x1b[2J",
        LOGISTICS,
        ["Hi\x1b]0;owned\x07 there?"],
        "2026-01-05",
    )
    for args in (["report"], ["rep", "list"], ["transcript", sid]):
        result = run(*args, "--db", str(db_path))
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "Eve\\x1b[2J" in run("rep", "list", "--db", str(db_path)).stdout
