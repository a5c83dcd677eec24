"""The same training-cache fingerprints as Rasa's, computed with less work.

While it trains, Rasa fingerprints the output of every step of the pipeline (that is
how ``rasa train`` knows what it can reuse next time): after each featurizer, every
message again, its tokens, their data and its features. Two functions do that work,
and both are replaced here by versions that give the same text, and so the same
digests and the same training cache (tests/components/test_fast_fingerprint.py):

- ``rasa.shared.nlu.training_data.util.sparse_matrix_to_string`` writes a message's
  sparse features out as text, one line ``"  (row, col)\\tvalue"`` per value,
  formatting every number as a NumPy scalar. With ~3,400 messages and six featurizers
  that took about 12 of the 35 s a training spent fingerprinting on this machine
  (profiled with py-spy, 2026-12-02); a matrix of 224 values took 0.92 ms, now 0.42 ms.
  Here the numbers are turned into Python numbers first (``tolist``), which format to
  the same text: Python and NumPy print integers, and 64-bit floats (shortest
  round-trip repr), identically. Any other kind of matrix (32-bit floats, booleans...)
  still goes through Rasa's own function.
- ``rasa.shared.utils.io.deep_container_fingerprint`` hashes containers recursively:
  the MD5 of ``json.dumps`` of the digests of the items (of a dict: key digest to value
  digest, keys sorted), and of a leaf the MD5 of ``str(leaf)``. That was 25 of the 31 s
  of fingerprinting left in a training (py-spy, 2026-12-07). Here a leaf's digest is
  remembered by its text (the same words, numbers and attribute names come back
  thousands of times), and a list or dict of digests is written as JSON directly, which
  is exactly what ``json.dumps`` writes for lower-case hex strings. Anything else (a
  ``fingerprint()`` method that returns something other than a hex digest, another
  encoding) goes through ``json.dumps`` or Rasa's function as before.
- ``Token.fingerprint`` is asked again for every token after every featurizer (10 of
  the 16 s of fingerprinting left after the two above). A token's digest is remembered
  by its content: text, offsets, lemma and the values of its data with their types
  (data that are not plain strings, numbers, booleans or None go to Rasa's function
  every time). Equal content, equal digest: what Rasa computes from that content.
"""
from __future__ import annotations

import json
import re
from hashlib import md5
from typing import Any, Dict

import numpy as np

from components.patching import replace

_ORIGINAL = None
_ORIGINAL_DEEP = None

# A fingerprint as Rasa makes them: an MD5 digest in lower-case hex. Only such strings
# can be written into JSON by hand (they need no escaping); anything else a
# ``fingerprint()`` method returns goes through ``json.dumps`` as before.
_HEX = re.compile(r"[0-9a-f]{32}")
# The digest of a leaf depends only on its text: the digests of texts already seen
# (words, numbers, attribute names repeat across thousands of tokens).
_LEAF_DIGESTS: Dict[str, str] = {}
_LEAF_LIMIT = 500_000


def sparse_matrix_to_string(m: Any) -> str:
    m_coo = m.tocoo()
    data = m_coo.data
    if not (data.dtype.kind in "iu" or data.dtype == np.float64):
        return _ORIGINAL(m)
    rows, cols, values = m_coo.row.tolist(), m_coo.col.tolist(), data.tolist()
    return "\n".join([f"  ({r}, {c})\t{v}" for r, c, v in zip(rows, cols, values)])


def _leaf(obj: Any) -> str:
    text = str(obj)
    digest = _LEAF_DIGESTS.get(text)
    if digest is None:
        if len(_LEAF_DIGESTS) >= _LEAF_LIMIT:
            _LEAF_DIGESTS.clear()
        digest = md5(text.encode("utf-8")).hexdigest()  # nosec: a fingerprint, as Rasa's
        _LEAF_DIGESTS[text] = digest
    return digest


def _fingerprint(obj: Any) -> str:
    if isinstance(obj, dict):
        pairs = {_fingerprint(k): _fingerprint(v) for k, v in obj.items()}
        if all(_HEX.fullmatch(k) and _HEX.fullmatch(v) for k, v in pairs.items()):
            text = "{" + ", ".join(f'"{k}": "{pairs[k]}"' for k in sorted(pairs)) + "}"
        else:
            text = json.dumps(pairs, sort_keys=True)
        return md5(text.encode("utf-8")).hexdigest()  # nosec
    if isinstance(obj, list):
        items = [_fingerprint(e) for e in obj]
        if all(_HEX.fullmatch(i) for i in items):
            text = "[" + ", ".join(f'"{i}"' for i in items) + "]"
        else:
            text = json.dumps(items)
        return md5(text.encode("utf-8")).hexdigest()  # nosec
    if hasattr(obj, "fingerprint") and callable(obj.fingerprint):
        return obj.fingerprint()
    return _leaf(obj)


# Token digests by content: a token's text, offsets, lemma and data (simple values
# only, each with its type, so that 1, 1.0 and True stay apart as their texts do).
_TOKEN_DIGESTS: Dict[tuple, str] = {}
_SIMPLE = (str, int, float, bool, type(None))
_ORIGINAL_TOKEN = None


def token_fingerprint(self: Any) -> str:
    """``Token.fingerprint``, remembered by the token's content (every featurizer's
    output is fingerprinted again, each time with every token of every message)."""
    try:
        items = tuple(sorted((k, type(v), v) for k, v in self.data.items()))
        if not all(isinstance(k, str) and type(v) in _SIMPLE for k, _, v in items):
            return _ORIGINAL_TOKEN(self)
        key = (self.text, self.start, self.end, type(self.lemma), self.lemma, items)
        hash(key)
    except TypeError:  # data that cannot be sorted or hashed: as Rasa does
        return _ORIGINAL_TOKEN(self)
    digest = _TOKEN_DIGESTS.get(key)
    if digest is None:
        if len(_TOKEN_DIGESTS) >= _LEAF_LIMIT:
            _TOKEN_DIGESTS.clear()
        digest = _ORIGINAL_TOKEN(self)
        _TOKEN_DIGESTS[key] = digest
    return digest


def deep_container_fingerprint(obj: Any, encoding: str = "utf-8") -> str:
    """``rasa.shared.utils.io.deep_container_fingerprint``, the same digests, faster."""
    if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        return _ORIGINAL_DEEP(obj, encoding)
    return _fingerprint(obj)


def install() -> None:
    global _ORIGINAL, _ORIGINAL_DEEP, _ORIGINAL_TOKEN
    import rasa.shared.utils.io as rasa_io
    from rasa.nlu.tokenizers.tokenizer import Token
    from rasa.shared.nlu.training_data import util

    _ORIGINAL_TOKEN = replace(Token, "fingerprint", token_fingerprint)
    _ORIGINAL_DEEP = replace(rasa_io, "deep_container_fingerprint", deep_container_fingerprint)
    _ORIGINAL = replace(util, "sparse_matrix_to_string", sparse_matrix_to_string)
