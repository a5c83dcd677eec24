"""Knowledge items: sourced, in our own words, and answering every FAQ."""
from __future__ import annotations

import re
from pathlib import Path
from typing import List, Set, Tuple

import pytest
import yaml

from twitch_knowledge import knowledge
from twitch_knowledge.facts import EMERGENCY_SIGNS, TRIGGERS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SOURCES_DIR = PROJECT_ROOT.parent / "shared" / "sources"
ARTICLE_FILES = ("overview-of-muscle-twitches.txt", "twitching-ms-or-something-else.txt")
NGRAM = 8


def words(text: str) -> List[str]:
    """Lower-case words with punctuation and apostrophes removed."""
    text = text.lower().replace("\u2019", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", " ", text).split()


def ngrams(tokens: List[str], size: int = NGRAM) -> Set[Tuple[str, ...]]:
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


@pytest.fixture(scope="module")
def article_ngrams() -> Set[Tuple[str, ...]]:
    found: Set[Tuple[str, ...]] = set()
    for name in ARTICLE_FILES:
        path = SOURCES_DIR / name
        if not path.exists():
            pytest.fail(f"source article missing: {path}")
        found |= ngrams(words(path.read_text(encoding="utf-8")))
    return found


def design_faq_keys() -> List[str]:
    design = (PROJECT_ROOT / "docs" / "DESIGN.md").read_text(encoding="utf-8")
    block = design.split("FAQ keys (`faq/<key>`):", 1)[1].split("\n\n", 1)[0]
    return [key.strip() for key in block.replace("\n", " ").rstrip(". ").split(",") if key.strip()]


ALL_ITEMS = knowledge.items()


def test_there_is_a_reasonable_number_of_items() -> None:
    assert 60 <= len(ALL_ITEMS) <= 120


@pytest.mark.parametrize("item", ALL_ITEMS, ids=[i.id for i in ALL_ITEMS])
def test_item_has_a_source(item: knowledge.Item) -> None:
    assert item.text and item.topic
    assert item.source.title in knowledge.ALLOWED_TITLES
    assert item.source.section
    assert knowledge.source_of(item.id) == item.source


@pytest.mark.parametrize("item", ALL_ITEMS, ids=[i.id for i in ALL_ITEMS])
def test_item_does_not_copy_eight_words_from_an_article(
    item: knowledge.Item, article_ngrams: Set[Tuple[str, ...]]
) -> None:
    copied = [" ".join(g) for g in ngrams(words(item.text)) if g in article_ngrams]
    assert copied == [], f"{item.id} copies: {copied}"


def test_the_copy_check_would_catch_a_copied_sentence(article_ngrams: Set[Tuple[str, ...]]) -> None:
    copied = "Twitching can occur in healthy people and rarely signals the presence of an underlying disease."
    assert ngrams(words(copied)) & article_ngrams


def test_article_titles_are_exact() -> None:
    titles = {item.source.title for item in ALL_ITEMS}
    assert titles == {
        "An Overview of Muscle Twitches",
        "Is Muscle Twitching a Sign of MS or Something Else?",
        "Safety addition (not from the articles)",
    }


def test_ms_article_sections_are_its_headings() -> None:
    text = (SOURCES_DIR / ARTICLE_FILES[1]).read_text(encoding="utf-8")
    headings = {line.strip() for line in text.splitlines()} | {"Introduction"}
    for item in ALL_ITEMS:
        if item.source.title == knowledge.MS_ARTICLE_TITLE:
            assert item.source.section in headings, item.id


@pytest.mark.parametrize("key", design_faq_keys())
def test_each_design_faq_key_has_exactly_one_short_answer(key: str) -> None:
    answers = [item for item in ALL_ITEMS if item.faq == key]
    assert len(answers) == 1
    assert answers[0] is knowledge.answer_for_faq(key)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", answers[0].text) if s]
    assert 1 <= len(sentences) <= 4


def test_design_faq_keys_match_the_package() -> None:
    assert len(design_faq_keys()) == 25
    assert set(design_faq_keys()) == set(knowledge.FAQ_KEYS)


def test_unknown_faq_key_has_no_answer() -> None:
    assert knowledge.answer_for_faq("no_such_key") is None


def test_safety_additions_are_marked_and_cover_every_emergency_sign() -> None:
    safety = [item for item in ALL_ITEMS if item.safety_addition]
    # what the articles do not say: emergency signs, the time frame of "see a doctor
    # soon", and asking about a medicine the articles do not name
    assert {item.source.section for item in safety} == {"Emergency signs", "Timing of advice", "Medicines"}
    ids = {item.id for item in safety}
    assert {f"emergency_{sign}" for sign in EMERGENCY_SIGNS} <= ids
    assert "emergency services now" in knowledge.get("triage_emergency").text
    assert "meningitis" in knowledge.get("emergency_call").text


def test_articles_are_never_credited_for_emergency_advice() -> None:
    for item in ALL_ITEMS:
        if "emergency" in item.text.lower():
            assert item.safety_addition, item.id


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_trigger_has_an_item(trigger: str) -> None:
    assert knowledge.get(f"trigger_{trigger}").topic == "triggers"


@pytest.mark.parametrize(
    "phrase",
    [
        "post-polio", "spinal muscular atrophy", "progressive muscular atrophy", "vitamin B12",
        "parathyroid", "hyperventilation", "electromyography", "benzodiazepines",
        "neuromuscular blockers", "muscle relaxants", "axons", "eyelids", "tongue",
        "cerebral palsy", "hereditary spastic paraparesis", "magnesium", "water pills",
    ],
)
def test_article_topics_are_covered(phrase: str) -> None:
    assert any(phrase.lower() in item.text.lower() for item in ALL_ITEMS)


def test_treatment_names_no_doses() -> None:
    text = knowledge.get("treatment").text
    assert not re.search(r"\d", text)
    assert "clinician" in text


def test_unknown_id_error_names_the_id() -> None:
    with pytest.raises(KeyError, match="nope"):
        knowledge.get("nope")


def _write(tmp_path: Path, items: list) -> Path:
    path = tmp_path / "knowledge.yml"
    path.write_text(yaml.safe_dump({"items": items}), encoding="utf-8")
    return path


def _valid_items() -> list:
    data = yaml.safe_load(knowledge.KNOWLEDGE_PATH.read_text(encoding="utf-8"))
    return data["items"]


@pytest.mark.parametrize(
    "breakage,message",
    [
        (lambda items: items.append(dict(items[0])), "duplicate"),
        (lambda items: items[0]["source"].update(title="Some blog"), "not one of"),
        (lambda items: items[0]["source"].pop("section"), "section"),
        (lambda items: items[0].pop("source"), "source"),
        (lambda items: items[0].update(text=" "), "text"),
        (lambda items: items[0].update(faq="made_up"), "unknown faq key"),
        (lambda items: items[0].update(faq="bfs"), "answered twice"),
        (lambda items: items[0].update(safety_addition=True), "safety_addition"),
    ],
    ids=["duplicate_id", "foreign_title", "no_section", "no_source", "empty_text", "bad_faq",
         "faq_twice", "false_safety_flag"],
)
def test_validation_gives_a_clear_error(tmp_path: Path, breakage, message: str) -> None:
    items = _valid_items()
    breakage(items)
    with pytest.raises(knowledge.KnowledgeError, match=message):
        knowledge.load(_write(tmp_path, items))


# ---------------------------------------------------------------- issue 14, item 7: health wording
def test_the_time_frame_of_see_doctor_soon_is_marked_as_ours() -> None:
    timing = knowledge.get("triage_see_doctor_soon")
    assert "within the next few days" in timing.text
    assert timing.safety_addition and timing.source.section == "Timing of advice"
    # the reason for it stays credited to the article
    assert not knowledge.get("triage_see_doctor_soon_why").safety_addition


def test_no_item_credited_to_an_article_gives_a_time_frame_or_names_a_pharmacist() -> None:
    for item in ALL_ITEMS:
        if item.safety_addition:
            continue
        text = item.text.lower()
        for phrase in ("next few days", "within days", "pharmacist", "care team", "monitors it"):
            assert phrase not in text, (item.id, phrase)


def test_the_thyroid_item_does_not_say_overactive() -> None:
    # underactive thyroid and hypothyroidism lead to this item too
    text = knowledge.get("cause_thyroid").text.lower()
    assert "thyroid" in text and "overactive" not in text and "underactive" not in text


def test_calcium_and_phosphate_are_medical_causes_not_dehydration() -> None:
    text = knowledge.get("cause_electrolytes").text
    assert "high calcium" in text and "low phosphate" in text and "healthcare provider" in text
    assert "calcium" not in knowledge.get("trigger_dehydration").text


def test_medicines_the_articles_do_not_name_are_not_called_causes() -> None:
    assert "does not name other medicines" in knowledge.get("medication_not_named").text
    assert "pharmacist" in knowledge.get("medication_ask").text
    honest = knowledge.get("reason_medication").text
    assert "water pills" in honest and "whether" in honest
    assert "may be involved" not in honest


def test_the_ms_answer_explains_which_twitching_is_common_in_ms() -> None:
    text = knowledge.get("ms_common").text
    assert "common in MS" in text
    assert "spasticity and clonus" in text and "fasciculations" in text


def test_short_lived_is_said_by_one_item_only() -> None:
    # render.py decides when that item applies (only to brief twitches)
    users = [item.id for item in ALL_ITEMS if "short-lived" in item.text]
    assert users == ["triggers_short_lived"]


def test_self_care_change_signs_cover_months_sleep_and_new_symptoms() -> None:
    months = knowledge.get("change_signs_months").text
    daily = knowledge.get("change_signs_daily_life").text
    assert "constant" in months and "few months" in months and "new symptoms" in months
    assert "sleep" in daily and "daily activities" in daily


def test_new_emergency_codes_have_their_items() -> None:
    collapse = knowledge.get("emergency_collapse_unresponsive")
    assert "Passing out" in collapse.text and "confused" in collapse.text
    assert "Call emergency services now" in collapse.text
    error = knowledge.get("emergency_detection_error")
    assert "emergency services now" in error.text and error.safety_addition


def test_unrecognised_symptoms_follow_the_overview_additional_symptoms_advice() -> None:
    item = knowledge.get("reason_unrecognised_symptoms")
    assert item.source == knowledge.Source(knowledge.OVERVIEW_TITLE, "Frequently Asked Questions")
    assert "additional symptoms" in item.text and "healthcare provider" in item.text
    assert "vision" in knowledge.get("reason_other_symptoms").text
    assert knowledge.get("reason_other_symptoms").label == "Other symptoms"
