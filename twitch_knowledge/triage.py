"""From `Facts` to an `Assessment`: twitch type, triage level, red flags and reasons.

The rules follow the two source articles (see docs/DESIGN.md, "Safety decisions"):

* Emergency signs (a safety addition) always give ``emergency``.
* Weakness, muscle wasting, speech/swallowing/voice changes, tongue twitching,
  rhythmic jerking (clonus) and stiffness (spasticity) give ``see_doctor_soon``.
* Twitching for two months or more (or constant), twitching that disrupts sleep
  or daily life, a sudden start in one spot, frequent twitches with cramps, a
  known medical condition, a possible medicine cause, an explicit "not sure"
  about weakness, other symptoms (numbness or tingling, vision, balance or
  coordination, confusion, or a symptom in words the vocabulary does not know), or
  knowing nothing at all give ``see_doctor``.
* Otherwise ``self_care``.

The level is the highest any rule reaches: nothing (benign triggers included)
can lower it. Only symptoms with status ``present`` are red flags; denied
(``absent``) symptoms never are. Every reason is a knowledge item id, so the
renderer can explain the decision in sourced words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, List, Optional, Sequence

from .facts import TRIGGERS, UNKNOWN, Facts
from .vocabulary import is_tongue

TWITCH_TYPES = ("fasciculation", "spasticity", "clonus", "cramp", "unclear")
TRIAGE_LEVELS = ("self_care", "see_doctor", "see_doctor_soon", "emergency")
RED_FLAG_CODES = (
    "weakness",
    "muscle_wasting",
    "bulbar_symptoms",
    "tongue_twitching",
    "rhythmic_jerking",
    "stiffness_spasticity",
    "persistent_months",
    "disrupts_daily_life",
    "sudden_focal_onset",
    "emergency_signs",
)

WEAKNESS_CODES = ("weakness", "difficulty_gripping", "foot_drop")
BULBAR_CODES = ("slurred_speech", "trouble_swallowing", "hoarseness")
PERSISTENT_DAYS = 56  # "recurring for a few months": eight weeks or more

# knowledge item explaining each red flag / twitch type / triage level
RED_FLAG_ITEMS = {
    "weakness": "rf_weakness",
    "muscle_wasting": "rf_muscle_wasting",
    "bulbar_symptoms": "rf_bulbar",
    "tongue_twitching": "rf_tongue",
    "rhythmic_jerking": "rf_rhythmic_jerking",
    "stiffness_spasticity": "rf_stiffness",
    "persistent_months": "rf_persistent_months",
    "disrupts_daily_life": "rf_disrupts_daily_life",
    "sudden_focal_onset": "rf_sudden_focal_onset",
    "emergency_signs": "emergency_call",
}
TWITCH_TYPE_ITEMS = {kind: f"type_{kind}" for kind in TWITCH_TYPES}
TRIAGE_ITEMS = {level: f"triage_{level}" for level in TRIAGE_LEVELS}
TRIGGER_ITEMS = {code: f"trigger_{code}" for code in TRIGGERS}
CONDITION_ITEMS = {
    "als": "als_vs_benign",
    "thyroid": "cause_thyroid",
    "parathyroid": "cause_parathyroid",
    "kidney_disease": "cause_kidney",
    "liver_disease": "cause_liver",
    "stroke": "cause_stroke",
    "electrolyte_imbalance": "cause_electrolytes",
}
# For MS the relevant item depends on the kind of movement.
MS_ITEMS = {
    "spasticity": "ms_spasticity",
    "clonus": "ms_clonus",
    "fasciculation": "ms_have_twitching",
    "cramp": "ms_have_twitching",
    "unclear": "ms_have_twitching",
}
TYPE_CAUSES = {
    "fasciculation": ("medical_causes_fasciculation",),
    "spasticity": ("ms_spasticity",),
    "clonus": ("clonus_causes",),
    "cramp": (),
    "unclear": ("causes_range",),
}
# Signs that, with fasciculations, point towards the lower motor neurons.
LOWER_MOTOR_NEURON_FLAGS = frozenset({"weakness", "muscle_wasting", "bulbar_symptoms", "tongue_twitching"})
PROVIDER_CHECKS = ("provider_questions", "provider_exam", "provider_tests")


@dataclass(frozen=True)
class RedFlag:
    """A concerning sign, the user's words that raised it, and the item explaining it."""

    code: str
    evidence: List[str]
    item_id: str


@dataclass
class Assessment:
    """The outcome of `assess`; all explanations are knowledge item ids."""

    twitch_type: str
    triage: str
    red_flags: List[RedFlag] = field(default_factory=list)
    reasons: List[str] = field(default_factory=list)
    possible_causes: List[str] = field(default_factory=list)
    triggers: List[str] = field(default_factory=list)
    provider_checks: List[str] = field(default_factory=list)
    ms_context: bool = False
    uncertain: List[str] = field(default_factory=list)

    @property
    def red_flag_codes(self) -> List[str]:
        return [flag.code for flag in self.red_flags]

    def has_flag(self, code: str) -> bool:
        return code in self.red_flag_codes

    @property
    def concerning(self) -> bool:
        """True from ``see_doctor_soon`` upwards."""
        return level_rank(self.triage) >= level_rank("see_doctor_soon")


def level_rank(level: str) -> int:
    return TRIAGE_LEVELS.index(level)


# ---------------------------------------------------------------- findings
@dataclass(frozen=True)
class _Finding:
    """One rule that fired: its level, the explaining item and, for red flags, the code."""

    level: str
    item_id: str
    code: Optional[str] = None
    evidence: List[str] = field(default_factory=list)
    uncertain: Optional[str] = None


def _present(facts: Facts, *codes: str) -> List[str]:
    return [code for code in codes if facts.symptom(code) == "present"]


def _words(facts: Facts, *codes: str, extra: Iterable[Optional[str]] = ()) -> List[str]:
    """The user's own words recorded for these codes (plus extra words), deduplicated."""
    found: List[str] = []
    for code in codes:
        found.extend(facts.evidence.get(code, []))
    found.extend(word for word in extra if word)
    result: List[str] = []
    for word in found:
        word = " ".join(str(word).split())
        if word and word.lower() != UNKNOWN and word not in result:
            result.append(word)
    return result


def _has_stiffness(facts: Facts) -> bool:
    return "stiffness" in facts.movements or facts.symptom("stiffness") == "present"


def _has_cramps(facts: Facts) -> bool:
    return "cramp" in facts.movements or facts.symptom("cramps") == "present"


def _described_twitching(facts: Facts) -> bool:
    """The person talks about twitching without saying what the movement is like."""
    answered = [facts.onset, facts.frequency, facts.duration]
    return bool(
        facts.locations
        or facts.onset_days is not None
        or facts.frequency_code
        or facts.patterns
        or any(value and value != UNKNOWN for value in answered)
    )


def twitch_type(facts: Facts) -> str:
    """The kind of movement the person describes.

    Clonus and spasticity win over the rest, because they change the advice. When the
    person describes both cramps and small twitches, the one they name first is what
    they come with ("charley horses, and in between the calves twitch" is a cramp;
    "my calf twitches a lot" and later "cramps too" is a fasciculation). The
    explanation names both either way (the cramp-fasciculation pattern), and the
    triage does not depend on the type.
    """
    movements = set(facts.movements)
    if "rhythmic_jerking" in movements:
        return "clonus"
    if "stiffness" in movements or (
        facts.symptom("stiffness") == "present" and "flicker" not in movements
    ):
        return "spasticity"
    if {"cramp", "flicker"} <= movements:
        first = min(("cramp", "flicker"), key=facts.movements.index)
        return "cramp" if first == "cramp" else "fasciculation"
    if "flicker" in movements:
        return "fasciculation"
    if "cramp" in movements:
        return "cramp"
    if _described_twitching(facts):
        return "fasciculation"  # the articles call muscle twitching fasciculation
    if facts.symptom("cramps") == "present":
        return "cramp"
    return "unclear"


def _flag(level: str, code: str, evidence: List[str]) -> _Finding:
    return _Finding(level=level, item_id=RED_FLAG_ITEMS[code], code=code, evidence=evidence)


# Each rule looks at the facts (and the twitch type) and returns its finding, if any.
Rule = Callable[[Facts, str], Optional[_Finding]]


def _emergency(facts: Facts, kind: str) -> Optional[_Finding]:
    if not facts.emergency_signs:
        return None
    return _flag("emergency", "emergency_signs", _words(facts, *facts.emergency_signs))


def _weakness(facts: Facts, kind: str) -> Optional[_Finding]:
    present = _present(facts, *WEAKNESS_CODES)
    return _flag("see_doctor_soon", "weakness", _words(facts, *present)) if present else None


def _wasting(facts: Facts, kind: str) -> Optional[_Finding]:
    if not _present(facts, "muscle_wasting"):
        return None
    return _flag("see_doctor_soon", "muscle_wasting", _words(facts, "muscle_wasting"))


def _bulbar(facts: Facts, kind: str) -> Optional[_Finding]:
    present = _present(facts, *BULBAR_CODES)
    return _flag("see_doctor_soon", "bulbar_symptoms", _words(facts, *present)) if present else None


def _tongue(facts: Facts, kind: str) -> Optional[_Finding]:
    tongue = [place for place in facts.locations if is_tongue(place)]  # "tounge", "tung" too
    return _flag("see_doctor_soon", "tongue_twitching", _words(facts, extra=tongue)) if tongue else None


def _rhythmic_jerking(facts: Facts, kind: str) -> Optional[_Finding]:
    if "rhythmic_jerking" not in facts.movements:
        return None
    return _flag("see_doctor_soon", "rhythmic_jerking", _words(facts, "rhythmic_jerking"))


def _stiffness(facts: Facts, kind: str) -> Optional[_Finding]:
    if not _has_stiffness(facts):
        return None
    return _flag("see_doctor_soon", "stiffness_spasticity", _words(facts, "stiffness"))


def _persistent(facts: Facts, kind: str) -> Optional[_Finding]:
    # Twitching that is still being reported and began eight weeks ago or more is
    # "recurring for a few months"; constant twitching counts at any age.
    months = facts.onset_days is not None and facts.onset_days >= PERSISTENT_DAYS
    constant = facts.frequency_code == "constant"
    if not (months or constant):
        return None
    extra = [facts.onset if months else None, facts.frequency if constant else None]
    return _flag("see_doctor", "persistent_months", _words(facts, extra=extra))


def _disrupts(facts: Facts, kind: str) -> Optional[_Finding]:
    impacts = [impact for impact in facts.impacts if impact in ("sleep", "daily_life")]
    return _flag("see_doctor", "disrupts_daily_life", _words(facts, *impacts)) if impacts else None


def _sudden_focal(facts: Facts, kind: str) -> Optional[_Finding]:
    if facts.onset_kind != "sudden" or "same_spot" not in facts.patterns:
        return None
    words = _words(facts, "sudden", "same_spot", extra=[facts.onset])
    return _flag("see_doctor", "sudden_focal_onset", words)


def _reason(item_id: str, uncertain: Optional[str] = None) -> _Finding:
    return _Finding(level="see_doctor", item_id=item_id, uncertain=uncertain)


def _cramp_fasciculation(facts: Facts, kind: str) -> Optional[_Finding]:
    frequent = facts.frequency_code in ("frequent", "constant")
    return _reason("reason_cramp_fasciculation") if frequent and _has_cramps(facts) else None


def _known_condition(facts: Facts, kind: str) -> Optional[_Finding]:
    return _reason("reason_known_condition") if facts.conditions else None


def _medication(facts: Facts, kind: str) -> Optional[_Finding]:
    return _reason("reason_medication") if "medication" in facts.triggers else None


def _weakness_unknown(facts: Facts, kind: str) -> Optional[_Finding]:
    said_unsure = any(facts.symptom(code) == UNKNOWN for code in WEAKNESS_CODES)
    if (said_unsure or "weakness" in facts.unknown_answers) and not _present(facts, *WEAKNESS_CODES):
        return _reason("reason_weakness_unknown", uncertain="weakness_unknown")
    return None


# Other symptoms the vocabulary knows: the overview article says to see a provider
# when twitching comes with additional symptoms (and the MS article names sensory,
# visual and coordination symptoms as the ones of MS).
OTHER_SYMPTOM_CODES = ("numbness_tingling", "vision_changes", "balance_coordination", "confusion")


def _other_symptoms(facts: Facts, kind: str) -> Optional[_Finding]:
    present = _present(facts, *OTHER_SYMPTOM_CODES)
    if not present:
        return None
    return _Finding(level="see_doctor", item_id="reason_other_symptoms", uncertain=present[0],
                    evidence=_words(facts, *present))


def _unrecognised(facts: Facts, kind: str) -> Optional[_Finding]:
    """Unknown is not absent: a symptom in words no code matches still leads to a provider."""
    if not facts.unrecognised_symptoms:
        return None
    return _Finding(level="see_doctor", item_id="reason_unrecognised_symptoms",
                    uncertain="unrecognised_symptoms", evidence=list(facts.unrecognised_symptoms))


def _nothing_known(facts: Facts, kind: str) -> Optional[_Finding]:
    return _reason("reason_unclear", uncertain="nothing_known") if kind == "unclear" else None


RULES: Sequence[Rule] = (
    _emergency,
    _weakness,
    _wasting,
    _bulbar,
    _tongue,
    _rhythmic_jerking,
    _stiffness,
    _persistent,
    _disrupts,
    _sudden_focal,
    _cramp_fasciculation,
    _known_condition,
    _medication,
    _weakness_unknown,
    _other_symptoms,
    _unrecognised,
    _nothing_known,
)


# ---------------------------------------------------------------- assessment
def assess(facts: Facts) -> Assessment:
    """Assess the facts gathered so far. Pure function of `facts`."""
    kind = twitch_type(facts)
    findings = [finding for rule in RULES if (finding := rule(facts, kind)) is not None]
    triage = max((f.level for f in findings), key=level_rank, default="self_care")
    red_flags = [
        RedFlag(code=f.code, evidence=list(f.evidence), item_id=f.item_id)
        for f in findings
        if f.code is not None
    ]
    reasons = _unique(f.item_id for f in findings) or _self_care_reasons(facts)
    uncertain = [f.uncertain for f in findings if f.uncertain]
    if kind == "fasciculation" and "flicker" not in facts.movements:
        uncertain.append("type_from_description")
    triggers = [code for code in TRIGGERS if code in facts.triggers]
    return Assessment(
        twitch_type=kind,
        triage=triage,
        red_flags=red_flags,
        reasons=reasons,
        possible_causes=_possible_causes(facts, kind, triage, red_flags, triggers),
        triggers=triggers,
        provider_checks=list(PROVIDER_CHECKS) if triage in ("see_doctor", "see_doctor_soon") else [],
        ms_context="ms" in facts.conditions,
        uncertain=uncertain,
    )


def _self_care_reasons(facts: Facts) -> List[str]:
    reasons = ["twitching_common"]
    if facts.symptom("weakness") == "absent":
        reasons.append("strong_muscle")
    if facts.triggers:
        reasons.append("triggers_short_lived")
    return reasons


def _possible_causes(
    facts: Facts, kind: str, triage: str, red_flags: List[RedFlag], triggers: List[str]
) -> List[str]:
    """What may be behind it: the person's own triggers and conditions first, then by type."""
    causes = [TRIGGER_ITEMS[code] for code in triggers]
    for condition in facts.conditions:
        if condition == "ms":
            causes.append(MS_ITEMS[kind])
        elif condition in CONDITION_ITEMS:
            causes.append(CONDITION_ITEMS[condition])
    codes = {flag.code for flag in red_flags}
    if kind == "fasciculation" and codes & LOWER_MOTOR_NEURON_FLAGS:
        causes.append("lmn_diseases")
    elif kind == "fasciculation" and "persistent_months" in codes:
        causes.append("bfs")
    if kind == "fasciculation" and triage == "self_care" and not triggers:
        causes.append("benign_triggers_list")
    causes.extend(TYPE_CAUSES[kind])
    if _has_cramps(facts) and facts.frequency_code in ("frequent", "constant"):
        causes.append("cramp_fasciculation_syndrome")
    return _unique(causes)


def _unique(values: Iterable[str]) -> List[str]:
    return list(dict.fromkeys(values))
