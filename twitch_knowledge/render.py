"""Turning an `Assessment` into chat text, the JSON payload and a visit summary.

Every health statement comes from a knowledge item (pulled by id); this module
only adds framing: headings, the user's own words in quotes, item labels and
source lines. The strings below are the complete set of framing phrases, and
``tests/unit/test_render.py`` checks that every rendered sentence is either an
item sentence or one of these frames.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import knowledge
from .facts import EMERGENCY_SIGNS, UNKNOWN, Facts
from .vocabulary import expand, load_vocabulary
from .triage import TRIAGE_ITEMS, TWITCH_TYPE_ITEMS, Assessment, assess, level_rank

NOT_A_DIAGNOSIS = "This is general information, not a diagnosis."
INTRO = "Here is what I understood."
STOP_INTRO = "Before you go, from what you told me so far:"
EMERGENCY_FOLLOW_UP_INTROS = (
    "Earlier you told me about: {signs}.",
    "I hear you. What you described ({signs}) is still the most important thing right now.",
    "I'm still here. Because of what you told me ({signs}), my advice has not changed.",
)
PLEA_INTRO = "I'm here to help."
PLEA_OUTRO = ("Otherwise, tell me what is happening with your muscles, or someone else's, "
              "and I'll go through it with you one question at a time.")
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
OTHER_SYMPTOMS_WORDS = "Other symptoms you mentioned: {words}."
ELLIPSIS = "…"

MAX_CAUSES_IN_TEXT = 3
NEXT_STEPS_TOPIC = "next_steps"  # knowledge items that say what to do after an FAQ answer
SELF_CARE_TIPS = ("tip_sleep", "tip_caffeine", "tip_relax", "tip_nutrition")
MS_CONTEXT_ITEMS = ("ms_context_typical", "ms_context_own_check")
# every emergency sign code of facts.py has its item `emergency_<code>` in knowledge.yml
EMERGENCY_SIGN_ITEMS = {
    code: f"emergency_{code}"
    for code in dict.fromkeys(EMERGENCY_SIGNS + ("collapse_unresponsive", "detection_error"))
}
# Signs whose "words" are not the person's description (the check itself failed):
# shown without quoting, and followed by the list of signs to act on.
UNQUOTED_SIGNS = ("detection_error",)
# The time frame of see_doctor_soon is ours (a safety addition); its reason is the article's.
TRIAGE_FOLLOW_UP = {"see_doctor_soon": "triage_see_doctor_soon_why"}
SELF_CARE_CHANGE = ("change_signs", "change_signs_months", "change_signs_daily_life")

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
    "electrolyte_imbalance": "electrolyte imbalance",
    "vision_changes": "changes in vision",
    "balance_coordination": "balance or coordination problems",
    "confusion": "confusion",
    "collapse_unresponsive": "passing out, not responding or confusion after jerking",
    "detection_error": "emergency check failed",
    "daily_life": "daily life",
}

Sign = Tuple[str, Union[str, Sequence[str]]]


def code_label(code: str) -> str:
    return CODE_LABELS.get(code, code.replace("_", " "))


def _quote(words: Iterable[str]) -> str:
    """The user's words in double quotes (inner double quotes become single ones).

    A quote cut out of a longer clause keeps its "…" (`negation.clause_words`), written
    against the words: "…cramps at night", "twitching in my legs…".
    """
    return ", ".join('"' + _quoted_words(w) + '"' for w in words)


def _quoted_words(words: str) -> str:
    text = " ".join(str(words).replace('"', "'").replace("...", ELLIPSIS).split())
    lead = text.startswith(ELLIPSIS)
    trail = text.endswith(ELLIPSIS) and len(text) > len(ELLIPSIS)
    core = text.strip(ELLIPSIS).strip(" ,;:-")
    if not core:
        return ""
    return (ELLIPSIS if lead else "") + core + (ELLIPSIS if trail else "")


# ---------------------------------------------------------------- wording decisions
# Duration words that say a twitch is brief: only then is "short-lived" said.
_BRIEF = re.compile(
    r"\b(?:seconds?|secs?|secon\w*|split\s+second|brief(?:ly)?|moment(?:ary|arily)?|"
    r"instant\w*|quick(?:ly)?|flash|fleeting|not\s+long|(?:don'?t|doesn'?t|does\s+not|do\s+not)"
    r"\s+last\s+long|goes\s+away\s+quickly|stops\s+quickly)\b|^\s*\d+\s*s\s*$",
    re.I,
)
# Words that say it lasts: minutes, hours, all day (then it is not short-lived).
_LASTING = re.compile(r"\b(?:minutes?|mins?|hours?|hrs?|all\s+day|all\s+night|at\s+a\s+time)\b", re.I)


def short_lived(facts: Facts) -> bool:
    """Are the person's twitches short-lived (the overview: they come and go quickly)?

    Only when the duration words say seconds or brief, and nothing says the twitching
    lasts (minutes or hours at a time), is constant, or has gone on for months.
    """
    duration = facts.duration or ""
    if not duration or duration == UNKNOWN or not _BRIEF.search(duration):
        return False
    if _LASTING.search(duration.replace("seconds at a time", "")):
        return False
    if facts.frequency_code == "constant":
        return False
    return not (facts.onset_days is not None and facts.onset_days >= 56)


@lru_cache(maxsize=1)
def _named_medicines() -> "re.Pattern[str]":
    words = {w for phrase in load_vocabulary()["medicines_named_by_articles"] for w in expand(phrase)}
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.I)


def medicine_named_by_articles(facts: Facts) -> Optional[bool]:
    """Did the person name a medicine the overview names (water pills, steroids)?

    True / False from their words; None when no words were recorded for it.
    """
    words = facts.evidence.get("medication", [])
    if not words:
        return None
    return any(_named_medicines().search(w) for w in words)


def _causes(assessment: Assessment, facts: Facts) -> List[str]:
    """The possible causes to show: a medicine the articles do not name (a statin, an
    SSRI) is never presented as a cause; the person is told the articles do not name
    it and to ask whether it could play a part."""
    causes: List[str] = []
    for item_id in assessment.possible_causes:
        if item_id == "trigger_medication" and medicine_named_by_articles(facts) is False:
            causes.extend(["medication_not_named", "medication_ask"])
        else:
            causes.append(item_id)
    return list(dict.fromkeys(causes))


def _reasons(assessment: Assessment, facts: Facts) -> List[str]:
    """The triage reasons to show: "short-lived" only for twitches that are."""
    return [r for r in assessment.reasons if r != "triggers_short_lived" or short_lived(facts)]


def _triage_items(level: str) -> List[str]:
    return [TRIAGE_ITEMS[level]] + ([TRIAGE_FOLLOW_UP[level]] if level in TRIAGE_FOLLOW_UP else [])


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
        _triage_items(assessment.triage) + [r for r in _reasons(assessment, facts) if r not in flag_items],
    )
    if assessment.red_flags:
        doc.blank()
        doc.frame(HEADING_FLAGS)
        for flag in assessment.red_flags:
            doc.flag(flag.item_id, _label(flag.item_id), flag.evidence)
    causes = _causes(assessment, facts)
    if assessment.ms_context:  # MS is explained in its own section below
        causes = [c for c in causes if knowledge.get(c).topic != "ms"]
    doc.section(HEADING_CAUSES, causes[:MAX_CAUSES_IN_TEXT], bullets=True)
    if assessment.ms_context:
        doc.section(HEADING_MS, MS_CONTEXT_ITEMS)
    if assessment.triage == "see_doctor_soon":
        change = ["emergency_watch"]
    elif assessment.triage == "self_care":
        change = list(SELF_CARE_CHANGE)
    else:
        change = ["change_signs"]
    doc.section(HEADING_CHANGE, change)
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
    if facts.unrecognised_symptoms:
        doc.frame(OTHER_SYMPTOMS_WORDS.format(words=_quote(facts.unrecognised_symptoms)))
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
            doc.flag(item_id, _label(item_id), [] if code in UNQUOTED_SIGNS else words)
    doc.item("emergency_call")
    if any(code in UNQUOTED_SIGNS for code, _ in signs):
        doc.item("emergency_watch")  # the signs to act on, since none could be checked


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
            for item_id in _causes(assessment, facts)
        ],
        "facts": _facts_payload(facts),
        "sources": [s.to_dict() for s in _unique_sources(used + _causes(assessment, facts))],
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
    items = _triage_items(assessment.triage)
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
        # the person's own words for symptoms no code matches (unknown is not absent)
        "unrecognised_symptoms": list(facts.unrecognised_symptoms),
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
    present += [_quote([words]) for words in facts.unrecognised_symptoms]
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
    reasons += [_label(r) for r in _reasons(assessment, facts) if r not in flag_items]
    lines = [
        SUMMARY_TITLE,
        f"- When it started: {answer(facts.onset)}",
        f"- Where: {answer(', '.join(facts.locations))}",
        f"- How often: {answer(facts.frequency)}",
        f"- How long each twitch lasts: {answer(facts.duration)}",
        f"- Other symptoms: {others}",
        f"- What the movement is like: {_label(TWITCH_TYPE_ITEMS[assessment.twitch_type])}",
        f"- Possible triggers: {', '.join(_trigger_label(c, facts) for c in assessment.triggers) or 'none mentioned'}",
        f"- Known conditions: {', '.join(code_label(c) for c in facts.conditions) or 'none mentioned'}",
    ]
    if facts.impacts:
        lines.append(f"- Affects: {', '.join(code_label(c) for c in facts.impacts)}")
    signs = [_label(EMERGENCY_SIGN_ITEMS[c]) for c in facts.emergency_signs if c in EMERGENCY_SIGN_ITEMS]
    if signs:
        lines.append(f"- Emergency signs: {', '.join(signs)}")
    if facts.history:
        lines.append(f"- Mentioned, not counted: {_quote(facts.history)}")
    lines.append(f"- Advice given: {_label(TRIAGE_ITEMS[assessment.triage])}")
    lines.append(f"- Why: {'; '.join(reasons)}")
    return "\n".join(lines)


def _trigger_label(code: str, facts: Facts) -> str:
    if code == "medication" and medicine_named_by_articles(facts) is False:
        return "a medicine the articles do not name (ask whether it plays a part)"
    return code_label(code)


def faq_answer(key: str, with_related: bool = True) -> Optional[str]:
    """The answer to FAQ ``key`` with its sources, or None for an unknown key.

    The item that answers the key comes first, then (``with_related``) the items that
    complete it (``also_answers`` in knowledge.yml); each source is named once.
    """
    item = knowledge.answer_for_faq(key)
    if item is None:
        return None
    related = knowledge.also_for_faq(key)
    # what to do next is part of every answer that has it, the short one too
    parts = [item] + [part for part in related if with_related or part.topic == NEXT_STEPS_TOPIC]
    lines = [" ".join(part.text for part in parts), ""]
    for source in _unique_sources([part.id for part in parts]):
        lines.append(FAQ_SOURCE.format(citation=source.citation, section=source.section))
    lines += ["", NOT_A_DIAGNOSIS]
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


def emergency_follow_up_text(facts: Facts, repeat: int = 0) -> str:
    """What any message after the emergency advice gets: the signs reported, and again
    what to do ("she says she's just tired", "ill wait and see"). ``repeat`` counts the
    earlier follow-ups: the opening words change each time, so the advice is given
    again without the same message coming back word for word."""
    doc = _Doc()
    labels = [_label(EMERGENCY_SIGN_ITEMS[c]).lower() for c in facts.emergency_signs
              if c in EMERGENCY_SIGN_ITEMS and c != "detection_error"]
    intro = EMERGENCY_FOLLOW_UP_INTROS[repeat % len(EMERGENCY_FOLLOW_UP_INTROS)]
    doc.frame(intro.format(signs="; ".join(labels) or "signs that need emergency help"))
    doc.item("emergency_follow_up")
    return doc.finish()


def plea_for_help_text() -> str:
    """The reply to a bare "help": what to do if it is an emergency, then the interview
    starts (no one who asks for help is told they were not understood)."""
    doc = _Doc()
    doc.frame(PLEA_INTRO)
    doc.item("emergency_watch")
    doc.frame(PLEA_OUTRO)
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
        for item_id in _triage_items(assessment.triage):
            doc.item(item_id)
    for flag in assessment.red_flags:
        if flag.code != "emergency_signs":
            doc.flag(flag.item_id, _label(flag.item_id), flag.evidence)
    return doc.finish()
