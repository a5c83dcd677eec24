"""A Rasa NLU component that applies the clinical safety rules to every message.

It runs after the intent classifier and the entity extractors, and:

1. normalises the values of coded entities (``symptom``, ``movement``, ``trigger``,
   ``condition``, ``impact``) to the codes in ``twitch_knowledge.facts``
   (the spaCy patterns give the user's words, e.g. "flickers" -> ``flicker``);
2. marks negated or uncertain mentions with ``"status": "absent"`` or
   ``"uncertain"`` ("no weakness" must never read as weakness). The key is our
   own, not Rasa's ``role``, so that NLU evaluation still compares like with like;
3. turns any message that names an emergency sign (sudden one-sided weakness,
   a drooping face, trouble breathing...) into the intent ``report_emergency``
   with full confidence, whatever the classifier thought, so that the emergency
   rule interrupts anything at any point in the conversation;
4. gives an empty or blank message the intent ``nlu_fallback`` (a kind "I didn't
   catch that"), whatever the classifier guessed;
5. never lets a message that plainly describes twitching fall back: when the
   classifier was unsure (``nlu_fallback``, typically a long message that is half
   description, half question) but the patterns found a twitch, cramp, spasm or
   jerking that is not denied, the intent becomes the likelier of
   ``describe_twitch`` and ``faq``, so the person gets an interview or an answer
   instead of "I didn't understand";
6. never passes over a twitch description: when the classifier said
   ``out_of_scope``, ``bot_challenge`` or ``greet`` ("Hi, my legs have been
   twitching for five weeks") but the patterns found both a twitch,
   cramp, spasm or jerking and a part of the body, neither denied ("since the
   steroids for my eczema my legs keep twitching", "jumps in my thighs ... my
   friend said to ask a chatbot"), the intent becomes the likelier of
   ``describe_twitch`` and ``faq``, as in 5. A twitch word alone ("how do I stream
   on twitch?") is not enough. Thanks are left alone: "thanks, my eyelid is better
   now" after an assessment is not a new description;
7. the same for ``stop`` and ``goodbye`` when the words themselves do not leave
   (no "stop", "bye", "enough", "no more questions"...: the interview's own test,
   ``twitch_knowledge.interview.interrupts``). A long first message such as "my legs
   do this twitchy jumping thing once I'm in bed ... my partner says I should just
   ask someone" was read as ``stop`` and got "I've stopped the questions";
8. a message that is only a short reply listed in ``twitch_knowledge/replies.yml``
   ("cheerio", "no thanks", "dunno", a thumbs-up) is read as that reply's intent: these
   words have one meaning, and a classifier trained on a few hundred examples of each
   misreads the ones it has not seen ("au revoir" started an interview);
9. a statement is not a question: when the classifier said ``faq`` but the message
   asks nothing (no question mark, no question word where a clause starts, no "what
   is", "vs", "explain"...: ``twitch_knowledge.replies.asks``) and names a twitch and
   a part of the body ("hip twitches", "fasciculations in both legs"), it is a
   description;
10. a description names something: when the classifier said ``describe_twitch`` but
    no extractor found anything at all in the message ("I've got shingles", "book me
    a table"), the intent becomes the likeliest other one. Interview answers are safe:
    every description in the training data names something, and an answer the
    interview understands is taken as an answer whatever the intent (a stop or a
    goodbye only when the words leave, as in 7, else it is ``out_of_scope``, which
    the interview also takes as an answer when it understands it);
11. a question that names no time is a question: when the classifier said
    ``describe_twitch`` but the message opens with a question word ("what is that
    little flicker under my skin", "does bfs get worse over time") and gives no
    onset, frequency or duration, it is ``faq``. The answer is given, and a question
    about the person's own twitch still starts the interview
    (``actions.conversation.ActionAnswerQuestion``);
12. a one-word description is a description: a message that is only a twitch,
    spasm or jerking word as the patterns tag it (``movement``, not denied), perhaps
    with a part of the body and a few small words ("twitching", "spasms", "eye
    twitch", "my calf twitching!"), is ``describe_twitch`` whatever the classifier
    said, so the interview starts instead of "I didn't understand" (an emergency
    still wins, rule 3); so is a part of the body with a word that makes it the usual
    trouble and nothing else ("eye thing again", "my calf is playing up again");
13. a message in another language is not guessed at: when
    ``twitch_knowledge.language.foreign_language`` names one (long enough, few
    English words, the offline detector confident, and none of our patterns found
    anything), the intent becomes ``nlu_fallback`` and the language code is added
    to the parse data under ``foreign_language``; ``action_fallback`` then answers
    in that language that the assistant speaks English only for now, with the
    emergency line ("hola, me tiembla el párpado" had got the English greeting);
14. a plea for help is not "not understood": a message that is only "help", "pls
    help me", "SOS" (``twitch_knowledge.replies.is_plea_for_help``) becomes
    ``nlu_fallback``, which ``action_fallback`` answers with the emergency signs to
    act on and the start of the interview;
15. a stop or a goodbye must be in the words: when the classifier says ``stop`` or
    ``goodbye`` for a message in which nothing leaves and nothing was found
    ("zxcvbnm"), it is ``nlu_fallback``;
16. a deletion must be in the words: when the classifier says ``forget_me`` for a
    message that does not ask to delete anything (``twitch_knowledge.privacy``: "not
    weak just wiped out", "I can't clear my throat"), the intent becomes the
    likeliest other one.

The rules themselves live in the plain ``twitch_knowledge`` package.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from twitch_knowledge import analysis, emergency, language, negation, spelling
from twitch_knowledge.interview import interrupts, opens_as_question
from twitch_knowledge.privacy import FORGET_INTENTS, asks_to_forget
from twitch_knowledge.replies import asks, is_plea_for_help, short_reply
from twitch_knowledge.vocabulary import CODED_LABELS, code_for

EMERGENCY_INTENT = "report_emergency"
FALLBACK_INTENT = "nlu_fallback"
# intents whose reply would pass over a description given in the same message
PASSES_OVER = ("out_of_scope", "bot_challenge", "greet")
# intents that end the conversation or the interview, if the words say so
LEAVES = ("stop", "goodbye")
DESCRIBE_INTENT = "describe_twitch"
FAQ_INTENT = "faq"
# what the person says of the time course: a question naming one is a description
TIME_COURSE = {"onset", "frequency", "duration"}
# never the likeliest other reading of a message that names nothing (rule 10)
NOT_A_FALLBACK_READING = (DESCRIBE_INTENT, FALLBACK_INTENT, EMERGENCY_INTENT)
INTENT_RANKING = "intent_ranking"
# the key of the parse data that names a detected other language (rule 13)
FOREIGN_LANGUAGE_KEY = "foreign_language"
PATTERN_EXTRACTOR = "SpacyEntityExtractor"
# words that may stand next to a twitch word in a one-word description (rule 12)
SMALL_WORDS = frozenset("""
a an the my i me im i'm ive i've got have has having some little bit lots lot of in on
and both left right muscle muscles random constant constantly just still again so many
little tiny small weird all over body its it's
""".split())
# words that make a part of the body alone the usual trouble (rule 12, second form)
THE_USUAL = frozenset("thing things again playing acting up doing is it's its".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class ClinicalSafetyAnnotator(GraphComponent):
    """Negation, value normalisation and the emergency override (see module doc)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"override_emergencies": True}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._override = bool(config.get("override_emergencies", True))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ClinicalSafetyAnnotator":
        component = cls(config)
        # Build the vocabulary and the emergency patterns while the server starts,
        # not on the first person's message.
        emergency.detect_emergency("my calf twitches and I feel fine")
        spelling.correction("weaknss")  # the typo index: known words never build it
        negation.status_of("no weakness", 3, 11, "symptom")
        language.foreign_language("hola, me tiembla el párpado desde ayer")
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    # ------------------------------------------------------------------ helpers
    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if text.startswith("/"):
            self._hand_over(message, text, message.get(ENTITIES) or [])
            return  # a button payload such as "/deny"
        if not text.strip():
            # Nothing to understand: say so kindly (rule for nlu_fallback), never guess.
            self._force_intent(message, FALLBACK_INTENT)
            return
        entities = [self._annotate(dict(e), text) for e in message.get(ENTITIES) or []]
        message.set(ENTITIES, entities, add_to_output=True)
        self._hand_over(message, text, entities)
        if self._override and emergency.detect_emergency(text):
            self._force_intent(message, EMERGENCY_INTENT)
            return
        if is_plea_for_help(text):
            self._force_intent(message, FALLBACK_INTENT)  # rule 14: action_fallback starts the interview
            return
        reply = short_reply(text)
        if reply:
            self._force_intent(message, reply)  # rule 8
            return
        found_by_patterns = any(e.get("extractor") == PATTERN_EXTRACTOR for e in entities)
        foreign = language.foreign_language(text, entities_found=found_by_patterns)
        if foreign:
            self._force_intent(message, FALLBACK_INTENT)  # rule 13
            message.set(FOREIGN_LANGUAGE_KEY, foreign, add_to_output=True)
            return
        if self._only_a_twitch(text, entities) or self._a_part_again(text, entities):
            self._force_intent(message, DESCRIBE_INTENT)  # rule 12
            return
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        found = {e.get(ENTITY_ATTRIBUTE_TYPE) for e in entities if e.get("status") != "absent"}
        describes = {"movement", "body_location"} <= found
        if (intent == FALLBACK_INTENT and "movement" in found) or (
            intent in PASSES_OVER and describes
        ) or (intent in LEAVES and describes and not interrupts(intent, text)):
            self._describe_or_ask(message)
        elif intent == FAQ_INTENT and describes and not asks(text):
            self._reread(message, lambda name: name == DESCRIBE_INTENT, DESCRIBE_INTENT)
        elif intent == DESCRIBE_INTENT and not entities:
            self._other_reading(message, text)
        elif intent == DESCRIBE_INTENT and opens_as_question(text) and not found & TIME_COURSE:
            self._reread(message, lambda name: name == FAQ_INTENT, FAQ_INTENT)
        elif intent in FORGET_INTENTS and not asks_to_forget(text):
            # rule 16: "not weak just wiped out" read as a deletion request: the words
            # do not ask for one, so the next reading (never a deletion on a guess)
            self._reread(message, lambda name: name not in FORGET_INTENTS + (FALLBACK_INTENT,),
                         "out_of_scope")
        elif intent in LEAVES and not entities and not interrupts(intent, text):
            # rule 15: "zxcvbnm" read as stop: nothing in the words leaves, so it was
            # not understood (the escalating fallback, never "I've stopped")
            self._force_intent(message, FALLBACK_INTENT)

    @staticmethod
    def _hand_over(message: Message, text: Text, entities: List[Dict[Text, Any]]) -> None:
        """What the action server needs of this message, read once here
        (`twitch_knowledge.analysis`): it then never loads spaCy to read it again."""
        found = analysis.analyse(text, entities, pattern_extractor=PATTERN_EXTRACTOR)
        if found is not None:
            message.set(analysis.KEY, found, add_to_output=True)

    @staticmethod
    def _only_a_twitch(text: Text, entities: List[Dict[Text, Any]]) -> bool:
        """Rule 12: the message is a twitch word (not denied), perhaps with a part of the
        body and small words, and nothing else."""
        spans = [(e.get(ENTITY_ATTRIBUTE_START), e.get(ENTITY_ATTRIBUTE_END))
                 for e in entities
                 if e.get(ENTITY_ATTRIBUTE_TYPE) in ("movement", "body_location")
                 and e.get("status") is None
                 and e.get(ENTITY_ATTRIBUTE_START) is not None]
        if not any(e.get(ENTITY_ATTRIBUTE_TYPE) == "movement" and e.get("status") is None
                   for e in entities):
            return False
        if any(e.get("status") for e in entities):
            return False  # something denied or uncertain: more than one word's worth
        rest = list(text)
        for start, end in spans:
            rest[start:end] = " " * (end - start)
        return all(word in SMALL_WORDS for word in _WORD.findall("".join(rest).lower()))

    @staticmethod
    def _a_part_again(text: Text, entities: List[Dict[Text, Any]]) -> bool:
        """Rule 12, second form: a part of the body and a word that says it is the
        usual thing ("eye thing again", "my calf is playing up again"), nothing else."""
        parts = [(e.get(ENTITY_ATTRIBUTE_START), e.get(ENTITY_ATTRIBUTE_END)) for e in entities
                 if e.get(ENTITY_ATTRIBUTE_TYPE) == "body_location" and e.get("status") is None
                 and e.get(ENTITY_ATTRIBUTE_START) is not None]
        if not parts or any(e.get(ENTITY_ATTRIBUTE_TYPE) not in ("body_location", "movement")
                            for e in entities):
            return False
        rest = list(text)
        for start, end in parts:
            rest[start:end] = " " * (end - start)
        words = _WORD.findall("".join(rest).lower())
        return bool(set(words) & THE_USUAL) and all(w in SMALL_WORDS | THE_USUAL for w in words)

    def _describe_or_ask(self, message: Message) -> None:
        self._reread(message, lambda name: name in (DESCRIBE_INTENT, FAQ_INTENT), DESCRIBE_INTENT)

    def _other_reading(self, message: Message, text: Text) -> None:
        """Rule 10: the likeliest intent other than a description."""
        best = self._likeliest(message, lambda name: name not in NOT_A_FALLBACK_READING, "out_of_scope")
        if best[INTENT_NAME_KEY] in LEAVES and not interrupts(best[INTENT_NAME_KEY], text):
            best = {INTENT_NAME_KEY: "out_of_scope"}
        self._force_intent(message, best[INTENT_NAME_KEY], best.get(PREDICTED_CONFIDENCE_KEY, 1.0))

    def _reread(self, message: Message, accept: Callable[[Text], bool], default: Text) -> None:
        """The message's intent becomes the likeliest one that ``accept`` takes."""
        best = self._likeliest(message, accept, default)
        self._force_intent(message, best[INTENT_NAME_KEY], best.get(PREDICTED_CONFIDENCE_KEY, 1.0))

    @staticmethod
    def _likeliest(message: Message, accept: Callable[[Text], bool], default: Text) -> Dict[Text, Any]:
        """The classifier's likeliest intent that ``accept`` takes, with its confidence;
        ``default`` (confidence 1.0) when the ranking has none."""
        for ranked in message.get(INTENT_RANKING) or []:
            if accept(ranked.get(INTENT_NAME_KEY)):
                return ranked
        return {INTENT_NAME_KEY: default}

    @staticmethod
    def _annotate(entity: Dict[Text, Any], text: Text) -> Dict[Text, Any]:
        kind = entity.get(ENTITY_ATTRIBUTE_TYPE)
        value = entity.get(ENTITY_ATTRIBUTE_VALUE)
        if kind in CODED_LABELS and isinstance(value, str):
            code = code_for(kind, value)
            if code:
                entity[ENTITY_ATTRIBUTE_VALUE] = code
        start: Optional[int] = entity.get(ENTITY_ATTRIBUTE_START)
        end: Optional[int] = entity.get(ENTITY_ATTRIBUTE_END)
        if kind in CODED_LABELS and start is not None and end is not None:
            status = negation.status_of(text, start, end, kind)
            if status != "present":
                entity["status"] = "absent" if status == "absent" else "uncertain"
        return entity

    @staticmethod
    def _force_intent(message: Message, intent: Text, confidence: float = 1.0) -> None:
        forced = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: confidence}
        ranking = [
            r for r in message.get(INTENT_RANKING) or [] if r.get(INTENT_NAME_KEY) != intent
        ]
        message.set(INTENT, forced, add_to_output=True)
        message.set(INTENT_RANKING, [forced] + ranking, add_to_output=True)

