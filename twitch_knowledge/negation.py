"""Is a mention asserted, denied or uncertain? (NegEx-style rules)

`status_of(text, start, end)` looks at the words around the mention at the
character offsets ``[start, end)`` and returns ``"present"``, ``"absent"`` or
``"uncertain"``.

Why rules and not negspacy: negspacy 1.0.4 (NegEx for spaCy) was tried on the
cases this assistant must get right. It missed "I haven't noticed any
weakness", read "I'm not sure about weakness" as a denial, had no notion of
uncertainty, and negated "weak" in "I don't drink coffee and my legs feel
weak" (a dangerous false negative: its scope runs to the end of the
sentence). It also needs a custom spaCy factory in the saved pipeline. The
rules below are small, pure Python (no model), and tuned for safety:

* pre-mention cues within the same clause (nearest cue wins):
  negation ("no", "not", "never", "without", "don't/haven't/isn't...",
  "no signs of", "free of", "denies", "nothing like", "can't say"),
  uncertainty ("not sure if/about", "don't know if", "can't tell", "unsure",
  "hard to say", "what if", "in case"), and pseudo-negations that do not
  negate ("not only", "no doubt", "no change in", "won't stop",
  "doesn't go away", "not sure why", answer-initial "no I ...");
* post-mention cues closing the clause: "weakness? none", "weak - not at
  all", "numbness is not a problem", "MS was ruled out" (absent);
  "weakness? not sure" / "maybe?" (uncertain);
* the scope ends at sentence punctuation, ";", "but", "however",
  "although", "though", "except", "apart from", "because", an interjection
  ("oh", "wait", "um"), and at a new clause (", my ...", "and I ...", ", just ...",
  "not really I've ...", "actually my ..."), while coordination keeps
  it: "I don't have slurred speech or trouble swallowing" denies both;
* hedged positives stay present ("I think my hand is weaker", "maybe a
  little weak", "might be getting weaker"): lean toward the doctor;
* for conditions (``label="condition"``) worry and hypothesis make the
  mention uncertain: "I'm scared it's ALS", "could this be MS?",
  "my mum has MS" (someone else) - they must not become a diagnosis.

Words inside the mention never count as cues, so vocabulary phrases such as
"no strength" or "not as strong" are positive.
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

PRESENT, ABSENT, UNCERTAIN = "present", "absent", "uncertain"

_WINDOW_CHARS = 400  # text looked at on each side of a mention
_WINDOW_WORDS = 14  # pre-cue reach in words (long coordinated lists)

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[.!?;\n]+|,|[^\s\w]")
_SENTENCE_END = re.compile(r"^[.!?;\n]+$")

_TERMINATORS = {
    "but", "however", "although", "though", "except", "apart", "aside", "besides", "yet",
    "whereas", "because", "cause", "'cause", "cos", "coz", "bc", "otherwise", "still",
}
# interjections that start a new thought: "not really... oh actually i've been choking"
# keeps its cut when the dots are gone ("not really oh actually i've been choking")
_INTERJECTIONS = {"oh", "ohh", "ooh", "ah", "ahh", "oops", "whoops", "wait", "hmm", "hm", "hmmm",
                  "erm", "um", "umm", "uh", "anyway", "anyways", "btw"}
# words after which "i" or "my" starts a new clause, as after "," or "and"
_CLAUSE_LEADS = {",", "and", "&", "actually", "really", "tho", "though", "anyway", "anyways"}
# words that start a new clause after "," or "and"
_CLAUSE_STARTERS = {
    "i", "i'm", "im", "i've", "ive", "i'd", "my", "it", "it's", "its", "this", "that", "these",
    "those", "they", "there", "there's", "he", "she", "we", "you", "the", "just", "only", "also",
    "plus", "instead", "rather", "sometimes", "now", "then", "when", "mine",
}
_CONTRACTED_NEGATIONS = {
    "don't", "doesn't", "didn't", "haven't", "hasn't", "hadn't", "isn't", "aren't", "wasn't",
    "weren't", "won't", "wouldn't", "shouldn't", "dont", "doesnt", "didnt", "havent", "hasnt",
    "hadnt", "isnt", "arent", "wasnt", "werent", "wouldnt", "ain't", "aint",
}
_NEGATION_WORDS = {"no", "not", "never", "without", "nor", "neither", "none", "nothing",
                   "zero", "denies", "deny", "denied", "nope", "nah"} | _CONTRACTED_NEGATIONS


def _cues(*phrases: str) -> List[Tuple[str, ...]]:
    return [tuple(p.split()) for p in phrases]


_NEGATION_PHRASES = _cues(
    "no signs of", "no sign of", "free of", "nothing like", "not any", "absence of",
    "negative for", "can't say", "cannot say", "couldn't say", "can't see any",
    "can't feel any", "cannot feel any", "no more", "no longer",
)
_UNCERTAIN_PHRASES = _cues(
    "not sure", "not certain", "not 100 % sure", "unsure", "uncertain", "unclear",
    "not clear", "don't know if", "don't know whether", "dont know if", "dont know whether",
    "do not know if", "no idea if", "no idea whether", "can't tell", "cannot tell", "cant tell",
    "can't really tell", "hard to tell", "hard to say", "difficult to say", "difficult to tell",
    "wondering if", "wonder if", "wondering whether", "what if", "in case", "if", "whether",
    "such as", "develop", "worried i'll get", "scared of getting", "afraid of getting",
)
_PSEUDO_PHRASES = _cues(
    "not only", "not just", "no doubt", "no change in", "no difference in", "not sure why",
    "not sure what", "not sure how", "don't know why", "dont know why", "don't know what",
    "dont know what", "no idea why", "no idea what", "no matter", "won't stop", "wont stop",
    "doesn't stop", "doesnt stop", "don't stop", "dont stop", "never stops", "never stop",
    "can't stop", "cant stop", "hasn't stopped", "havent stopped", "haven't stopped",
    "not stopping", "doesn't go away", "won't go away", "not going away", "isn't going away",
    "never goes away", "not getting better", "no better", "no relief", "not improving",
    "it was nothing", "was nothing", "turned out to be nothing", "nothing serious",
    "nothing helps", "not helping", "doesn't help", "didn't help", "no reason",
    "not normal", "isn't normal", "not the first time", "no i", "no i'm", "no im", "no my",
    "no it", "no it's", "no its", "no the", "nope i", "nope my", "nope it", "nah i", "nah my",
)
# only for conditions: worry, hypotheses and other people's diagnoses
_HYPOTHETICAL_PHRASES = _cues(
    "worried", "worry", "worrying", "worries", "scared", "afraid", "fear", "fears", "feared",
    "terrified", "frightened", "panicking", "paranoid", "convinced", "obsessing", "obsessed",
    "could", "might", "may", "maybe", "possibly", "probably", "perhaps", "think", "thinking",
    "thought", "suspect", "is it", "is this", "it's", "its", "sign of", "signs of",
    "symptom of", "symptoms of", "rule out", "ruling out", "google", "googled", "googling",
    "read", "reading", "about", "like", "mean", "means", "test for", "tested for",
    "check for", "checked for", "risk of", "chance of", "early", "mum", "mom", "mother",
    "dad", "father", "brother", "sister", "aunt", "uncle", "grandma", "grandmother",
    "grandpa", "grandfather", "gran", "nan", "cousin", "friend", "friend's", "wife",
    "husband", "partner", "son", "daughter", "family", "relative", "someone", "people",
    "he", "she", "they",
)

_NEVER_BEFORE = re.compile(r"\s*(?:\w+\s+){0,6}?(?:before|like this)\b")
_POST_FILLER = r"^\s*(?:[?:\-–—,.]+\s*)?(?:(?:is|are|was|were|has been|have been|been|got)\s+)?"
_POST_END = r"\s*(?:[.!?;,\n]|$)"
_POST_NEGATION = re.compile(
    _POST_FILLER
    + r"(?:not at all|none|no|nope|nah|not really|never|nothing|not an issue|not a problem|"
    r"isn't an issue|isn't a problem|not present|absent|negative)"
    + _POST_END
    + r"|" + _POST_FILLER + r"(?:been\s+)?(?:ruled out|excluded)\b"
)
_POST_UNCERTAIN = re.compile(
    _POST_FILLER
    + r"(?:maybe|possibly|perhaps|not sure|unsure|i'm not sure|im not sure|i am not sure|"
    r"i don't know|i dont know|don't know|dunno|idk|can't tell|cant tell|hard to say|"
    r"hard to tell|no idea)\s*\??"
    + _POST_END
)


# ------------------------------------------------------------------- helpers
def normalise(text: str) -> str:
    """Lower-case text of the *same length* (offsets stay valid), curly quotes straightened."""
    low = text.lower()
    if len(low) != len(text):  # a character such as "İ" lowers to two: keep it as it is
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("’", "'").replace("‘", "'")


def _tokens(text: str) -> List[Tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_boundary(tokens: Sequence[Tuple[str, int, int]], i: int) -> bool:
    """True when token i starts a new scope (the token itself is outside the old one)."""
    word = tokens[i][0]
    if _SENTENCE_END.match(word) or word in _TERMINATORS or word in _INTERJECTIONS:
        return True
    if word == "from" and i > 0 and tokens[i - 1][0] in ("apart", "aside"):
        return True
    if word in _CLAUSE_STARTERS and i > 0 and tokens[i - 1][0] in _CLAUSE_LEADS:
        return True
    return False


def _left_scope(text: str, start: int) -> List[str]:
    """Words between the start of the mention's clause and the mention."""
    lo = max(0, start - _WINDOW_CHARS)
    tokens = _tokens(text[lo:start])
    begin = 0
    for i in range(len(tokens)):
        if _is_boundary(tokens, i):
            # a starter word belongs to the new clause, punctuation does not
            begin = i if tokens[i][0] in _CLAUSE_STARTERS else i + 1
    words = [t[0] for t in tokens[begin:] if t[0] != ","]
    return words[-_WINDOW_WORDS:]


def _right_text(text: str, end: int) -> str:
    return text[end : end + _WINDOW_CHARS]


def _nearest_cue(words: List[str], label: Optional[str]) -> Optional[str]:
    """Kind of the cue closest to the mention: negation/uncertain/pseudo/hypothetical."""
    tables = [("pseudo", _PSEUDO_PHRASES), ("negation", _NEGATION_PHRASES),
              ("uncertain", _UNCERTAIN_PHRASES)]
    if label == "condition":
        tables.append(("hypothetical", _HYPOTHETICAL_PHRASES))
    found: Optional[Tuple[int, int, str]] = None  # (end index, length, kind)
    for i in range(len(words)):
        best: Optional[Tuple[int, str]] = None  # longest cue starting at i
        for kind, phrases in tables:
            for phrase in phrases:
                n = len(phrase)
                if tuple(words[i : i + n]) == phrase and (best is None or n > best[0]):
                    best = (n, kind)
        if best is None and words[i] in _NEGATION_WORDS:
            best = (1, "negation")
        if best is None:
            continue
        candidate = (i + best[0], best[0], best[1])
        # the cue ending nearest the mention wins; on a tie the longer one
        # ("no signs of" over "signs of")
        if found is None or candidate[:2] > found[:2]:
            found = candidate
    return found[2] if found else None


def _question(text: str, end: int) -> bool:
    """Does the mention's sentence end with a question mark?"""
    match = re.search(r"[.!?\n]", text[end : end + 200])
    return bool(match and match.group() == "?")


# ------------------------------------------------------------------- public
def status_of(text: str, start: int, end: int, label: Optional[str] = None) -> str:
    """``"present"``, ``"absent"`` or ``"uncertain"`` for the mention ``text[start:end]``.

    ``label`` (optional) is the entity name; ``"condition"`` adds the worry /
    hypothesis / other-person cues. Never raises; bad offsets give "present".
    """
    try:
        if not text or start < 0 or end <= start or start >= len(text):
            return PRESENT
        # only the window the rules look at: a 20,000-character message stays fast
        lo = max(0, start - _WINDOW_CHARS)
        norm = normalise(text[lo:end + _WINDOW_CHARS])
        start, end = start - lo, end - lo
        scope = _left_scope(norm, start)
        cue = _nearest_cue(scope, label)
        if cue == "negation" and "never" in scope and _NEVER_BEFORE.match(norm[end : end + 60]):
            cue = "pseudo"  # "I've never had twitching like this before"
        if cue == "negation":
            return ABSENT
        if cue in ("uncertain", "hypothetical"):
            return UNCERTAIN
        right = _right_text(norm, end)
        if _POST_NEGATION.match(right):
            return ABSENT
        if _POST_UNCERTAIN.match(right):
            return UNCERTAIN
        if label == "condition" and cue is None and _question(norm, end):
            return UNCERTAIN
        return PRESENT
    except Exception:  # pragma: no cover - defensive: never break a conversation
        return PRESENT


# ------------------------------------------------------- quoting the user's words
# Words a quote must not end on: it would stop mid-phrase ("... in my legs plus").
_DANGLING_END = {
    "and", "plus", "with", "in", "of", "my", "the", "a", "an", "but", "or", "to", "so", "at",
    "on", "for", "from", "by", "into", "onto", "than", "as", "because", "cause", "cos", "if",
    "when", "while", "after", "before", "since", "until", "about", "like", "nor", "then",
    "that", "which", "who", "his", "her", "their", "our", "your", "its", "this", "these",
    "those", "some", "any", "very", "really", "just", "also", "is", "are", "was",
    "were", "be", "been", "am", "i", "i'm", "im", "i've", "ive", "it's", "there", "&", "&amp;",
    "throughout", "during", "through", "across", "between", "against", "toward", "towards",
    "within", "without", "behind", "beneath", "upon", "per", "via", "every", "each", "no",
    "being", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could",
    "should", "might", "may", "must", "get", "gets", "got", "keep", "keeps", "kept", "quite",
}
# Words a quote must not start on when it starts inside a clause: a conjunction or
# preposition that belongs to the words before ("plus cramps", "of my leg"). A
# determiner or "my" starts a phrase and may start a quote ("…my left calf").
_DANGLING_START = {
    "and", "plus", "with", "in", "of", "but", "or", "to", "so", "at", "on", "for", "from",
    "by", "into", "onto", "than", "as", "because", "cause", "cos", "nor", "then", "&",
}
# Words that start a clause of their own: a good place for a quote to start.
_SUBJECT_STARTS = {"i", "i'm", "im", "i've", "ive", "i'd", "my", "it", "it's", "its", "this",
                   "there", "he", "she", "they", "we", "mine", "his", "her", "their"}
# Words before which a long clause reads naturally when cut ("... in my legs | plus cramps").
_PHRASE_BREAKS = {
    "and", "plus", "with", "or", "but", "when", "while", "whenever", "after", "before",
    "since", "until", "because", "so", "which", "who", "where", "then", "&", "especially",
    "like", "as", "though", "although", "if",
}
_QUOTE_WORD = re.compile(r"[\w'’\-/]+|[^\w\s]")
ELLIPSIS = "…"


class ClauseBounds(tuple):
    """``(start, end)`` of the words to quote, and whether the clause was cut there.

    Unpacks like a pair (``lo, hi = clause_bounds(...)``); ``cut_start`` / ``cut_end``
    say that words of the clause were left out before / after, which a quote marks
    with "…" (`clause_words`).
    """

    def __new__(cls, start: int, end: int, cut_start: bool = False, cut_end: bool = False):
        bounds = super().__new__(cls, (start, end))
        bounds.cut_start, bounds.cut_end = cut_start, cut_end
        return bounds


def _word(token: str) -> str:
    return token.lower().replace("’", "'")


def _clause_span(text: str, start: int, end: int, window: int) -> Tuple[int, int]:
    """The whole clause around a mention, read within ``window`` characters each side."""
    lo = max(0, start - window)
    norm = " " * lo + normalise(text[lo:end + window])  # only the window is read
    left_tokens = _tokens(norm[lo:start])
    begin = start
    for i in range(len(left_tokens) - 1, -1, -1):
        if _is_boundary(left_tokens, i) or left_tokens[i][0] == ",":
            if left_tokens[i][0] in _CLAUSE_STARTERS:
                begin = lo + left_tokens[i][1]
            break
        begin = lo + left_tokens[i][1]
    right_tokens = _tokens(norm[end : end + window])
    finish = end
    for i, (word, _s, e) in enumerate(right_tokens):
        if _is_boundary(right_tokens, i) or word == ",":
            break
        finish = end + e
    # an "and" before the next clause ("... at night and my hands ...") belongs to neither
    while True:
        tail = re.search(r"(?:^|\s)(?:and|&)\s*$", norm[begin:finish])
        if not tail or begin + tail.start() < end:
            break
        finish = begin + tail.start()
    return begin, finish


def _best_cut(text: str, begin: int, finish: int, start: int, end: int,
              max_chars: int) -> ClauseBounds:
    """The best run of whole words of ``text[begin:finish]`` around the mention, at most
    ``max_chars`` long: the whole clause if it fits, else one that starts or ends where
    the clause does or at a phrase break, and never on a dangling function word."""
    words = [(m.group(), begin + m.start(), begin + m.end())
             for m in _QUOTE_WORD.finditer(text[begin:finish])]
    words = [w for w in words if re.match(r"[\w&]", w[0])]
    if not words:
        return ClauseBounds(start, end)
    lefts = [i for i, w in enumerate(words) if w[1] <= start] or [0]
    rights = [j for j, w in enumerate(words) if w[2] >= end] or [len(words) - 1]
    first, last = lefts[0], rights[-1]
    mention_first = max(lefts)  # the word where the mention starts
    mention_last = min(rights)
    best = None
    for i in lefts:
        for j in rights:
            lo, hi = min(words[i][1], start), max(words[j][2], end)
            if hi - lo > max_chars and (i, j) != (mention_first, mention_last):
                continue
            cut_start, cut_end = i > first, j < last
            if i < mention_first and cut_start and _word(words[i][0]) in _DANGLING_START:
                continue
            if j > mention_last and _word(words[j][0]) in _DANGLING_END:
                continue
            score = 0
            if not cut_start:
                score += 2
            elif i > 0 and (_word(words[i - 1][0]) in _PHRASE_BREAKS
                            or text[words[i - 1][2]:words[i][1]].strip() in (",", ";", ":", "-")):
                score += 1
            if cut_start and _word(words[i][0]) in _SUBJECT_STARTS:
                score += 0.5
            if not cut_end:
                score += 2
            elif j + 1 < len(words) and (_word(words[j + 1][0]) in _PHRASE_BREAKS
                                         or text[words[j][2]:words[j + 1][1]].strip() in (",", ";", ":", "-")):
                score += 1
            # then the longer quote, then more of the words before the mention
            key = (score, hi - lo, start - lo)
            if best is None or key > best[0]:
                best = (key, lo, hi, cut_start, cut_end)
    if best is None:
        return ClauseBounds(start, end, start > begin, end < finish)
    _key, lo, hi, cut_start, cut_end = best
    return ClauseBounds(lo, hi, cut_start, cut_end)


def clause_bounds(text: str, start: int, end: int, max_chars: int = 60) -> ClauseBounds:
    """Character span of the words to quote around a mention, at most ``max_chars`` long.

    Used for evidence ("the user's words"): always contains the mention. The whole
    clause when it fits; a longer clause is cut at word boundaries, preferably where a
    phrase ends ("For months I've had frequent twitching in my legs" | "plus cramps at
    night"), and never so that the quote ends on a dangling function word ("... in my
    legs plus") or starts on a conjunction or preposition. The result unpacks as
    ``(lo, hi)`` and says where the clause was cut (`ClauseBounds`); `clause_words`
    gives the quote with "…" at each cut.
    """
    if not text:
        return ClauseBounds(start, end)
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    try:
        begin, finish = _clause_span(text, start, end, window=max(max_chars, 200))
        return _best_cut(text, begin, finish, start, end, max_chars)
    except Exception:  # pragma: no cover - defensive: quoting never breaks a conversation
        return ClauseBounds(start, end)


def clause_words(text: str, start: int, end: int, max_chars: int = 60) -> str:
    """The quote itself: the words of `clause_bounds`, with "…" where the clause was cut.

    >>> clause_words("For months I've had frequent twitching in my legs plus cramps at night",
    ...              29, 38)
    "For months I've had frequent twitching in my legs…"
    """
    bounds = clause_bounds(text, start, end, max_chars)
    lo, hi = bounds
    words = " ".join(text[lo:hi].split()).strip(" ,;:-")
    if not words:
        return words
    return (ELLIPSIS if bounds.cut_start else "") + words + (ELLIPSIS if bounds.cut_end else "")
