"""Writes web/public/card-examples.json: one real assessment payload per triage level.

The card preview page (web/public/card-preview.html) and its browser tests render
these, so the preview shows exactly what the assistant sends, with wording from the
knowledge base, never text invented for the page. Run by `make web`.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from twitch_knowledge import render, triage  # noqa: E402
from twitch_knowledge.facts import Facts  # noqa: E402

OUTPUT = ROOT / "web" / "public" / "card-examples.json"

EYELID = dict(locations=["left eyelid"], movements=["flicker"], onset="a week ago", onset_days=7,
              frequency="a few times a day", frequency_code="frequent", duration="a few seconds",
              symptoms={"weakness": "absent"}, other_symptoms_answered=True)


def examples() -> dict:
    cases = {
        "self_care": Facts(**EYELID),
        "see_doctor": Facts(**dict(EYELID, onset="for about 4 months", onset_days=120,
                                   evidence={"persistent_months": ["for about 4 months"]})),
        # the user's words include markup: the card must show it as text
        "see_doctor_soon": Facts(**dict(EYELID, locations=["right hand"],
                                        symptoms={"weakness": "present", "difficulty_gripping": "present"},
                                        evidence={"weakness": ["my grip is <b>weaker</b>"],
                                                  "difficulty_gripping": ["I drop my cup"]})),
    }
    payloads = {level: render.assessment_payload(triage.assess(facts), facts)
                for level, facts in cases.items()}
    payloads["emergency"] = render.emergency_payload([("speech_or_face", "my face is drooping")])
    payloads["visit_summary"] = {"type": "visit_summary",
                                 "summary": payloads["self_care"]["summary"]}
    return payloads


def main() -> int:
    OUTPUT.write_text(json.dumps(examples(), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
