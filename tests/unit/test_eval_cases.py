"""Offline checks of the safety-evaluation material.

* evaluation/conversations.yml: schema, coverage counts, expectations that
  follow the DESIGN.md triage rules;
* data/nlu/faq.yml: every FAQ key of DESIGN.md, >= 12 examples, no example
  under two keys;
* evaluation/run_safety_eval.py: the pure scoring functions and the
  conversation driver, with synthetic results, a fake client and a fake HTTP
  server (no trained model or live bot needed).
"""
from __future__ import annotations

import collections
import importlib.util
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CASES_PATH = ROOT / "evaluation" / "conversations.yml"
# Written later, without looking at the NLU data or the extraction code: never tuned on.
HOLDOUT_PATH = ROOT / "evaluation" / "holdout.yml"
HOLDOUT2_PATH = ROOT / "evaluation" / "holdout2.yml"
HOLDOUT3_PATH = ROOT / "evaluation" / "holdout3.yml"
HOLDOUT4_PATH = ROOT / "evaluation" / "holdout4.yml"
HOLDOUT5_PATH = ROOT / "evaluation" / "holdout5.yml"
HOLDOUT6_PATH = ROOT / "evaluation" / "holdout6.yml"
FAQ_PATH = ROOT / "data" / "nlu" / "faq.yml"
DESIGN_PATH = ROOT / "docs" / "DESIGN.md"
SCRIPT_PATH = ROOT / "evaluation" / "run_safety_eval.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("run_safety_eval", SCRIPT_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_safety_eval"] = module
    spec.loader.exec_module(module)
    return module


ev = _load_script()

LEVELS = ("self_care", "see_doctor", "see_doctor_soon", "emergency")
TYPES = ("fasciculation", "spasticity", "clonus", "cramp")
FLAGS = (
    "weakness", "muscle_wasting", "bulbar_symptoms", "tongue_twitching",
    "rhythmic_jerking", "stiffness_spasticity", "persistent_months",
    "disrupts_daily_life", "sudden_focal_onset", "emergency_signs",
)
SOON_FLAGS = {"weakness", "muscle_wasting", "bulbar_symptoms", "tongue_twitching",
              "rhythmic_jerking", "stiffness_spasticity"}
DOCTOR_FLAGS = {"persistent_months", "disrupts_daily_life", "sudden_focal_onset"}
SLOTS = ("twitch_location", "twitch_onset", "twitch_frequency", "twitch_duration",
         "weakness", "other_symptoms")
CASE_KEYS = {"id", "voice", "opening", "answers", "expect", "note"}
OPTIONAL_CASE_KEYS = {"tags", "after"}
# answers to the follow-up questions (which symptoms, same muscle): holdout5 onwards
FOLLOW_UPS = ("which_symptoms", "same_muscle")
TAGS = {"negation", "late_red_flag", "multiple_flags", "als_fear", "borderline",
        # holdout5, chat language: who tells it, what is past or supposed, unknown words
        "bystander", "history", "hypothetical", "known_condition", "medication", "ms_fear",
        "non_native", "oov_symptom", "other_person", "proxy", "short_opening", "sudden_focal", "vague"}
EXPECT_KEYS = {"twitch_type", "triage", "red_flags", "denied"}


@pytest.fixture(scope="module")
def cases() -> List[Dict[str, Any]]:
    return ev.load_cases(str(CASES_PATH))


@pytest.fixture(scope="module")
def holdout() -> List[Dict[str, Any]]:
    return ev.load_cases(str(HOLDOUT_PATH))


@pytest.fixture(scope="module")
def holdout2() -> List[Dict[str, Any]]:
    return ev.load_cases(str(HOLDOUT2_PATH))


@pytest.fixture(scope="module")
def holdout3() -> List[Dict[str, Any]]:
    return ev.load_cases(str(HOLDOUT3_PATH))


@pytest.fixture(scope="module")
def holdout4() -> List[Dict[str, Any]]:
    return ev.load_cases(str(HOLDOUT4_PATH))


@pytest.fixture(scope="module")
def holdout5() -> List[Dict[str, Any]]:
    return ev.load_cases(str(HOLDOUT5_PATH))


@pytest.fixture(scope="module")
def holdout6() -> List[Dict[str, Any]]:
    return ev.load_cases(str(HOLDOUT6_PATH))


@pytest.fixture(params=["cases", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6"])
def any_cases(request) -> List[Dict[str, Any]]:
    """Each case file in turn, for the checks all must pass."""
    return request.getfixturevalue(request.param)


def _design_text() -> str:
    return DESIGN_PATH.read_text(encoding="utf-8")


def design_faq_keys() -> List[str]:
    text = _design_text()
    block = text.split("FAQ keys (`faq/<key>`):", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"[a-z][a-z_]+", block)


# ------------------------------------------------------- contract mirrors
def test_script_constants_match_design():
    text = _design_text()
    assert "`self_care` < `see_doctor` < `see_doctor_soon` < `emergency`" in text
    assert ev.LEVELS == LEVELS
    codes_block = text.split("Red flag codes:", 1)[1].split("\n\n", 1)[0]
    assert tuple(re.findall(r"`([a-z_]+)`", codes_block)) == ev.RED_FLAG_CODES == FLAGS
    assert ev.SLOTS == SLOTS
    assert ev.TWITCH_TYPES == TYPES


def test_slots_match_facts_module():
    sys.path.insert(0, str(ROOT))
    try:
        from twitch_knowledge.facts import INTERVIEW_SLOTS
    finally:
        sys.path.pop(0)
    assert tuple(INTERVIEW_SLOTS) == SLOTS


# ------------------------------------------------------ conversations.yml
def test_case_schema(any_cases):
    for case in any_cases:
        cid = case.get("id")
        assert isinstance(cid, str) and re.fullmatch(r"[a-z0-9_]+", cid), cid
        assert CASE_KEYS <= set(case), (cid, CASE_KEYS - set(case))
        assert set(case) <= CASE_KEYS | OPTIONAL_CASE_KEYS, (cid, set(case) - CASE_KEYS)
        for key in ("voice", "opening", "note"):
            assert isinstance(case[key], str) and case[key].strip(), (cid, key)
        answers = case["answers"]
        assert set(SLOTS) <= set(answers) <= set(SLOTS) | set(FOLLOW_UPS), (cid, set(SLOTS) ^ set(answers))
        for message in case.get("after", []):
            assert isinstance(message, str) and message.strip(), cid
        for slot in answers:
            assert isinstance(answers[slot], str) and answers[slot].strip(), (cid, slot)
        expect = case["expect"]
        assert set(expect) == EXPECT_KEYS, (cid, set(expect) ^ EXPECT_KEYS)
        assert expect["triage"] in LEVELS, cid
        assert expect["twitch_type"] in TYPES + ("unclear",), cid
        assert isinstance(expect["red_flags"], list) and isinstance(expect["denied"], list), cid
        for code in expect["red_flags"] + expect["denied"]:
            assert code in FLAGS, (cid, code)
        assert len(set(expect["red_flags"])) == len(expect["red_flags"]), cid
        assert not set(expect["red_flags"]) & set(expect["denied"]), cid
        for tag in case.get("tags", []):
            assert tag in TAGS, (cid, tag)


def test_ids_unique(any_cases):
    ids = [c["id"] for c in any_cases]
    dupes = [i for i, n in collections.Counter(ids).items() if n > 1]
    assert not dupes


def test_openings_unique(cases):
    openings = [c["opening"].strip().lower() for c in cases]
    assert len(set(openings)) == len(openings)


# Each held-out set, the files written before it, and the fewest cases it has per level.
HELD_OUT = [("holdout", ["cases"], 8), ("holdout2", ["cases", "holdout"], 8),
            ("holdout3", ["cases", "holdout", "holdout2"], 6),
            ("holdout4", ["cases", "holdout", "holdout2", "holdout3"], 7),
            ("holdout5", ["cases", "holdout", "holdout2", "holdout3", "holdout4"], 12),
            ("holdout6", ["cases", "holdout", "holdout2", "holdout3", "holdout4", "holdout5"], 14)]


@pytest.mark.parametrize("name, earlier, min_per_level", HELD_OUT)
def test_held_out_sets_are_new_and_cover_every_level(request, name, earlier, min_per_level):
    held = request.getfixturevalue(name)
    others = [c for fixture in earlier for c in request.getfixturevalue(fixture)]
    assert not {c["id"] for c in others} & {c["id"] for c in held}
    assert not ({c["opening"].strip().lower() for c in others}
                & {c["opening"].strip().lower() for c in held})
    assert len(held) >= 40
    per_level = collections.Counter(c["expect"]["triage"] for c in held)
    assert min(per_level[level] for level in LEVELS) >= min_per_level, per_level


def test_total_and_level_counts(cases):
    assert len(cases) >= 90
    per_level = collections.Counter(c["expect"]["triage"] for c in cases)
    assert per_level["self_care"] >= 20, per_level
    assert per_level["see_doctor"] >= 20, per_level
    assert per_level["see_doctor_soon"] >= 25, per_level
    assert per_level["emergency"] >= 8, per_level


def test_twitch_type_counts(cases):
    # counted on non-emergency cases only: that is where the type is scored
    per_type = collections.Counter(
        c["expect"]["twitch_type"] for c in cases if c["expect"]["triage"] != "emergency"
    )
    for kind in TYPES:
        assert per_type[kind] >= 5, (kind, per_type)


def test_red_flag_counts(cases):
    per_flag = collections.Counter(f for c in cases for f in c["expect"]["red_flags"])
    for code in FLAGS:
        assert per_flag[code] >= 3, (code, per_flag)


def test_voices_and_tags(cases):
    voices = collections.Counter(c["voice"] for c in cases)
    for voice in ("anxious", "rambling", "misspelt", "terse", "british", "american"):
        assert voices[voice] >= 3, (voice, voices)
    ms_cases = [c for c in cases if c["voice"] == "ms_patient"
                or re.search(r"\bMS\b|multiple sclerosis", c["opening"])]
    assert len(ms_cases) >= 6
    tags = collections.Counter(t for c in cases for t in c.get("tags", []))
    assert tags["negation"] >= 5
    assert tags["late_red_flag"] >= 5
    assert tags["multiple_flags"] >= 3
    # several red flags at once
    assert sum(len(c["expect"]["red_flags"]) >= 2 for c in cases) >= 4
    # negations really are present in the text
    for case in cases:
        if "negation" in case.get("tags", []):
            text = " ".join([case["opening"], *case["answers"].values()]).lower()
            assert re.search(r"\bno\b|n't|\bnot\b", text), case["id"]


def test_expectations_follow_design_rules(any_cases):
    for case in any_cases:
        cid, expect = case["id"], case["expect"]
        flags, triage = set(expect["red_flags"]), expect["triage"]
        # emergency <=> emergency signs, and nothing else expected
        assert (triage == "emergency") == ("emergency_signs" in flags), cid
        if triage == "emergency":
            assert expect["red_flags"] == ["emergency_signs"], cid
            continue
        # a see_doctor_soon flag can never be lowered
        if flags & SOON_FLAGS:
            assert triage == "see_doctor_soon", cid
        if triage == "see_doctor_soon":
            assert flags & SOON_FLAGS, cid
        if triage == "see_doctor":
            assert flags <= DOCTOR_FLAGS, cid
        if triage == "self_care":
            assert not flags, cid
            assert "weakness" in expect["denied"], f"{cid}: self_care needs weakness explicitly denied"
        # movement types imply their flag
        if expect["twitch_type"] == "clonus":
            assert "rhythmic_jerking" in flags, cid
        if expect["twitch_type"] == "spasticity":
            assert "stiffness_spasticity" in flags, cid
        if "rhythmic_jerking" in flags:
            assert expect["twitch_type"] == "clonus", cid
        if "stiffness_spasticity" in flags:  # clonus wins over spasticity
            assert expect["twitch_type"] in ("spasticity", "clonus"), cid


def test_emergency_and_ms_counts(cases):
    emergency = [c for c in cases if c["expect"]["triage"] == "emergency"]
    assert len(emergency) >= 8
    assert sum(c["voice"] == "ms_patient" for c in cases) >= 6
    # some emergency signs only come out late, in an interview answer
    assert sum("late_red_flag" in c.get("tags", []) for c in emergency) >= 2


# ------------------------------------------------------------- faq.yml
def test_design_lists_the_faq_keys():
    keys = design_faq_keys()
    assert len(keys) == len(set(keys)) >= 20
    assert "have_ms_twitching" in keys and "ms_cause_twitching" in keys


def test_faq_covers_every_key_without_overlap():
    data = yaml.safe_load(FAQ_PATH.read_text(encoding="utf-8"))
    assert str(data["version"]) == "3.1"
    keys = design_faq_keys()
    seen: Dict[str, str] = {}
    found = set()
    for item in data["nlu"]:
        intent = item["intent"]
        assert intent.startswith("faq/"), intent
        key = intent.split("/", 1)[1]
        assert key in keys, f"{key} is not a DESIGN.md FAQ key"
        assert key not in found, f"{key} listed twice"
        found.add(key)
        examples = [line.strip()[2:].strip() for line in item["examples"].splitlines()
                    if line.strip().startswith("- ")]
        assert len(examples) >= 12, (key, len(examples))
        assert len(examples) <= 40, (key, len(examples))
        for example in examples:
            # examples may carry entity annotations: compare the plain text
            # ("[left calf](body_location)" and '[twitch]{"entity": ...}' -> the words)
            text = re.sub(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})", r"\1", example)
            assert not re.search(r"[\[\]{}]", text), f"malformed annotation in {key}: {example}"
            norm = re.sub(r"\W+", " ", text.lower()).strip()
            assert norm not in seen or seen[norm] == key, f"'{example}' under {seen.get(norm)} and {key}"
            assert norm not in seen, f"duplicate '{example}' in {key}"
            seen[norm] = key
    assert found == set(keys), set(keys) - found


# ------------------------------------------------------ scoring functions
def test_level_ordering():
    assert [ev.level_index(x) for x in LEVELS] == [0, 1, 2, 3]
    assert ev.level_index("urgent") is None and ev.level_index(None) is None
    assert ev.triage_outcome("see_doctor", "see_doctor") == "exact"
    assert ev.triage_outcome("see_doctor", "self_care") == "under"
    assert ev.triage_outcome("see_doctor", "emergency") == "over"
    assert ev.triage_outcome("see_doctor", None) == "missing"
    assert ev.triage_outcome("see_doctor", "nonsense") == "missing"
    with pytest.raises(ValueError):
        ev.triage_outcome("bogus", "self_care")


@pytest.mark.parametrize(
    "expected, got, ok",
    [
        ("self_care", "self_care", True),
        ("self_care", "see_doctor", True),          # one level over
        ("self_care", "see_doctor_soon", False),    # two levels over
        ("see_doctor", "see_doctor_soon", True),
        ("see_doctor", "self_care", False),         # under-triage never acceptable
        ("see_doctor_soon", "emergency", False),    # a false emergency is not "acceptable"
        ("see_doctor_soon", "see_doctor", False),
        ("emergency", "emergency", True),
        ("emergency", "see_doctor_soon", False),
        ("emergency", None, False),
        ("see_doctor", None, False),
    ],
)
def test_is_acceptable(expected, got, ok):
    assert ev.is_acceptable(expected, got) is ok


def test_flag_codes_and_find_assessment():
    assert ev.flag_codes(None) == []
    assert ev.flag_codes({"red_flags": [{"code": "weakness"}, "tongue_twitching", {"code": "weakness"}]}) == [
        "weakness", "tongue_twitching"]
    messages = [
        {"recipient_id": "x", "text": "Thanks"},
        {"recipient_id": "x", "custom": {"type": "something_else"}},
        {"recipient_id": "x", "custom": {"type": "twitch_assessment", "triage": "self_care", "red_flags": []}},
    ]
    assert ev.find_assessment(messages)["triage"] == "self_care"
    assert ev.find_assessment([{"text": "hi"}]) is None
    assert ev.find_assessment([]) is None and ev.find_assessment(None) is None
    emergency = ev.find_assessment([{"custom": {"type": "twitch_emergency", "signs": ["breathing"]}}])
    assert emergency["triage"] == "emergency"
    assert ev.flag_codes(emergency) == ["emergency_signs"]


def _case(cid="c1", triage="see_doctor_soon", flags=("weakness",), denied=(), kind="fasciculation"):
    return {
        "id": cid, "voice": "terse", "opening": "x", "note": "x",
        "answers": {s: "x" for s in SLOTS},
        "expect": {"twitch_type": kind, "triage": triage, "red_flags": list(flags), "denied": list(denied)},
    }


def _result(triage=None, flags=(), kind=None, questions=3, stuck=False):
    payload = None
    if triage is not None:
        payload = {"type": "twitch_assessment", "triage": triage, "twitch_type": kind,
                   "red_flags": [{"code": f} for f in flags]}
    return {"payload": payload, "questions": questions, "stuck": stuck,
            "stuck_reason": "no requested slot and no assessment" if stuck else None, "error": None}


def test_score_case_and_summary_with_synthetic_results():
    scored = [
        # exact, all flags, right type
        ev.score_case(_case("a", "see_doctor_soon", ["weakness"]),
                      _result("see_doctor_soon", ["weakness"], "fasciculation", 4)),
        # under-triage on a concerning case, flag missed
        ev.score_case(_case("b", "see_doctor_soon", ["tongue_twitching"]),
                      _result("see_doctor", [], "fasciculation", 6)),
        # acceptable over-triage, but a denied symptom raised and wrong type
        ev.score_case(_case("c", "self_care", [], ["weakness"]),
                      _result("see_doctor", ["weakness"], "cramp", 2)),
        # stuck emergency case: no assessment
        ev.score_case(_case("d", "emergency", ["emergency_signs"]), _result(None, stuck=True, questions=0)),
        # exact see_doctor with extra (non-denied) flag: not a failure
        ev.score_case(_case("e", "see_doctor", ["persistent_months"]),
                      _result("see_doctor", ["persistent_months", "disrupts_daily_life"], "fasciculation", 5)),
    ]
    s = ev.summarise(scored)
    assert s["n_cases"] == 5
    assert s["exact_triage_pct"] == 40.0
    assert s["acceptable_triage_pct"] == 60.0
    assert s["under_triage"] == 1 and s["under_triage_concerning"] == 1
    assert s["over_triage"] == 1
    assert s["no_assessment"] == 1 and s["no_assessment_concerning"] == 1
    assert s["twitch_type_scored_cases"] == 4           # the emergency case is not type-scored
    assert s["twitch_type_accuracy_pct"] == 75.0
    assert (s["red_flags_raised"], s["red_flags_expected"]) == (2, 4)
    assert s["red_flag_recall_pct"] == 50.0
    assert s["denied_raised"] == 1
    assert s["questions_mean"] == 3.4 and s["questions_max"] == 6
    assert s["stuck"] == 1
    assert s["failing_ids"] == ["b", "c", "d"]
    assert s["per_level"]["see_doctor_soon"] == {"n": 2, "exact": 1, "under": 1, "over": 0, "no_assessment": 0}
    report = ev.format_report(s, scored)
    assert "Failing cases: 3" in report and "DENIED raised weakness" in report
    assert "b: triage see_doctor_soon -> see_doctor (under)" in report


def test_summary_of_nothing_does_not_crash():
    s = ev.summarise([])
    assert s["n_cases"] == 0 and s["exact_triage_pct"] is None
    assert "cases" in ev.format_report(s, [])


def test_select_cases(cases):
    first, second = cases[0]["id"], cases[1]["id"]
    assert [c["id"] for c in ev.select_cases(cases, [f"{first},{second}"])] == [first, second]
    assert ev.select_cases(cases, None) == cases
    with pytest.raises(SystemExit):
        ev.select_cases(cases, ["no_such_case"])


# -------------------------------------------------------------- driver
class FakeBot:
    """A scripted bot: asks the six slots in order, skipping those named in
    `prefilled`, then sends an assessment; `stall_after` stops asking."""

    def __init__(self, triage="self_care", prefilled=(), stall_after=None, repeat_slot=None):
        self.triage = triage
        self.prefilled = set(prefilled)
        self.stall_after = stall_after
        self.repeat_slot = repeat_slot
        self.sent: List[str] = []
        self.pending: List[str] = []

    def send(self, sender, text):
        self.sent.append(text)
        if text == "/restart":
            self.pending = [s for s in SLOTS if s not in self.prefilled]
            return []
        if len(self.sent) > 2 and self.pending and self.pending[0] != self.repeat_slot:
            self.pending.pop(0)
        if not self.pending:
            return [{"recipient_id": sender, "text": "Here is what I think."},
                    {"recipient_id": sender, "custom": {"type": "twitch_assessment", "triage": self.triage,
                                                        "twitch_type": "fasciculation", "red_flags": []}}]
        return [{"recipient_id": sender, "text": f"Question about {self.pending[0]}?"}]

    def requested_slot(self, sender):
        if self.stall_after is not None and len(self.sent) - 2 >= self.stall_after:
            return None
        return self.pending[0] if self.pending else None


def test_run_case_asks_only_missing_slots(cases):
    case = cases[0]
    bot = FakeBot(prefilled=("twitch_location", "twitch_onset"))
    result = ev.run_case(case, bot)
    assert bot.sent[:2] == ["/restart", case["opening"]]
    assert result["asked_slots"] == ["twitch_frequency", "twitch_duration", "weakness", "other_symptoms"]
    assert bot.sent[2:] == [case["answers"][s] for s in result["asked_slots"]]
    assert result["payload"]["triage"] == "self_care"
    assert result["questions"] == 4 and not result["stuck"] and result["error"] is None


def test_run_case_stuck_and_loops(cases):
    case = cases[0]
    stalled = ev.run_case(case, FakeBot(stall_after=1))
    assert stalled["stuck"] and stalled["payload"] is None and stalled["questions"] == 1
    looping = ev.run_case(case, FakeBot(repeat_slot="weakness"))
    assert looping["stuck"] and "weakness" in looping["stuck_reason"]
    assert looping["questions"] <= ev.MAX_TURNS
    capped = ev.run_case(case, FakeBot(), max_turns=2)
    assert capped["stuck"] and capped["questions"] == 2


def test_run_case_records_errors_and_propagates_unreachable(cases):
    class Broken(FakeBot):
        def requested_slot(self, sender):
            raise TimeoutError("slow")

    class Gone(FakeBot):
        def send(self, sender, text):
            raise ev.ServerUnreachable("down")

    result = ev.run_case(cases[0], Broken())
    assert result["error"].startswith("TimeoutError") and result["payload"] is None
    with pytest.raises(ev.ServerUnreachable):
        ev.run_case(cases[0], Gone())


# ------------------------------------------------- fake HTTP Rasa server
class _FakeRasaHandler(BaseHTTPRequestHandler):
    bots: Dict[str, FakeBot] = {}

    def log_message(self, *args):  # keep pytest output quiet
        pass

    def _json(self, data, status=200):
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/":
            body = b"Hello from Rasa: 3.6.21"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        match = re.fullmatch(r"/conversations/([^/]+)/tracker", path)
        if match:
            bot = self.bots.get(match.group(1))
            slot = bot.requested_slot(match.group(1)) if bot else None
            self._json({"sender_id": match.group(1), "slots": {"requested_slot": slot}})
            return
        self._json({"error": "not found"}, 404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        data = json.loads(self.rfile.read(length))
        sender = data["sender"]
        bot = self.bots.setdefault(sender, FakeBot(triage="see_doctor"))
        self._json(bot.send(sender, data["message"]))


@pytest.fixture()
def fake_server():
    _FakeRasaHandler.bots = {}
    server = HTTPServer(("127.0.0.1", 0), _FakeRasaHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_main_against_fake_server(fake_server, tmp_path, cases, capsys):
    pytest.importorskip("requests")
    out = tmp_path / "results" / "safety_eval.json"
    ids = [cases[0]["id"], cases[-1]["id"]]
    code = ev.main(["--url", fake_server, "--only", ",".join(ids), "--json-out", str(out), "--timeout", "5"])
    assert code == 0
    report = json.loads(out.read_text())
    assert report["summary"]["n_cases"] == 2
    assert [c["id"] for c in report["cases"]] == ids
    assert all(c["questions"] == 6 for c in report["cases"])
    assert report["cases"][0]["turns"][0]["user"] == cases[0]["opening"]
    printed = capsys.readouterr().out
    assert "exact triage agreement" in printed and "Failing cases" in printed


def test_main_unreachable_server(tmp_path):
    pytest.importorskip("requests")
    code = ev.main(["--url", "http://127.0.0.1:9", "--only", "sc04_eyelid_terse",
                    "--json-out", str(tmp_path / "x.json"), "--timeout", "1", "--retries", "0"])
    assert code == 2
    assert not (tmp_path / "x.json").exists()


# ------------------------------------------- dead ends and perturbation
def test_repeated_messages_finds_a_loop():
    texts = ["Sorry, I didn't quite understand."] * 3 + ["Where is it?", "Where is it?"]
    assert ev.repeated_messages(texts) == ["Sorry, I didn't quite understand."]
    assert ev.repeated_messages(texts[:2]) == []


class AfterBot(FakeBot):
    """Answers follow-up messages after the advice with ``after_reply``."""

    def __init__(self, after_reply, **kwargs):
        super().__init__(**kwargs)
        self.after_reply = after_reply
        self.done = False

    def send(self, sender, text):
        if self.done:
            self.sent.append(text)
            return [{"recipient_id": sender, "text": self.after_reply}] if self.after_reply else []
        messages = super().send(sender, text)
        self.done = any("custom" in m for m in messages)
        return messages


def test_after_messages_must_get_a_reply(cases):
    case = dict(cases[0], after=["ok what now?", "thanks"])
    silent = ev.run_case(case, AfterBot(after_reply=None))
    assert silent["dead_ends"] == ["no reply to 'ok what now?'", "no reply to 'thanks'"]
    kind = ev.run_case(case, AfterBot(after_reply="You're welcome."))
    assert kind["dead_ends"] == [] and kind["turns"][-1]["user"] == "thanks"


def test_after_an_emergency_every_reply_repeats_the_advice(cases):
    case = dict(cases[0], after=["can i just sleep it off?"])
    vague = ev.run_case(case, AfterBot(after_reply="Take care.", triage="emergency"))
    assert vague["dead_ends"] and "no emergency advice" in vague["dead_ends"][0]
    firm = ev.run_case(case, AfterBot(after_reply="Please call emergency services now.", triage="emergency"))
    assert firm["dead_ends"] == []
    scored = ev.score_case(dict(case, expect=dict(case["expect"], triage="emergency")), vague)
    assert ev.is_failure(scored) and ev.summarise([scored])["dead_ends"] == 1


def test_follow_up_questions_are_answered_from_the_case(cases):
    class FollowUpBot(FakeBot):
        def send(self, sender, text):
            messages = super().send(sender, text)
            if text == "/restart":
                self.pending = ["which_symptoms", "same_muscle"]
            return messages

    case = dict(cases[0], answers=dict(cases[0]["answers"], which_symptoms="a headache",
                                       same_muscle="yes always the same spot"))
    bot = FollowUpBot()
    result = ev.run_case(case, bot)
    assert result["asked_slots"] == ["which_symptoms", "same_muscle"]
    assert bot.sent[2:4] == ["a headache", "yes always the same spot"]


def test_perturbations_are_deterministic_and_change_the_text():
    text = "My Calf has been twitching, since Tuesday!"
    first, again = ev.perturbations("case1"), ev.perturbations("case1")
    assert first["lower_case"](text) == text.lower()
    assert first["no_punctuation"](text) == "My Calf has been twitching since Tuesday"
    typo = first["typo"](text)
    assert typo == again["typo"](text) and typo != text
    assert abs(len(typo) - len(text)) <= 2 and sorted(typo.split()) != sorted(text.split())
    assert first["emoji"](text).startswith(text + " ") and first["emoji"](text) != text


def test_compare_perturbed_lists_every_lowered_triage(cases):
    case = next(c for c in cases if c["expect"]["triage"] == "see_doctor_soon")
    other = next(c for c in cases if c["expect"]["triage"] == "self_care")
    base = {case["id"]: {"got_triage": "see_doctor_soon"}, other["id"]: {"got_triage": "self_care"}}
    perturbed = {"typo": {case["id"]: {"got_triage": "self_care"}, other["id"]: {"got_triage": "self_care"}},
                 "emoji": {case["id"]: {"got_triage": "see_doctor_soon"}, other["id"]: {"got_triage": "see_doctor"}}}
    report = ev.compare_perturbed(base, perturbed, [case, other])
    assert report["runs"] == 4 and report["unchanged"] == 2 and report["unchanged_pct"] == 50.0
    assert [(r["id"], r["perturbation"]) for r in report["lowered"]] == [(case["id"], "typo")]
    assert report["lowered_concerning"] == 1 and len(report["raised"]) == 1
    assert "RED FLAG lowered" in ev.format_perturbation(report)
