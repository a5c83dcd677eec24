"""Typos in the words that matter: "weaknss", "twithcing", "swallowng", "calff".

People type fast and on phones; a letter dropped or two letters swapped in the one word
that names a sign must not hide it. The vocabulary lists common misspellings by hand,
but no list holds them all. This module is the general mechanism behind that list:

* a word is *unknown* when it is not English (spaCy's English lemma table, the
  vocabulary and chat shorthand: `twitch_knowledge.language.english_words`);
* an unknown word of four letters or more is corrected to the one vocabulary word
  (five letters or more, or one of the few four-letter sign words: "weak", "numb",
  "hold", "same"...) it is closest to, within one edit (a letter dropped, added,
  changed, or two neighbours swapped), or two edits for words of seven letters or more;
* when two vocabulary words are equally close, or none is, the word is left alone.

`correct(text)` returns the corrected text and a function that maps an offset in it
back to the original text, so that what the person wrote is still what is quoted.
Known words are never changed: "week" stays "week", however close to "weak".
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Callable, Dict, FrozenSet, List, Optional, Set, Tuple

MIN_TYPO_LENGTH = 4  # shorter words are left alone ("clf" could be anything)
MIN_TARGET_LENGTH = 5  # vocabulary words a typo may be corrected to
TWO_EDITS_FROM = 7  # words this long may be two edits away ("weknss")
_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _known() -> FrozenSet[str]:
    from .language import english_words

    return english_words()


# Words of the emergency signs (twitch_knowledge.emergency reads them with its own
# patterns, not the vocabulary): a typo must not hide them either.
EMERGENCY_WORDS = """
seizure seizures seizing convulsion convulsions convulsing unconscious unresponsive
responding respond answering breathing breathe breath fever temperature stroke
drooping droopy slurred slurring collapsed fainted passed jerking shaking sudden
suddenly numbness paralysed paralyzed vision speech speaking stiff neck
""".split()


# Four-letter words that name a sign or what it stops the person doing: below the
# five-letter floor for targets, but "waek", "nmub" or "hodl" must not hide them.
# Only these: most four-letter words are too close to too many others.
SHORT_SIGN_WORDS = """
weak numb grip hold drop trip slur jerk limp lift same spot
""".split()


@lru_cache(maxsize=1)
def _targets() -> Tuple[Dict[str, FrozenSet[str]], Dict[str, Set[str]]]:
    """The words typos are corrected to (each with the vocabulary groups it belongs to:
    a label, or a label and a code), and an index of their deletions."""
    from .vocabulary import load_vocabulary, expand

    groups: Dict[str, Set[str]] = {}

    def walk(node: object, key: str) -> None:
        if isinstance(node, str):
            for phrase in expand(node):
                for word in _WORD.findall(phrase.lower()):
                    if len(word) >= MIN_TARGET_LENGTH:
                        groups.setdefault(word, set()).add(key)
        elif isinstance(node, dict):
            for name, value in node.items():
                walk(value, f"{key}/{name}" if key.count("/") < 2 else key)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)

    walk(load_vocabulary(), "")
    for word in EMERGENCY_WORDS:
        groups.setdefault(word, set()).add("emergency")
    for word in SHORT_SIGN_WORDS:
        groups.setdefault(word, set()).add("short_sign")
    index: Dict[str, Set[str]] = {}
    for word in groups:
        for variant in _deletions(word, 2):
            index.setdefault(variant, set()).add(word)
    return {w: frozenset(g) for w, g in groups.items()}, index


def _deletions(word: str, depth: int) -> Set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), or
    ``limit + 1`` once it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=4096)
def correction(word: str) -> Optional[str]:
    """The vocabulary word an unknown word is a typo of, or None (see the module doc)."""
    word = word.lower()
    if len(word) < MIN_TYPO_LENGTH or not word.isalpha() or word in _known():
        return None
    limit = 2 if len(word) >= TWO_EDITS_FROM else 1
    groups, index = _targets()
    candidates: Set[str] = set()
    for variant in _deletions(word, limit):
        candidates |= index.get(variant, set())
    scored = sorted((_distance(word, c, limit), c) for c in candidates)
    scored = [(d, c) for d, c in scored if d <= limit]
    if not scored:
        return None
    best = [c for d, c in scored if d == scored[0][0]]
    if len(best) > 1:
        # equally close words of one vocabulary group mean the same ("weaknss": weakness
        # or the listed misspelling "weaknes"): take the English one; words of different
        # groups are a real doubt, so the word is left as it is
        if len(set.intersection(*(set(groups[c]) for c in best))) == 0:
            return None
        known = [c for c in best if c in _known() and not _listed_typo(c)]
        return (known or best)[0]
    return best[0]


def _listed_typo(word: str) -> bool:
    """A misspelling the vocabulary lists by hand is not an English word of its own."""
    from .language import lemma_words

    return word not in lemma_words()


def correct(text: str) -> Tuple[str, Callable[[int], int]]:
    """``(corrected text, offset map)``: the map takes an offset in the corrected text
    to the same place in ``text`` (a corrected word maps onto the word as written)."""
    pieces: List[str] = []
    # (start in corrected, start in original, length in corrected, length in original)
    segments: List[Tuple[int, int, int, int]] = []
    position = corrected_position = 0
    lower = text.lower()
    for match in _WORD.finditer(lower):
        fixed = correction(match.group())
        if fixed is None:
            continue
        if match.group()[:1] != fixed[:1] and len(match.group()) < TWO_EDITS_FROM:
            continue  # a short word is not corrected at its first letter ("wake" is not "make")
        unchanged = text[position:match.start()]
        pieces.append(unchanged)
        segments.append((corrected_position, position, len(unchanged), len(unchanged)))
        corrected_position += len(unchanged)
        pieces.append(fixed)
        segments.append((corrected_position, match.start(), len(fixed), match.end() - match.start()))
        corrected_position += len(fixed)
        position = match.end()
    if not segments:
        return text, lambda offset: offset
    rest = text[position:]
    pieces.append(rest)
    segments.append((corrected_position, position, len(rest), len(rest)))
    starts = [s[0] for s in segments]

    def to_original(offset: int) -> int:
        i = max(0, bisect_right(starts, offset) - 1)
        new_start, old_start, new_length, old_length = segments[i]
        if new_length == old_length:
            return old_start + min(offset - new_start, old_length)
        return old_start if offset <= new_start else old_start + old_length  # a corrected word

    return "".join(pieces), to_original


__all__ = ["correct", "correction"]
