"""Is a message written in another language than English? Offline, and cautious.

The assistant understands English only. A message in another language would otherwise
get a guess ("hola, me tiembla el párpado" got the English greeting), so the NLU
component asks :func:`foreign_language` and, when it names a language, the fallback
action answers with :func:`reply_for`: a short, kind "I can only help in English for
now", in that language where we have it, plus the emergency line.

Calling English chat foreign would be worse than missing a foreign message ("lol ok",
"ngl my calf", "twiches alot"), so a message is foreign only when all of these hold:

* it is long enough to judge: at least ``MIN_WORDS`` different words and ``MIN_LETTERS`` letters
  (or a few letters of a script that is not Latin, such as Cyrillic or Greek);
* few of its words are English (at most ``MAX_ENGLISH_SHARE``), counting a word as
  English if it is in the English word list (spaCy's English lemma table from
  ``spacy-lookups-data``, our vocabulary's phrases, and common function words and chat
  shorthand), or is one typo away from a word of the list (longer words only);
* ``langdetect`` (Google's language-detection profiles, bundled in the package, seeded
  for repeatable answers) names a language other than English with a probability of at
  least ``MIN_PROBABILITY``;
* the caller found none of our entities in it (a twitch word or a part of the body in
  English means the person writes English, whatever the rest looks like).

No Rasa import: ``components.safety`` and ``actions.fallback`` use this module.
"""
from __future__ import annotations

import gzip
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Iterable, List, Optional

MIN_WORDS = 3
MIN_LETTERS = 12
MIN_NON_LATIN_LETTERS = 4
MAX_ENGLISH_SHARE = 0.4
MIN_PROBABILITY = 0.9
# a typo ("twiches", "calff") is forgiven only in words this long: short foreign words
# are one letter away from some English word ("el" / "eel", "mijn" / "mine")
MIN_TYPO_LENGTH = 6

EMERGENCY_LINE_EN = "If you have signs of an emergency, call your local emergency number now."

# Written for this assistant: short, kind, and the emergency line in the same language.
REPLIES = {
    "en": ("Sorry, I can only help in English for now. " + EMERGENCY_LINE_EN),
    "es": ("Lo siento, por ahora solo puedo ayudar en inglés. "
           "Si tienes señales de una emergencia, llama ahora al número de emergencias de tu zona."),
    "fr": ("Désolé, pour l'instant je ne peux aider qu'en anglais. "
           "Si vous avez des signes d'urgence, appelez maintenant le numéro d'urgence local."),
    "de": ("Entschuldigung, ich kann im Moment nur auf Englisch helfen. "
           "Wenn Sie Anzeichen eines Notfalls haben, rufen Sie jetzt die örtliche Notrufnummer an."),
    "it": ("Mi dispiace, per ora posso aiutare solo in inglese. "
           "Se hai segni di un'emergenza, chiama subito il numero di emergenza locale."),
    "pt": ("Desculpe, por enquanto só consigo ajudar em inglês. "
           "Se tiver sinais de uma emergência, ligue agora para o número de emergência local."),
    "nl": ("Sorry, ik kan voorlopig alleen in het Engels helpen. "
           "Als je tekenen van een noodgeval hebt, bel dan nu het lokale alarmnummer."),
}

# Words the lemma table leaves out (it lists words that have a lemma), and chat shorthand.
_FUNCTION_WORDS = """
a an the and or but nor so yet if then than that this these those there here what when
where why how who whom whose which while whilst as at by for from in into of off on onto
out over to up down with without within about above after again against ago all along
also always am any anyone anything are around away back be because been before behind
below beside between both can cannot could did do does doing done each either else even
ever every few had has have having he her here hers herself him himself his i if im i'm
is it its itself just least less me mine more most much must my myself never no none not
now once only other our ours ourselves own per quite rather really same she should since
some sometimes somewhat such too twice under until upon us very was we were whatever
whenever wherever whether will with would you your yours yourself yourselves they them
their theirs themselves via vs etc ok okay oh ah eh um uh hmm hm yeah yep yup nope nah
yes hey hi hiya bye thanks thank thx ty pls plz please sorry lol lmao rofl omg idk idc
tbh ngl imo imho btw fyi jk brb ty np u ur r y k kk ya yah yea gonna wanna gotta kinda
sorta dunno lemme gimme aint ain't dont didnt doesnt isnt wasnt cant couldnt wouldnt
shouldnt wont havent hasnt ive id ill youre theyre thats whats hows wheres alot abt
bc cuz coz cos tho thru rn atm asap ppl smth sth tiredness left right blah meh
"""


@lru_cache(maxsize=1)
def english_words() -> FrozenSet[str]:
    """The English word list (lower case): lemma table, vocabulary, function words."""
    words = set(_FUNCTION_WORDS.split())
    words |= _lemma_table_words()
    words |= _vocabulary_words()
    return frozenset(words)


@lru_cache(maxsize=1)
def lemma_words() -> FrozenSet[str]:
    """The words of spaCy's English lemma table alone (no vocabulary, no shorthand)."""
    return frozenset(_lemma_table_words())


def _lemma_table_words() -> set:
    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover - installed with the project
        return set()
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    return {w.lower() for pair in table.items() for w in pair if w.isalpha()}


@lru_cache(maxsize=1)
def vocabulary_words() -> FrozenSet[str]:
    """Every word of the vocabulary's phrases (lower case)."""
    return frozenset(_vocabulary_words())


def _vocabulary_words() -> set:
    try:
        from twitch_knowledge.vocabulary import expand, load_vocabulary
    except ImportError:  # pragma: no cover
        return set()
    found: set = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            for phrase in expand(node):
                found.update(_words(phrase))
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_vocabulary())
    return found


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _words(text: str) -> List[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def _is_latin(char: str) -> bool:
    return "LATIN" in unicodedata.name(char, "")


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _one_typo_away(word: str) -> Iterable[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]  # a letter too many
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]  # two letters swapped
        for letter in _ALPHABET:
            yield left + letter + right  # a letter missing
            if right:
                yield left + letter + right[1:]  # a wrong letter


def is_english_word(word: str) -> bool:
    vocabulary = english_words()
    word = word.lower().replace("’", "'")
    if word in vocabulary or word.replace("'", "") in vocabulary:
        return True
    if len(word) >= MIN_TYPO_LENGTH and word.isascii():
        return any(candidate in vocabulary for candidate in _one_typo_away(word))
    return False


def english_share(text: str) -> float:
    words = _words(text)
    if not words:
        return 1.0
    return sum(is_english_word(w) for w in words) / len(words)


def _long_enough(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    non_latin = [c for c in letters if not _is_latin(c)]
    if len(non_latin) >= MIN_NON_LATIN_LETTERS and len(non_latin) * 2 >= len(letters):
        return True  # Cyrillic, Greek, Arabic, CJK...: words may not be space separated
    # different words: "blah blah blah" or "ok ok ok ok" is not a sentence to judge
    return len(set(_words(text))) >= MIN_WORDS and len(letters) >= MIN_LETTERS


def detected_language(text: str) -> Optional[str]:
    """langdetect's likeliest language and its probability, as "xx" (or None)."""
    best = _detect(text)
    return best[0] if best else None


def _detect(text: str) -> Optional[tuple]:
    try:
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException
    except ImportError:  # pragma: no cover - pinned in requirements.txt
        return None
    DetectorFactory.seed = 0
    try:
        ranked = detect_langs(text)
    except LangDetectException:
        return None
    if not ranked:
        return None
    return ranked[0].lang.split("-")[0], ranked[0].prob


def foreign_language(text: str, entities_found: bool = False) -> Optional[str]:
    """The language code ("es", "fr", ...) of a message that is not English, else None.

    ``entities_found``: whether our vocabulary patterns (or the classifier) found an
    entity in the message; then it is never called foreign.
    """
    if entities_found or not text or text.lstrip().startswith("/"):
        return None
    if not _long_enough(text) or english_share(text) > MAX_ENGLISH_SHARE:
        return None
    best = _detect(text)
    if not best:
        return None
    language, probability = best
    if language == "en" or probability < MIN_PROBABILITY:
        return None
    return language


def reply_for(language: Optional[str]) -> str:
    """The "English only for now" reply in that language, else in English."""
    return REPLIES.get((language or "en").lower().split("-")[0], REPLIES["en"])
