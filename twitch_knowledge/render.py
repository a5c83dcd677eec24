"""Turning an `Assessment` into chat text, the JSON payload and a visit summary.

Every health statement comes from a knowledge item (pulled by id); this module
only adds framing: headings, the user's own words in quotes, item labels and
source lines. The strings below are the complete set of framing phrases, and
``tests/unit/test_render.py`` checks that every rendered sentence is either an
item sentence or one of these frames.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import knowledge
from .facts import UNKNOWN, Facts
from .triage import TRIAGE_ITEMS, TWITCH_TYPE_ITEMS, Assessment, assess, level_rank

NOT_A_DIAGNOSIS = "This is general information, not a diagnosis."
INTRO = "Here is what I understood."
STOP_INTRO = "Before you go, from what you told me so far:"
LOOKS_LIKE = "It looks like {label}."
DESCRIBED = "You described: {words}."
FLAG_WITH_WORDS = "{label}, in your words: {words}."
FLAG_WITHOUT_WORDS = "{label}."
HEADING_WHAT_TO_DO = "What to do:"
HEADING_FLAGS = "Signs that need attention:"
HEADING_CAUSES = "What can play a part:"
HEADING_MS = "Because you have MS:"
HEADING_CHANGE = "Signs that would change this advice:"
HEADING_TIPS = "Things that may help:"
HEADING_SOURCES = "Sources:"
SOURCE_LINE = "{citation} — {sections}"
FAQ_SOURCE = "Source: {citation}, section {section}."
SUMMARY_TITLE = "Visit summary (to show your doctor)"

MAX_CAUSES_IN_TEXT = 3
SELF_CARE_TIPS = ("tip_sleep", "tip_caffeine", "tip_relax", "tip_nutrition")
MS_CONTEXT_ITEMS = ("ms_context_typical", "ms_context_own_check")
EMERGENCY_SIGN_ITEMS = {
    "one_sided_weakness_numbness": "emergency_one_sided_weakness_numbness",
    "speech_or_face": "emergency_speech_or_face",
    "breathing": "emergency_breathing",
    "fever_stiff_neck": "emergency_fever_stiff_neck",
    "seizure": "emergency_seizure",
    "suspected_stroke": "emergency_suspected_stroke",
}

# Readable names for codes (names only, no health claims).
CODE_LABELS = {
    "difficulty_gripping": "difficulty gripping",
    "foot_drop": "foot drop or tripping",
    "muscle_wasting": "muscle wasting",
    "slurred_speech": "slurred speech",
    "trouble_swallowing": "trouble swallowing",
    "numbness_tingling": "numbness or tingling",
    "stress_anxiety": "stress or anxiety",
    "tiredness_sleep": "tiredness or poor sleep",
    "ms": "MS",
    "als": "ALS",
    "thyroid": "thyroid problem",
    "parathyroid": "parathyroid problem",
    "kidney_disease": "kidney disease",
    "liver_disease": "liver disease",
    "daily_life": "daily life",
}

Sign = Tuple[str, Union[str, Sequence[str]]]


def code_label(code: str) -> str:
    return CODE_LABELS.get(code, code.replace("_", " "))


def _quote(words: Iterable[str]) -> str:
    """The user's words in double quotes (inner double quotes become single ones)."""
    return ", ".join('"' + " ".join(w.replace('"', "'").split()) + '"' for w in words)


def _label(item_id: str) -> str:
    item = knowledge.get(item_id)
    return item.label or item.id


class _Doc:
    """Lines of chat text plus the knowledge items they used (for the source list)."""

    def __init__(self) -> None:
        self.lines: List[str] = []
        self.used: List[str] = []

    def frame(self, line: str) -> None:
        self.lines.append(line)

    def item(self, item_id: str, prefix: str = "") -> None:
        self.lines.append(prefix + knowledge.get(item_id).text)
        self._use(item_id)

    def flag(self, item_id: str, label: str, words: Sequence[str]) -> None:
        lead = (
            FLAG_WITH_WORDS.format(label=label, words=_quote(words))
            if words
            else FLAG_WITHOUT_WORDS.format(label=label)
        )
        self.lines.append(f"- {lead} {knowledge.get(item_id).text}")
        self._use(item_id)

    def section(self, heading: str, item_ids: Sequence[str], bullets: bool = False) -> None:
        if not item_ids:
            return
        self.blank()
        self.frame(heading)
        for item_id in item_ids:
            self.item(item_id, prefix="- " if bullets else "")

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def _use(self, item_id: str) -> None:
        if item_id not in self.used:
            self.used.append(item_id)

    def finish(self) -> str:
        self.blank()
        self.frame(NOT_A_DIAGNOSIS)
        self.blank()
        self.frame(HEADING_SOURCES)
        for citation, sections in _grouped_sources(self.used):
            self.frame("- " + SOURCE_LINE.format(citation=citation, sections="; ".join(sections)))
        return "\n".join(self.lines)


def _grouped_sources(item_ids: Iterable[str]) -> List[Tuple[str, List[str]]]:
    grouped: Dict[str, List[str]] = {}
    for source in _unique_sources(item_ids):
        sections = grouped.setdefault(source.citation, [])
        if source.section not in sections:
            sections.append(source.section)
    return list(grouped.items())


def _unique_sources(item_ids: Iterable[str]) -> List[knowledge.Source]:
    return list(dict.fromkeys(knowledge.source_of(item_id) for item_id in item_ids))


# ---------------------------------------------------------------- composition
def _signs_from_facts(facts: Facts) -> List[Tuple[str, List[str]]]:
    return [(code, list(facts.evidence.get(code, []))) for code in facts.emergency_signs]


def _compose(assessment: Assessment, facts: Facts) -> _Doc:
    doc = _Doc()
    if assessment.triage == "emergency":
        _emergency_part(doc, _signs_from_facts(facts))
        other = [flag for flag in assessment.red_flags if flag.code != "emergency_signs"]
        if other:
            doc.blank()
            doc.frame(HEADING_FLAGS)
            for flag in other:
                doc.flag(flag.item_id, _label(flag.item_id), flag.evidence)
        return doc

    doc.frame(INTRO)
    _type_part(doc, assessment, facts)
    flag_items = {flag.item_id for flag in assessment.red_flags}
    doc.section(
        HEADING_WHAT_TO_DO,
        [TRIAGE_ITEMS[assessment.triage]] + [r for r in assessment.reasons if r not in flag_items],
    )
    if assessment.red_flags:
        doc.blank()
        doc.frame(HEADING_FLAGS)
        for flag in assessment.red_flags:
            doc.flag(flag.item_id, _label(flag.item_id), flag.evidence)
    causes = assessment.possible_causes
    if assessment.ms_context:  # MS is explained in its own section below
        causes = [c for c in causes if knowledge.get(c).topic != "ms"]
    doc.section(HEADING_CAUSES, causes[:MAX_CAUSES_IN_TEXT], bullets=True)
    if assessment.ms_context:
        doc.section(HEADING_MS, MS_CONTEXT_ITEMS)
    change = "emergency_watch" if assessment.triage == "see_doctor_soon" else "change_signs"
    doc.section(HEADING_CHANGE, [change])
    if assessment.triage == "self_care":
        doc.section(HEADING_TIPS, SELF_CARE_TIPS, bullets=True)
    return doc


def _type_part(doc: _Doc, assessment: Assessment, facts: Facts) -> None:
    doc.blank()
    kind = assessment.twitch_type
    type_item = TWITCH_TYPE_ITEMS[kind]
    if kind != "unclear":
        doc.frame(LOOKS_LIKE.format(label=_label(type_item)))
    described = _described_words(facts)
    if described:
        doc.frame(DESCRIBED.format(words=_quote(described)))
    doc.item(type_item)
    has_cramps = "cramp" in facts.movements or facts.symptom("cramps") == "present"
    if kind == "fasciculation" and has_cramps:
        doc.item(TWITCH_TYPE_ITEMS["cramp"])
    if kind == "cramp" and "flicker" in facts.movements:
        doc.item(TWITCH_TYPE_ITEMS["fasciculation"])


def _described_words(facts: Facts) -> List[str]:
    """How the person described the movement and where, in their own words."""
    codes = list(facts.movements)
    codes += [c for c in ("stiffness", "cramps") if facts.symptom(c) == "present"]
    words: List[str] = []
    for code in codes:
        words.extend(facts.evidence.get(code, []))
    words.extend(facts.locations)
    return list(dict.fromkeys(w for w in words if w and w != UNKNOWN))


def _emergency_part(doc: _Doc, signs: Sequence[Tuple[str, List[str]]]) -> None:
    doc.item(TRIAGE_ITEMS["emergency"])
    for code, words in signs:
        item_id = EMERGENCY_SIGN_ITEMS.get(code)
        if item_id:
            doc.flag(item_id, _label(item_id), words)
    doc.item("emergency_call")


# ---------------------------------------------------------------- public API
def assessment_text(assessment: Assessment, facts: Facts) -> str:
    """The chat message explaining the assessment (plain text, short paragraphs)."""
    return _compose(assessment, facts).finish()


def assessment_payload(assessment: Assessment, facts: Facts) -> Dict[str, Any]:
    """The JSON payload of docs/DESIGN.md, plus the visit summary as ``summary``."""
    used = _compose(assessment, facts).used
    return {
        "type": "twitch_assessment",
        "twitch_type": assessment.twitch_type,
        "triage": assessment.triage,
        "red_flags": [
            {
                "code": flag.code,
                "evidence": list(flag.evidence),
                "explanation": knowledge.get(flag.item_id).text,
            }
            for flag in assessment.red_flags
        ],
        "possible_causes": [
            {
                "id": item_id,
                "text": knowledge.get(item_id).text,
                "source": knowledge.source_of(item_id).to_dict(),
            }
            for item_id in assessment.possible_causes
        ],
        "facts": _facts_payload(facts),
        "sources": [s.to_dict() for s in _unique_sources(used + assessment.possible_causes)],
        "summary": summary_text(assessment, facts),
        # Wording for widgets, all from the knowledge base, so that a card never needs
        # health text of its own.
        "twitch_type_label": _label(TWITCH_TYPE_ITEMS[assessment.twitch_type]),
        "twitch_type_text": knowledge.get(TWITCH_TYPE_ITEMS[assessment.twitch_type]).text,
        "triage_label": _label(TRIAGE_ITEMS[assessment.triage]),
        "next_steps": [knowledge.get(i).text for i in _next_step_items(assessment, facts)],
        "not_a_diagnosis": NOT_A_DIAGNOSIS,
    }


def _next_step_items(assessment: Assessment, facts: Facts) -> List[str]:
    """Knowledge items that say what to do next, most important first."""
    items = [TRIAGE_ITEMS[assessment.triage]]
    if assessment.triage == "emergency":
        items.append("emergency_call")
    elif assessment.ms_context:
        items.append(MS_CONTEXT_ITEMS[-1])
    if assessment.triage == "self_care":
        items.extend(SELF_CARE_TIPS)
    return items


def _facts_payload(facts: Facts) -> Dict[str, Any]:
    return {
        "location": ", ".join(facts.locations) if facts.locations else UNKNOWN,
        "onset": facts.onset or UNKNOWN,
        "frequency": facts.frequency or UNKNOWN,
        "duration": facts.duration or UNKNOWN,
        "symptoms_present": facts.present_symptoms(),
        "symptoms_absent": facts.absent_symptoms(),
        "triggers": list(facts.triggers),
        "conditions": list(facts.conditions),
    }


def _with_signs(signs: Sequence[Sign], facts: Optional[Facts]) -> Facts:
    """A copy of `facts` (or new facts) with the emergency signs and their words added."""
    merged = Facts.from_dict(facts.to_dict()) if facts else Facts()
    for code, words in signs:
        if code not in merged.emergency_signs:
            merged.emergency_signs.append(code)
        for word in [words] if isinstance(words, str) else words:
            merged.add_evidence(code, word)
    return merged


def emergency_text(signs: Sequence[Sign], facts: Optional[Facts] = None) -> str:
    """Emergency advice for detected signs, given as ``(code, user words)`` pairs."""
    merged = _with_signs(signs, facts)
    return assessment_text(assess(merged), merged)


def emergency_payload(signs: Sequence[Sign], facts: Optional[Facts] = None) -> Dict[str, Any]:
    """The assessment payload for an emergency (``triage: emergency``)."""
    merged = _with_signs(signs, facts)
    return assessment_payload(assess(merged), merged)


def summary_text(assessment: Assessment, facts: Facts) -> str:
    """A short summary to show at an appointment: the provider's five questions answered,
    symptoms, triggers, conditions, and the advice with its reasons."""

    def answer(value: Optional[str]) -> str:
        return value if value and value != UNKNOWN else "not known"

    present = [code_label(c) for c in facts.present_symptoms()]
    absent = [code_label(c) for c in facts.absent_symptoms()]
    if present or absent:
        others = ", ".join(present) or "none"
        if absent:
            others += "; not present: " + ", ".join(absent)
    else:
        others = "none" if facts.other_symptoms_answered else "not known"
    reasons = [
        f"{_label(flag.item_id)} ({_quote(flag.evidence)})" if flag.evidence else _label(flag.item_id)
        for flag in assessment.red_flags
    ]
    flag_items = {flag.item_id for flag in assessment.red_flags}
    reasons += [_label(r) for r in assessment.reasons if r not in flag_items]
    lines = [
        SUMMARY_TITLE,
        f"- When it started: {answer(facts.onset)}",
        f"- Where: {answer(', '.join(facts.locations))}",
        f"- How often: {answer(facts.frequency)}",
        f"- How long each twitch lasts: {answer(facts.duration)}",
        f"- Other symptoms: {others}",
        f"- What the movement is like: {_label(TWITCH_TYPE_ITEMS[assessment.twitch_type])}",
        f"- Possible triggers: {', '.join(code_label(c) for c in assessment.triggers) or 'none mentioned'}",
        f"- Known conditions: {', '.join(code_label(c) for c in facts.conditions) or 'none mentioned'}",
    ]
    if facts.impacts:
        lines.append(f"- Affects: {', '.join(code_label(c) for c in facts.impacts)}")
    signs = [_label(EMERGENCY_SIGN_ITEMS[c]) for c in facts.emergency_signs if c in EMERGENCY_SIGN_ITEMS]
    if signs:
        lines.append(f"- Emergency signs: {', '.join(signs)}")
    lines.append(f"- Advice given: {_label(TRIAGE_ITEMS[assessment.triage])}")
    lines.append(f"- Why: {'; '.join(reasons)}")
    return "\n".join(lines)


def faq_answer(key: str, with_related: bool = True) -> Optional[str]:
    """The answer to FAQ ``key`` with its sources, or None for an unknown key.

    The item that answers the key comes first, then (``with_related``) the items that
    complete it (``also_answers`` in knowledge.yml); each source is named once.
    """
    item = knowledge.answer_for_faq(key)
    if item is None:
        return None
    parts = [item] + (knowledge.also_for_faq(key) if with_related else [])
    lines = [" ".join(part.text for part in parts), ""]
    for source in _unique_sources([part.id for part in parts]):
        lines.append(FAQ_SOURCE.format(citation=source.citation, section=source.section))
    return "\n".join(lines)


def emergency_watch_text() -> str:
    """The emergency signs to act on, for a message that only might be an emergency.

    Used when the classifier read a message as an emergency but no emergency sign is
    named in it ("no, my arms are as strong as ever"): the person sees what to do if
    one of these signs is happening, calmly, and the conversation carries on.
    """
    doc = _Doc()
    doc.item("emergency_watch")
    return doc.finish()


def stop_note(assessment: Assessment, facts: Facts) -> Optional[str]:
    """When the person stops early: repeat the advice if anything they said needs a doctor."""
    if level_rank(assessment.triage) < level_rank("see_doctor"):
        return None
    doc = _Doc()
    doc.frame(STOP_INTRO)
    if assessment.triage == "emergency":
        _emergency_part(doc, _signs_from_facts(facts))
    else:
        doc.item(TRIAGE_ITEMS[assessment.triage])
    for flag in assessment.red_flags:
        if flag.code != "emergency_signs":
            doc.flag(flag.item_id, _label(flag.item_id), flag.evidence)
    return doc.finish()
