"""Token features from the project's entity patterns, so DIET learns from the vocabulary.

The spaCy pipeline (``build/spacy/en_twitch``) already marks what the articles'
vocabulary recognises: body parts, movements, symptoms, triggers, conditions, and the
structural time phrases ("for about 2 weeks", "every few minutes", "a second or two").
DIET, trained on a few thousand sentences, cannot know that "hamstring" is a body part
or that "water pills" is a medicine unless it saw them. This featurizer hands the
pattern matches to DIET as sparse features: for every token, whether it begins or
continues a match of each entity label. DIET still decides; the features only tell
it what the vocabulary saw, which helps most on the span boundaries of time phrases.

The sentence-level vector says which labels occur anywhere in the message, which
helps intent classification ("coffee" alone is an answer about a trigger, not small
talk).

It needs ``SpacyNLP`` (for the doc) and ``SpacyTokenizer`` (tokens share the doc's
character offsets) earlier in the pipeline. It is not trainable: the same vocabulary
gives the same features at training and at prediction time.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple, Type

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.constants import ACTION_TEXT, RESPONSE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from twitch_knowledge import nlp as twitch_nlp
from twitch_knowledge.vocabulary import ENTITY_LABELS, VOCABULARY_PATH

# Two columns per label: the token begins a match / the token continues one.
FEATURE_NAMES: Tuple[str, ...] = tuple(
    f"{position}-{label}" for label in ENTITY_LABELS for position in ("B", "I")
)
_COLUMN = {name: index for index, name in enumerate(FEATURE_NAMES)}


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class PatternEntityFeaturizer(SparseFeaturizer, GraphComponent):
    """Sparse token features: which vocabulary pattern (if any) covers each token."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP, SpacyTokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SparseFeaturizer.get_default_config()}

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "PatternEntityFeaturizer":
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to check: the component has no settings of its own."""

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        """The patterns' content, so that Rasa's training cache never reuses features
        (and a DIET trained on them) made from an older vocabulary. SpacyNLP's own
        fingerprint is only the model path, which does not change."""
        patterns = Path(twitch_nlp.DEFAULT_PIPELINE_PATH) / "entity_ruler" / "patterns.jsonl"
        source = patterns if patterns.exists() else VOCABULARY_PATH
        return hashlib.sha256(source.read_bytes()).hexdigest()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            for attribute in (TEXT, RESPONSE, ACTION_TEXT):
                self._featurize(example, attribute)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._featurize(message, TEXT)
        return messages

    def _featurize(self, message: Message, attribute: Text) -> None:
        features = pattern_features(message, attribute)
        if features is not None:
            sequence, sentence = features
            self.add_features_to_message(sequence, sentence, attribute, message)


def pattern_features(
    message: Message, attribute: Text = TEXT
) -> Optional[Tuple[scipy.sparse.coo_matrix, scipy.sparse.coo_matrix]]:
    """(sequence, sentence) feature matrices, or None when there is nothing to featurize."""
    doc = message.get(SPACY_DOCS[attribute])
    tokens = message.get(TOKENS_NAMES[attribute]) or []
    if doc is None or not tokens:
        return None
    sequence = np.zeros((len(tokens), len(FEATURE_NAMES)))
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        begun = False
        for index, token in enumerate(tokens):
            if token.start < ent.end_char and token.end > ent.start_char:
                position = "I" if begun else "B"
                sequence[index, _COLUMN[f"{position}-{ent.label_}"]] = 1.0
                begun = True
    sentence = sequence.max(axis=0, keepdims=True)
    return scipy.sparse.coo_matrix(sequence), scipy.sparse.coo_matrix(sentence)
