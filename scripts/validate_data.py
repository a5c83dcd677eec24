"""`rasa data validate`, failing on every warning except Rasa 3.6's known false positives.

An intent that only a button sends has no NLU examples on purpose (see
``payload_only_intents``); Rasa reports it as "not found in the NLU training data".
Rasa 3.6's validator reports a response as "not used in any story or rule" when it is
used by a form (`utter_ask_<slot>`), sent from a custom action (`response="utter_..."`
in actions/), or is a retrieval intent's responses (`utter_faq`, answered by
action_answer_question); and it reports a retrieval intent listed in the domain as
"duplicated". These are derived from the domain, config and action code, not typed in;
any other warning fails.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from twitch_knowledge.facts import FOLLOW_UP_SLOTS  # noqa: E402
RASA = ROOT / ".venv" / "bin" / "rasa"
WARNING = re.compile(r"UserWarning: (.*)")
UNUSED = re.compile(r"The utterance '(utter_[\w/]+)' is not used in any story or rule\.")
DUPLICATED = re.compile(r"duplicated intents have been found across multiple domain files: (.*)")
NO_EXAMPLES = re.compile(r"The intent '(\w+)' is listed in the domain file, but is not found in the NLU")


def retrieval_intents() -> set:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    return {c["retrieval_intent"] for c in config.get("pipeline", []) if c.get("retrieval_intent")}


def responses_used_outside_stories() -> set:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    used = {f"utter_ask_{slot}" for form in domain.get("forms", {}).values()
            for slot in form.get("required_slots", [])}
    # the follow-up questions the validation action asks by setting requested_slot
    # (twitch_knowledge.facts.FOLLOW_UP_SLOTS: "which ones?", "the same muscle?")
    used |= {f"utter_ask_{slot}" for slot in FOLLOW_UP_SLOTS}
    used |= {f"utter_{intent}" for intent in retrieval_intents()}
    for path in (ROOT / "actions").glob("*.py"):
        used |= set(re.findall(r'response="(utter_\w+)"', path.read_text()))
    return used


def payload_only_intents() -> set:
    """Intents a button of the domain sends (``/forget_me_confirmed``). Rasa's warning
    that such an intent has no NLU examples is expected when only a button may send it:
    a classifier must never guess it from typed words."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    payloads = set()
    for variants in (domain.get("responses") or {}).values():
        for variant in variants or []:
            for button in variant.get("buttons") or []:
                match = re.match(r"^/(\w+)", str(button.get("payload", "")))
                if match:
                    payloads.add(match.group(1))
    return payloads


def main() -> int:
    result = subprocess.run(
        [str(RASA if RASA.exists() else "rasa"), "data", "validate", "--config", "config.yml",
         "--domain", "domain.yml", "--data", "data"],
        cwd=ROOT, capture_output=True, text=True)
    output = result.stdout + result.stderr
    allowed = responses_used_outside_stories()
    payload_only = payload_only_intents()
    problems = []
    for message in WARNING.findall(output):
        unused = UNUSED.search(message)
        if unused and unused.group(1) in allowed:
            continue
        no_examples = NO_EXAMPLES.search(message)
        if no_examples and no_examples.group(1) in payload_only:
            continue
        duplicated = DUPLICATED.search(message)
        if duplicated and set(duplicated.group(1).split(", ")) <= retrieval_intents():
            continue
        problems.append(message)
    if result.returncode != 0 or problems:
        print(output[-4000:])
        print("\nrasa data validate: %d problem(s)" % len(problems))
        for problem in problems:
            print("  -", problem)
        return 1
    print(f"rasa data validate: clean ({len(allowed)} responses used by the form or actions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
