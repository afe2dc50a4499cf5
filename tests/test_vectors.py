"""The scorer's word vectors: installed by scripts/setup, read from the cache."""

from __future__ import annotations

import numpy as np
import pytest

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


def test_missing_vectors_say_how_to_install_them(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESCOACH_VECTORS", str(tmp_path))
    vectors._loaded.cache_clear()
    try:
        with pytest.raises(vectors.VectorsMissing, match="scripts/setup"):
            vectors.sentence_vector("hello")
    finally:
        monkeypatch.undo()
        vectors._loaded.cache_clear()
