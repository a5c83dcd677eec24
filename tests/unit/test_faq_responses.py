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
