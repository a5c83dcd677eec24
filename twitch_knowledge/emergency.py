"""Emergency signs in a message (conservative safety addition, not in the articles).

`detect_emergency(text)` returns ``[(code, user words), ...]`` in the order of
`facts.EMERGENCY_SIGNS`:

* ``one_sided_weakness_numbness``: weakness/numbness/paralysis ("can't
  move", "won't move", "can't lift", "went limp") with "one side", "left side
  of my body", "my whole right side", "on the left", "arm and leg" / "arm or
  leg", the face, or weakness/numbness that came on suddenly (misspelt
  "sudenly" too, or "ten minutes ago");
* ``speech_or_face``: a drooping face/mouth/smile; speech trouble that came on
  suddenly ("suddenly can't speak", "slurred speech came on suddenly");
  "can't speak at all". Ordinary slurred speech is *not* an emergency (a
  see-doctor-soon bulbar sign, handled by triage);
* ``breathing``: can't breathe, trouble/difficulty breathing, short of
  breath, struggling to breathe, gasping, can't get enough air; misspelt
  "breth", "brething", "braeth" too;
* ``fever_stiff_neck``: a fever and a stiff (or painful) neck in the same
  message, common misspellings included ("fevr", "temprature", "neck is
  realy stif", "can't bend it");
* ``seizure``: seizure (and misspellings), "had/took a fit", "fitting",
  convulsions, blacking out and shaking;
* ``suspected_stroke``: the person says that they or someone with them is having
  (or has just had) a stroke ("I think my mum is having a stroke", "could this be
  a stroke?"); or an arm that cannot be lifted or moved together with trouble
  speaking, in the same message ("she can't lift her arm and her speech
  sounds drunk"). A stroke in the past ("I had a stroke in 2019") is a known
  condition, not an emergency.

Speech trouble or weakness "that just started" counts as sudden, even after a comma
("I can't get my words out, it just started").

Negation-aware through `negation.status_of`: a denied sign ("no trouble
breathing") is ignored, an uncertain one ("not sure if it was a seizure") is
kept: false positives are acceptable here, false negatives are not.
"""
from __future__ import annotations

import logging
import re
from typing import Iterator, List, Optional, Tuple

from .facts import EMERGENCY_SIGNS
from .negation import ABSENT, normalise, status_of
from .spelling import correct

LOG = logging.getLogger(__name__)

_SUDDEN = (r"(?:sudden(?:ly)?|sud+en(?:ly|tly|ley)|sud+nly|all of a sud+en|out of no ?where|outta nowhere|"
           r"out of the blue|abrupt(?:ly)?|just now|without warning|came on (?:fast|quickly)|"
           r"in the (?:last|past) (?:hour|half hour|few minutes|\d+ minutes)|"
           r"(?:\d+|a few|few|ten|twenty|thirty|fifteen|five) min(?:ute)?s? ago|(?:an|half an) hour ago)")
_WEAK_NUMB = (r"(?:weak(?:ness|er)?|numb(?:ness)?|paraly[sz]\w*|can'?t move|cannot move|unable to move|"
              r"can'?t (?:lift|raise|use)|cannot (?:lift|raise|use)|unable to (?:lift|raise|use)|"
              r"(?:won'?t|wouldn'?t|will not) (?:move|work|respond)|stopped (?:moving|working)|"
              r"can'?t feel|went dead|gone dead|gave out|giving out|collapsed|(?:went|gone|is|feels?) limp|"
              r"feels? (?:really |very |so )?heavy|no (?:strength|feeling|power))")
_ONE_SIDE = (r"(?:one side|one-sided|on one side|(?:left|right) side of (?:my|the|his|her) (?:body|face)|"
             r"(?:whole|entire|complete) (?:left|right) side|(?:left|right)-sided|"
             r"down (?:my|one|the) (?:left |right )?side|on (?:my|the) (?:left|right)(?: side)?\b(?! of| side)|"
             r"\bface\b|"
             r"half (?:of )?(?:my|the|his|her) (?:body|face)|side of (?:my|his|her|the) (?:body|face)|"
             r"\b(?:arm|hand) (?:and|or|&|\+) (?:my |the |his |her )?(?:left |right )?(?:leg|foot)\b|"
             r"\b(?:leg|foot) (?:and|or|&|\+) (?:my |the |his |her )?(?:left |right )?(?:arm|hand)\b|"
             r"face (?:and|or) (?:my |the )?(?:left |right )?(?:arm|hand)|"
             r"(?:arm|hand) and face)")
# speech trouble in so many words; _SPEECH also takes the bare word "speech"
_SPEECH_WORDS = (r"(?:(?:can'?t|couldn'?t|could not) (?:speak|talk|get (?:my |the |any )?words out)|"
                 r"cannot (?:speak|talk)|unable to (?:speak|talk)|wrong words|"
                 r"words (?:kept|keep|keeps) coming out (?:wrong|jumbled|garbled)|"
                 r"slurr\w*|slured|trouble (?:speaking|talking)|difficulty (?:speaking|talking)|"
                 r"words (?:came|come|are coming|were coming) out (?:wrong|jumbled|garbled)|garbled|"
                 r"can'?t find (?:my|the) words|(?:to )?speak(?:ing)? is (?:hard|difficult))")
_SPEECH = r"(?:" + _SPEECH_WORDS + r"|speech)"
_BREATH_STEM = r"br(?:ea|e|ae)th"  # breath, breth, braeth
_BREATH = r"(?:" + _BREATH_STEM + r"\w*|breah\w*|breat\b)"
_STIFF = r"(?:stiff\w*|stif\b|stif[fn]\w*|stiif\w*|sitff\w*|rigid|locked)"
_NECK_FILLER = (r"(?:is|feels|feel|has|been|got|gone|getting|gotten|become|really|realy|rly|reallly|very|"
                r"so|super|quite|pretty|a|bit|little|kind|kinda|of|all|too|extremely|incredibly|"
                r"totally|awfully|feeling|also|now|and|sore)")
# "it doesn't respond to magnesium", "didn't react to the cream": a treatment that did
# not work, not a person who does not respond
_NOT_TO_TREATMENT = (r"(?! (?:to|with) (?:(?:any|the|my|his|her|their|a|an|some) )?(?:\w+ )?(?:magnesium|potassium|calcium|"
                     r"treatment|medication|medicine|meds|tablets?|pills?|drugs?|supplements?|vitamins?|"
                     r"stretch\w*|massag\w*|physio\w*|exercises?|rest|heat|ice|cream|botox|injections?|"
                     r"quinine|antibiotics?|painkillers?|ibuprofen|paracetamol)\b)")
_RULES = {
    # _BREATH takes the usual misspellings too: "breth", "brething", "breahe", "braeth"
    "breathing": re.compile(
        r"(?:(?:can'?t|cannot|can not|unable to|struggl\w* to|hard to|trouble|difficulty|difficult|"
        r"problems?|hard time|fighting to)\s+(?:\w+\s+){0,2}?" + _BREATH + r"|"
        r"short(?:ness)? of " + _BREATH + r"|" + _BREATH_STEM + r"less\w*|gasping|"
        r"(?:can'?t|cannot|couldn'?t|could not) (?:catch|get) my " + _BREATH + r"|"
        r"(?:not|stopped|stops|isn'?t|wasn'?t) " + _BREATH_STEM + r"(?:e|es|ing|in)\b|"
        r"(?:can'?t|cannot|couldn'?t|could not) get (?:enough |any )?air|"
        r"struggl\w* for (?:air|" + _BREATH + r"))"
    ),
    "face": re.compile(
        # the words between may not deny it: "my smile is even, no droop at all"
        r"(?:\b(?:face|mouth|smile|lips?)\b\W+(?:(?!(?:no|not|never|without|nothing)\b)\w+\W+){0,4}?(?:droop\w*|sag\w*|lopsided|crooked|"
        r"uneven|fell|dropped|dropping)|\b(?:droop\w*|lopsided|crooked|sagging)\s+(?:\w+\s+)?(?:face|mouth|smile))"
    ),
    # "my mouth go down on one side", "the face one side is falling": a face that
    # falls or drops on one side, in the words of someone writing in a second language
    "face_falls": re.compile(
        # the words between may not deny it, nor make the twitch the thing that went down
        r"\b(?:face|mouth|smile|lips?|cheek)\b\W+(?:(?!(?:no|not|never|isn\w*|wasn\w*|twitch\w*|jump\w*|"
        r"flicker\w*|spasm\w*|swelling|pain)\b)\w+\W+){0,5}?(?:fall\w*|fell|go(?:es)? down|going down|"
        r"gone down|went down|hang\w* down|slid\w* down|slipp\w*)"
    ),
    "cant_speak": re.compile(r"(?:can'?t|cannot|unable to) (?:speak|talk) (?:at all|properly|clearly|anymore)"),
    "fever": re.compile(
        r"\b(?:fever\w*|fevr\w*|feaver\w*|fevor\w*|fevre\w*|fevar\w*|feva\b|febrile|"
        r"high (?:temp|temperature|temprature|tempreture|temperture)\b|"
        r"a (?:temp|temperature|temprature|tempreture|temperture)\b|"
        r"(?:temperature|temprature|tempreture|temperture) of|running a temp\w*|burning up)"
    ),
    "stiff_neck": re.compile(
        r"(?:" + _STIFF + r" neck|neck\b\W*(?:" + _NECK_FILLER + r"\s+)*" + _STIFF + r"|"
        r"neck (?:stiffness|stifness)|stiffness in (?:my|the) neck|"
        r"(?:can'?t|cannot|unable to|hurts to|painful to|hard to) (?:bend|move|turn|tilt|lower) my neck|"
        r"neck\b[^.!?;]{0,40}?\b(?:can'?t|cannot|unable to|hurts to|painful to) (?:bend|move|turn|tilt|lower)\b|"
        r"can'?t (?:touch|put|get) my chin (?:to|on|onto|down to) my chest|rigid neck|"
        r"(?:sore|painful|aching) neck|neck (?:pain|ache|aches|hurts|is sore|is painful|is killing me|"
        r"really hurts|hurts so much))"
    ),
    "seizure": re.compile(
        r"(?:\bseizures?\b|\bseizing\b(?! up)|\bconvuls\w*|\bepileptic\b|"
        r"\b(?:siezures?|seizur|seizers?|sezures?|seisures?|ceasures?|seazures?|siezing)\b|"
        r"\b(?:had|having|have|has|a|another|into|took|big|full) (?:a |an |another )?(?:(?:big|bad|full|major|small|little|proper|massive|real|sort of|kind of) )?fits?\b(?! of\b)|"
        r"\b(?:was|been|started|is|were|kept|keeps) fitting\b)"
    ),
    "blackout": re.compile(
        r"(?:blacked out|black out|passed out|lost (?:my |all )?conscious\w*|unconscious|fainted|collapsed|"
        r"(?:found|woke up|came (?:round|to)|came to) (?:me )?on the floor|found me (?:on the floor|unconscious|collapsed))"
    ),
    "shaking": re.compile(r"(?:shak\w*|shook|jerk\w*|convuls\w*|twitching all over|thrashing)"),
    # jerking of the whole body, or of arms and legs together: a seizure in any words
    "body_jerking": re.compile(
        r"\b(?:(?:whole|entire|full|all (?:of )?(?:my|his|her|their)) ?body|all over|arms and legs|legs and arms|"
        r"arms (?:&|\+) legs|every limb|all (?:four|4) limbs|all his limbs|all her limbs)\b"
        r"(?:\W+(?!(?:no|not|never|without)\b)\w+){0,5}?\W+(?:jerk\w*|shak\w*|shook|convuls\w*|spasm\w*|"
        r"thrash\w*|stiffen\w*|went stiff|jolt\w*|rigid)\b|"
        r"\b(?:jerk\w*|shak\w*|shook|convuls\w*|spasm\w*|thrash\w*|jolt\w*)\b(?:\W+\w+){0,4}?\W+"
        r"(?:(?:(?:of|in|through)\W+)?(?:my|his|her|their|the)?\W*(?:whole|entire) body|all over|"
        r"(?:(?:his|her|my|their|both) )?(?:arms and legs|legs and arms|arms (?:&|\+|n) legs)|every limb|"
        r"all (?:four|4) limbs)\b"),
    # Signs that alone can mean other things, but two of them together describe a
    # seizure (a safety addition): "fell off the chair ... foaming at the mouth".
    "seizure_features": {
        "fall": re.compile(r"\b(?:fell|fallen|falling|fall|dropped|collapsed|keeled) "
                           r"(?:over|down|off|to the (?:floor|ground)|on the (?:floor|ground))\b|\bcollapsed\b"),
        "foam": re.compile(r"\b(?:foam\w*|froth\w*|drool\w*) (?:at|from|out of) (?:the |his |her |their |my )?mouth\b"),
        "incontinence": re.compile(r"\b(?:wet|weed|peed|pissed|soiled) (?:him|her|my|them|your)sel(?:f|ves)\b|"
                                   r"\blost control of (?:his|her|my|their) bladder\b"),
        "eyes": re.compile(r"\beyes? (?:\w+ )?(?:rolled|rolling|rolls|went|going|turned) (?:back|up)\b|"
                           r"\b(?:stared|staring|stare) (?:\w+ )?(?:into (?:space|nothing)|blankly|at nothing)\b|"
                           r"\bblank stare\b|\blips? smacking\b|\bsmacking (?:his |her |their )?lips\b"),
        "jerking": re.compile(r"\b(?:jerk(?:ing|ed|s)|shaking|shook|convuls\w*|thrash\w*|went (?:stiff|rigid)|"
                              r"stiffened)\b"),
        "unresponsive": re.compile(r"\b(?:didn'?t|did not|wouldn'?t|won'?t|couldn'?t|not|wasn'?t) "
                                   r"(?:\w+ )?(?:respond\w*|answer\w*|react\w*)\b" + _NOT_TO_TREATMENT + r"|"
                                   r"\bout of it\b"),
    },
    # "he bit his tongue" during an episode
    "tongue_bite": re.compile(r"\b(?:bit|bitten|biting|bites) (?:(?:his|her|my|their) )?(?:own )?(?:tongue|tounge|cheek)\b|"
                              r"\b(?:tongue|tounge) (?:was |is |got |had been )?(?:bitten|bit|cut up|bleeding)\b"),
    # the sight of an eye gone (checked with a suddenness cue, or the curtain itself)
    "vision_loss": re.compile(
        r"\b(?:(?:can'?t|cannot|couldn'?t|could not|unable to) see (?:\w+ ){0,2}?(?:out of|from|with|in|through) "
        r"(?:my|one|his|her|the) (?:left |right )?eye|(?:lost|losing|lose) (?:the |my |all )?(?:sight|vision) "
        r"(?:in|of|from) (?:my|one|his|her|the) (?:left |right )?eye|went blind|gone blind|"
        r"(?:vision|sight|eye) (?:went|has gone|is going|suddenly went) (?:black|dark|blank|grey|gray|dim)|"
        r"(?:half|part) of (?:my|his|her) (?:vision|sight) (?:went|has gone|is gone|disappeared))\b"),
    "curtain": re.compile(r"\b(?:curtain|shade|shadow|blind) (?:came|coming|come|going|went|has come|fell|falling|dropped|drawn) "
                          r"(?:down|across|over)\b"),
    # passed out, not responding, confused after an episode
    "collapse": re.compile(
        r"\b(?:passed out|pass out|passing out|fainted|faint(?:ed)? and|blacked out|black out|"
        r"lost (?:my |his |her |all )?conscious\w*|unconscious|unresponsive|collapsed|collaps\w* on the floor|"
        r"(?:didn'?t|did not|doesn'?t|does not|wasn'?t|wouldn'?t|won'?t|isn'?t|couldn'?t|not) "
        r"(?:\w+ )?(?:respond\w*" + _NOT_TO_TREATMENT + r"|responsive|answer(?:ing)? (?:me|us)|react\w*" + _NOT_TO_TREATMENT + r"|"
        r"wake(?: up)?(?! (?:me|us|you|myself|the (?:baby|kids?))\b)|waking up|come round|come to)|"
        r"(?:couldn'?t|could not|can'?t|cannot) (?:wake|rouse|get a response from) (?:him|her|them|me)|"
        r"(?:was|were|is|felt|feel|feeling|seemed|seems|been|went|got|gone) (?:\w+ )?(?:really |very |so |all |quite |a bit |totally )?"
        r"(?:confused|disoriented|disorientated|out of it|dazed) (?:after(?:wards)?|afterward|after (?:it|that|this|the \w+)|"
        r"for (?:ages|a while|a bit|hours|an hour|a long time|some time|\d+ (?:mins?|minutes|hours?)))|"
        r"(?:woke|woken|wake|waking|came round|came to|come round|found (?:him|her|me|them)) (?:up )?(?:on|in) "
        r"(?:the|my|his|her|their) (?:\w+ )?floor|"
        r"(?:confused|disoriented|disorientated|dazed) (?:after(?:wards)?|afterward)|"
        r"(?:didn'?t|did not|don'?t|doesn'?t) know where (?:he|she|i|they) (?:was|were|is|am))\b"),
}
_ASLEEP_RX = re.compile(r"\b(?:falling asleep|fall asleep|drifting off|drift off|nodding off|hypnic)\b")
_WEAK_NUMB_RX = re.compile(rf"\b{_WEAK_NUMB}")
_ONE_SIDE_RX = re.compile(_ONE_SIDE)
_SIDE_RX = re.compile(r"\b(?:one|left|right)(?:\s+|-)sided?\b|\bon the (?:left|right)\b|"
                      r"\bhalf (?:of )?(?:my|the|his|her) face\b")
_SUDDEN_RX = re.compile(_SUDDEN)
_SPEECH_RX = re.compile(rf"\b{_SPEECH}")
_JUST_STARTED_RX = re.compile(
    r"\b(?:just|only just|has just|have just) (?:started|began|begun|come on|came on|happened|kicked in)\b|"
    r"\bstarted (?:just now|a (?:few|couple of) minutes ago|minutes ago)\b")
_STROKE = r"(?:stroke|strok|mini[- ]?stroke|tia)"
_STROKE_NOW_RX = re.compile(
    r"\b(?:having|havin|had just|just had|is having|'?s having|'?m having|am having|are having)\s+"
    r"(?:a |an |another )?(?:(?:mini|small|little|major|big)[- ]?)?" + _STROKE + r"\b|"
    r"\b(?:(?:it|this|that)(?:'?s| is| could be| might be| may be| must be| looks like| sounds like| feels like)"
    r"|(?:could|might|may|is) (?:it|this|that) be|is (?:it|this|that)|"
    r"(?:signs?|symptoms?) of|(?:think|scared|afraid|worried|terrified|feel like|feels like) (?:it'?s |this is |i'?m having |"
    r"(?:she|he|they)'?(?:s|re) having |(?:she|he|they) (?:is|are) having |i have |(?:she|he) has )?)"
    r"\s*(?:a |an )?(?:(?:mini|small|little|major|big)[- ]?)?" + _STROKE + r"\b(?!\s+(?:of|in|back in|years?|months?|last|\d))"
)
_STROKE_QUESTION_RX = re.compile(
    r"\b(?:what|which|how|when|why|can|could|would|should|might|will|do|does|is|are)\b[^.!?]*\b(?:signs?|symptoms?) of (?:a )?stroke\b[^.!?]*"
    r"(?:\?|$)|\b(?:signs?|symptoms?) of (?:a )?stroke (?:are|include|look)")
# an arm that cannot be lifted with speech trouble: the arm and speech of "FAST"
_ARM_CANT_RX = re.compile(
    r"\b(?:can'?t|cannot|couldn'?t|could not|unable to) (?:lift|raise|move|use|hold up) (?:\w+ )?(?:\w+ )?arms?\b|"
    r"\barms? (?:won'?t|wouldn'?t|will not) (?:move|lift|go up|work)|\barms? (?:went|has gone|is|feels) (?:limp|dead)\b")
_SPEECH_TROUBLE_RX = re.compile(
    rf"\b{_SPEECH_WORDS}|"
    r"\bspeech (?:\w+ ){0,2}(?:drunk|weird|strange|wrong|funny|off|garbled|slurred|jumbled|muddled|slow)\b")
_SENTENCE = re.compile(r"[^.!?;\n]+")
_NEAR_WORDS = 5  # "suddenly my left arm went weak"
MAX_CHARS = 100_000  # longer messages are read up to here


def _asserted(text: str, match: "re.Match[str]", now: bool = True, sign_last: bool = False) -> bool:
    """Not denied, and (with ``now``) happening now: not over ("a stroke with weakness
    years ago") and not supposed ("what if I have a seizure"). A bystander's words
    count: "he didn't respond" is an emergency whoever it happens to."""
    if status_of(text, match.start(), match.end()) == ABSENT:
        return False
    # ``sign_last``: the match ends with the sign, which may be denied inside the match
    # ("face isnt droopy"); other rules hold their negation ("didn't respond")
    last = re.search(r"[\w']+\W*$", match.group()) if sign_last else None
    if last and last.start() > 0:
        start = match.start() + last.start()
        if status_of(text, start, start + len(last.group().rstrip())) == ABSENT:
            return False
    if not now:
        return True
    from .context import EMERGENCY, context_of

    return context_of(text, match.start(), match.end(), EMERGENCY).current


def _sentences(text: str) -> Iterator[Tuple[int, str]]:
    for match in _SENTENCE.finditer(text):
        yield match.start(), match.group()


def _near(sentence: str, a: "re.Match[str]", b: "re.Match[str]") -> bool:
    """Are two matches within a few words, with no clause break between them?"""
    first, second = sorted((a, b), key=lambda m: m.start())
    gap = sentence[first.end() : second.start()]
    if re.search(r",|\b(?:and|but|so|because|then)\b", gap):
        return False
    return len(re.findall(r"\w+", gap)) <= _NEAR_WORDS


def _sudden_with(sentence: str, rx: "re.Pattern[str]") -> Optional["re.Match[str]"]:
    """A match of ``rx`` close to a suddenness word in the same clause."""
    for sign in rx.finditer(sentence):
        if not _asserted(sentence, sign):
            continue
        for sudden in _SUDDEN_RX.finditer(sentence):
            if _near(sentence, sign, sudden):
                return sign
    return None


def _span(text: str, offset: int, match: "re.Match[str]") -> str:
    return text[offset + match.start() : offset + match.end()]


def _one_sided(text: str, norm: str) -> Optional[str]:
    for offset, sentence in _sentences(norm):
        side = _ONE_SIDE_RX.search(sentence)
        if side:
            for sign in _WEAK_NUMB_RX.finditer(sentence):
                if _asserted(sentence, sign):
                    return text[offset:offset + len(sentence)].strip()[:120]
        sign = _sudden_with(sentence, _WEAK_NUMB_RX) or _just_started(sentence, _WEAK_NUMB_RX)
        if sign:
            return text[offset:offset + len(sentence)].strip()[:120]
    return None


def _speech_or_face(text: str, norm: str) -> Optional[str]:
    for offset, sentence in _sentences(norm):
        for match in _RULES["face"].finditer(sentence):
            if _asserted(sentence, match, sign_last=True):
                return _span(text, offset, match)
        for match in _RULES["cant_speak"].finditer(sentence):
            if _asserted(sentence, match):
                return _span(text, offset, match)
        if _SIDE_RX.search(sentence):  # falling is a sign only on one side
            for match in _RULES["face_falls"].finditer(sentence):
                if _asserted(sentence, match, sign_last=True):
                    return _span(text, offset, match)
        if _sudden_with(sentence, _SPEECH_RX) or _just_started(sentence, _SPEECH_RX):
            return text[offset:offset + len(sentence)].strip()[:120]
    return None


def _just_started(sentence: str, rx: "re.Pattern[str]") -> Optional["re.Match[str]"]:
    """A match of ``rx`` in a clause that says it has only just started."""
    if not _JUST_STARTED_RX.search(sentence):
        return None
    for sign in rx.finditer(sentence):
        if _asserted(sentence, sign):
            return sign
    return None


def _suspected_stroke(text: str, norm: str) -> Optional[str]:
    for offset, sentence in _sentences(norm):
        if _STROKE_QUESTION_RX.search(sentence):
            continue  # "what are the signs of a stroke?" asks for information
        for match in _STROKE_NOW_RX.finditer(sentence):
            if _asserted(sentence, match, now=False):  # "could this be a stroke?" is now
                return text[offset:offset + len(sentence)].strip()[:120]
    arm = _first(text, norm, _ARM_CANT_RX)
    if arm:
        for offset, sentence in _sentences(norm):
            for speech in _SPEECH_TROUBLE_RX.finditer(sentence):
                if _asserted(sentence, speech):
                    return f"{arm} … {_span(text, offset, speech)}"
    return None


def _first(text: str, norm: str, rx: "re.Pattern[str]") -> Optional[str]:
    for match in rx.finditer(norm):
        if _asserted(norm, match):
            return text[match.start() : match.end()]
    return None


def _fever_stiff_neck(text: str, norm: str) -> Optional[str]:
    fever = _first(text, norm, _RULES["fever"])
    neck = _first(text, norm, _RULES["stiff_neck"])
    return f"{fever} … {neck}" if fever and neck else None


def _seizure(text: str, norm: str) -> Optional[str]:
    words = _first(text, norm, _RULES["seizure"])
    if words:
        return words
    blackout = _first(text, norm, _RULES["blackout"])
    shaking = _first(text, norm, _RULES["shaking"])
    if blackout and shaking:
        return f"{blackout} … {shaking}"
    features = {name: _first(text, norm, rx) for name, rx in _RULES["seizure_features"].items()}
    found = [name for name, words in features.items() if words]
    # a fall and a jerk alone can be a twitch that tripped someone: one sign must be
    # one that a twitch does not explain
    if len(found) >= 2 and set(found) - {"fall", "jerking"} and not _ASLEEP_RX.search(norm):
        return " … ".join(features[name] for name in found[:3])
    for offset, sentence in _sentences(norm):
        if _ASLEEP_RX.search(sentence):
            continue  # a jerk of the whole body while falling asleep is not a seizure
        for match in _RULES["body_jerking"].finditer(sentence):
            if _asserted(sentence, match):
                return _span(text, offset, match)
    return _first(text, norm, _RULES["tongue_bite"])


def _vision_loss(text: str, norm: str) -> Optional[str]:
    """The sight of an eye gone all of a sudden ("like a curtain came down 10 mins ago")."""
    for offset, sentence in _sentences(norm):
        curtain = _RULES["curtain"].search(sentence)
        if curtain and _asserted(sentence, curtain):
            return _span(text, offset, curtain)
        sign = _sudden_with(sentence, _RULES["vision_loss"]) or _just_started(sentence, _RULES["vision_loss"])
        if sign:
            return text[offset:offset + len(sentence)].strip()[:120]
    return None


def _collapse(text: str, norm: str) -> Optional[str]:
    """Passed out, not responding, or confused after an episode, in any words."""
    for offset, sentence in _sentences(norm):
        for match in _RULES["collapse"].finditer(sentence):
            if _asserted(sentence, match):
                return _span(text, offset, match)
    return None


def detect_emergency(text: str) -> List[Tuple[str, str]]:
    """``[(code, user words)]`` for the emergency signs in ``text``. Never raises."""
    try:
        if not text or not text.strip():
            return []
        text = text[:MAX_CHARS]
        signs = _detect(text)
        if not signs:
            fixed, _ = correct(text)  # "sezure", "breathng": a typo must not hide a sign
            if fixed != text:
                signs = _detect(fixed)
        return signs
    except Exception:  # noqa: BLE001 - a failed check must not pass for "no emergency"
        LOG.exception("emergency detection failed; answering with the emergency advice")
        return [("detection_error", "")]


def _detect(text: str) -> List[Tuple[str, str]]:
    norm = normalise(text)
    found = {
        "one_sided_weakness_numbness": _one_sided(text, norm),
        "speech_or_face": _speech_or_face(text, norm),
        "breathing": _first(text, norm, _RULES["breathing"]),
        "fever_stiff_neck": _fever_stiff_neck(text, norm),
        "seizure": _seizure(text, norm),
        "suspected_stroke": _suspected_stroke(text, norm),
        "collapse_unresponsive": _collapse(text, norm),
        "sudden_vision_loss": _vision_loss(text, norm),
    }
    return [(code, found[code].strip()) for code in EMERGENCY_SIGNS if found.get(code)]
