"""The interview: fold each user message into the accumulated `Facts`.

`update(previous, text, intent, entities, requested_slot)` is what the Rasa
form validation calls (through a thin adapter). It

1. ignores interruptions (faq, stop, report_emergency, greet, ...): facts
   unchanged, ``understood=False``;
2. reads the message: the Rasa entities passed in plus our own pattern
   entities (deduplicated, the longer of two overlapping spans wins) ->
   `facts_from_entities`;
3. merges into the previous facts (`merge`): locations accumulate, a
   correction cue ("actually", "sorry", "I meant", "no, it's", "not my X, my
   Y") replaces location/onset/frequency/duration, the single-valued fields
   are otherwise only set when empty or when they are the requested slot; a
   later explicit symptom status replaces an earlier one;
4. takes bare answers to the requested slot: yes/no/not sure for weakness
   and other symptoms; for onset/frequency/duration/location the user's own
   words when they look like an answer; "I don't know" -> ``unknown``;
5. derives the six interview slot values (`slots_from_facts`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

from .emergency import detect_emergency
from .extract import extract_entities, extract_facts, facts_from_entities
from .facts import FOLLOW_UP_SLOTS, INTERVIEW_SLOTS, UNKNOWN, Facts
from .negation import ABSENT, normalise, status_of
from .privacy import FORGET_INTENTS, asks_to_forget
from .triage import assess
from .timeparse import looks_like_frequency, looks_like_time, onset_kind, parse_frequency, parse_onset
from .vocabulary import body_words, readable

WEAKNESS_CODES = ("weakness", "difficulty_gripping", "foot_drop")
# Never an answer when the words say so: the interview steps aside (stopping, an
# emergency, a summary). See `interrupts`.
INTERRUPTION_INTENTS = frozenset({"stop", "goodbye", "report_emergency", "request_summary"})
# What the words of a real interruption contain. A classifier slip on an answer ("lots
# through the day" read as stop, "till I put my heel down" as a summary request) must
# not end or derail the interview.
_FAREWELLS = (r"bye|goodbye|good ?night|night night|see (?:you|ya|u)|cya|gtg|got to go|gotta (?:go|run|dash)|"
              r"have to go|must go|need to go|ttyl|adios|ciao|cheerio|farewell|take care|so long|i'?m off|"
              r"signing off|logging off")
_GIVING_UP = r"quit|cancel|abort|forget (?:it|this|that)|give up|go away|not interested"
_STOP_CUES = re.compile(
    r"\b(?:stop|stopp?ing|end|ending|enough|leave it|done|finish\w*|no more(?! than)|skip|exit|pause|later|"
    r"leav\w*|don'?t want|rather not|not now|have a (?:good|nice|lovely|great)|that'?s it|no thanks|"
    + _GIVING_UP + "|" + _FAREWELLS + r")\b"
)
# Cues that leave the interview whatever else the message says: a farewell, or
# stopping the questions in so many words ("stop asking", "no more questions").
_FIRM_STOP_CUES = re.compile(
    r"^(?:please )?(?:stop|quit|cancel|abort|enough|exit)\b|"
    r"\b(?:stop|quit|end|cancel|pause|skip)\s+(?:this|it|now|please|asking|the (?:questions?|chat|interview)|"
    r"questions?)\b|\bno more questions\b|\bthat'?s enough\b|\benough (?:for (?:now|today)|questions)\b|"
    r"\b(?:" + _GIVING_UP + "|" + _FAREWELLS + r")\b"
)
# "it isn't stopping", "won't stop", "never ends": the twitching goes on, nobody leaves.
_DENIED_STOP = re.compile(
    r"\b(?:isn'?t|is not|won'?t|wont|will not|doesn'?t|does not|don'?t|never|not|can'?t|cannot)\s+"
    r"(?:\w+\s+)?(?:stop\w*|end\w*|finish\w*)"
)

_SUMMARY_CUES = re.compile(
    r"\b(?:summar\w*|sum (?:\w+ ){0,2}up|recap|write (?:\w+ )?(?:up|down)|list|print\w*|copy|"
    r"report|notes?|overview|read (?:\w+ )?back|what i(?:'ve)? (?:said|told|wrote|answered)|"
    r"for (?:my|the) (?:doctor|gp|appointment|neurologist|nurse)|to show|take (?:it|that|this) to)\b"
)
# Asides (a question, "are you a bot?", thanks, off-topic) unless they answer what was
# asked: see `steps_aside`.
ASIDE_INTENTS = frozenset({"faq", "bot_challenge", "greet", "thank", "out_of_scope"})
# interview slot -> Facts field holding the user's words
SLOT_FIELDS = {
    "twitch_location": "locations",
    "twitch_onset": "onset",
    "twitch_frequency": "frequency",
    "twitch_duration": "duration",
}
SINGLE_VALUED = ("onset", "frequency", "duration")
# fields that travel together with the words
_COMPANIONS = {"onset": ("onset_days", "onset_kind"), "frequency": ("frequency_code",),
               "duration": ()}
MAX_ANSWER_CHARS = 80

_CORRECTION = re.compile(
    r"\b(?:actually|sorry|i meant|i mean|correction|my mistake|my bad|oops|scratch that|"
    r"i misspoke|i was wrong|let me correct)\b"
    r"|^\s*(?:no|nope|nah)\s*[,.!-]?\s*(?:it'?s|its|it is|it was|the|my|in my|on my)\b"
    r"|\bnot (?:in )?(?:my|the) [\w\s-]{1,30}?[,;]?\s*(?:it'?s |but |just )?(?:in |on )?(?:my|the)\b"
)
_DONT_KNOW = re.compile(
    r"\b(?:not sure|unsure|dunno|don'?t know|do not know|idk|no idea|no clue|can'?t tell|"
    r"cannot tell|hard to say|hard to tell|not certain|maybe|possibly|perhaps|can'?t remember|"
    r"don'?t remember|not really sure)\b"
)
_YES = re.compile(
    r"^(?:yes|yeah|yep|yup|yea|ya|y|sure|definitely|correct|right|i do|i have|i think so|"
    r"think so|afraid so|a (?:little|bit)|slightly|kind of|sort of|kinda|a little bit)\b"
)
_NO = re.compile(
    r"^(?:no|nope|nah|n|none|nothing|never|negative|not really|not at all|i don'?t|i do not|"
    r"i haven'?t|don'?t think so|i don'?t think so|nothing else|no other|not that i know|"
    r"not that i'?(?:ve|m)? ?(?:noticed|aware|know of)|can'?t think of any|cannot think of any|"
    r"none that i know|all good|all fine|i'?m fine|im fine|i feel fine|fine otherwise|"
    r"just the twitch\w*|only the twitch\w*|just that|only that)\b"
)

# "no other symptoms" in any message answers the other-symptoms question.
_NO_OTHER_SYMPTOMS = re.compile(
    r"\b(?:no|without|not any|don'?t have any|haven'?t got any|nothing)\s+"
    r"(?:other|additional|further)\s+(?:symptoms?|problems?|issues?)\b"
    r"|\bnothing else\b"
)
# Weaker words that answer the question only when it was the one asked: "a bit sore
# today, otherwise nothing". In an opening message ("my eyelid twitches, otherwise I'm
# fine") the question is still asked, since that is where speech or swallowing comes out.
_NOTHING_BESIDES = re.compile(
    r"\b(?:otherwise|apart from that|other than that|besides that|aside from that|beyond that)\s+"
    r"(?:nothing|none|no|fine|ok|okay|all good|normal|i'?m fine|i feel fine|i'?m ok|i'?m okay)\b"
    r"|\bnothing (?:otherwise|apart from that|other than that|besides)\b"
)


@dataclass
class InterviewUpdate:
    """Result of one interview step."""

    facts: Facts
    slots: Dict[str, Any] = field(default_factory=dict)
    understood: bool = True


# ------------------------------------------------------------------ answers
def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", normalise(text or "")).split())


def answer_kind(text: str, intent: Optional[str] = None) -> Optional[str]:
    """"affirm", "deny", "dont_know" or None for a short answer (intent first)."""
    if intent in ("affirm", "deny", "dont_know"):
        return intent
    plain = _plain(text)
    if not plain:
        return None
    if _DONT_KNOW.search(plain):
        return "dont_know"
    if _NO.match(plain):
        return "deny"
    if _YES.match(plain):
        return "affirm"
    return None


def is_correction(text: str) -> bool:
    """Does the message correct something said before?"""
    return bool(_CORRECTION.search(normalise(text or "")))


def _user_words(text: str) -> str:
    words = " ".join(re.sub(r"[\x00-\x1f\x7f<>]", " ", text or "").split())
    return words.strip(" .,!?;:-")[:MAX_ANSWER_CHARS].strip()


_FILLER_PLACE_WORDS = {"all", "over", "my", "the", "body", "whole", "entire", "every", "where",
                       "everywhere", "place", "places", "random", "muscles", "from", "to", "of"}


def _names_a_part(text: str) -> bool:
    """Whether a location names a part of the body, not just "all" or "everywhere"."""
    words = set(re.findall(r"[a-z]+", normalise(text or ""))) - _FILLER_PLACE_WORDS
    return _looks_like_location(" ".join(words)) if words else False


def _looks_like_location(text: str) -> bool:
    words = set(re.findall(r"[a-z]+", normalise(text or "")))
    body = set(body_words())
    return bool(words & body) or any(w.rstrip("s") in body for w in words)


# ------------------------------------------------------------------- merging
def _union(old: Iterable[str], new: Iterable[str]) -> List[str]:
    out = list(old)
    lowered = {v.lower() for v in out}
    for value in new:
        if value.lower() not in lowered:
            out.append(value)
            lowered.add(value.lower())
    return out


def _is_set(value: Optional[str]) -> bool:
    return bool(value) and value != UNKNOWN


def merge(a: Facts, b: Facts, replace: Iterable[str] = ()) -> Facts:
    """``a`` updated with the newer ``b``.

    ``replace`` names fields ("locations", "onset", "frequency", "duration")
    whose new value replaces the old one; otherwise locations accumulate and
    onset/frequency/duration keep an existing real value. Symptom statuses of
    ``b`` win; lists are united; evidence is united per code.
    """
    replace = set(replace)
    merged = Facts.from_dict(a.to_dict())
    new = Facts.from_dict(b.to_dict())
    if new.locations:
        merged.locations = new.locations if "locations" in replace else _union(merged.locations, new.locations)
    for name in SINGLE_VALUED:
        value = getattr(new, name)
        if value and (name in replace or not _is_set(getattr(merged, name))):
            setattr(merged, name, value)
            for companion in _COMPANIONS[name]:
                setattr(merged, companion, getattr(new, companion))
    if new.onset_kind and not merged.onset_kind:
        merged.onset_kind = new.onset_kind
    merged.symptoms.update(new.symptoms)
    for name in ("movements", "triggers", "conditions", "impacts", "patterns", "emergency_signs",
                 "unknown_answers", "unrecognised_symptoms", "history", "follow_ups_done",
                 "follow_ups_pending"):
        setattr(merged, name, _union(getattr(merged, name), getattr(new, name)))
    merged.subject = merged.subject or new.subject
    for code, words in new.evidence.items():
        for item in words:
            merged.add_evidence(code, item)
    merged.other_symptoms_answered = merged.other_symptoms_answered or new.other_symptoms_answered
    _forget_resolved_unknowns(merged)
    return merged


def _forget_resolved_unknowns(facts: Facts) -> None:
    """Drop "I don't know" markers of slots that got a real value later."""
    resolved = set()
    if facts.locations:
        resolved.add("twitch_location")
    for slot, name in SLOT_FIELDS.items():
        if name in SINGLE_VALUED and _is_set(getattr(facts, name)):
            resolved.add(slot)
    if any(facts.symptoms.get(c) in ("present", "absent") for c in WEAKNESS_CODES):
        resolved.add("weakness")
    if _other_symptoms_known(facts):
        resolved.add("other_symptoms")
    facts.unknown_answers = [s for s in facts.unknown_answers if s not in resolved]


# --------------------------------------------------------------------- slots
def _other_present(facts: Facts) -> List[str]:
    return [c for c in facts.present_symptoms() if c not in WEAKNESS_CODES]


# A symptom code that is also the movement the person describes ("my legs go stiff").
_MOVEMENT_SYMPTOMS = {"stiffness": "stiffness", "cramps": "cramp"}


def _other_symptoms_known(facts: Facts) -> bool:
    """Whether "any other symptoms?" has its answer: the person answered it, or named a
    symptom beyond the movement itself. One test for the slot and for dropping a "not
    sure" (when the two differed, a cramp erased the "not sure" and the question came
    back)."""
    others = _other_present(facts)
    return facts.other_symptoms_answered or (bool(others) and _beyond_the_movement(facts, others))


def _beyond_the_movement(facts: Facts, others: List[str]) -> bool:
    """Whether the other symptoms say more than the movement itself.

    "My legs go tight and stiff" describes the movement; it does not answer "any other
    symptoms?", which is where weakness of speech, swallowing or a late emergency sign
    comes out. So the question is still asked.
    """
    as_movement = {_MOVEMENT_SYMPTOMS[c] for c in others if _MOVEMENT_SYMPTOMS.get(c) in facts.movements}
    if len(as_movement) < len(others):
        return True  # a symptom that is not a movement: numbness, hoarseness...
    # "my calf twitches, and I get cramps": the cramps come on top of the twitching
    return bool(set(facts.movements) - as_movement)


def _join_words(items: List[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def asks_onset_kind(facts: Facts) -> bool:
    """Whether the onset question still has to ask how the twitching began.

    A provider asks when it began and whether it came on suddenly: twitching that
    starts suddenly and stays in the same muscle deserves a check (overview article,
    "When to see a provider"). The description often says when ("for ten days") but
    not how. The manner is asked only when it can change the advice:

    * when it began is known, how it began is not;
    * the twitching is in one place (not all over, not several places, or "always
      the same spot" above the knee of the right thigh);
    * nothing else already leads to a doctor (the advice would be self-care).

    The question comes last: the onset slot is filled with when it began until every
    other slot is known (`slots_from_facts`), so Rasa's form, which asks the first
    empty slot, asks it after the others. Any answer, even "not sure", closes it
    (``onset_kind`` becomes ``unknown``).
    """
    in_one_place = len(facts.locations) <= 1 or "same_spot" in facts.patterns
    if not (_is_set(facts.onset) and facts.onset_days is not None and not facts.onset_kind
            and "widespread" not in facts.patterns and in_one_place):
        return False
    return assess(facts).triage == "self_care"


def _onset_answered(facts: Facts) -> bool:
    """Do the onset words say when or how it began, or was the question answered?

    A learned onset span can be a bare "has started" or "lately": a provider would
    still ask when it began. An answer to the question always closes it (it sets
    ``onset_kind``, if only to ``unknown``), so the question is never repeated.
    """
    return (facts.onset == UNKNOWN or facts.onset_days is not None
            or bool(facts.onset_kind))


def slots_from_facts(facts: Facts) -> Dict[str, Any]:
    """Values of the six interview slots that the facts determine (others left out)."""
    slots: Dict[str, Any] = {}
    if facts.locations:
        slots["twitch_location"] = _join_words(facts.locations)
    elif "twitch_location" in facts.unknown_answers:
        slots["twitch_location"] = UNKNOWN
    for slot, name in SLOT_FIELDS.items():
        if name in SINGLE_VALUED and getattr(facts, name):
            if name == "onset" and not _onset_answered(facts):
                continue  # "it has started twitching" says neither when nor how: ask
            slots[slot] = getattr(facts, name)
    statuses = [facts.symptoms.get(c) for c in WEAKNESS_CODES]
    if "present" in statuses:
        slots["weakness"] = "present"
    elif facts.symptoms.get("weakness") == "absent" or (
            "absent" in statuses and "unknown" not in statuses):
        slots["weakness"] = "absent"  # "grip fine, not dropping stuff" answers it too
    elif facts.symptoms.get("weakness") == UNKNOWN or "weakness" in facts.unknown_answers:
        slots["weakness"] = UNKNOWN
    if _other_symptoms_known(facts):
        others = _other_present(facts)
        slots["other_symptoms"] = ", ".join(readable(c) for c in others) if others else "none"
    elif "other_symptoms" in facts.unknown_answers:
        slots["other_symptoms"] = UNKNOWN
    others_known = all(slot in slots for slot in INTERVIEW_SLOTS if slot != "twitch_onset")
    if others_known and "twitch_onset" in slots and asks_onset_kind(facts):
        del slots["twitch_onset"]  # when is known, how it began is not: asked last
    return {slot: slots[slot] for slot in INTERVIEW_SLOTS if slot in slots}


def needs_same_muscle(facts: Facts) -> bool:
    """Whether to ask if a twitch that began suddenly stays in the same muscle.

    The overview article: twitching that starts suddenly and always stays in the same
    muscle group is a reason to see a provider. People rarely say "same spot" on their
    own, so the assistant asks, once, when the start was sudden and the twitching is in
    one place (not all over, and not already said to be the same spot).
    """
    if "same_muscle" in facts.follow_ups_done or facts.onset_kind != "sudden":
        return False
    if {"same_spot", "widespread"} & set(facts.patterns):
        return False
    # a word the classifier tagged on its own ("all" of "all at once") is not a place
    return len([place for place in facts.locations if _names_a_part(place)]) <= 1


def next_question(facts: Facts, slots: Mapping[str, Any]) -> Optional[str]:
    """The next thing to ask: the first of the six slots still missing, then a follow-up."""
    for slot in INTERVIEW_SLOTS:
        if slots.get(slot) is None:
            return slot
    if "which_symptoms" in facts.follow_ups_pending:
        return "which_symptoms"
    if needs_same_muscle(facts):
        return "same_muscle"
    return None


# Words of an answer that say nothing by themselves ("yes", "a bit of", "I get some").
_FILLER = {
    "yes", "yeah", "yep", "yup", "yea", "ya", "y", "sure", "ok", "okay", "well", "um", "erm", "uh",
    "hmm", "i", "im", "i'm", "ive", "i've", "get", "got", "have", "having", "had", "some", "a", "an",
    "the", "bit", "little", "of", "and", "also", "too", "as", "well", "like", "kind", "kinda", "sort",
    "just", "really", "quite", "maybe", "think", "so", "there", "is", "are", "it", "its", "it's",
    "been", "lately", "sometimes", "other", "symptoms", "symptom", "one", "ones", "few", "couple",
    "do", "does", "did", "my", "me", "with", "on", "in", "at", "to", "for", "from", "that", "this",
    "thing", "things", "stuff", "lol", "tbh", "ngl", "idk", "please", "thanks", "thank", "you",
    "something", "else", "anything", "yes,", "mentioned", "said", "above", "that's", "thats", "all",
}


def symptom_words(text: str) -> Optional[str]:
    """The person's own words when an answer names something beyond yes/no ("a bit of
    a headache"), else None."""
    plain = _plain(text)
    content = [w for w in plain.split() if w not in _FILLER and len(w) > 2 and not w.isdigit()]
    return _user_words(text) if content else None


# What explains tiredness: a cause named with it ("from work", "night shifts", "the baby")
_TIREDNESS_EXPLAINED = re.compile(
    r"\b(?:from|because|cause|cos|after|since|due|thanks to|with|night|nights|shift|shifts|baby|kids?|"
    r"work|working|job|exam|exams|revision|study|studying|stress|stressed|gym|training|running|"
    r"sleep|slept|sleeping|insomnia|up late|late nights|partying|travel|jet ?lag)\b")


def _recognised(new: Facts) -> bool:
    """Did the answer name anything the vocabulary knows (a symptom, trigger..., or a
    twitch somewhere else: "my tongue seems to flicker" is tongue twitching)?"""
    return bool(new.symptoms or new.triggers or new.conditions or new.impacts or new.emergency_signs
                or new.movements)


def _answer_which_symptoms(facts: Facts, new: Facts, text: str, kind: Optional[str]) -> bool:
    """Apply the answer to "which other symptoms?" (asked once; any answer closes it).

    A symptom the vocabulary knows is recorded as such (a clarified "pins in my feet" ->
    numbness or tingling, with the earlier words as its evidence). Words it does not
    know stay an unrecognised symptom, quoted as they were said. A "not sure" after a
    "yes" keeps the yes: something else is going on, and that leads to a provider.
    """
    facts.follow_ups_pending = [s for s in facts.follow_ups_pending if s != "which_symptoms"]
    facts.follow_ups_done = _union(facts.follow_ups_done, ["which_symptoms"])
    known = [c for c in new.symptoms if new.symptoms[c] == "present"]
    if known:
        pending = facts.unrecognised_symptoms[-1:] if facts.unrecognised_symptoms else []
        for words in pending:
            if not any(words in facts.evidence.get(c, []) for c in known):
                facts.unrecognised_symptoms.remove(words)
                facts.add_evidence(known[0], words)
        return True
    if _recognised(new) or kind == "deny":
        return True
    words = symptom_words(text)
    if words and not facts.unrecognised_symptoms:
        facts.unrecognised_symptoms.append(words)
    elif words and words not in facts.unrecognised_symptoms:
        facts.unrecognised_symptoms.append(words)
    elif not facts.unrecognised_symptoms:
        facts.unrecognised_symptoms.append("other symptoms, not named")
    return True


def _answer_same_muscle(facts: Facts, text: str, kind: Optional[str]) -> bool:
    facts.follow_ups_done = _union(facts.follow_ups_done, ["same_muscle"])
    if kind == "affirm" or re.search(r"\bsame (?:spot|place|muscle|area|bit)\b", _plain(text)) and kind != "deny":
        facts.patterns = _union(facts.patterns, ["same_spot"])
        words = _user_words(text)
        facts.add_evidence("same_spot", words if words and not words.startswith("/") else "always the same spot")
    return True


_QUESTION_START = re.compile(
    r"^\s*(?:what|why|how|is|are|am|can|could|does|do|did|should|shall|will|would|which|who|"
    r"whats|what's|hows|isn'?t|aren'?t|won'?t)\s", re.IGNORECASE)


def is_question(text: str) -> bool:
    """Whether a message asks something ("is this ALS?") rather than answers.

    The classifier sometimes files answers such as "no, strength is normal" under a
    question about what is normal; a question mark or a question word at the start
    is what tells a real question apart.
    """
    plain = (text or "").strip()
    return plain.endswith("?") or opens_as_question(plain)


def opens_as_question(text: str) -> bool:
    """Whether the first word is a question word ("what is that flicker", "does bfs ...")."""
    return bool(_QUESTION_START.match(text or ""))


def interrupts(intent: Optional[str], text: str) -> bool:
    """Whether a message leaves the interview instead of answering it.

    An emergency does when the words name an emergency sign (the NLU component then
    forces ``report_emergency``); when only the classifier thought so, the emergency
    action gives the emergency signs to watch for and the message is taken as an answer.
    Stopping, a goodbye or asking for the summary only when the words say so.
    """
    base = (intent or "").split("/")[0]
    plain = _plain(text)
    if base in FORGET_INTENTS:  # issue 16: asking to delete the conversation
        return asks_to_forget(text)
    if base == "report_emergency":
        return bool(detect_emergency(text))
    if base in ("stop", "goodbye"):
        return _leaves(plain)
    if base == "request_summary":
        return bool(_SUMMARY_CUES.search(plain))
    return False


def _leaves(plain: str) -> bool:
    """Whether words the classifier read as "stop" or "goodbye" really leave.

    A farewell or "stop asking" always does. A softer cue ("done", "finished", "the
    end", "stopping") does only when the message says nothing about the muscles:
    "no weakness, I finished the walk fine" and "near the end of the bug" are answers.
    """
    if _FIRM_STOP_CUES.search(plain):
        return True
    soft = _DENIED_STOP.sub(" ", plain)
    if not _STOP_CUES.search(soft):
        return False
    return not _has_content(extract_facts(plain))


def steps_aside(intent: Optional[str], text: str, understood: bool,
                just_stepped_aside: bool = False) -> bool:
    """Whether the interview lets the rules handle this message instead of taking it
    as an answer. Asides are handled once; a second one in a row is taken as an
    answer (noted as "not sure" if unreadable), so a question is never asked a third
    time."""
    if interrupts(intent, text) or not (text or "").strip():
        return True
    if intent in ASIDE_INTENTS and not just_stepped_aside:
        return is_question(text) or not understood
    return False


def mark_unknown(facts: Facts, slot: str) -> None:
    """Record "not sure" for an interview slot (so that it is never asked again)."""
    if slot not in facts.unknown_answers:
        facts.unknown_answers.append(slot)
    name = SLOT_FIELDS.get(slot)
    if name in SINGLE_VALUED and not _is_set(getattr(facts, name)):
        setattr(facts, name, UNKNOWN)


# -------------------------------------------------------------------- update
def _entity_key(entity: Mapping[str, Any]) -> tuple:
    return entity.get("entity"), entity.get("start"), entity.get("end")


def combine_entities(*groups: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Entities of several extractors, deduplicated.

    Groups are given in order of trust: of two overlapping spans with the same
    label, the one from the earlier group stays; within a group the longer one
    (the first given on a tie). The interview passes our deterministic pattern
    entities first, so a learned entity only adds what the patterns missed and a
    ragged learned span ("slurred speech or") never replaces a clean one.
    """
    ranked: List[tuple] = []
    for rank, group in enumerate(groups):
        ranked.extend((rank, dict(e)) for e in group or [] if isinstance(e, Mapping) and e.get("entity"))

    def length(e: Mapping[str, Any]) -> int:
        s, t = e.get("start"), e.get("end")
        return (t - s) if isinstance(s, int) and isinstance(t, int) else 0

    kept: List[Dict[str, Any]] = []
    seen = set()
    for _, entity in sorted(ranked, key=lambda re_: (re_[0], -length(re_[1]))):  # stable
        key = _entity_key(entity)
        if key in seen:
            continue
        s, t = entity.get("start"), entity.get("end")
        overlaps = isinstance(s, int) and isinstance(t, int) and any(
            k["entity"] == entity["entity"] and isinstance(k.get("start"), int)
            and isinstance(k.get("end"), int) and k["start"] < t and s < k["end"] for k in kept
        )
        if not overlaps:
            kept.append(entity)
            seen.add(key)
    return sorted(kept, key=lambda e: e.get("start") if isinstance(e.get("start"), int) else 0)


def _denied_locations(entities: List[Dict[str, Any]], text: str) -> List[str]:
    denied = []
    for entity in entities:
        if entity.get("entity") != "body_location":
            continue
        role = entity.get("role")
        s, t = entity.get("start"), entity.get("end")
        if role == ABSENT or (role is None and isinstance(s, int) and isinstance(t, int)
                              and status_of(text, s, t) == ABSENT):
            denied.append(str(entity.get("text") or entity.get("value") or "").lower())
    return denied


def _has_content(facts: Facts) -> bool:
    data = facts.to_dict()
    data.pop("evidence", None)
    data.pop("subject", None)  # whose twitch it is says nothing by itself
    return any(bool(v) for v in data.values())


# An answer that says what the person can no longer do, or not as well
_DIFFICULTY = re.compile(
    r"\b(?:can'?t|cannot|can not|couldn'?t|unable to|struggl\w* (?:to|with)|hard(?:er)? to|"
    r"difficult(?:y)? (?:to|with|\w+ing)|(?:trouble|problems?) (?:with|\w+ing)|"
    r"not as (?:well|strong|good|easy|easily|long|high|far)|(?:a lot |much |bit )?weaker|"
    r"worse (?:than|on)|less (?:than|on)|harder (?:than|on)|gives? way|gave way)\b")
_NOT_A_DIFFICULTY = re.compile(
    r"\b(?:can'?t|cannot|couldn'?t) (?:tell|say|remember|be sure|really say|really tell|notice|think|decide)\b|"
    # "the strength seems alright, it's the stiffness that's the trouble"
    r"\b(?:strength|strong|grip)\b(?:\W+\w+){0,3}?\W+(?:fine|ok|okay|alright|all right|normal|good|same|"
    r"as usual|as ever|no problem)\b")


def _says_a_difficulty(text: str) -> bool:
    plain = normalise(text or "")
    match = _DIFFICULTY.search(plain)
    if not match or _NOT_A_DIFFICULTY.search(plain):
        return False
    return status_of(plain, match.start(), match.end()) != ABSENT


def _answer_slot(facts: Facts, new: Facts, slot: str, text: str, kind: Optional[str]) -> bool:
    """Apply a bare answer to the requested slot; True when the slot got something."""
    if slot == "weakness":
        if any(c in new.symptoms for c in WEAKNESS_CODES):
            return True
        if kind is None and _says_a_difficulty(text):
            # the answer to "any weakness?" names something the person cannot do as
            # well ("cant go up on my right tiptoes as well as the left"): that is a yes
            kind = "affirm"
        if kind == "affirm":
            facts.symptoms["weakness"] = "present"
            facts.add_evidence("weakness", _user_words(text) or "yes")
        elif kind == "deny":
            facts.symptoms["weakness"] = "absent"
        elif kind == "dont_know":
            facts.symptoms["weakness"] = UNKNOWN
            facts.unknown_answers = _union(facts.unknown_answers, ["weakness"])
        return kind is not None
    if slot == "other_symptoms":
        plain = _plain(text)
        if _NO_OTHER_SYMPTOMS.search(plain) or _NOTHING_BESIDES.search(plain):  # "just sore, nothing else"
            facts.other_symptoms_answered = True
            return True
        if any(c not in WEAKNESS_CODES for c in new.symptoms) or kind == "deny":
            facts.other_symptoms_answered = True
            return True
        if any(c in new.symptoms for c in WEAKNESS_CODES):
            facts.other_symptoms_answered = True
            return True
        if kind == "dont_know":
            facts.unknown_answers = _union(facts.unknown_answers, ["other_symptoms"])
            return True
        if new.triggers == ["tiredness_sleep"] and not _TIREDNESS_EXPLAINED.search(_plain(text)):
            # "the tiredness", offered as a symptom with no cause: unexplained tiredness is
            # an additional symptom, not the lack-of-sleep trigger
            facts.unrecognised_symptoms = _union(facts.unrecognised_symptoms, [_user_words(text)])
            facts.other_symptoms_answered = True
            return True
        if _recognised(new):
            facts.other_symptoms_answered = True  # "just tired from work": a trigger, no symptom
            return True
        words = symptom_words(text)
        if words:
            # Unknown is not absent: "a bit of a headache" is noted in the person's words,
            # and one short question tries to match it to what the articles describe.
            facts.unrecognised_symptoms = _union(facts.unrecognised_symptoms, [words])
        if words or kind == "affirm":
            facts.other_symptoms_answered = True
            facts.follow_ups_pending = _union(facts.follow_ups_pending, ["which_symptoms"])
            return True
        return False
    name = SLOT_FIELDS.get(slot)
    if name is None:
        return False
    if getattr(new, name):
        return True
    if kind == "dont_know":
        if name == "locations":
            facts.unknown_answers = _union(facts.unknown_answers, [slot])
        elif not _is_set(getattr(facts, name)):
            setattr(facts, name, UNKNOWN)
            facts.unknown_answers = _union(facts.unknown_answers, [slot])
        return True
    words = _user_words(text)
    if not words:
        return False
    if name == "locations" and _looks_like_location(words):
        facts.locations = _union(facts.locations, [words])
        return True
    if name == "onset" and looks_like_time(words):
        facts.onset = words
        facts.onset_days, kind_ = parse_onset(words)
        facts.onset_kind = kind_ or facts.onset_kind
        return True
    if name == "frequency" and looks_like_frequency(words):
        facts.frequency, facts.frequency_code = words, parse_frequency(words)
        return True
    if name == "duration" and looks_like_time(words):
        facts.duration = words
        return True
    return False


def _answer_onset_kind(facts: Facts, text: str, kind: Optional[str]) -> bool:
    """Apply the answer to "did it start suddenly?"; the slot closes whatever it says."""
    said = facts.onset_kind if facts.onset_kind in ("sudden", "gradual") else onset_kind(text)
    if not said and kind == "affirm":
        said = "sudden"
    elif not said and kind == "deny":
        said = "gradual"
    facts.onset_kind = said or UNKNOWN
    if said:
        words = _user_words(text)
        if not words or words.startswith("/"):  # a button
            words = "started suddenly" if said == "sudden" else "came on gradually"
        facts.add_evidence(said, words)
    return True


def update(
    previous: Union[Facts, Mapping[str, Any], None],
    text: str,
    intent: Optional[str] = None,
    entities: Optional[List[Mapping[str, Any]]] = None,
    requested_slot: Optional[str] = None,
) -> InterviewUpdate:
    """Fold one user message into the facts; see the module docstring."""
    if isinstance(previous, Facts):
        before = Facts.from_dict(previous.to_dict())
    else:
        before = Facts.from_dict(dict(previous) if previous else None)
    text = text if isinstance(text, str) else ""
    base_intent = (intent or "").split("/")[0] or None
    if interrupts(base_intent, text):
        return InterviewUpdate(before, slots_from_facts(before), False)

    combined = combine_entities(extract_entities(text), entities or [])
    new = facts_from_entities(combined, text, before.subject)
    replace = set()
    if is_correction(text):
        replace.update(("locations",) + SINGLE_VALUED)
    field_name = SLOT_FIELDS.get(requested_slot or "")
    asking_kind = requested_slot == "twitch_onset" and asks_onset_kind(before)
    if field_name in SINGLE_VALUED and not (asking_kind and new.onset_days is None):
        replace.add(field_name)
    facts = merge(before, new, replace)
    denied = _denied_locations(combined, text)
    if denied:
        facts.locations = [loc for loc in facts.locations
                           if loc.lower() not in denied or loc in new.locations]

    kind = answer_kind(text, base_intent)
    if _NO_OTHER_SYMPTOMS.search(_plain(text)):
        facts.other_symptoms_answered = True
    if asking_kind:
        understood = _answer_onset_kind(facts, text, kind)
    elif requested_slot == "which_symptoms":
        understood = _answer_which_symptoms(facts, new, text, kind)
    elif requested_slot == "same_muscle":
        understood = _answer_same_muscle(facts, text, kind)
    elif requested_slot in INTERVIEW_SLOTS:
        understood = _answer_slot(facts, new, requested_slot, text, kind)
        if requested_slot == "twitch_onset" and _is_set(facts.onset) and not facts.onset_kind:
            facts.onset_kind = UNKNOWN  # asked once; the answer did not say how it began
        _forget_resolved_unknowns(facts)
        if understood and requested_slot not in slots_from_facts(facts):
            # Read, but it still does not answer the question: never ask it again as if
            # nothing was said (the caller notes "not sure" and says how to correct it).
            understood = False
    else:
        understood = _has_content(new)
    return InterviewUpdate(facts, slots_from_facts(facts), understood)


__all__ = ["InterviewUpdate", "update", "merge", "slots_from_facts", "asks_onset_kind", "interrupts", "answer_kind",
           "next_question", "needs_same_muscle", "symptom_words",
           "is_correction", "is_question", "steps_aside", "combine_entities", "WEAKNESS_CODES"]
