"""Understand each message once: what the NLU read, handed to the action server.

The NLU component (`components.safety.ClinicalSafetyAnnotator`) already has the
message and the spaCy pipeline. `analyse` runs there, once per message, the readings
the actions make of the latest message: the vocabulary's entities
(`extract.extract_entities`, a spaCy pass on the typo-corrected text) and the context
of every mention (`context.contexts`, medspaCy's ConText), both for the pattern
entities alone and together with the entities the classifier learned. The result
travels in the message's parse data (``twitch_analysis``), which Rasa sends to the
action server with the tracker.

`adopt`, in the action server, hands those results to `extract` and `context`, keyed
by the exact text and spans they were computed for. The action server then runs the
same code as before and gets the same answers, without loading spaCy or medspaCy:
its memory falls from about 590 MB to about a tenth. Anything not in the analysis (an
older message, a text the actions rewrite) is computed as before, so the result
never depends on whether an analysis came.

Both caches keep the readings of the latest 64 texts, in memory only, never on disk;
"forget me" empties them in both processes (`forget_readings`).

Never raises: a malformed analysis is ignored.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Iterable, List, Mapping, Optional

from . import context, extract
from .extract import extract_entities, extract_facts, facts_from_entities, remember_entities

LOG = logging.getLogger(__name__)
KEY = "twitch_analysis"  # where the NLU puts it in the parse data
VERSION = 1
_FLAGS = ("negated", "uncertain", "historical", "hypothetical", "other_person")


def _learned(entities: Iterable[Mapping[str, Any]], pattern_extractor: str) -> List[Dict[str, Any]]:
    return [dict(e) for e in entities or [] if isinstance(e, Mapping) and e.get("extractor") != pattern_extractor]


def analyse(text: str, entities: Iterable[Mapping[str, Any]] = (), nlp=None,
            pattern_extractor: str = "SpacyEntityExtractor") -> Optional[Dict[str, Any]]:
    """The readings of one message the actions need, as plain JSON (or None).

    ``entities`` are the message's entities as the NLU outputs them; those of the
    classifier (every extractor but ``pattern_extractor``) are what the interview adds
    to the vocabulary's own (`actions.tracker_io.learned_entities`).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    from .interview import combine_entities, interrupts  # interview imports this package's extract

    calls = context.recording()
    readings = extract.recording()
    try:
        found = extract_entities(text, nlp=nlp)
        extract_facts(text)  # the fallback's reading
        facts_from_entities(combine_entities(found, _learned(entities, pattern_extractor)), text)
        interrupts("stop", text)  # a soft "done" is read once more, lower-cased
    except Exception:  # noqa: BLE001 - the action server then reads the message itself
        LOG.exception("analysis failed; the action server will read the message itself")
        return None
    finally:
        context.stop_recording()
        extract.stop_recording()
    return {
        "version": VERSION,
        "text": text,
        "entities": [{"text": t, "entities": e} for t, e in _unique(readings, lambda r: r[0])],
        "contexts": [
            {"text": t, "spans": [list(s) for s in spans],
             "found": ["".join("1" if getattr(c, flag) else "0" for flag in _FLAGS) for c in result]}
            for t, spans, result in _unique(calls, lambda c: (c[0], tuple(map(tuple, c[1]))))
        ],
    }


def forget_readings() -> None:
    """Drop every remembered reading (message texts) from this process: "forget me"."""
    extract.forget_readings()
    context.forget_readings()


def _unique(items: list, key) -> list:
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def adopt(analysis: Any, text: str) -> bool:
    """Make the NLU's readings of ``text`` available to `extract` and `context`."""
    try:
        if not isinstance(analysis, Mapping) or analysis.get("version") != VERSION or analysis.get("text") != text:
            return False
        for item in analysis.get("entities") or []:
            remember_entities(str(item["text"]), [dict(e) for e in item["entities"]])
        for item in analysis.get("contexts") or []:
            spans = [(int(s), int(e), str(label)) for s, e, label in item["spans"]]
            found = [context.MentionContext(**{flag: bit == "1" for flag, bit in zip(_FLAGS, bits)})
                     for bits in item["found"]]
            context.remember(str(item["text"]), spans, found)
        return True
    except Exception:  # noqa: BLE001 - computed again when needed
        LOG.warning("ignored a malformed analysis")
        return False


__all__ = ["analyse", "adopt", "forget_readings", "KEY", "VERSION"]
