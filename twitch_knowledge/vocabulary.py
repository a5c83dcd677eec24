"""The assistant's vocabulary: canonical codes and the words people use.

`vocabulary.yml` holds the phrases; this module loads them and turns them into

* `entity_patterns()`: spaCy EntityRuler token patterns. Labels are the entity
  names of docs/DESIGN.md; for the coded entities (movement, symptom, trigger,
  condition, impact) the pattern ``id`` is the code, so ``ent.ent_id_`` gives
  it. Onset, frequency, duration and body_location get structural patterns
  ("for about 2 weeks", "every few minutes", "a second or two", "left calf").
* look-ups shared by the other modules (`code_for`, `phrases`, number/unit
  tables), so every module uses the same words.

Patterns match on ``LOWER`` (explicit inflections and typos are listed in the
YAML; the lookup lemmatizer leaves capitalised words alone, so LEMMA would be
unreliable). Apostrophe forms are interchangeable: "can't" = "cant" = "can’t".
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import yaml

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yml")

CODED_LABELS = ("movement", "symptom", "trigger", "condition", "impact")
FREE_TEXT_LABELS = ("body_location", "onset", "frequency", "duration")
ENTITY_LABELS = CODED_LABELS + FREE_TEXT_LABELS

# token -> interchangeable spellings produced by the spaCy English tokenizer
_TOKEN_ALTERNATIVES = {
    "n't": ["n't", "n’t", "nt"],
    "'s": ["'s", "’s", "s"],
    "'m": ["'m", "’m", "m"],
    "'ve": ["'ve", "’ve", "ve"],
    "'re": ["'re", "’re", "re"],
    "'ll": ["'ll", "’ll", "ll"],
    "'": ["'", "’"],
}
_BRACES = re.compile(r"\{([^{}]*)\}")

Pattern = Dict[str, Any]


# --------------------------------------------------------------------- loading
@lru_cache(maxsize=1)
def load_vocabulary() -> Dict[str, Any]:
    """The parsed vocabulary.yml (cached; treat as read-only)."""
    with VOCABULARY_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def expand(phrase: str) -> List[str]:
    """Expand ``{a|b}`` groups: "twitch{|es}" -> ["twitch", "twitches"]."""
    parts = _BRACES.split(phrase)
    # split() alternates literal text and group contents
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    results = []
    for combo in itertools.product(*choices):
        text = " ".join("".join(combo).split())
        if text and text not in results:
            results.append(text)
    return results


def _expand_all(phrases: Iterable[str]) -> List[str]:
    out: List[str] = []
    for phrase in phrases:
        for text in expand(phrase):
            if text not in out:
                out.append(text)
    return out


@lru_cache(maxsize=None)
def phrases(label: str) -> Dict[str, List[str]]:
    """code -> expanded surface phrases for a coded entity label."""
    return {code: _expand_all(words) for code, words in load_vocabulary()["coded"][label].items()}


@lru_cache(maxsize=None)
def section_phrases(section: str) -> Dict[str, List[str]]:
    """code -> expanded phrases of a code-keyed section (patterns, onset_kinds, frequency)."""
    return {code: _expand_all(words) for code, words in load_vocabulary()[section].items()}


def _normalise(words: str) -> str:
    return " ".join(words.lower().replace("’", "'").split())


@lru_cache(maxsize=None)
def _lookup(label: str) -> Dict[str, str]:
    table: Dict[str, str] = {}
    for code, words in phrases(label).items():
        table[code.replace("_", " ")] = code
        table[code] = code
        for word in words:
            table.setdefault(_normalise(word), code)
    return table


def code_for(label: str, words: str) -> Optional[str]:
    """The code of a coded entity from a value or the user's words, if known.

    >>> code_for("symptom", "Pins and needles")
    'numbness_tingling'
    """
    if label not in CODED_LABELS or not words:
        return None
    return _lookup(label).get(_normalise(words))


def readable(code: str) -> str:
    """Human wording of a code for slot values and summaries."""
    return _READABLE.get(code, code.replace("_", " "))


_READABLE = {
    "numbness_tingling": "numbness or tingling",
    "vision_changes": "changes in vision",
    "balance_coordination": "balance or coordination problems",
    "confusion": "confusion",
    "electrolyte_imbalance": "electrolyte imbalance",
    "ms": "MS",
    "als": "ALS",
}


# ------------------------------------------------------------------ time words
def number_words() -> Dict[str, float]:
    return dict(load_vocabulary()["time"]["numbers"])


@lru_cache(maxsize=1)
def unit_of() -> Dict[str, str]:
    """surface unit word -> canonical unit ("mins" -> "minute")."""
    units = load_vocabulary()["time"]["units"]
    return {word: unit for unit, words in units.items() for word in words}


def unit_days() -> Dict[str, float]:
    return dict(load_vocabulary()["time"]["unit_days"])


def unit_words(kind: str) -> List[str]:
    """Surface words of the ``duration_units`` or ``onset_units``."""
    time = load_vocabulary()["time"]
    return [w for unit in time[kind] for w in time["units"][unit]]


@lru_cache(maxsize=1)
def body_words() -> List[str]:
    """Single lower-case words that name a body part (for answer checks)."""
    body = load_vocabulary()["body_location"]
    words = set()
    for phrase in _expand_all(body["parts"] + body["needs_modifier"] + body["whole_body"]):
        words.update(re.findall(r"[a-z]+", phrase))
    return sorted(words)


@lru_cache(maxsize=1)
def _whole_body() -> tuple:
    return tuple(w.lower() for w in _expand_all(load_vocabulary()["body_location"]["whole_body"]))


@lru_cache(maxsize=1)
def body_part_words() -> frozenset:
    """Single lower-case words naming a body part ("calf", "tongue"; not "all", "over")."""
    body = load_vocabulary()["body_location"]
    words = set()
    for phrase in _expand_all(body["parts"]):
        words.update(re.findall(r"[a-z]+", phrase.lower()))
    return frozenset(words - {"big", "little", "index", "ring", "blade", "lid"})


TONGUE_RX = re.compile(r"\b(?:tongue|tounge|toungue|tonge|tung|tunge|toung|tongu)s?\b", re.I)


def is_tongue(words: str) -> bool:
    """Does a location name the tongue (common misspellings included)?"""
    return bool(TONGUE_RX.search(words or ""))


def whole_body_phrases() -> List[str]:
    """Lower-case location phrases meaning "everywhere" ("all over", "whole body")."""
    return list(_whole_body())


# -------------------------------------------------------------------- patterns
@lru_cache(maxsize=1)
def _tokenizer():  # pragma: no cover - trivial
    import spacy

    return spacy.blank("en").tokenizer


def phrase_tokens(phrase: str) -> List[str]:
    """Lower-case tokens of a phrase, as the spaCy English tokenizer splits it."""
    return [t.lower_ for t in _tokenizer()(phrase)]


def _token(word: str) -> Pattern:
    alternatives = _TOKEN_ALTERNATIVES.get(word)
    if alternatives:
        return {"LOWER": {"IN": alternatives}}
    return {"LOWER": word}


def phrase_pattern(phrase: str) -> List[Pattern]:
    return [_token(t) for t in phrase_tokens(phrase)]


def _entry(label: str, pattern: List[Pattern], code: Optional[str] = None) -> Dict[str, Any]:
    entry: Dict[str, Any] = {"label": label, "pattern": pattern}
    if code:
        entry["id"] = code
    return entry


def _in(words: Iterable[str], op: Optional[str] = None) -> Pattern:
    pattern: Pattern = {"LOWER": {"IN": sorted(set(words))}}
    if op:
        pattern["OP"] = op
    return pattern


def _quantity(vocab: Dict[str, Any]) -> List[List[Pattern]]:
    """Alternative token sequences for a quantity: "2", "2-3", "a few", "a couple of"."""
    numbers = [w for w in vocab["time"]["numbers"] if w not in ("a", "an")]
    num: Pattern = {"LIKE_NUM": True}
    word: Pattern = _in(numbers)
    article = _in(["a", "an"], "?")
    of = _in(["of"], "?")
    return [
        [num],
        [num, _in(["-", "to", "or", "–"]), num],
        [article, word, of],
        [_in(["a", "an", "one"])],
        [_in(["a", "an", "one"]), _in(["half"])],
        [_in(["half"]), _in(["a", "an"])],
    ]


def _time_patterns(vocab: Dict[str, Any]) -> List[Dict[str, Any]]:
    time = vocab["time"]
    onset_units = unit_words("onset_units")
    duration_units = unit_words("duration_units")
    quantities = _quantity(vocab)
    hedges = ["about", "around", "almost", "nearly", "roughly", "like", "approximately",
              "maybe", "probably", "over", "just", "only", "at", "least", "the", "past",
              "last", "than", "more", "less", "under", "within", "good"]
    entries: List[Dict[str, Any]] = []

    # onset: "for about 2 weeks", "3 months ago", "the past few days", "a week or two"
    lead = [_in(["for", "since", "over", "in", "from"], "?"), _in(hedges, "*")]
    tail = _in(["ago", "now", "back", "straight", "running"], "?")
    or_more = [_in(["or", "-", "to"]), {"LIKE_NUM": True}]
    anchor = [_in(["for", "since", "over", "in", "from", "about", "around", "almost", "nearly",
                   "past", "last", "than", "within", "just", "only", "under"]), _in(hedges, "*")]
    tail_required = _in(["ago", "now", "back", "straight", "running"])
    for i, quantity in enumerate(quantities):
        unit = [_in(onset_units)]
        endings = [[tail], or_more + [tail], [_in(["or"]), _in(["so"])]]
        for ending in endings:
            if i < 3:  # "2 weeks", "2-3 weeks", "a few weeks": no anchor needed
                entries.append(_entry("onset", lead + quantity + unit + ending))
            else:  # "a day" alone is too loose ("5 coffees a day"): "for a day", "a week ago"
                entries.append(_entry("onset", anchor + quantity + unit + ending))
                if ending[-1] is tail:
                    entries.append(_entry("onset", quantity + unit + ending[:-1] + [tail_required]))
    # "for weeks", "for the past months"
    entries.append(_entry("onset", [_in(["for", "over"]), _in(hedges, "*"),
                                    _in([u for u in onset_units if u.endswith("s")])]))
    # "since Monday", "since last year", "since March", "since 2022", "since the weekend"
    anchors = time["weekdays"] + time["months"] + list(time["onset_days"]) + [
        "christmas", "easter", "covid", "then", "summer", "winter", "spring", "autumn"]
    since = _in(["since", "from", "around", "about", "before", "after", "starting", "on", "in"], "?")
    for anchor in anchors:
        entries.append(_entry("onset", [since, _in(["last", "the"], "?")] + phrase_pattern(anchor)))
    entries.append(_entry("onset", [_in(["since"]), {"LIKE_NUM": True}]))
    for phrase in ["a while ago", "a while back", "for a while", "for a bit", "recently",
                   "lately", "a few days back", "the last few days", "ages ago", "for ages",
                   "a long time ago"]:
        entries.append(_entry("onset", phrase_pattern(phrase)))
    for kind, words in section_phrases("onset_kinds").items():
        for phrase in words:
            entries.append(_entry("onset", phrase_pattern(phrase)))

    # frequency: "every few minutes", "a few times a day", "twice an hour", "once or twice a week"
    all_units = onset_units + duration_units + ["night", "nights", "morning", "mornings",
                                                "evening", "evenings"]
    every = [_in(["every", "each"]), _in(["few", "couple", "other", "single", "several",
                                          "2", "3", "5", "10", "15", "20", "30"], "?"),
             _in(["of"], "?")]
    entries.append(_entry("frequency", every + [_in(all_units)]))
    entries.append(_entry("frequency", [_in(["every"]), {"LIKE_NUM": True}, _in(all_units)]))
    per = [_in(["a", "an", "per", "each", "every", "a/", "/"]), _in(all_units)]
    times = _in(["times", "time", "x"])
    for quantity in quantities + [[_in(["lots", "loads", "hundreds", "dozens", "tons"]), _in(["of"])]]:
        entries.append(_entry("frequency", quantity + [times] + per))
        entries.append(_entry("frequency", quantity + [times, _in(["daily", "hourly", "weekly"])]))
        entries.append(_entry("frequency", quantity + [times]))
    once = _in(["once", "twice", "thrice"])
    entries.append(_entry("frequency", [once, _in(["or"]), _in(["twice", "two", "three", "thrice"]),
                                        _in(["times"], "?")] + per))
    entries.append(_entry("frequency", [once] + per))
    for code, words in section_phrases("frequency").items():
        for phrase in words:
            entries.append(_entry("frequency", phrase_pattern(phrase)))

    # duration: "a few seconds", "a minute or two", "10-20 secs", "hours at a time"
    lead = [_in(["for", "lasting", "lasts", "last", "lasted", "up"], "?"),
            _in(["to"] + hedges, "*")]
    at_a_time = [_in(["at"]), _in(["a"]), _in(["time"])]
    for quantity in quantities:
        base = lead + quantity + [_in(duration_units)]
        entries.append(_entry("duration", base))
        entries.append(_entry("duration", base + or_more))
        entries.append(_entry("duration", base + [_in(["or"]), _in(["two", "so", "three"])]))
        entries.append(_entry("duration", base + at_a_time))
    plural = [u for u in duration_units if u.endswith("s")]
    entries.append(_entry("duration", [_in(["for", "lasting", "lasts"], "?"), _in(plural)] + at_a_time))
    entries.append(_entry("duration", [_in(["for", "lasting", "lasts", "last"]), _in(plural)]))
    entries.append(_entry("duration", [_in(["a", "for"], "?"), _in(["second", "minute"]),
                                       _in(["or"]), _in(["two", "so"])]))
    for phrase in _expand_all(vocab["duration"]):
        entries.append(_entry("duration", phrase_pattern(phrase)))
    return entries


def _body_patterns(vocab: Dict[str, Any]) -> List[Dict[str, Any]]:
    body = vocab["body_location"]
    modifiers = body["modifiers"]
    mod = _in(modifiers, "?")
    and_mod = [_in(modifiers), _in(["and", "&", "/", "or"]), _in(modifiers)]
    muscle = _in(["muscle", "muscles"], "?")
    entries: List[Dict[str, Any]] = []
    for phrase in _expand_all(body["parts"]):
        part = phrase_pattern(phrase)
        entries.append(_entry("body_location", [mod, mod] + part + [muscle]))
        entries.append(_entry("body_location", and_mod + part + [muscle]))
        # "under my left eye", "back of my knee"
        entries.append(_entry("body_location", [_in(["under", "below", "above", "back", "front",
                                                     "side", "top", "bottom", "corner"]),
                                                _in(["of"], "?"), _in(["my", "the"]), mod] + part))
    for phrase in _expand_all(body["needs_modifier"]):
        part = phrase_pattern(phrase)
        entries.append(_entry("body_location", [_in(modifiers)] + part + [muscle]))
        entries.append(_entry("body_location", [_in(["my", "the"])] + part + [_in(["muscle", "muscles"])]))
        entries.append(_entry("body_location", [_in(["my"])] + part))
    for phrase in _expand_all(body["whole_body"]):
        entries.append(_entry("body_location", phrase_pattern(phrase)))
    return entries


@lru_cache(maxsize=1)
def _entity_patterns() -> tuple:
    vocab = load_vocabulary()
    entries: List[Dict[str, Any]] = []
    for label in CODED_LABELS:
        for code, words in phrases(label).items():
            entries.extend(_entry(label, phrase_pattern(w), code) for w in words)
    entries.extend(_time_patterns(vocab))
    entries.extend(_body_patterns(vocab))
    return tuple(entries)


def entity_patterns() -> List[Dict[str, Any]]:
    """spaCy EntityRuler patterns for every entity of the NLU contract.

    Coded labels carry ``id`` = code. When patterns overlap the EntityRuler
    keeps the longest match ("weak grip" beats "weak", "twice a week" beats
    "a week").
    """
    import copy

    return copy.deepcopy(list(_entity_patterns()))

