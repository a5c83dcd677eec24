"""After the emergency advice, every message gets the emergency advice again.

Once ``action_emergency`` has told someone to call emergency services (slot
``emergency_reported``, cleared only by ``/restart``), what they write next is
answered by ``action_emergency_follow_up``, whatever the classifier or the other
policies make of it: "he says he's fine and doesn't want to go", "ok", "hes starting
to talk a bit now, do we still need to go a&e?" and "bye" all get, calmly, the signs
they reported and again what to do. Rules and TED cannot do this: the slot does not
influence their predictions, and a rule per intent would be a list, not a mechanism.

Messages that still get their own answer, with the reminder added by the actions and
the domain's responses: a new emergency sign (``report_emergency``), a question
(``faq``), deleting the conversation, and ``/restart``.

The policy learns nothing (``is_trainable=False``) and wins ties over the rules by
priority.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from twitch_knowledge.privacy import FORGET_INTENTS

EMERGENCY_SLOT = "emergency_reported"
FOLLOW_UP_ACTION = "action_emergency_follow_up"
# intents that keep their own answer after an emergency
OWN_ANSWER = frozenset({"report_emergency", "faq", "restart", "session_start", *FORGET_INTENTS})


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT], is_trainable=False
)
class EmergencyFollowUpPolicy(Policy):
    """Predicts ``action_emergency_follow_up`` after an emergency (see module doc)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # above the RulePolicy (6), so a rule for the same intent loses the tie
        return {"priority": 7}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "EmergencyFollowUpPolicy":
        return cls(config, model_storage, resource, execution_context)

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain,
              **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        result = self._default_predictions(domain)
        action = next_action(tracker)
        if action in domain.action_names_or_texts:
            result[domain.index_for_action(action)] = 1.0
        return self._prediction(result)


def next_action(tracker: DialogueStateTracker) -> Optional[Text]:
    """The action this policy predicts, or None to leave the turn to the others."""
    if not tracker.get_slot(EMERGENCY_SLOT):
        return None
    latest = tracker.latest_action_name
    if latest == FOLLOW_UP_ACTION:
        return ACTION_LISTEN_NAME
    if latest != ACTION_LISTEN_NAME or tracker.active_loop_name:
        return None
    intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
    if intent in OWN_ANSWER or (tracker.latest_message and (tracker.latest_message.text or "").startswith("/restart")):
        return None
    return FOLLOW_UP_ACTION
