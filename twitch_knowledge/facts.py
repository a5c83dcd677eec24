"""What the assistant has learned about one person's twitching.

`Facts` is the single shared model between language understanding
(`twitch_knowledge.extract`, the Rasa entities), the interview
(`twitch_knowledge.interview`) and the assessment (`twitch_knowledge.triage`).
It is stored in the Rasa slot `twitch_facts` as a plain dict (`to_dict`).

Codes used here are fixed; integrations and tests rely on them:

* movements (character of the movement): ``flicker``, ``rhythmic_jerking``,
  ``stiffness``, ``cramp``
* symptoms: ``weakness``, ``difficulty_gripping``, ``foot_drop``,
  ``muscle_wasting``, ``slurred_speech``, ``trouble_swallowing``,
  ``hoarseness``, ``cramps``, ``stiffness``, ``numbness_tingling``,
  ``vision_changes``, ``balance_coordination``, ``confusion`` (the MS article: MS
  symptoms are mostly sensory, visual or about coordination)
* symptom status: ``present``, ``absent``, ``unknown``
* triggers: ``caffeine``, ``stress_anxiety``, ``tiredness_sleep``,
  ``exercise``, ``cold``, ``alcohol``, ``dehydration``, ``medication``,
  ``hyperventilation``
* conditions: ``ms``, ``als``, ``thyroid``, ``parathyroid``,
  ``kidney_disease``, ``liver_disease``, ``stroke``, ``electrolyte_imbalance`` (a
  calcium, phosphate, magnesium or potassium result: a medical cause in the overview)
* impacts: ``sleep``, ``daily_life``
* patterns: ``same_spot``, ``widespread``
* onset_kind: ``sudden``, ``gradual``
* frequency_code: ``constant``, ``frequent``, ``occasional``
* emergency signs: ``one_sided_weakness_numbness``, ``speech_or_face``,
  ``breathing``, ``fever_stiff_neck``, ``seizure``, ``suspected_stroke``,
  ``collapse_unresponsive`` (passed out, didn't respond, confused after an episode),
  ``sudden_vision_loss`` (the sight of an eye gone all of a sudden),
  ``detection_error`` (the check itself failed: the reply fails toward emergency)
* subject: ``self`` (the person writing) or ``other`` (they describe someone else's
  twitching: "my son's eyelid")
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Dict, List, Optional

MOVEMENTS = ("flicker", "rhythmic_jerking", "stiffness", "cramp")
SYMPTOMS = (
    "weakness",
    "difficulty_gripping",
    "foot_drop",
    "muscle_wasting",
    "slurred_speech",
    "trouble_swallowing",
    "hoarseness",
    "cramps",
    "stiffness",
    "numbness_tingling",
    "vision_changes",
    "balance_coordination",
    "confusion",
)
STATUSES = ("present", "absent", "unknown")
TRIGGERS = (
    "caffeine",
    "stress_anxiety",
    "tiredness_sleep",
    "exercise",
    "cold",
    "alcohol",
    "dehydration",
    "medication",
    "hyperventilation",
)
CONDITIONS = (
    "ms",
    "als",
    "thyroid",
    "parathyroid",
    "kidney_disease",
    "liver_disease",
    "stroke",
    "electrolyte_imbalance",
)
IMPACTS = ("sleep", "daily_life")
PATTERNS = ("same_spot", "widespread")
ONSET_KINDS = ("sudden", "gradual")
FREQUENCY_CODES = ("constant", "frequent", "occasional")
EMERGENCY_SIGNS = (
    "one_sided_weakness_numbness",
    "speech_or_face",
    "breathing",
    "fever_stiff_neck",
    "seizure",
    "suspected_stroke",
    "collapse_unresponsive",
    "sudden_vision_loss",
    "detection_error",
)
SUBJECTS = ("self", "other")

# The interview slots, in the order a healthcare provider asks them.
INTERVIEW_SLOTS = (
    "twitch_location",
    "twitch_onset",
    "twitch_frequency",
    "twitch_duration",
    "weakness",
    "other_symptoms",
)
# Asked only when they can change the advice, after the six (interview.next_question).
FOLLOW_UP_SLOTS = ("which_symptoms", "same_muscle")
UNKNOWN = "unknown"


@dataclass
class Facts:
    """Accumulated facts. Free-text fields keep the user's own words."""

    locations: List[str] = field(default_factory=list)  # user words, e.g. "left calf"
    movements: List[str] = field(default_factory=list)  # MOVEMENTS codes
    onset: Optional[str] = None  # user words, e.g. "for about a week", or "unknown"
    onset_days: Optional[float] = None  # parsed age of the problem in days
    onset_kind: Optional[str] = None  # ONSET_KINDS
    frequency: Optional[str] = None  # user words or "unknown"
    frequency_code: Optional[str] = None  # FREQUENCY_CODES
    duration: Optional[str] = None  # user words or "unknown"
    symptoms: Dict[str, str] = field(default_factory=dict)  # SYMPTOMS -> STATUSES
    triggers: List[str] = field(default_factory=list)
    conditions: List[str] = field(default_factory=list)
    impacts: List[str] = field(default_factory=list)
    patterns: List[str] = field(default_factory=list)
    emergency_signs: List[str] = field(default_factory=list)
    # code -> the user's own words that raised it (e.g. {"weakness": ["my grip is weaker"]})
    evidence: Dict[str, List[str]] = field(default_factory=dict)
    # interview slots the user explicitly answered "I don't know" / "not sure"
    unknown_answers: List[str] = field(default_factory=list)
    # True once the user was asked about other symptoms and answered (even "none")
    other_symptoms_answered: bool = False
    # Symptoms the person named that no vocabulary code matches, in their own words
    # ("a bit of a headache"). Unknown is not absent: they lead to a provider.
    unrecognised_symptoms: List[str] = field(default_factory=list)
    # Past, resolved or other people's findings that did not count, in the person's
    # words ("years ago i had bad weakness in my leg ... but that healed"): shown in
    # the visit summary, never a red flag.
    history: List[str] = field(default_factory=list)
    # Whose twitching this is (SUBJECTS); None until a twitch is described.
    subject: Optional[str] = None
    # Follow-up questions already asked and answered ("which_symptoms", "same_muscle").
    follow_ups_done: List[str] = field(default_factory=list)
    # Follow-up questions still to ask (FOLLOW_UP_SLOTS), e.g. after a bare "yes" to
    # "any other symptoms?".
    follow_ups_pending: List[str] = field(default_factory=list)

    # ------------------------------------------------------------------ helpers
    def to_dict(self) -> Dict[str, Any]:
        return {f.name: _copy(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Optional[Dict[str, Any]]) -> "Facts":
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: _copy(v) for k, v in data.items() if k in known})

    def symptom(self, code: str) -> Optional[str]:
        return self.symptoms.get(code)

    def present_symptoms(self) -> List[str]:
        return [c for c in SYMPTOMS if self.symptoms.get(c) == "present"]

    def absent_symptoms(self) -> List[str]:
        return [c for c in SYMPTOMS if self.symptoms.get(c) == "absent"]

    def add_evidence(self, code: str, words: str) -> None:
        words = (words or "").strip()
        if not words:
            return
        bucket = self.evidence.setdefault(code, [])
        if words not in bucket:
            bucket.append(words)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_copy(v) for v in value]
    return value
