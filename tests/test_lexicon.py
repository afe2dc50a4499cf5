from __future__ import annotations

from salescoach.practice import lexicon


def test_lemmas_drop_function_words_and_keep_what_is_asked():
    assert lexicon.lemmas("When the servers died, how long were you without them?") == [
        "?when", "server", "die", "?duration", "without",
    ]  # fmt: skip
    assert lexicon.lemmas("How many IT people restored it?") == [
        "?amount",
        "it-department",
        "people",
        "restore",
    ]


def test_compounds_stay_one_word_and_numbers_lose_their_commas():
    assert lexicon.lemmas("No-shows cost 1,900 a week") == ["no-show", "cost", "1900", "week"]


def test_concepts_come_from_shared_and_scenario_synonyms():
    assert "outage" in lexicon.concepts("The depot went offline for two days")
    assert "subbie" not in lexicon.concepts("our subbies text us")
    assert "subcontractor" in lexicon.concepts(
        "our subbies text us", {"subcontractor": ("subbie",)}
    )
    assert "no_show" in lexicon.concepts(
        "Missed appointments?", {"no_show": ("missed appointment",)}
    )
