"""Reading time expressions: when the twitching started and how often it comes.

* `parse_onset(text)` -> ``(age in days or None, "sudden"/"gradual"/None)``
  "for a week" -> 7, "2 weeks" -> 14, "a couple of months" -> 60,
  "few months" -> 90, "several months" -> 120, "since last year" -> 365,
  "for years" -> 730, "yesterday" -> 1, "this morning" -> 0.5,
  "3 days ago" -> 3; "suddenly"/"out of nowhere"/"overnight" -> sudden,
  "gradually"/"slowly getting worse" -> gradual. With several expressions the
  longest age wins (the problem is as old as its earliest start); ranges
  ("2-3 weeks", "a week or two") take the upper end.
* `parse_frequency(text)` -> ``"constant"``/``"frequent"``/``"occasional"``/None.

Numbers, units and phrases come from vocabulary.yml. Both functions never
raise and ignore negated phrases ("not constantly").
"""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Iterable, List, Optional, Tuple

from .negation import ABSENT, normalise, status_of
from .vocabulary import load_vocabulary, number_words, section_phrases, unit_days, unit_of

FREQUENCY_ORDER = ("constant", "frequent", "occasional")
# how often per canonical unit ("5 times a minute") -> frequency code
_RATE_CODE = {"second": "constant", "minute": "constant", "hour": "frequent", "day": "frequent",
              "week": "occasional", "fortnight": "occasional", "month": "occasional",
              "year": "occasional"}


def _read(text: Optional[str]) -> str:
    """The words as meant: normalised, typos corrected ("eevry day", "sevearl times"),
    as the entity extractor read them (`twitch_knowledge.spelling`)."""
    from .spelling import correct

    return normalise(correct(text or "")[0])


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _regexes() -> dict:
    vocab = load_vocabulary()["time"]
    numbers = _alternation(list(number_words()) + ["once", "twice", "thrice"])
    units = _alternation(w for w in unit_of() if len(w) > 1)
    num = rf"(?:\d+(?:\.\d+)?|{numbers})"
    return {
        "quantity": re.compile(
            rf"(?<!half\s)\b(?:(?:a|an)\s+)?(?P<q>{num})(?:\s*(?:-|–|to|or)\s*(?P<q2>{num}))?"
            rf"(?:\s+and\s+a\s+half)?\s+(?:of\s+)?(?:the\s+)?(?P<unit>{units})\b"
            rf"(?!\s+old)(?:\s+and\s+a\s+half\b)?(?:\s+(?P<more>or\s+(?:two|three|so|more)))?"
        ),
        "half": re.compile(rf"\bhalf\s+(?:a|an)\s+(?P<unit>{units})\b"),
        "fixed": re.compile(rf"\b(?P<p>{_alternation(vocab['onset_days'])})\b"),
        "weekday": re.compile(rf"\b(?:since|on|last|from)\s+(?:last\s+)?(?P<d>{_alternation(vocab['weekdays'])})\b"),
        "month": re.compile(rf"\b(?:since|in|from|around)\s+(?:early\s+|mid\s+|late\s+)?(?P<m>{_alternation(vocab['months'])})\b"),
        "year": re.compile(r"\b(?:since|in|from)\s+(?P<y>(?:19|20)\d\d)\b"),
        "every": re.compile(
            rf"\b(?:every|evry|everry|evey|each)\s+(?P<q>other|few|couple\s+of|several|single|\d+|{numbers})?\s*(?P<unit>{units}|night|morning|evening)s?\b"
        ),
        "rate": re.compile(
            rf"\b(?P<q>{num}|lots\s+of|loads\s+of|hundreds\s+of|dozens\s+of)(?:\s+(?:or|to|-)\s+{num})?"
            rf"(?:\s+of)?(?:\s+(?:times?|x))?\s+(?:a|an|per|each|every|evry)\s+(?P<unit>{units}|night|morning|evening|afternoon)s?\b"
        ),
        # "twitching a lot", "loads", "alot": often, unless it is "a lot of coffee"
        "a_lot": re.compile(r"(?<![\w'])(?:a\s+lot|alot|a\s+lott|loads|lots|tons|heaps|a\s+ton|loadsa)(?![\w'])(?!\s+of\b)"),
        "rate_adverb": re.compile(rf"\b(?:{num}|lots\s+of)\s+times\s+(?P<adv>daily|hourly|weekly)\b"),
    }


def _value(word: str) -> Optional[float]:
    word = word.strip()
    try:
        return float(word)
    except ValueError:
        pass
    extra = {"once": 1, "twice": 2, "thrice": 3}
    return number_words().get(word, extra.get(word))


def _not_negated(text: str, match: "re.Match[str]", group: int = 0) -> bool:
    return status_of(text, match.start(group), match.end(group)) != ABSENT


def _quantity_days(text: str) -> List[float]:
    rx = _regexes()
    days_per = unit_days()
    units = unit_of()
    found: List[float] = []
    for match in rx["quantity"].finditer(text):
        unit = units.get(match.group("unit"))
        q = _value(match.group("q"))
        if unit is None or q is None:
            continue
        q2 = _value(match.group("q2")) if match.group("q2") else None
        if q2 is not None and q2 > q:
            q = q2
        more = match.group("more") or ""
        if "two" in more or "more" in more:
            q = max(q, 2)
        elif "three" in more:
            q = max(q, 3)
        if re.search(r"\band\s+a\s+half\b", match.group()):
            q += 0.5
        found.append(q * days_per[unit])
    for match in rx["half"].finditer(text):
        found.append(0.5 * days_per[units[match.group("unit")]])
    return found


def _calendar_days(text: str, today: _dt.date) -> List[float]:
    rx = _regexes()
    vocab = load_vocabulary()["time"]
    found: List[float] = []
    for match in rx["weekday"].finditer(text):
        weekday = vocab["weekdays"].index(match.group("d"))
        found.append(float((today.weekday() - weekday) % 7 or 7))
    for match in rx["month"].finditer(text):
        month = vocab["months"].index(match.group("m")) + 1
        year = today.year if month <= today.month else today.year - 1
        found.append(float(max(1, (today - _dt.date(year, month, 1)).days)))
    for match in rx["year"].finditer(text):
        year = int(match.group("y"))
        if 1900 <= year <= today.year:
            found.append(float(max(1, (today - _dt.date(year, 1, 1)).days)))
    return found


@lru_cache(maxsize=None)
def _section_regexes(section: str, bounded: str) -> Tuple[Tuple[str, "re.Pattern[str]"], ...]:
    """One regex per code of a vocabulary section, built once (not per message)."""
    left, right = (r"\b", r"\b") if bounded == "word" else (r"(?<![\w'])", r"(?![\w'])")
    return tuple((code, re.compile(rf"{left}(?:{_alternation(phrases)}){right}"))
                 for code, phrases in section_phrases(section).items())


def onset_kind(text: str) -> Optional[str]:
    """"sudden" or "gradual" from the wording (sudden wins: it is the warning sign)."""
    norm = _read(text)
    for kind, rx in _section_regexes("onset_kinds", "word"):
        if any(_not_negated(norm, m) for m in rx.finditer(norm)):
            return kind
    return None


def parse_onset(text: str, today: Optional[_dt.date] = None) -> Tuple[Optional[float], Optional[str]]:
    """(age of the problem in days, onset kind). Never raises."""
    try:
        norm = _read((text or "")[:5000])
        today = today or _dt.date.today()
        fixed = load_vocabulary()["time"]["onset_days"]
        candidates = _quantity_days(norm)
        candidates += [float(fixed[m.group("p")]) for m in _regexes()["fixed"].finditer(norm)]
        candidates += _calendar_days(norm, today)
        days = max(candidates) if candidates else None
        return days, onset_kind(norm)
    except Exception:  # pragma: no cover - defensive
        return None, None


def _rate_code(q_word: Optional[str], unit: str) -> Optional[str]:
    """Code for "every <q> <unit>" (q None = every single unit)."""
    q = (q_word or "").strip()
    if unit == "second" or (unit == "minute" and q in ("", "single")):
        return "constant"
    if unit == "minute":
        return "frequent"  # "every few minutes" comes and goes: frequent, not constant
    if unit == "hour":
        return "frequent"
    if unit in ("day", "night", "morning", "evening"):
        if q == "other" or (q and q not in ("single",) and (_value(q) or 2) >= 2):
            return "occasional"  # "every other day", "every few days"
        return "frequent"
    return "occasional"


def parse_frequency(text: str) -> Optional[str]:
    """"constant", "frequent", "occasional" or None; the most frequent mention wins."""
    try:
        norm = _read((text or "")[:5000])
        codes = set()
        for code, rx in _section_regexes("frequency", "apostrophe"):
            if any(_not_negated(norm, m) for m in rx.finditer(norm)):
                codes.add(code)
        rx = _regexes()
        units = unit_of()
        for match in rx["every"].finditer(norm):
            unit = units.get(match.group("unit"), match.group("unit"))
            if _not_negated(norm, match):
                codes.add(_rate_code(match.group("q"), unit) or "occasional")
        for match in rx["rate"].finditer(norm):
            unit = units.get(match.group("unit"), match.group("unit"))
            if _not_negated(norm, match):
                codes.add(_RATE_CODE.get(unit, "frequent"))  # "3 times a night": frequent
        for match in rx["a_lot"].finditer(norm):
            if _not_negated(norm, match):
                codes.add("frequent")
        for match in rx["rate_adverb"].finditer(norm):
            adverb = {"daily": "day", "hourly": "hour", "weekly": "week"}[match.group("adv")]
            codes.add(_RATE_CODE[adverb])
        for code in FREQUENCY_ORDER:
            if code in codes:
                return code
        return None
    except Exception:  # pragma: no cover - defensive
        return None


def looks_like_time(text: str) -> bool:
    """Does an answer mention a number or a time word (interview helper)?"""
    norm = _read(text)
    vocab = load_vocabulary()["time"]
    words = set(re.findall(r"[a-z]+", norm))
    time_words = (set(unit_of()) | set(number_words()) | set(vocab["weekdays"])
                  | set(vocab["months"]) | set(vocab["onset_words"])
                  | {w for p in vocab["onset_days"] for w in p.split()}) - {"a", "an", "the", "s", "for", "this", "last", "other"}
    # "till I put my heel down": an episode that lasts until something happens
    return bool(re.search(r"\d", norm)) or bool(words & time_words) or bool(words & _UNTIL)


_UNTIL = {"until", "till", "til", "untill"}


def looks_like_frequency(text: str) -> bool:
    """Does an answer mention a number or a frequency word (interview helper)?"""
    norm = _read(text)
    if re.search(r"\d", norm) or parse_frequency(norm):
        return True
    words = set(re.findall(r"[a-z]+", norm))
    return bool(words & {"times", "time", "every", "always", "often", "once", "twice", "daily",
                         "hourly", "constantly", "rarely", "sometimes", "occasionally", "never",
                         # "lots through the day", "most nights", "loads in the evening"
                         "lots", "loads", "many", "several", "constant", "nonstop", "day", "days",
                         "night", "nights", "evening", "evenings", "morning", "mornings"})
