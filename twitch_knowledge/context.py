"""What a mention means in its context: now or in the past, real or supposed, whose.

`context_of(text, start, end, label)` and `contexts(text, spans)` give, for mentions at
character offsets, a `MentionContext` with five attributes:

* ``negated`` and ``uncertain``: from `negation.status_of`, the project's own NegEx
  rules (tuned on this assistant's cases; see that module for why not negspacy);
* ``historical``: past and over ("years ago i had bad weakness ... but that healed",
  "I used to get cramps", "as a kid");
* ``hypothetical``: supposed, feared or asked about ("what if I get weakness", "could
  it be a seizure", "signs of ALS");
* ``other_person``: someone else's ("my dad had a stroke last year", "my friend had
  twitching", "he didn't respond").

The last three come from medspaCy's ConText algorithm (the `medspacy` package, whose
release 1.2.0 supports spaCy 3.4) run with this project's own editable rules,
``context_rules.json``, not medspaCy's clinical defaults: those are written for
clinical notes, and on chat messages their sentence-wide scope negated "calf" in
"no weakness in my legs, my calf twitches" and gave "thumb" to the dad in "my dad had
a stroke ... my thumb has been twitching". Our rules end a cue's reach at "but", "so",
"now", a semicolon, and (for another person) at the writer's own "I" or "my", and each
rule names the kinds of mention it may change: a long-ago date only makes an
*emergency* sign historical ("a stroke years ago" is not a stroke now), because
"my grip got weak a few months ago" is weakness that is still there.

What counts for triage is decided by the caller (`counts`): a mention counts when it
is current, real, and about the person the conversation is about. Unknown is not
absent: a mention that does not count is not denied, and the interview still asks.

Never raises: on any error a mention gets the plain reading (present, current, the
writer's own), which is the cautious one.
"""
from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

from .negation import ABSENT, UNCERTAIN, normalise, status_of

LOG = logging.getLogger(__name__)
RULES_PATH = Path(__file__).with_name("context_rules.json")
TARGETS = "twitch_targets"  # the span group ConText reads
EMERGENCY = "emergency"  # mention type of an emergency sign

_lock = threading.Lock()


@dataclass(frozen=True)
class MentionContext:
    negated: bool = False
    uncertain: bool = False
    historical: bool = False
    hypothetical: bool = False
    other_person: bool = False

    @property
    def current(self) -> bool:
        """Happening now, as far as the words say (not over, not supposed)."""
        return not (self.historical or self.hypothetical)

    def counts(self, subject: Optional[str] = "self") -> bool:
        """Whether the mention is a current, real finding about the person in question.

        ``subject`` is whose twitching the conversation is about (``facts.subject``).
        When someone writes for their son, everything they say counts (their answers
        name no person: "no weakness" is the son's); when they write about themselves,
        another person's findings ("my dad had a stroke") do not.
        """
        if self.negated or not self.current:
            return False
        return subject == "other" or not self.other_person

    def labels(self) -> List[str]:
        return [name for name in ("negated", "uncertain", "historical", "hypothetical", "other_person")
                if getattr(self, name)]


PLAIN = MentionContext()

# "physio sorted it and it's been totally fine for years": the person says it is over.
RESOLVED_RX = re.compile(
    r"\b(?:healed(?: up)?|went away|gone away|cleared up|resolved|recovered|got better|better now|"
    r"back to normal|sorted (?:it|itself|that|them)(?: out)?|fixed (?:it|that)|"
    r"(?:been|is|was|all|its|it's|been) (?:totally |completely |fully |perfectly |absolutely |100% )?"
    r"(?:fine|ok|okay|normal|good|grand|great)(?: now| since| ever since| for (?:years|ages|months|a long time|yonks))|"
    r"nothing since|none since|never (?:came back|happened again|had it again)|"
    r"no (?:problems?|issues?|trouble|bother) (?:with it )?since)\b")


def _expected_over_rx() -> "re.Pattern[str]":
    """The PSEUDO rule "thought it'd have gone" of the rules file: "I hoped it would
    have cleared up by now" says it has not (one pattern for both readers)."""
    import json

    try:
        rules = json.loads(RULES_PATH.read_text(encoding="utf-8"))["context_rules"]
        return re.compile(next(r["pattern"] for r in rules if r["literal"] == "thought it'd have gone"))
    except Exception:  # noqa: BLE001 - without it, "over" is read as the words say
        LOG.exception("no expected-over rule in %s", RULES_PATH)
        return re.compile(r"(?!x)x")


EXPECTED_OVER_RX = _expected_over_rx()


def mask_expected_over(norm: str) -> str:
    """``norm`` with each "should have gone by now" blanked (same length), so that
    `RESOLVED_RX` finds only what the person says is over."""
    return EXPECTED_OVER_RX.sub(lambda m: " " * len(m.group()), norm)


# a date well in the past: "in 2015", "years ago", "last year", "as a kid"
_LONG_AGO_RX = re.compile(
    r"\b(?:(?:in|since|back in|around|from) (?:19|20)\d{2}|(?:\d+|a few|a couple of|couple of|couple|several|many|"
    r"two|three|four|five|six|seven|eight|nine|ten) years? ago|years ago|years back|last year|a year ago|"
    r"as a (?:kid|child|teen|teenager)|when i was (?:a )?(?:kid|little|young|younger|teenager))\b")
_PAST_TENSE_RX = re.compile(r"\b(?:had|was|were|got|went|did|used|suffered|broke|injured|hurt)\b")
_SENTENCE_RX = re.compile(r"[^.!?\n]+")


_FINDINGS = ("symptom", "movement", "condition", "trigger", "impact", EMERGENCY)


def _over_and_dated(text: str, start: int, end: int, others: Sequence[Tuple[int, int, str]]) -> bool:
    """A mention in a sentence that dates it well in the past, in the past tense, and
    says it is over ("had a weak right arm after a car crash in 2015, physio sorted it
    and it's been fine for years"). All three are needed: "my grip got weak a few months
    ago" is weakness that is still there. What is over must be this mention: no other
    finding stands between it and the words that say so ("my leg got weak last year and
    the cramps got better" leaves the weakness current)."""
    norm = mask_expected_over(normalise(text))
    for sentence in _SENTENCE_RX.finditer(norm):
        if not sentence.start() <= start < sentence.end():
            continue
        resolved = RESOLVED_RX.search(norm, end, sentence.end())
        if not (resolved and _LONG_AGO_RX.search(sentence.group())
                and _PAST_TENSE_RX.search(norm, sentence.start(), min(end + 40, sentence.end()))):
            return False
        return not any(end <= s < resolved.start() and label in _FINDINGS for s, _, label in others)
    return False


@lru_cache(maxsize=1)
def _context_component():
    """medspaCy's ConText with our rules, on the project's spaCy pipeline (built once)."""
    from medspacy.context import ConText

    from .nlp import load_pipeline

    nlp = load_pipeline()
    return nlp, ConText(nlp, rules=str(RULES_PATH), input_span_type="group",
                        span_group_name=TARGETS, span_attrs=None, prune_on_modifier_overlap=True,
                        terminating_types={"OTHER_PERSON": ["SELF", "COMMA"],
                                           "HYPOTHETICAL": ["COMMA"], "HISTORICAL": ["COMMA"]})


def _categories(text: str, spans: Sequence[Tuple[int, int, str]]) -> List[set]:
    nlp, context = _context_component()
    doc = nlp.make_doc(text)
    doc = nlp.get_pipe("sentencizer")(doc)
    targets, index = [], []
    for i, (start, end, label) in enumerate(spans):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and len(span):
            targets.append(span)
            index.append(i)
    doc.spans[TARGETS] = targets
    with _lock:  # the component's matcher is shared between threads
        context(doc)
    found: List[set] = [set() for _ in spans]
    for i, span in zip(index, doc.spans[TARGETS]):
        found[i] = {modifier.category.upper() for modifier in span._.modifiers
                    if not _said_of_another(doc, span, modifier, spans)
                    and not _question_answered(doc, span, modifier, spans)}
    return found


# "could it be / would this mean / does that mean X": a question whose object is X
_QUESTION_CUE = re.compile(r"^(?:could|would|does|do|can|will|might|may)\s+(?:it|this|that|these)\b")


def _question_answered(doc, span, modifier, spans: Sequence[Tuple[int, int, str]]) -> bool:
    """A question such as "could it be MS" asks about the condition it names; what comes
    after the condition is said, not supposed. Without punctuation ("could this be ms my
    foot jerks in a rhythm") the cue would otherwise reach the symptoms told after it.
    "could it cause weakness" names no condition first, and stays a hypothesis."""
    if modifier.category.upper() != "HYPOTHETICAL" or modifier.direction.upper() != "FORWARD":
        return False
    cue = doc[modifier.modifier_span[0]:modifier.modifier_span[1]]
    if not _QUESTION_CUE.match(normalise(cue.text)) or span.start_char < cue.end_char:
        return False
    return any(cue.end_char <= s and e <= span.start_char and label == "condition"
               for s, e, label in spans)


def _said_of_another(doc, span, modifier, spans: Sequence[Tuple[int, int, str]]) -> bool:
    """A cue after the mention ("got better", "healed") that says so of another finding
    named between them: in "my leg got weak last year and the cramps got better" it is
    the cramps that are over, not the weakness."""
    if modifier.direction.upper() != "BACKWARD":
        return False
    cue = doc[modifier.modifier_span[0]:modifier.modifier_span[1]]
    return any(span.end_char <= s < cue.end_char and label in _FINDINGS for s, _, label in spans)


# Results of `contexts` for exact (text, spans): the same inputs always give the same
# contexts, and one message is read several times per turn. In the action server they
# also come from the NLU (`twitch_knowledge.analysis`), so that it never runs ConText
# (nor loads spaCy) for a message the NLU has understood. Bounded: the latest only.
_KNOWN: "OrderedDict[Tuple[str, Tuple[Tuple[int, int, str], ...]], Tuple[MentionContext, ...]]" = OrderedDict()
_KNOWN_MAX = 64
_recorders = threading.local()


def forget_readings() -> None:
    """Drop every remembered reading (message texts): "forget me"."""
    with _lock:
        _KNOWN.clear()


def remember(text: str, spans: Sequence[Tuple[int, int, str]], found: Sequence[MentionContext]) -> None:
    """Keep a result of `contexts` computed elsewhere (the NLU) for these exact inputs."""
    key = (text, tuple((int(s), int(e), str(label)) for s, e, label in spans))
    if len(key[1]) != len(found):
        return
    with _lock:
        _KNOWN[key] = tuple(found)
        _KNOWN.move_to_end(key)
        while len(_KNOWN) > _KNOWN_MAX:
            _KNOWN.popitem(last=False)


def recording() -> list:
    """Start recording every `contexts` call of this thread; returns the list it fills."""
    _recorders.calls = []
    return _recorders.calls


def stop_recording() -> None:
    _recorders.calls = None


def contexts(text: str, spans: Iterable[Tuple[int, int, str]]) -> List[MentionContext]:
    """The context of each ``(start, end, label)`` mention of ``text``, in order."""
    spans = [(int(s), int(e), str(label)) for s, e, label in spans]
    if not spans:
        return []
    with _lock:
        known = _KNOWN.get((text, tuple(spans)))
    if known is not None:
        result = list(known)
    else:
        result = _contexts(text, spans)
        remember(text, spans, result)
    calls = getattr(_recorders, "calls", None)
    if calls is not None:
        calls.append((text, spans, result))
    return result


def _contexts(text: str, spans: List[Tuple[int, int, str]]) -> List[MentionContext]:
    try:
        categories = _categories(text, spans)
    except Exception:  # noqa: BLE001 - the plain reading is the cautious one
        LOG.exception("context rules failed; mentions read as current")
        categories = [set() for _ in spans]
    result = []
    for (start, end, label), found in zip(spans, categories):
        status = status_of(text, start, end, None if label == EMERGENCY else label)
        result.append(MentionContext(
            negated=status == ABSENT,
            uncertain=status == UNCERTAIN,
            historical="HISTORICAL" in found
            or (label != "movement" and _over_and_dated(text, start, end, spans)),
            hypothetical="HYPOTHETICAL" in found,
            other_person="OTHER_PERSON" in found,
        ))
    return result


def context_of(text: str, start: int, end: int, label: str) -> MentionContext:
    """The context of one mention (see `contexts`)."""
    try:
        return contexts(text, [(start, end, label)])[0]
    except Exception:  # noqa: BLE001
        return PLAIN


__all__ = ["MentionContext", "PLAIN", "mask_expected_over", "contexts", "context_of", "remember", "EMERGENCY"]
