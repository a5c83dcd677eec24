"""From a message to entities and `Facts`.

* `extract_entities(text, nlp=None)`: the spaCy vocabulary patterns as
  Rasa-shaped entities ``{entity, value, start, end, text, role?, extractor}``.
  Coded entities carry the code as value, the others the user's words; the
  role is ``"absent"``/``"uncertain"`` from `negation.status_of` for symptom,
  condition, trigger, movement and impact (present: no role).
* `facts_from_entities(entities, text)`: `Facts` from entities (ours, Rasa's
  DIET ones or both); statuses from the role when given, else computed.
* `extract_facts(text)`: both steps.

All three never raise: empty, huge (20,000+ chars), emoji, HTML, control
characters or non-English text simply give fewer facts.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional

from .emergency import detect_emergency
from .facts import Facts
from .negation import ABSENT, PRESENT, UNCERTAIN, clause_bounds, normalise, status_of
from .timeparse import parse_frequency, parse_onset
from .vocabulary import CODED_LABELS, ENTITY_LABELS, code_for, section_phrases, whole_body_phrases

EXTRACTOR = "twitch_patterns"
MAX_CHARS = 100_000  # longer messages are read up to here
NEGATABLE = ("symptom", "condition", "trigger", "movement", "impact")
# movements that are also symptoms of their own
MOVEMENT_SYMPTOMS = {"stiffness": "stiffness", "cramp": "cramps"}
TONGUE = re.compile(r"\bto(?:ngue|unge|ungue|nge)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^<>]{0,200}>")
_TRAILING_CONJUNCTION = re.compile(r"(?:\s+(?:and|but|or|so|because))+$", re.I)
_LEADING_POSSESSIVE = re.compile(r"^(?:my|the)\s+", re.I)

Entity = Dict[str, Any]


def _clean(text: str) -> str:
    """Same-length text safe for the tokenizer: control characters become spaces."""
    return _CONTROL.sub(" ", text.replace("’", "'"))


def _role(text: str, start: int, end: int, label: str) -> Optional[str]:
    if label not in NEGATABLE:
        return None
    status = status_of(text, start, end, label)
    return None if status == PRESENT else status


def extract_entities(text: str, nlp=None) -> List[Entity]:
    """Entities found by the vocabulary patterns, Rasa-shaped, in text order."""
    try:
        if not isinstance(text, str) or not text.strip():
            return []
        if nlp is None:
            from .nlp import load_pipeline

            nlp = load_pipeline()
        clean = _clean(text[:MAX_CHARS])
        doc = nlp(clean)
        entities: List[Entity] = []
        for ent in doc.ents:
            label = ent.label_
            if label not in ENTITY_LABELS:
                continue
            start, end = ent.start_char, ent.end_char
            if label == "onset" and re.match(r"\s+(?:old|of age)\b", clean[end:end + 12], re.I):
                continue  # "I'm 30 years old" is an age, not an onset
            if label == "body_location":
                # value = the body words: "my back" -> "back"
                lead = _LEADING_POSSESSIVE.match(clean[start:end])
                if lead and lead.end() < end - start:
                    start += lead.end()
            words = text[start:end]
            value = (ent.ent_id_ or code_for(label, words)) if label in CODED_LABELS else words
            if not value:
                continue
            entity: Entity = {"entity": label, "value": value, "start": start, "end": end,
                              "text": words, "extractor": EXTRACTOR}
            role = _role(clean, start, end, label)
            if role:
                entity["role"] = role
            entities.append(entity)
        return entities
    except Exception:  # pragma: no cover - defensive: never break the conversation
        return []


# ------------------------------------------------------------------- facts
def _status(entity: Entity, text: str) -> str:
    role = entity.get("role")
    if role in (ABSENT, UNCERTAIN, PRESENT):
        return role
    label = entity.get("entity")
    if entity.get("extractor") == EXTRACTOR and label in NEGATABLE:
        return PRESENT  # extract_entities already gave every non-present one a role
    start, end = entity.get("start"), entity.get("end")
    if text and isinstance(start, int) and isinstance(end, int):
        return status_of(text, start, end, label)
    return PRESENT


def _words(entity: Entity, text: str) -> str:
    """The user's words of an entity (its text, else its span, else the value)."""
    words = entity.get("text")
    start, end = entity.get("start"), entity.get("end")
    if not words and isinstance(start, int) and isinstance(end, int) and text:
        words = text[start:end]
    return str(words or entity.get("value") or "").strip()


def evidence_words(text: str, entity: Entity) -> str:
    """Short user words around a mention (its clause, at most ~60 chars)."""
    start, end = entity.get("start"), entity.get("end")
    if not text or not isinstance(start, int) or not isinstance(end, int) or end > len(text):
        return _words(entity, text)
    lo, hi = clause_bounds(text, start, end, max_chars=60)
    snippet = _CONTROL.sub(" ", _TAG.sub(" ", text[lo:hi]))
    snippet = _TRAILING_CONJUNCTION.sub("", " ".join(snippet.split())).strip(" ,;:-")
    return snippet or _words(entity, text)


_SYMPTOM_RANK = {"absent": 0, "unknown": 1, "present": 2}  # within one message present wins


def _set_symptom(facts: Facts, code: str, status: str) -> None:
    value = {PRESENT: "present", ABSENT: "absent", UNCERTAIN: "unknown"}[status]
    current = facts.symptoms.get(code)
    if current is None or _SYMPTOM_RANK[value] > _SYMPTOM_RANK[current]:
        facts.symptoms[code] = value


def _add(items: List[str], value: str) -> None:
    if value and value.lower() not in (v.lower() for v in items):
        items.append(value)


def _code(entity: Entity) -> Optional[str]:
    label, value = entity.get("entity"), str(entity.get("value") or "")
    return code_for(label, value) or code_for(label, str(entity.get("text") or ""))


def _find_patterns(text: str) -> List[str]:
    """Pattern codes (same_spot / widespread) worded in the text, unless denied."""
    norm = normalise(text)
    found = []
    for code, phrases in section_phrases("patterns").items():
        alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        for match in re.finditer(rf"(?<![\w'])(?:{alternation})(?![\w'])", norm):
            if status_of(norm, match.start(), match.end()) != ABSENT:
                found.append(code)
                break
    return found


def _join(parts: Iterable[str]) -> Optional[str]:
    unique: List[str] = []
    for part in parts:
        _add(unique, part)
    return ", ".join(unique) if unique else None


def facts_from_entities(entities: List[Entity], text: str) -> Facts:
    """`Facts` described by one message's entities (plus emergency signs and patterns)."""
    facts = Facts()
    try:
        text = text[:MAX_CHARS] if isinstance(text, str) else ""
        onsets: List[str] = []
        frequencies: List[str] = []
        durations: List[str] = []
        whole_body = whole_body_phrases()
        for entity in sorted(entities or [], key=lambda e: (e.get("start") or 0)):
            label = entity.get("entity")
            words = _words(entity, text)
            if not label or not words:
                continue
            status = _status(entity, text) if label in NEGATABLE + ("body_location",) else PRESENT
            if label == "body_location":
                if status == ABSENT:
                    continue
                _add(facts.locations, words)
                if words.lower() in whole_body:
                    _add(facts.patterns, "widespread")
                if TONGUE.search(words):
                    facts.add_evidence("tongue_twitching", evidence_words(text, entity))
                continue
            if label == "onset":
                onsets.append(words)
                continue
            if label == "frequency":
                frequencies.append(words)
                continue
            if label == "duration":
                durations.append(words)
                continue
            code = _code(entity)
            if not code:
                continue
            evidence = evidence_words(text, entity)
            if label == "symptom":
                _set_symptom(facts, code, status)
            elif label == "movement":
                if code in MOVEMENT_SYMPTOMS:
                    _set_symptom(facts, MOVEMENT_SYMPTOMS[code], status)
                    if status != ABSENT:
                        facts.add_evidence(MOVEMENT_SYMPTOMS[code], evidence)
                if status == ABSENT:
                    continue
                _add(facts.movements, code)
            elif label == "condition":
                if status != PRESENT:
                    continue  # worry or a question is not a diagnosis
                _add(facts.conditions, code)
            elif label in ("trigger", "impact"):
                if status == ABSENT:
                    continue
                _add(facts.triggers if label == "trigger" else facts.impacts, code)
            if status != ABSENT:
                facts.add_evidence(code, evidence)

        facts.onset = _join(onsets)
        if facts.onset:
            facts.onset_days, facts.onset_kind = parse_onset(facts.onset)
            if facts.onset_kind:
                facts.add_evidence(facts.onset_kind, facts.onset)
        facts.frequency = _join(frequencies)
        if facts.frequency:
            facts.frequency_code = parse_frequency(facts.frequency)
        facts.duration = _join(durations)
        for code in _find_patterns(text):
            _add(facts.patterns, code)
        for code, words in detect_emergency(text):
            _add(facts.emergency_signs, code)
            facts.add_evidence(code, words)
    except Exception:  # pragma: no cover - defensive
        pass
    return facts


def extract_facts(text: str, nlp=None) -> Facts:
    """Facts described by one message (pattern entities + negation + emergency signs)."""
    return facts_from_entities(extract_entities(text, nlp=nlp), text if isinstance(text, str) else "")


__all__ = ["extract_entities", "facts_from_entities", "extract_facts", "evidence_words", "EXTRACTOR"]
