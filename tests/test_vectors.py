"""The scorer's word vectors: installed by scripts/setup, read from the cache."""

from __future__ import annotations

import uuid

import numpy as np
import pytest
from click.testing import CliRunner

from salescoach.cli import cli
from salescoach.scoring import vectors


def test_a_sentence_vector_is_unit_length_and_the_same_every_time():
    first = vectors.sentence_vector("Delivery moves to the 28th.")
    assert first.shape == (vectors.DIMENSIONS,)
    assert np.linalg.norm(first) == pytest.approx(1.0, abs=1e-5)
    assert np.array_equal(first, vectors.sentence_vector("Delivery moves to the 28th."))


def test_text_without_word_pieces_gives_zeros_not_an_error():
    assert not vectors.sentence_vector("").any()
    assert not vectors.sentence_vector("   ").any()


def test_capitals_and_accents_do_not_change_the_vector():
    """The WordPiece tokenizer is uncased and strips accents, like the model it came from."""
    assert np.array_equal(
        vectors.sentence_vector("CAFÉ PRICES RISE"), vectors.sentence_vector("cafe prices rise")
    )


@pytest.fixture
def no_vectors(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESCOACH_VECTORS", str(tmp_path))
    vectors._loaded.cache_clear()
    yield
    monkeypatch.undo()
    vectors._loaded.cache_clear()


def test_missing_vectors_say_how_to_install_them(no_vectors):
    with pytest.raises(vectors.VectorsMissing, match="scripts/setup"):
        vectors.sentence_vector("hello")


def test_the_cli_says_so_in_one_line_not_a_traceback(no_vectors):
    never_scored = f"Delivery moves to the 28th, order {uuid.uuid4().hex}."
    result = CliRunner().invoke(cli, ["score", never_scored])
    assert result.exit_code == 1
    assert "word vectors are not in" in result.output and "scripts/setup" in result.output
    assert "Traceback" not in result.output
