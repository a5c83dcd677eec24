"""The ResponseSelector's responses are generated from the knowledge base and kept in sync."""
from scripts.generate_faq_responses import OUTPUT, render_file
from twitch_knowledge import knowledge


def test_generated_faq_responses_are_up_to_date():
    assert OUTPUT.read_text() == render_file(), "run `make faq-responses`"


def test_every_faq_answer_names_its_article():
    for key in knowledge.faq_keys():
        item = knowledge.answer_for_faq(key)
        assert item.source.title in OUTPUT.read_text()
        assert f"utter_faq/{key}:" in OUTPUT.read_text()


def _responses():
    import yaml
    return {key.split("/", 1)[1]: value[0]["text"]
            for key, value in yaml.safe_load(OUTPUT.read_text())["responses"].items()}


def test_every_generated_answer_ends_with_the_not_a_diagnosis_line():
    from twitch_knowledge.render import NOT_A_DIAGNOSIS
    responses = _responses()
    assert set(responses) == set(knowledge.faq_keys())
    for key, text in responses.items():
        assert text.rstrip().endswith(NOT_A_DIAGNOSIS), key


def test_the_generated_als_answer_says_what_to_do_next():
    text = _responses()["is_it_als"]
    assert knowledge.get("als_next_steps").text in text
    assert "see a healthcare provider" in text


def test_the_generated_ms_answer_does_not_say_twitching_is_common_without_the_difference():
    text = _responses()["ms_cause_twitching"]
    if "common in MS" in text:
        assert "spasticity and clonus" in text
    assert "not a main or defining feature" in text
