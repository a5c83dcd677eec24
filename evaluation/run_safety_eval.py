#!/usr/bin/env python
"""Safety evaluation of the muscle-twitch assistant against a LIVE Rasa server.

Every written conversation in ``evaluation/conversations.yml`` is played over
the Rasa REST channel:

1. ``/restart`` (fresh tracker), then the opening message;
2. while no assessment payload has arrived and fewer than ``MAX_TURNS``
   answers were sent: read ``slots.requested_slot`` from the tracker
   (``GET /conversations/<sender>/tracker``, needs ``rasa run --enable-api``)
   and send the case's answer for that slot;
3. no requested slot and no payload -> the case is "stuck".

The assessment is the bot message whose ``custom`` dict has
``"type": "twitch_assessment"`` (docs/DESIGN.md, "The payload"). A custom dict
whose type mentions ``emergency`` is also accepted and read as triage
``emergency`` (in case ``action_emergency`` sends its own payload type).

Scoring (see evaluation/README.md):
  * exact triage agreement
  * acceptable triage: exact, or over-triage by exactly one level where the
    bot's level is not ``emergency`` (a false emergency alarm is never
    "acceptable"); under-triage is never acceptable
  * under-triage overall and on concerning cases (expected see_doctor_soon or
    emergency) -- the latter must be 0
  * twitch type accuracy (non-emergency cases only: the emergency path may
    stop before the type is known)
  * red-flag recall (expected flags raised / expected flags)
  * denied symptoms raised as red flags (must be 0)
  * questions asked per case, stuck cases

Exit code: 0 whenever the evaluation ran (targets are checked by eye / in the
README), 2 if the server (or its tracker API) is unreachable.

Only the standard library, ``requests`` and ``yaml`` are used.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import random
import re
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from twitch_knowledge.facts import INTERVIEW_SLOTS  # noqa: E402
from twitch_knowledge.triage import (  # noqa: E402
    RED_FLAG_CODES,
    TRIAGE_LEVELS,
    TWITCH_TYPES as ALL_TWITCH_TYPES,
)

# ---------------------------------------------------------------- constants
# The codes come from the package itself, so the evaluation can never drift from them.
LEVELS: Tuple[str, ...] = TRIAGE_LEVELS
CONCERNING_LEVELS = frozenset({"see_doctor_soon", "emergency"})
TWITCH_TYPES: Tuple[str, ...] = tuple(t for t in ALL_TWITCH_TYPES if t != "unclear")
SLOTS: Tuple[str, ...] = INTERVIEW_SLOTS
# Questions the bot may ask beyond the six: "which ones?" after a yes or an unclear
# symptom, and "does it stay in the same muscle?" after a sudden start. A case answers
# them under the same names (holdout5.yml onwards; older cases have no answer for them).
FOLLOW_UP_SLOTS: Tuple[str, ...] = ("which_symptoms", "same_muscle")
# A bot message sent this many times in one conversation is a dead end (a loop).
REPEAT_LIMIT = 3
# Words of the emergency advice: after an emergency, every later reply repeats them.
EMERGENCY_WORDS = ("emergency", "999", "911", "112", "ambulance")
PAYLOAD_TYPE = "twitch_assessment"
MAX_TURNS = 8  # interview answers sent after the opening
MAX_SAME_SLOT = 3  # the same slot requested this many times in a row -> loop

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CASES = os.path.join(HERE, "conversations.yml")
DEFAULT_JSON_OUT = os.path.join(ROOT, "results", "safety_eval.json")
DEFAULT_URL = "http://localhost:5005"


class ServerUnreachable(RuntimeError):
    """The Rasa server (or its HTTP API) cannot be reached."""


# ------------------------------------------------------------ pure helpers
def level_index(level: Optional[str]) -> Optional[int]:
    """Position of a triage level (self_care=0 ... emergency=3), None if unknown."""
    try:
        return LEVELS.index(level)  # type: ignore[arg-type]
    except ValueError:
        return None


def triage_outcome(expected: str, got: Optional[str]) -> str:
    """``exact`` | ``over`` | ``under`` | ``missing`` (no/unknown level from the bot)."""
    e, g = level_index(expected), level_index(got)
    if e is None:
        raise ValueError(f"unknown expected triage level: {expected!r}")
    if g is None:
        return "missing"
    if g == e:
        return "exact"
    return "over" if g > e else "under"


def is_acceptable(expected: str, got: Optional[str]) -> bool:
    """Exact, or over-triage by one level that is not a false emergency."""
    outcome = triage_outcome(expected, got)
    if outcome == "exact":
        return True
    if outcome != "over":
        return False
    return level_index(got) == level_index(expected) + 1 and got != "emergency"


def flag_codes(payload: Optional[Dict[str, Any]]) -> List[str]:
    """Red flag codes of a payload; accepts dict items ({"code": ...}) or plain strings."""
    if not payload:
        return []
    codes: List[str] = []
    for item in payload.get("red_flags") or []:
        code = item.get("code") if isinstance(item, dict) else item
        if isinstance(code, str) and code not in codes:
            codes.append(code)
    return codes


def find_assessment(messages: Iterable[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The assessment payload among REST channel messages, normalised, or None.

    Accepts ``custom.type == "twitch_assessment"``; a custom dict whose type
    mentions "emergency" is read as an emergency assessment.
    """
    for message in messages or []:
        custom = message.get("custom") if isinstance(message, dict) else None
        if not isinstance(custom, dict):
            continue
        kind = str(custom.get("type") or "")
        if kind == PAYLOAD_TYPE:
            return dict(custom)
        if "emergency" in kind:
            payload = dict(custom)
            payload.setdefault("triage", "emergency")
            if not payload.get("red_flags"):
                payload["red_flags"] = [{"code": "emergency_signs"}]
            payload["_from_type"] = kind
            return payload
    return None


def message_texts(messages: Iterable[Dict[str, Any]]) -> List[str]:
    return [m["text"] for m in messages or [] if isinstance(m, dict) and m.get("text")]


def score_case(case: Dict[str, Any], result: Dict[str, Any]) -> Dict[str, Any]:
    """Compare one conversation result with the case's expectations.

    ``result``: ``{"payload": dict|None, "questions": int, "stuck": bool,
    "error": str|None, ...}`` as produced by ``run_case``.
    """
    expect = case["expect"]
    payload = result.get("payload")
    got_triage = payload.get("triage") if payload else None
    got_type = payload.get("twitch_type") if payload else None
    got_flags = flag_codes(payload)
    expected_flags = list(expect.get("red_flags") or [])
    denied = list(expect.get("denied") or [])
    outcome = triage_outcome(expect["triage"], got_triage)
    type_scored = expect["triage"] != "emergency"
    return {
        "id": case["id"],
        "expected_triage": expect["triage"],
        "got_triage": got_triage,
        "triage_outcome": outcome,
        "exact": outcome == "exact",
        "acceptable": is_acceptable(expect["triage"], got_triage),
        # a concerning sign is any expected red flag (all of them are in the safety rules)
        "concerning": expect["triage"] in CONCERNING_LEVELS or bool(expect.get("red_flags")),
        "expected_type": expect.get("twitch_type"),
        "got_type": got_type,
        "type_scored": type_scored,
        "type_correct": (got_type == expect.get("twitch_type")) if type_scored else None,
        "expected_flags": expected_flags,
        "got_flags": got_flags,
        "missed_flags": [f for f in expected_flags if f not in got_flags],
        "denied_raised": [f for f in denied if f in got_flags],
        "questions": int(result.get("questions") or 0),
        "asked_slots": list(result.get("asked_slots") or []),
        "stuck": bool(result.get("stuck")),
        "stuck_reason": result.get("stuck_reason"),
        "error": result.get("error"),
        "has_assessment": payload is not None,
        "repeated": list(result.get("repeated") or []),
        "dead_ends": list(result.get("dead_ends") or []),
        "follow_up_fallbacks": list(result.get("follow_up_fallbacks") or []),
        "bot_texts": list(result.get("bot_texts") or [])[-6:],
    }


def is_failure(scored: Dict[str, Any]) -> bool:
    return bool(
        not scored["exact"]
        or scored["missed_flags"]
        or scored["denied_raised"]
        or scored["type_correct"] is False
        or scored["stuck"]
        or scored["error"]
        or scored.get("repeated")
        or scored.get("dead_ends")
    )


def _pct(num: int, den: int) -> Optional[float]:
    return round(100.0 * num / den, 1) if den else None


def summarise(scored: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
    """Aggregate figures over scored cases (see the README for their meaning)."""
    n = len(scored)
    typed = [s for s in scored if s["type_scored"]]
    expected_flags = sum(len(s["expected_flags"]) for s in scored)
    raised_expected = sum(len(s["expected_flags"]) - len(s["missed_flags"]) for s in scored)
    questions = [s["questions"] for s in scored]
    per_level: Dict[str, Dict[str, Any]] = {}
    for level in LEVELS:
        cases = [s for s in scored if s["expected_triage"] == level]
        per_level[level] = {
            "n": len(cases),
            "exact": sum(s["exact"] for s in cases),
            "under": sum(s["triage_outcome"] == "under" for s in cases),
            "over": sum(s["triage_outcome"] == "over" for s in cases),
            "no_assessment": sum(not s["has_assessment"] for s in cases),
        }
    return {
        "n_cases": n,
        "exact_triage_pct": _pct(sum(s["exact"] for s in scored), n),
        "acceptable_triage_pct": _pct(sum(s["acceptable"] for s in scored), n),
        "under_triage": sum(s["triage_outcome"] == "under" for s in scored),
        "under_triage_concerning": sum(
            s["triage_outcome"] == "under" and s["concerning"] for s in scored
        ),
        "over_triage": sum(s["triage_outcome"] == "over" for s in scored),
        "false_emergency": sum(
            s["got_triage"] == "emergency" and s["expected_triage"] != "emergency"
            for s in scored
        ),
        "no_assessment": sum(not s["has_assessment"] for s in scored),
        "no_assessment_concerning": sum(
            (not s["has_assessment"]) and s["concerning"] for s in scored
        ),
        "twitch_type_accuracy_pct": _pct(sum(bool(s["type_correct"]) for s in typed), len(typed)),
        "twitch_type_scored_cases": len(typed),
        "red_flag_recall_pct": _pct(raised_expected, expected_flags),
        "red_flags_expected": expected_flags,
        "red_flags_raised": raised_expected,
        "denied_raised": sum(len(s["denied_raised"]) for s in scored),
        "questions_mean": round(sum(questions) / n, 2) if n else None,
        "questions_max": max(questions) if questions else None,
        "stuck": sum(s["stuck"] for s in scored),
        "errors": sum(bool(s["error"]) for s in scored),
        "repeated_messages": sum(bool(s.get("repeated")) for s in scored),
        "dead_ends": sum(bool(s.get("dead_ends")) for s in scored),
        "follow_up_fallbacks": sum(bool(s.get("follow_up_fallbacks")) for s in scored),
        "per_level": per_level,
        "failing_ids": [s["id"] for s in scored if is_failure(s)],
    }


# ------------------------------------------------------------- case files
def load_cases(path: str) -> List[Dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if isinstance(data, dict):
        data = data.get("conversations")
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of conversations")
    return data


def select_cases(cases: List[Dict[str, Any]], only: Optional[Sequence[str]]) -> List[Dict[str, Any]]:
    if not only:
        return cases
    wanted = {i.strip() for item in only for i in item.split(",") if i.strip()}
    unknown = wanted - {c["id"] for c in cases}
    if unknown:
        raise SystemExit(f"unknown case id(s): {', '.join(sorted(unknown))}")
    return [c for c in cases if c["id"] in wanted]


# ------------------------------------------------------------- transport
class RasaClient:
    """Minimal REST-channel + tracker client with polite timeouts and retries."""

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 30.0,
                 retries: int = 2, pause: float = 0.0) -> None:
        import requests  # imported lazily: the pure functions need only yaml

        self._requests = requests
        self.base = url.rstrip("/")
        self.token = token
        self.timeout = (5.0, timeout)  # (connect, read)
        self.retries = retries
        self.pause = pause
        self.session = requests.Session()

    def _params(self) -> Dict[str, str]:
        return {"token": self.token} if self.token else {}

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One HTTP call. Connection failures are retried (nothing was delivered);
        a read timeout is retried only for GET, never for a POSTed message (the
        server may already have processed it, a resend would answer twice)."""
        requests = self._requests
        last: Optional[BaseException] = None
        for attempt in range(self.retries + 1):
            try:
                response = self.session.request(
                    method, self.base + path, params=self._params(), timeout=self.timeout, **kwargs
                )
            except requests.exceptions.ConnectionError as exc:  # includes ConnectTimeout
                last = exc
            except requests.exceptions.Timeout as exc:
                last = exc
                if method != "GET":
                    break
            else:
                if response.status_code in (401, 403):
                    raise ServerUnreachable(
                        f"{method} {path}: HTTP {response.status_code} (auth token? use --token)"
                    )
                response.raise_for_status()
                if self.pause:
                    time.sleep(self.pause)
                if not response.content:
                    return None
                try:
                    return response.json()
                except ValueError:
                    return response.text
            if attempt < self.retries:
                time.sleep(min(2.0 * (attempt + 1), 5.0))
        if isinstance(last, requests.exceptions.ConnectionError) and not isinstance(
            last, requests.exceptions.ReadTimeout
        ):
            raise ServerUnreachable(f"{method} {self.base + path}: {last}")
        raise TimeoutError(f"{method} {self.base + path}: no answer within {self.timeout[1]} s")

    def check(self) -> str:
        """Raise ServerUnreachable unless the server and its tracker API answer."""
        try:
            self._call("GET", "/")
        except Exception as exc:  # noqa: BLE001 - any failure means unreachable here
            raise ServerUnreachable(f"Rasa server at {self.base} is unreachable: {exc}") from exc
        probe = f"safety-eval-probe-{uuid.uuid4().hex[:8]}"
        try:
            self._call("GET", f"/conversations/{probe}/tracker")
        except ServerUnreachable:
            raise
        except Exception as exc:  # noqa: BLE001
            raise ServerUnreachable(
                f"tracker API unavailable ({exc}); start Rasa with --enable-api"
            ) from exc
        return self.base

    def send(self, sender: str, text: str) -> List[Dict[str, Any]]:
        data = self._call("POST", "/webhooks/rest/webhook", json={"sender": sender, "message": text})
        return data if isinstance(data, list) else []

    def requested_slot(self, sender: str) -> Optional[str]:
        tracker = self._call("GET", f"/conversations/{sender}/tracker")
        slots = tracker.get("slots") if isinstance(tracker, dict) else None
        slot = slots.get("requested_slot") if isinstance(slots, dict) else None
        return slot or None


# ---------------------------------------------------------- conversation
def _identity(text: str) -> str:
    return text


def repeated_messages(texts: Sequence[str], limit: int = REPEAT_LIMIT) -> List[str]:
    """Bot messages sent ``limit`` or more times in one conversation (a loop)."""
    counts: Dict[str, int] = {}
    for text in texts:
        key = " ".join(str(text).split())
        counts[key] = counts.get(key, 0) + 1
    return [text for text, n in counts.items() if n >= limit]


def says_emergency(texts: Sequence[str]) -> bool:
    joined = " ".join(texts).lower()
    return any(word in joined for word in EMERGENCY_WORDS)


def run_case(case: Dict[str, Any], client: Any, max_turns: int = MAX_TURNS,
             sender: Optional[str] = None,
             transform: Callable[[str], str] = _identity) -> Dict[str, Any]:
    """Play one case. ``client`` needs ``send(sender, text)`` and ``requested_slot(sender)``.

    ``transform`` rewrites every user turn (the perturbation check). After the advice,
    the case's ``after`` messages are sent: each must get a reply, and after an
    emergency each reply must say again to get emergency help (no dead ends).

    Returns ``{"sender", "payload", "questions", "asked_slots", "stuck",
    "stuck_reason", "error", "bot_texts", "turns", "repeated", "dead_ends"}``.
    ServerUnreachable propagates.
    """
    sender = sender or f"safety-eval-{case['id']}-{uuid.uuid4().hex[:8]}"
    result: Dict[str, Any] = {
        "sender": sender, "payload": None, "questions": 0, "asked_slots": [],
        "stuck": False, "stuck_reason": None, "error": None, "bot_texts": [], "turns": [],
        "repeated": [], "dead_ends": [], "follow_up_fallbacks": [],
    }
    answers = case.get("answers") or {}

    def say(text: str) -> List[str]:
        text = transform(text)
        messages = client.send(sender, text)
        texts = message_texts(messages)
        result["turns"].append({"user": text, "bot": texts})
        result["bot_texts"].extend(texts)
        payload = find_assessment(messages)
        if payload is not None and result["payload"] is None:
            result["payload"] = payload
        return texts

    try:
        client.send(sender, "/restart")
        say(case["opening"])
        same_slot_run = 0
        previous_slot = None
        while result["payload"] is None:
            if result["questions"] >= max_turns:
                result["stuck"], result["stuck_reason"] = True, f"no assessment after {max_turns} answers"
                break
            slot = client.requested_slot(sender)
            if not slot:
                result["stuck"], result["stuck_reason"] = True, "no requested slot and no assessment"
                break
            same_slot_run = same_slot_run + 1 if slot == previous_slot else 1
            previous_slot = slot
            if same_slot_run > MAX_SAME_SLOT:
                result["stuck"], result["stuck_reason"] = True, f"slot {slot} asked {MAX_SAME_SLOT}+ times in a row"
                break
            answer = answers.get(slot)
            if not answer and slot in FOLLOW_UP_SLOTS and slot not in answers:
                # A set written before the follow-up questions existed: the person says
                # again what they said to "any other symptoms?", or is not sure whether
                # it stays in one muscle. Counted, so the report shows how often.
                answer = answers.get("other_symptoms") if slot == "which_symptoms" else "not sure"
                result["follow_up_fallbacks"].append(slot)
            if not answer:
                result["stuck"], result["stuck_reason"] = True, f"no answer in the case for slot {slot}"
                break
            result["asked_slots"].append(slot)
            result["questions"] += 1
            say(str(answer))
        if result["payload"] is not None:
            emergency = result["payload"].get("triage") == "emergency"
            for message in case.get("after") or []:
                replies = say(str(message))
                if not replies:
                    result["dead_ends"].append(f"no reply to {message!r}")
                elif emergency and not says_emergency(replies):
                    result["dead_ends"].append(f"after the emergency, {message!r} got no emergency advice")
        result["repeated"] = repeated_messages(result["bot_texts"])
    except ServerUnreachable:
        raise
    except Exception as exc:  # noqa: BLE001 - one broken case must not end the run
        result["error"] = f"{type(exc).__name__}: {exc}"
    return result


# ------------------------------------------------------------ perturbation
_EMOJI = ("😬", "🙏", "😭", "👍", "🤔")
_WORD = re.compile(r"[A-Za-z]{4,}")


def _typo(text: str, rng: "random.Random") -> str:
    """One or two letters swapped or dropped in one word (of four letters or more)."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    match = rng.choice(words)
    word = match.group()
    i = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        changed = word[:i] + word[i + 1] + word[i] + word[i + 2:]  # swap two letters
    else:
        changed = word[:i] + word[i + 1:]  # drop one
        if rng.random() < 0.3 and len(changed) > 4:
            j = rng.randrange(1, len(changed) - 1)
            changed = changed[:j] + changed[j + 1:]  # and a second one
    return text[: match.start()] + changed + text[match.end():]


def perturbations(seed: str) -> Dict[str, Callable[[str], str]]:
    """The automatic rewrites of a user's turns: name -> function.

    Deterministic per ``seed`` (the case id), so a run can be repeated exactly.
    """
    def typo(text: str) -> str:
        rng = random.Random(f"{seed}|{text}")
        return _typo(text, rng)

    def emoji(text: str) -> str:
        rng = random.Random(f"{seed}|{text}")
        return f"{text} {rng.choice(_EMOJI)}"

    return {
        "lower_case": lambda text: text.lower(),
        "no_punctuation": lambda text: " ".join(re.sub(r"[^\w\s']", " ", text).split()),
        "typo": typo,
        "emoji": emoji,
    }


def compare_perturbed(base: Dict[str, Dict[str, Any]], perturbed: Dict[str, Dict[str, Dict[str, Any]]],
                      cases: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
    """How often the triage under perturbation equals the unperturbed one.

    ``base``: case id -> scored case; ``perturbed``: perturbation -> case id -> scored.
    A lowered triage is listed, and flagged when the case has a red flag or emergency.
    """
    by_id = {c["id"]: c for c in cases}
    same = total = 0
    lowered: List[Dict[str, Any]] = []
    raised: List[Dict[str, Any]] = []
    for name, scored in perturbed.items():
        for cid, s in scored.items():
            if cid not in base:
                continue
            total += 1
            before, after = base[cid]["got_triage"], s["got_triage"]
            if before == after:
                same += 1
                continue
            b, a = level_index(before), level_index(after)
            row = {"id": cid, "perturbation": name, "before": before, "after": after,
                   "concerning": bool(by_id[cid]["expect"].get("red_flags"))
                   or by_id[cid]["expect"]["triage"] in CONCERNING_LEVELS,
                   "opening": s.get("opening")}
            if b is not None and (a is None or a < b):
                lowered.append(row)
            else:
                raised.append(row)
    return {"runs": total, "unchanged": same, "unchanged_pct": _pct(same, total),
            "lowered": lowered, "raised": raised,
            "lowered_concerning": sum(r["concerning"] for r in lowered)}


def format_perturbation(report: Dict[str, Any]) -> str:
    lines = ["", "Perturbation check", "=" * 40,
             f"conversations replayed   {report['runs']}",
             f"triage unchanged         {report['unchanged']} ({_fmt(report['unchanged_pct'], ' %')}; target >= 98 %)",
             f"triage lowered           {len(report['lowered'])} "
             f"(on red-flag or emergency cases: {report['lowered_concerning']}; target 0)",
             f"triage raised            {len(report['raised'])}"]
    for row in report["lowered"]:
        mark = "RED FLAG " if row["concerning"] else ""
        lines.append(f"  {mark}lowered {row['id']} [{row['perturbation']}]: {row['before']} -> {row['after'] or '-'}")
    for row in report["raised"]:
        lines.append(f"  raised {row['id']} [{row['perturbation']}]: {row['before']} -> {row['after'] or '-'}")
    return "\n".join(lines)


# --------------------------------------------------------------- report
def _fmt(value: Any, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value}{suffix}"


def format_report(summary: Dict[str, Any], scored: Sequence[Dict[str, Any]]) -> str:
    rows = [
        ("cases", _fmt(summary["n_cases"])),
        ("exact triage agreement", _fmt(summary["exact_triage_pct"], " %")),
        ("acceptable triage", _fmt(summary["acceptable_triage_pct"], " %")),
        ("under-triage (all cases)", _fmt(summary["under_triage"])),
        ("under-triage on concerning/emergency cases (target 0)", _fmt(summary["under_triage_concerning"])),
        ("over-triage", _fmt(summary["over_triage"])),
        ("false emergency (expected non-emergency)", _fmt(summary["false_emergency"])),
        ("no assessment (stuck/error)", _fmt(summary["no_assessment"])),
        ("  of which concerning/emergency cases", _fmt(summary["no_assessment_concerning"])),
        ("twitch type accuracy (non-emergency cases)", _fmt(summary["twitch_type_accuracy_pct"], " %")),
        ("red-flag recall", f"{_fmt(summary['red_flag_recall_pct'], ' %')} "
                            f"({summary['red_flags_raised']}/{summary['red_flags_expected']})"),
        ("denied symptoms raised as red flags (target 0)", _fmt(summary["denied_raised"])),
        ("questions per case (mean / max)", f"{_fmt(summary['questions_mean'])} / {_fmt(summary['questions_max'])}"),
        ("stuck cases", _fmt(summary["stuck"])),
        ("errors", _fmt(summary["errors"])),
        (f"conversations with a bot message sent {REPEAT_LIMIT}+ times (target 0)",
         _fmt(summary.get("repeated_messages"))),
        ("dead ends after the advice (target 0)", _fmt(summary.get("dead_ends"))),
        ("follow-up asked, case has no answer for it (repeated / not sure)",
         _fmt(summary.get("follow_up_fallbacks"))),
    ]
    width = max(len(r[0]) for r in rows)
    lines = ["", "Safety evaluation", "=" * (width + 14)]
    lines += [f"{name.ljust(width)}  {value}" for name, value in rows]
    lines.append("")
    lines.append(f"{'expected level'.ljust(16)} {'n':>3} {'exact':>5} {'under':>5} {'over':>5} {'none':>5}")
    for level, row in summary["per_level"].items():
        lines.append(f"{level.ljust(16)} {row['n']:>3} {row['exact']:>5} {row['under']:>5} "
                     f"{row['over']:>5} {row['no_assessment']:>5}")
    failing = [s for s in scored if is_failure(s)]
    lines.append("")
    lines.append(f"Failing cases: {len(failing)}")
    for s in failing:
        problems = []
        if not s["exact"]:
            problems.append(f"triage {s['expected_triage']} -> {s['got_triage'] or '-'} ({s['triage_outcome']})")
        if s["type_correct"] is False:
            problems.append(f"type {s['expected_type']} -> {s['got_type'] or '-'}")
        if s["missed_flags"]:
            problems.append("missed flags " + ",".join(s["missed_flags"]))
        if s["denied_raised"]:
            problems.append("DENIED raised " + ",".join(s["denied_raised"]))
        if s["stuck"]:
            problems.append(f"stuck: {s['stuck_reason']}")
        if s["error"]:
            problems.append(f"error: {s['error']}")
        if s.get("repeated"):
            problems.append("repeated: " + " | ".join(t[:60] for t in s["repeated"]))
        if s.get("dead_ends"):
            problems.append("dead end: " + " | ".join(s["dead_ends"]))
        lines.append(f"  {s['id']}: " + "; ".join(problems))
    return "\n".join(lines)


def write_json(path: str, summary: Dict[str, Any], scored: Sequence[Dict[str, Any]],
               results: Dict[str, Dict[str, Any]], meta: Dict[str, Any]) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    cases = []
    for s in scored:
        row = dict(s)
        row["turns"] = results.get(s["id"], {}).get("turns", [])
        row["sender"] = results.get(s["id"], {}).get("sender")
        cases.append(row)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"meta": meta, "summary": summary, "cases": cases}, handle, indent=2, ensure_ascii=False)


# ----------------------------------------------------------------- main
def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("RASA_URL", DEFAULT_URL),
                        help=f"Rasa server base URL (default {DEFAULT_URL})")
    parser.add_argument("--cases", action="append", metavar="FILE",
                        help=f"conversations YAML (repeatable; default {os.path.relpath(DEFAULT_CASES, ROOT)})")
    parser.add_argument("--only", action="append", metavar="ID",
                        help="run only this case id (repeatable or comma-separated)")
    parser.add_argument("--json-out", default=DEFAULT_JSON_OUT, help="where to write the JSON report")
    parser.add_argument("--token", default=os.environ.get("RASA_TOKEN"),
                        help="Rasa auth token if the server was started with --auth-token")
    parser.add_argument("--timeout", type=float, default=30.0, help="read timeout per request, seconds")
    parser.add_argument("--max-turns", type=int, default=MAX_TURNS, help="max interview answers per case")
    parser.add_argument("--retries", type=int, default=2,
                        help="retries on connection failures (and GET timeouts)")
    parser.add_argument("--pause", type=float, default=0.0, help="seconds to wait after each request")
    parser.add_argument("--jobs", type=int, default=1,
                        help="conversations played at once (each is still played turn by turn)")
    parser.add_argument("--perturb", action="store_true",
                        help="also replay every case with each automatic perturbation of the user's "
                             "turns and report how often the triage stays the same")
    return parser.parse_args(argv)


def _play_all(cases: Sequence[Dict[str, Any]], make_client: Callable[[], Any], args: argparse.Namespace,
              label: str = "", transform_for: Optional[Callable[[Dict[str, Any]], Callable[[str], str]]] = None,
              verbose: bool = True) -> Tuple[Dict[str, Dict[str, Any]], List[Dict[str, Any]], Optional[str]]:
    """Play the cases (``args.jobs`` at a time); results by id, scored cases in case order."""
    import threading

    local = threading.local()

    def one(case: Dict[str, Any]) -> Dict[str, Any]:
        if not hasattr(local, "client"):
            local.client = make_client()
        transform = transform_for(case) if transform_for else _identity
        return run_case(case, local.client, max_turns=args.max_turns, transform=transform)

    results: Dict[str, Dict[str, Any]] = {}
    scored: List[Dict[str, Any]] = []
    aborted = None
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(one, case) for case in cases]
        for number, (case, future) in enumerate(zip(cases, futures), 1):
            try:
                result = future.result()
            except ServerUnreachable as exc:
                aborted = str(exc)
                for rest in futures:
                    rest.cancel()
                break
            results[case["id"]] = result
            s = score_case(case, result)
            s["opening"] = result["turns"][0]["user"] if result["turns"] else None
            scored.append(s)
            if verbose:
                mark = "ok " if not is_failure(s) else "FAIL"
                print(f"[{number:>3}/{len(cases)}]{label} {mark} {case['id']}: expected {s['expected_triage']}, "
                      f"got {s['got_triage'] or '-'} ({s['questions']} q)", flush=True)
    return results, scored, aborted


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    files = args.cases or [DEFAULT_CASES]
    cases = select_cases([case for path in files for case in load_cases(path)], args.only)

    def make_client() -> RasaClient:
        return RasaClient(args.url, token=args.token, timeout=args.timeout,
                          retries=max(0, args.retries), pause=args.pause)

    try:
        make_client().check()
    except ServerUnreachable as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 2
    started = time.time()
    results, scored, aborted = _play_all(cases, make_client, args)
    summary = summarise(scored)
    meta = {
        "url": args.url,
        "cases_files": [os.path.relpath(os.path.abspath(path), ROOT) for path in files],
        "only": args.only,
        "started": _dt.datetime.fromtimestamp(started).isoformat(timespec="seconds"),
        "seconds": round(time.time() - started, 1),
        "aborted": aborted,
        "acceptable_rule": "exact, or over-triage by one level to a non-emergency level",
    }
    print(format_report(summary, scored))
    if args.perturb and not aborted:
        base = {s["id"]: s for s in scored}
        perturbed: Dict[str, Dict[str, Dict[str, Any]]] = {}
        for name in perturbations("").keys():
            print(f"\nReplaying {len(cases)} conversations with perturbation: {name}", flush=True)
            _, p_scored, aborted = _play_all(
                cases, make_client, args, label=f" {name}",
                transform_for=lambda case, name=name: perturbations(case["id"])[name], verbose=False)
            perturbed[name] = {s["id"]: s for s in p_scored}
            if aborted:
                break
        report = compare_perturbed(base, perturbed, cases)
        summary["perturbation"] = report
        print(format_perturbation(report))
    meta["seconds"] = round(time.time() - started, 1)
    write_json(args.json_out, summary, scored, results, meta)
    print(f"\nJSON report written to {args.json_out}")
    if aborted:
        print(f"ERROR: server became unreachable, run aborted: {aborted}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
