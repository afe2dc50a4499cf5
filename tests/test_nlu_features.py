"""The NLU's TF-IDF features (salescoach_nlu/tfidf.py) read a message part by part;
they must equal what the stored FeatureUnion itself gives."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from salescoach_nlu import tfidf

TRAINING = [
    "start practice",
    "How do you back up the depot servers today?",
    "What did the outage cost you?",
    "I'd like a hint",
]


def test_features_part_by_part_equal_the_unions_transform() -> None:
    union = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    ).fit(TRAINING)
    for text in [*TRAINING, "", "what does a lost day cost the depot?", "😀 <b>hi</b>"]:
        ours = tfidf._features(union, text).toarray()
        assert ours.shape == (1, tfidf._width(union))
        assert (ours == union.transform([text]).toarray()).all()
