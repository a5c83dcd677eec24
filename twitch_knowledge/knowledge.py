"""Knowledge items: every health statement the assistant makes, with its source.

The items live in ``knowledge.yml`` next to this module. They paraphrase the two
source articles (or are marked conservative safety additions) and are loaded
once, validated, and cached. Other modules compose their texts from items by id
and never write health claims of their own.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

import yaml

KNOWLEDGE_PATH = Path(__file__).with_name("knowledge.yml")

OVERVIEW_TITLE = "An Overview of Muscle Twitches"
MS_ARTICLE_TITLE = "Is Muscle Twitching a Sign of MS or Something Else?"
SAFETY_TITLE = "Safety addition (not from the articles)"
ALLOWED_TITLES = (OVERVIEW_TITLE, MS_ARTICLE_TITLE, SAFETY_TITLE)
PUBLISHERS = {OVERVIEW_TITLE: "Verywell Health"}

# The FAQ keys of the `faq` retrieval intent (docs/DESIGN.md); one item answers each.
FAQ_KEYS = (
    "what_is_fasciculation",
    "what_is_spasticity",
    "what_is_clonus",
    "twitch_vs_cramp",
    "ms_spasm_feel",
    "what_causes_fasciculations",
    "ms_cause_twitching",
    "is_it_als",
    "bfs",
    "cramp_fasciculation_syndrome",
    "benign_triggers",
    "medical_causes",
    "clonus_causes",
    "lower_motor_neuron_diseases",
    "how_to_stop",
    "when_to_see_doctor",
    "doctor_questions",
    "tests",
    "treatment",
    "where_twitches_occur",
    "have_ms_twitching",
    "stress_twitching",
    "caffeine_twitching",
    "electrolytes_twitching",
    "is_twitching_normal",
)


class KnowledgeError(ValueError):
    """The knowledge file is malformed; the message names the item and the problem."""


@dataclass(frozen=True)
class Source:
    """Where an item comes from: an article title and one of its sections."""

    title: str
    section: str

    @property
    def citation(self) -> str:
        """The title with its publisher, e.g. ``An Overview of Muscle Twitches (Verywell Health)``."""
        publisher = PUBLISHERS.get(self.title)
        return f"{self.title} ({publisher})" if publisher else self.title

    def to_dict(self) -> Dict[str, str]:
        return {"title": self.title, "section": self.section}


@dataclass(frozen=True)
class Item:
    """One knowledge item."""

    id: str
    topic: str
    text: str
    source: Source
    safety_addition: bool = False
    faq: Optional[str] = None
    label: Optional[str] = None
    # FAQ keys this item adds to (after the item that answers the key)
    also_answers: Tuple[str, ...] = ()


# ---------------------------------------------------------------- loading
def load(path: Optional[Path] = None) -> Mapping[str, Item]:
    """Load and validate a knowledge file (the package's own by default), once.

    Returns a read-only id -> item mapping in file order; raises `KnowledgeError`.
    """
    return _load_cached(str(path or KNOWLEDGE_PATH))


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Mapping[str, Item]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    raw_items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(raw_items, list) or not raw_items:
        raise KnowledgeError(f"{path}: expected a non-empty list under 'items'")
    parsed: Dict[str, Item] = {}
    for position, raw in enumerate(raw_items):
        item = _parse_item(raw, position)
        if item.id in parsed:
            raise KnowledgeError(f"duplicate knowledge item id {item.id!r}")
        parsed[item.id] = item
    _check_faq_keys(parsed.values())
    return MappingProxyType(parsed)


def _parse_item(raw: Any, position: int) -> Item:
    where = f"knowledge item #{position}"
    if not isinstance(raw, Mapping):
        raise KnowledgeError(f"{where}: expected a mapping")
    item_id = _required_text(raw, "id", where)
    where = f"knowledge item {item_id!r}"
    source = raw.get("source")
    if not isinstance(source, Mapping):
        raise KnowledgeError(f"{where}: missing source {{title, section}}")
    title = _required_text(source, "title", where + " source")
    if title not in ALLOWED_TITLES:
        raise KnowledgeError(f"{where}: source title {title!r} is not one of {ALLOWED_TITLES}")
    safety = bool(raw.get("safety_addition", False))
    if safety != (title == SAFETY_TITLE):
        raise KnowledgeError(
            f"{where}: safety_addition must be true exactly when the source is {SAFETY_TITLE!r}"
        )
    text = " ".join(_required_text(raw, "text", where).split())
    if '"' in text:
        raise KnowledgeError(f"{where}: text must not contain double quotes")
    return Item(
        id=item_id,
        topic=_required_text(raw, "topic", where),
        text=text,
        source=Source(title=title, section=_required_text(source, "section", where + " source")),
        safety_addition=safety,
        faq=_optional_text(raw, "faq", where),
        label=_optional_text(raw, "label", where),
        also_answers=_text_list(raw, "also_answers", where),
    )


def _text_list(raw: Mapping, key: str, where: str) -> Tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise KnowledgeError(f"{where}: {key!r} must be a list of FAQ keys")
    return tuple(value)


def _required_text(raw: Mapping, key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(f"{where}: missing or empty {key!r}")
    return value.strip()


def _optional_text(raw: Mapping, key: str, where: str) -> Optional[str]:
    return _required_text(raw, key, where) if key in raw else None


def _check_faq_keys(all_items: Iterable[Item]) -> None:
    answered: Dict[str, str] = {}
    for item in all_items:
        if item.faq is None:
            continue
        if item.faq not in FAQ_KEYS:
            raise KnowledgeError(f"knowledge item {item.id!r}: unknown faq key {item.faq!r}")
        if item.faq in answered:
            raise KnowledgeError(
                f"faq key {item.faq!r} is answered twice ({answered[item.faq]!r}, {item.id!r})"
            )
        answered[item.faq] = item.id
    missing = [key for key in FAQ_KEYS if key not in answered]
    if missing:
        raise KnowledgeError(f"faq keys without an answering item: {missing}")


# ---------------------------------------------------------------- access
def items() -> List[Item]:
    """All items, in file order."""
    return list(load().values())


def get(item_id: str) -> Item:
    """The item with this id; ``KeyError`` naming the id if there is none."""
    try:
        return load()[item_id]
    except KeyError:
        raise KeyError(f"unknown knowledge item {item_id!r}") from None


def source_of(item_id: str) -> Source:
    return get(item_id).source


def answer_for_faq(key: str) -> Optional[Item]:
    """The item answering FAQ ``key`` (``faq/<key>`` without the prefix), or None."""
    for item in load().values():
        if item.faq == key:
            return item
    return None


def also_for_faq(key: str) -> List[Item]:
    """Items that complete the answer to FAQ ``key``, in file order."""
    return [item for item in load().values() if key in item.also_answers]


def faq_keys() -> List[str]:
    """The FAQ keys the knowledge base answers, sorted."""
    return sorted(item.faq for item in items() if item.faq)
