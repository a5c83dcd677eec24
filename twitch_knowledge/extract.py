"""From a message to entities and `Facts`.

* `extract_entities(text, nlp=None)`: the spaCy vocabulary patterns as
  Rasa-shaped entities ``{entity, value, start, end, text, role?, extractor}``.
  Coded entities carry the code as value, the others the user's words; the
  role is ``"absent"``/``"uncertain"`` from `negation.status_of` for symptom,
  condition, trigger, movement and impact (present: no role).
* `facts_from_entities(entities, text)`: `Facts` from entities (ours, Rasa's
  DIET ones or both); statuses from the role when given, else computed.
* `extract_facts(text)`: both steps.

Beyond the vocabulary patterns, `facts_from_entities` applies a few text rules:
a place whose twitching is denied after it is named ("my tongue doesn't
twitch", "my tongue is fine") is not a location; "weak" typed for "week"
("since last weak") is not weakness; a negated frequency ("then nothing all
day") is dropped; cramps that are present make the movement a cramp; a leg,
knee, ankle or foot that shakes or bounces is rhythmic jerking (clonus); and
"twitching a lot" is a frequency.

All three never raise: empty, huge (20,000+ chars), emoji, HTML, control
characters or non-English text simply give fewer facts.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional

from .context import RESOLVED_RX, contexts, mask_expected_over
from .emergency import detect_emergency
from .facts import Facts
from .negation import ABSENT, PRESENT, UNCERTAIN, clause_bounds, clause_words, normalise, status_of
from .spelling import correct
from .sign_words import tight_not_spasticity
from .timeparse import looks_like_frequency, looks_like_time, parse_frequency, parse_onset
from .vocabulary import (
    CODED_LABELS,
    ENTITY_LABELS,
    TONGUE_RX,
    body_part_words,
    code_for,
    is_tongue,
    section_phrases,
    whole_body_phrases,
)

EXTRACTOR = "twitch_patterns"
MAX_CHARS = 100_000  # longer messages are read up to here
NEGATABLE = ("symptom", "condition", "trigger", "movement", "impact")
# movements that are also symptoms of their own
MOVEMENT_SYMPTOMS = {"stiffness": "stiffness", "cramp": "cramps"}
TONGUE = TONGUE_RX  # "tongue", "tounge", "tung"...
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^<>]{0,200}>")
_TRAILING_CONJUNCTION = re.compile(r"(?:\s+(?:and|but|or|so|because))+$", re.I)
_LEADING_POSSESSIVE = re.compile(r"^(?:my|the)\s+", re.I)

Entity = Dict[str, Any]

# A place whose twitching is denied after it is named: "my tongue doesn't twitch",
# "I check my tongue every day and it isn't twitching", "my calf has never jumped".
# (Denials before the place, "no twitching in my tongue", are negation.status_of's.)
_TWITCH_WORD = re.compile(
    r"\b(?:twi\w*ch\w*|twich\w*|flicker\w*|jump\w*|rippl\w*|flutter\w*|quiver\w*|spasm\w*|"
    r"jerk\w*|fascic\w*|worms?)\b"
)
# "isn't twitching as much" / "doesn't twitch anymore": it did twitch, keep the place
_NOT_FULLY = r"(?!\s+(?:as\s+(?:much|often|bad|badly)|any\s?more|so\s+(?:much|often)|now|today|at\s+the\s+moment|like\s+(?:before|it\s+did)|right\s+now|since))"
_DENIES_TWITCH = re.compile(
    r"\b(?:(?:does|did|do|is|was|has|have|had)\s+not|doesn'?t|didn'?t|don'?t|isn'?t|wasn'?t|"
    r"hasn'?t|haven'?t|never|not)\s+(?:(?:been|be|ever|seem|seems|appear|appears|even|really|"
    r"actually|at|all)\s+){0,3}" + _TWITCH_WORD.pattern + _NOT_FULLY
)
# The tongue looking fine is a denial of tongue twitching ("my tongue is fine").
_TONGUE_FINE = re.compile(
    r"^\s*(?:is|looks|seems|feels|appears|has been|has looked|'s)\s+(?:(?:totally|completely|"
    r"perfectly|absolutely|all|still|quite|really|pretty)\s+)?(?:fine|normal|ok|okay|alright|all right|"
    r"good|still|calm|quiet|unaffected|clear)\b"
)
# ... or later in the same clause, with "it" and no twitch word in between: "I've
# checked my tongue in the mirror a hundred times and it's completely still".
_TONGUE_FINE_LATER = re.compile(
    r"^(?:(?!twitch|jump|flicker|quiver|wriggl|ripple|flutter|spasm|jerk|shak|mov)[^.!?;])"
    r"{0,70}?\b(?:it'?s|it is|it looks|it seems|it stays|it remains|it was)\s+"
    r"(?:(?:totally|completely|perfectly|absolutely|dead|quite|really|pretty)\s+)?"
    r"(?:fine|normal|ok|okay|still|calm)\b"
)
_CLAUSE_END = re.compile(r"[.!?;\n]|\b(?:but|however|although|though|except|whereas|while)\b")
_LOCATION_GAP_WORDS = 10

# "week" typed as "weak": "since last weak", "for a weak now", "2 weaks ago"
_TIME_BEFORE = {"last", "past", "next", "per", "every", "each", "this"}
_TIME_NUMBERS = {"few", "couple", "several", "two", "three", "four", "five", "six", "seven",
                 "eight", "nine", "ten", "many", "some"}
_TIME_ANCHORS = {"for", "about", "around", "over", "nearly", "almost", "like", "than", "within",
                 "in", "only", "just", "least", "under", "past", "once", "twice", "since", "after"}
_TIME_AFTER = re.compile(r"^\s*(?:$|[.,!?;:)\-]|ago\b|now\b|or\s+so\b|or\s+two\b|back\b|"
                         r"and\s+a\s+half\b|straight\b|running\b|since\b|before\b|later\b)")

# Shaking or bouncing of a leg, knee, ankle or foot is rhythmic jerking (clonus) until a
# clinician says otherwise: "my foot shakes on the pedal", "my knee bounces and won't stop".
_LIMB = (r"(?:foot|feet|ankles?|ankels?|knees?|legs?|leggs?|calf|calves|heels?|toes?|thighs?|"
         r"shins?)")
_SHAKE = r"(?:shak(?:e|es|ing|eing|in|en)|shook|bounc(?:e|es|ing|ed)|judder\w*|trembl(?:e|es|ing|ed))"
_LIMB_SHAKE = [re.compile(rf"\b{_LIMB}\b(?P<gap>(?:\W+\w+){{0,6}}?)\W+(?P<sign>{_SHAKE})\b"),
               re.compile(rf"\b(?P<sign>{_SHAKE})\b(?P<gap>(?:\W+\w+){{0,4}}?)\W+{_LIMB}\b")]


# Words that look like a sign but, in their context, are not one (phrase families, each
# with its reason). Checked on every entity, learned or pattern, in facts_from_entities.
# "close my eyes tight", "hold on tight", "sleep tight": an adverb of effort, not stiffness
_TIGHT_ADVERB = re.compile(
    r"\b(?:clos\w*|shut\w*|squeez\w*|hold\w*|held|grip\w*|clench\w*|clasp\w*|hug\w*|"
    r"tie|ties|tied|pull\w*|screw\w*|sleep\w*|slept|press\w*|wrap\w*|strap\w*)"
    r"(?:\s+[a-z']+){0,3}\s+$")
# "my calf seized up with a charley horse": with a cramp named, seizing up is the cramp
_SEIZED = re.compile(r"\b(?:seiz|lock)\w*\s+up\b")
_CRAMP_WORD = re.compile(r"\b(?:cramp\w*|charl(?:ey|ie)\s+horses?)\b")
# "it's the baby that wakes me", "the dog keeps me up": the person names another cause
_OTHER_CAUSE = re.compile(
    r"\b(?:baby|babies|newborn|toddler|kids?|children|child|son|daughter|dog|cat|puppy|"
    r"partner|husband|wife|snoring|neighbou?rs?|noise|alarm|work|job|shifts?|exams?|"
    r"heat|pain|cough|bladder|loo|toilet)\b(?:'s)?(?:\s+(?:that|who|which))?"
    r"(?:\s+[a-z']+){0,2}\s*$")
# "my voice was hoarse for a week, but that's gone now": the flag is a hoarseness that lasts
_RESOLVED = re.compile(
    r"^[^.!?\n]{0,80}?\b(?:but|and)\s+(?:it|this|that|that's|it's|its|thats)?\s*"
    r"(?:is|was|has|'s)?\s*(?:been\s+)?(?:finished|gone|over|better|cleared(?:\s+up)?|passed|"
    r"resolved|fine|normal|back to normal)\b"
    r"|^[^.!?\n]{0,40}?\b(?:when|while|during)\s+(?:i|we)\s+(?:had|was|got)\s+(?:a\s+|the\s+)?"
    r"(?:flu|cold|virus|chest infection|covid|sore throat|laryngitis)\b")
# "I'm running on broken sleep" (a new baby): a state of sleep is lack of sleep, a
# trigger, unless the same sentence ties it to the twitching ("the twitching gives me
# broken sleep")
_SLEEP_STATE = re.compile(r"^(?:disrupted|broken|interrupted|disturbed|bad)\s+sleep$")
# "a smaller one on Sunday": "one" is an episode, not a muscle
_SMALLER_ONE = re.compile(r"^\s*ones?\b")
# "my uncle died of ALS two years ago", "diagnosed with MS in 2015": the time of another
# event, not when the twitching began
_OTHER_EVENT = re.compile(r"\b(?:died|dead|passed\s+away|funeral|diagnos\w*|injur\w*|accident|surgery|"
                          r"operation|op|broke|broken|fractur\w*|stroke|crash|baby|pregnan\w*|"
                          r"born)\b(?:\W+\w+){0,4}\W*$")


# "since the baby was born ... 5 months", "ever since the accident": the event is when
# the twitching began, so its date is the twitch's
_SINCE_EVENT = re.compile(r"\b(?:since|ever since|started (?:after|when)|began (?:after|when)|after)\b"
                          r"(?:\W+\w+){0,4}?\W+(?:born|birth|baby|accident|crash|surgery|operation|op|injury|"
                          r"covid|flu|virus|pregnan\w*|vaccine|jab)\b")


# "can't concentrate", "cannot focus", "unable to concentrate"
_CANT_FOCUS = re.compile(r"\b(?:can'?t|cannot|can not|couldn'?t|unable to|hard to|struggl\w* to) "
                         r"(?:\w+ )?(?:concentrat\w*|focus\w*)\b")
# what concentrating is needed for: work, school, a screen, driving...
_DAILY_ACTIVITY = re.compile(
    r"\b(?:work\w*|job|office|shift|meetings?|school|class\w*|lectures?|stud\w*|exams?|homework|"
    r"screen|computer|laptop|read\w*|driv\w*|anything|everything|the day|my day)\b")


def cant_concentrate(text: str) -> Optional[str]:
    """The person's words when they cannot concentrate on what they do because of the
    twitch: "can't concentrate", "unable to focus"... not denied, with an activity, the
    twitch or a part of the body in the same sentence ("can't concentrate at work",
    "can't focus when my eyelid goes"). In the vocabulary "can't concentrate" is
    confusion's words; it is also the daily-life sign (confusion stays)."""
    norm = normalise(text)
    for match in _CANT_FOCUS.finditer(norm):
        if status_of(norm, match.start(), match.end()) == ABSENT:
            continue
        lo = max(norm.rfind(c, 0, match.start()) for c in ".!?\n") + 1
        hi = min([i for i in (norm.find(c, match.end()) for c in ".!?\n") if i >= 0] or [len(norm)])
        sentence = norm[lo:hi]
        if _DAILY_ACTIVITY.search(sentence) or _TWITCH_WORD.search(sentence) or (
                set(re.findall(r"[a-z]+", sentence)) & body_part_words()):
            return text[match.start():match.end()] if len(norm) == len(text) else norm[match.start():match.end()]
    return None


def context_veto(label: str, code: Optional[str], text: str, start: int, end: int) -> Optional[str]:
    """"skip" when the words at ``[start, end)`` are, in their context, not the sign
    their vocabulary suggests, "absent" when they say it is over, "trigger" when a
    lost-sleep impact is a lack of sleep; else None."""
    lo = max(0, start - 200)  # the window the checks read, not the whole message
    norm = normalise(text[lo:end + 200])
    start, end = start - lo, end - lo
    before = norm[max(0, start - 60):start]
    sentence_start = max(norm.rfind(c, 0, start) for c in ".!?\n") + 1
    sentence = norm[sentence_start:start] + " " + norm[end:end + 120].split(".")[0]
    words = norm[start:end]
    if code == "stiffness":
        if words.strip() in ("tight", "tightly") and _TIGHT_ADVERB.search(before):
            return "skip"
        if tight_not_spasticity(text, lo + start, lo + end):
            return "skip"  # a lone "tight" after a run or with a cramp is not spasticity
        if _SEIZED.search(words) and _CRAMP_WORD.search(sentence):
            return "skip"
    if label == "impact" and _OTHER_CAUSE.search(before):
        return "skip"
    if label == "impact" and _SLEEP_STATE.match(words.strip()) and not _TWITCH_WORD.search(
            norm[sentence_start:end + 120].split(".")[0]):
        return "trigger"
    if code == "hoarseness" and (_RESOLVED.match(norm[end:end + 160]) or _RESOLVED.match(
            norm[sentence_start:start])):
        return "absent"
    if code == "muscle_wasting" and words.strip().endswith("smaller") and _SMALLER_ONE.match(norm[end:end + 8]):
        return "skip"
    if label == "onset" and (_OTHER_EVENT.search(norm[sentence_start:start]) or _OTHER_EVENT.search(words + " ")) \
            and not _SINCE_EVENT.search(norm[sentence_start:start]):
        return "skip"
    return None


# Tiredness the person cannot explain is a symptom, not the lack-of-sleep trigger.
_UNEXPLAINED = re.compile(
    r"\b(?:even (?:tho|though|tho'|if) i(?:'?m| am)? (?:sleep|slept|get|rest|getting)|despite (?:sleeping|sleep|getting|resting)|"
    r"no (?:idea|clue|reason) why|for no (?:reason|apparent reason)|don'?t know why i'?m|"
    r"\bi (?:sleep|slept|get|got) (?:fine|well|plenty|enough|loads|8|9|10|eight|nine|ten)\b|"
    r"(?<!not )(?<!n't )(?:8|9|10|eight|nine|ten) hours?(?: of)? sleep|"
    r"no matter how much i sleep|can'?t explain)\b")


def _unexplained(text: str, start: int, end: int) -> bool:
    norm = normalise(text)
    lo = max(norm.rfind(c, 0, start) for c in ".!?\n") + 1
    hi = min([i for i in (norm.find(c, end) for c in ".!?\n") if i >= 0] or [len(norm)])
    return bool(_UNEXPLAINED.search(norm[lo:hi]))


def _clean(text: str) -> str:
    """Same-length text safe for the tokenizer: control characters become spaces."""
    return _CONTROL.sub(" ", text.replace("’", "'"))


# "twitching a lot", "it jumps loads": how often, in words the patterns leave alone
# (a bare "a lot" is too loose: "a lot of coffee")
_A_LOT = re.compile(
    r"\b(?:twi\w*ch\w*|twich\w*|jump\w*|flicker\w*|happen\w*|spasm\w*|cramp\w*|flutter\w*|"
    r"rippl\w*|go(?:es)?|going)\s+(?:(?:so|really|quite|very|such|soo+)\s+)?"
    r"(?P<f>a\s+lot|alot|loads|lots|a\s+ton|tons|heaps|like\s+crazy|like\s+mad)\b(?!\s+of\b)"
)


def _a_lot_entities(text: str, clean: str, taken: List[tuple]) -> List[Entity]:
    found: List[Entity] = []
    for match in _A_LOT.finditer(clean.lower()):
        start, end = match.start("f"), match.end("f")
        if any(s < end and start < e for s, e in taken):
            continue
        words = text[start:end]
        found.append({"entity": "frequency", "value": words, "start": start, "end": end,
                      "text": words, "extractor": EXTRACTOR})
    return found


def _clause_after(norm: str, end: int) -> str:
    """Text after a mention up to the end of its clause (sentence, "but", ...)."""
    right = norm[end:end + 200]
    stop = _CLAUSE_END.search(right)
    return right[: stop.start()] if stop else right


def location_denied(text: str, start: int, end: int) -> bool:
    """Is the twitching of the place ``text[start:end]`` denied after it is named?

    "my tongue doesn't twitch", "I look at my tongue in the mirror and it never
    moves", "my tongue is fine". Another place or a twitch word in between stops it:
    "my calf twitches, my arm doesn't" keeps the calf.
    """
    try:
        norm = normalise(text)
        right = _clause_after(norm, end)
        if is_tongue(text[start:end]) and (_TONGUE_FINE.match(right) or _TONGUE_FINE_LATER.match(right)):
            return True
        denial = _DENIES_TWITCH.search(right)
        if not denial:
            return False
        gap = right[: denial.start()]
        words = re.findall(r"[a-z']+", gap)
        if len(words) > _LOCATION_GAP_WORDS or _TWITCH_WORD.search(gap):
            return False
        body = body_part_words()
        return not any(w in body or w.rstrip("s") in body for w in words)
    except Exception:  # pragma: no cover - defensive
        return False


def weak_means_week(text: str, start: int, end: int) -> bool:
    """Is "weak" at ``[start, end)`` a typo of "week" ("since last weak", "a weak ago")?"""
    try:
        norm = normalise(text)
        if norm[start:end].strip() not in ("weak", "weaks"):
            return False
        before = re.findall(r"[a-z0-9']+", norm[max(0, start - 40):start])
        if not before or not _TIME_AFTER.match(norm[end:end + 20]):
            return False
        prev = before[-1]
        prev2 = before[-2] if len(before) > 1 else ""
        if prev in _TIME_BEFORE or prev in _TIME_NUMBERS or prev.isdigit():
            return prev != "this" or prev2 in _TIME_ANCHORS
        return prev in ("a", "an", "one") and prev2 in _TIME_ANCHORS
    except Exception:  # pragma: no cover - defensive
        return False


def _limb_shaking(text: str) -> Optional[str]:
    """The user's words when a leg, knee, ankle or foot shakes or bounces (not denied)."""
    norm = normalise(text)
    for rx in _LIMB_SHAKE:
        for match in rx.finditer(norm):
            if re.search(r"[.!?;,\n]|\b(?:and|but|or|so|because|then|while|when)\b", match.group("gap")):
                continue
            if status_of(norm, match.start("sign"), match.end("sign")) == ABSENT:
                continue
            lo, hi = clause_bounds(text, match.start("sign"), match.end("sign"), max_chars=60)
            return " ".join(text[lo:hi].split()) or text[match.start():match.end()]
    return None


# Rhythm in the person's own words: a beat written out ("tac tac tac", "boom-boom-boom"),
# or a part that goes on jumping until something stops it ("jumping without stop when I
# put my foot on the floor"): repeated jerking, not a single twitch.
_BEATS = re.compile(r"\b([a-z]{1,5})(?:[\s\-]+\1\b){2,}")
_NOT_BEATS = {"no", "so", "very", "ha", "haha", "lol", "la", "x", "xx", "xo", "omg", "pls", "help", "ok",
              "hi", "hey", "bye", "yes", "yeah", "nah", "and", "the", "i", "a", "it", "is", "ugh", "argh",
              "ah", "oh", "eh", "um", "uh", "hm", "hmm"}
_RELENTLESS = re.compile(
    rf"\b{_LIMB}\b(?:\W+\w+){{0,4}}?\W+(?:jump\w*|bounc\w*|shak\w*|jerk\w*|tremb\w*)\s+(?:\w+\s+)?"
    r"(?:without (?:stop|stopping|a break)|non ?-?stop|and (?:won'?t|doesn'?t|does not|will not) stop|"
    r"until i (?:move|lift|shift|stand|press|push|put)|till i (?:move|lift|shift|stand|press|push|put))\b")


def _rhythm(text: str) -> Optional[str]:
    """The person's words when they describe a rhythm (see _BEATS), unless denied."""
    norm = normalise(text)
    for match in _BEATS.finditer(norm):
        if match.group(1) not in _NOT_BEATS:
            return text[match.start():match.end()]
    for match in _RELENTLESS.finditer(norm):
        if status_of(norm, match.start(), match.end()) != ABSENT:
            lo, hi = clause_bounds(text, match.start(), match.end(), max_chars=80)
            return " ".join(text[lo:hi].split()) or text[match.start():match.end()]
    return None


def _role(text: str, start: int, end: int, label: str) -> Optional[str]:
    if label not in NEGATABLE:
        return None
    status = status_of(text, start, end, label)
    return None if status == PRESENT else status


# What the NLU already read (`twitch_knowledge.analysis`): the entities of exact
# texts, so that the action server does not load spaCy to find them again.
_KNOWN_ENTITIES: "OrderedDict[str, List[Entity]]" = OrderedDict()
_KNOWN_MAX = 64
_known_lock = threading.Lock()
_recorders = threading.local()


def recording() -> list:
    """Start recording every `extract_entities` call of this thread; returns its list."""
    _recorders.calls = []
    return _recorders.calls


def stop_recording() -> None:
    _recorders.calls = None


def forget_readings() -> None:
    """Drop every remembered reading (message texts): "forget me"."""
    with _known_lock:
        _KNOWN_ENTITIES.clear()


def remember_entities(text: str, entities: List[Entity]) -> None:
    """Keep the result of `extract_entities(text)` computed elsewhere (the NLU)."""
    with _known_lock:
        _KNOWN_ENTITIES[text] = [dict(e) for e in entities]
        _KNOWN_ENTITIES.move_to_end(text)
        while len(_KNOWN_ENTITIES) > _KNOWN_MAX:
            _KNOWN_ENTITIES.popitem(last=False)


def extract_entities(text: str, nlp=None) -> List[Entity]:
    """Entities found by the vocabulary patterns, Rasa-shaped, in text order.

    Remembered for the latest texts (the same text always gives the same entities),
    and taken from what the NLU already found when it sent them (`analysis.adopt`).
    """
    try:
        if not isinstance(text, str) or not text.strip():
            return []
        with _known_lock:
            known = _KNOWN_ENTITIES.get(text) if nlp is None else None
        entities = [dict(e) for e in known] if known is not None else _extract_entities(text, nlp)
        if known is None and nlp is None:
            remember_entities(text, entities)
        calls = getattr(_recorders, "calls", None)
        if calls is not None:
            calls.append((text, [dict(e) for e in entities]))
        return entities
    except Exception:  # pragma: no cover - defensive: never break the conversation
        return []


def _extract_entities(text: str, nlp=None) -> List[Entity]:
    try:
        if nlp is None:
            from .nlp import load_pipeline

            nlp = load_pipeline()
        clean = _clean(text[:MAX_CHARS])
        # typos in the words that matter are read as the word ("weaknss"); offsets and
        # quotes stay those of what the person wrote
        fixed, to_original = correct(clean)
        doc = nlp(fixed)
        entities: List[Entity] = []
        for ent in doc.ents:
            label = ent.label_
            if label not in ENTITY_LABELS:
                continue
            start, end = to_original(ent.start_char), to_original(ent.end_char)
            read_as = fixed[ent.start_char:ent.end_char]  # the words as corrected
            if label == "onset" and re.match(r"\s+(?:old|of age)\b", clean[end:end + 12], re.I):
                continue  # "I'm 30 years old" is an age, not an onset
            if label == "body_location":
                # value = the body words: "my back" -> "back"
                lead = _LEADING_POSSESSIVE.match(clean[start:end])
                if lead and lead.end() < end - start:
                    start += lead.end()
            words = text[start:end]
            value = (ent.ent_id_ or code_for(label, read_as)) if label in CODED_LABELS else words
            if not value:
                continue
            entity: Entity = {"entity": label, "value": value, "start": start, "end": end,
                              "text": words, "extractor": EXTRACTOR}
            role = _role(clean, start, end, label)
            if role:
                entity["role"] = role
            entities.append(entity)
        extra = _a_lot_entities(text, clean, [(e["start"], e["end"]) for e in entities])
        if extra:
            entities = sorted(entities + extra, key=lambda e: e["start"])
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
    snippet = _CONTROL.sub(" ", _TAG.sub(" ", clause_words(text, start, end, 60)))
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


@lru_cache(maxsize=1)
def _pattern_regexes() -> List[tuple]:
    """One regex per pattern code (built once: the profile found them rebuilt per message)."""
    out = []
    for code, phrases in section_phrases("patterns").items():
        alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        out.append((code, re.compile(rf"(?<![\w'])(?:{alternation})(?![\w'])")))
    return out


def _find_patterns(text: str) -> List[str]:
    """Pattern codes (same_spot / widespread) worded in the text, unless denied; typos
    read as the words they stand for ("always the saem spot")."""
    norm = normalise(correct(text)[0])
    found = []
    for code, regex in _pattern_regexes():
        for match in regex.finditer(norm):
            if status_of(norm, match.start(), match.end()) != ABSENT:
                found.append(code)
                break
    return found


def _join(parts: Iterable[str]) -> Optional[str]:
    unique: List[str] = []
    for part in parts:
        _add(unique, part)
    return ", ".join(unique) if unique else None


# what tells whose twitching it is: where it is and what it does
_SUBJECT_LABELS = ("body_location", "movement")


def _contexts(entities: List[Entity], text: str) -> List[Any]:
    """The context of every entity (`twitch_knowledge.context`), in one pass."""
    spans, where = [], []
    for i, entity in enumerate(entities):
        start, end = entity.get("start"), entity.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end, str(entity.get("entity"))))
            where.append(i)
    found = contexts(text, spans) if spans else []
    result: List[Any] = [None] * len(entities)
    for i, ctx in zip(where, found):
        result[i] = ctx
    return result


def message_subject(entities: List[Entity], text: str) -> Optional[str]:
    """Whose twitching a message describes: "self", "other" ("my son's eyelid") or None."""
    ordered = sorted(entities or [], key=lambda e: (e.get("start") or 0))
    described = [(e, c) for e, c in zip(ordered, _contexts(ordered, text))
                 if e.get("entity") in _SUBJECT_LABELS and c is not None and c.current and not c.negated]
    if not described:
        return None
    return "other" if all(c.other_person for _, c in described) else "self"


_CLAUSE_SPLIT = re.compile(r"[.!?;,\n]|\b(?:and|but|so|because|cos|although|though|while|whereas)\b", re.I)
_TIME_COURSE = ("onset", "frequency", "duration")
_OF_THE_TWITCH = ("movement", "body_location")
_OF_SOMETHING_ELSE = ("trigger", "symptom", "condition", "impact")


def _clause_span(text: str, start: int, end: int) -> tuple:
    left = [m.end() for m in _CLAUSE_SPLIT.finditer(text, 0, start)]
    right = _CLAUSE_SPLIT.search(text, end)
    return (left[-1] if left else 0), (right.start() if right else len(text))


def time_of_something_else(entities: List[Entity], text: str, entity: Entity) -> bool:
    """Is a when / how often / how long about another thing named in its clause?

    "knackered all the time" says how often the person is tired, not how often the
    muscle twitches; "my dad had a stroke last year" dates the stroke. A clause that
    also names the twitch or the place keeps it ("my eyelid twitches all the time").
    """
    start, end = entity.get("start"), entity.get("end")
    if not (isinstance(start, int) and isinstance(end, int)):
        return False
    lo, hi = _clause_span(text, start, end)
    if RESOLVED_RX.search(mask_expected_over(normalise(text[lo:hi]))):
        return True  # "it's been totally fine for years": how long something has been over
    inside = [e for e in entities if e is not entity and isinstance(e.get("start"), int)
              and lo <= e["start"] and (e.get("end") or 0) <= hi]
    if any(e.get("entity") in _OF_THE_TWITCH for e in inside) or _TWITCH_WORD.search(normalise(text[lo:hi])):
        return False
    return any(e.get("entity") in _OF_SOMETHING_ELSE and e.get("value") not in MOVEMENT_SYMPTOMS.values()
               for e in inside)


def facts_from_entities(entities: List[Entity], text: str, subject: Optional[str] = None) -> Facts:
    """`Facts` described by one message's entities (plus emergency signs and patterns).

    Only current mentions about the person in question count (`context.MentionContext
    .counts`): "years ago I had weakness ... but that healed", "what if I get weak",
    and "my dad had a stroke last year" go to ``facts.history`` instead, and a past
    event never sets the twitch's onset. ``subject`` is whose twitching the
    conversation is about so far; a message that describes a twitch decides it.
    """
    facts = Facts()
    try:
        text = text[:MAX_CHARS] if isinstance(text, str) else ""
        # A coded mention that maps to no code says nothing (it is skipped below), and it
        # must not take part in the context either: a learned "movement" on "car crash"
        # became the ConText target of "in 2015 ... fine for years" and left the weak arm
        # of that sentence current (holdout6 hs06).
        entities = sorted((e for e in entities or [] if e.get("entity") not in CODED_LABELS or _code(e)),
                          key=lambda e: (e.get("start") or 0))
        own_subject = message_subject(entities, text)
        facts.subject = own_subject or subject
        about = facts.subject or "self"
        mention_contexts = _contexts(entities, text)
        onsets: List[str] = []
        frequencies: List[str] = []
        durations: List[str] = []
        whole_body = whole_body_phrases()
        for entity, ctx in zip(entities, mention_contexts):
            label = entity.get("entity")
            words = _words(entity, text)
            if not label or not words:
                continue
            if ctx is not None and not ctx.negated and not ctx.counts(about):
                # past, supposed or someone else's: noted, never a finding
                if label not in ("onset", "frequency", "duration", "body_location"):
                    _add(facts.history, evidence_words(text, entity))
                continue
            status = _status(entity, text) if label in NEGATABLE + ("body_location",) else PRESENT
            start, end = entity.get("start"), entity.get("end")
            spanned = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
            veto = context_veto(label, _code(entity), text, start, end) if spanned else None
            if veto == "skip":
                continue
            if veto == "absent":
                status = ABSENT
            if veto == "trigger":
                _add(facts.triggers, "tiredness_sleep")
                facts.add_evidence("tiredness_sleep", evidence_words(text, entity))
                continue
            if label == "body_location":
                if status == ABSENT or (spanned and location_denied(text, start, end)):
                    continue
                _add(facts.locations, words)
                if words.lower() in whole_body:
                    _add(facts.patterns, "widespread")
                if TONGUE.search(words):
                    facts.add_evidence("tongue_twitching", evidence_words(text, entity))
                continue
            if label in _TIME_COURSE and time_of_something_else(entities, text, entity):
                continue
            if label in _TIME_COURSE and entity.get("extractor") != EXTRACTOR and not looks_like_time(words) \
                    and not looks_like_frequency(words):
                continue  # a learned span that is only "since" or "on": no time at all
            if label == "onset":
                onsets.append(words)
                continue
            if label == "frequency":
                # "then nothing all day", "not constantly": a denied frequency says nothing
                if not (spanned and status_of(text, start, end) == ABSENT):
                    frequencies.append(words)
                continue
            if label == "duration":
                durations.append(words)
                continue
            code = _code(entity)
            if not code:
                continue
            if code == "weakness" and spanned and weak_means_week(text, start, end):
                continue  # "since last weak": a time, not weakness (the interview still asks)
            evidence = evidence_words(text, entity)
            if label == "symptom":
                _set_symptom(facts, code, status)
                if code == "cramps" and status == PRESENT:
                    _add(facts.movements, "cramp")  # "leg cramps": the movement is a cramp
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
                if code == "tiredness_sleep" and spanned and _unexplained(text, start, end):
                    # "exhausted all the time even tho i sleep 9 hours": not lack of sleep
                    _add(facts.unrecognised_symptoms, evidence_words(text, entity))
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
        distracted = cant_concentrate(text)
        if distracted:
            _add(facts.impacts, "daily_life")
            facts.add_evidence("daily_life", distracted)
        shaking = _limb_shaking(text) or _rhythm(text)
        if shaking:
            _add(facts.movements, "rhythmic_jerking")
            facts.add_evidence("rhythmic_jerking", shaking)
        for code, words in detect_emergency(text):
            _add(facts.emergency_signs, code)
            facts.add_evidence(code, words)
    except Exception:  # pragma: no cover - defensive
        pass
    return facts


def extract_facts(text: str, nlp=None) -> Facts:
    """Facts described by one message (pattern entities + negation + emergency signs)."""
    return facts_from_entities(extract_entities(text, nlp=nlp), text if isinstance(text, str) else "")


__all__ = ["extract_entities", "facts_from_entities", "extract_facts", "evidence_words", "remember_entities",
           "EXTRACTOR"]
