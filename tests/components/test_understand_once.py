"""Rasa patches for understanding each message once: one spaCy pipeline per process,
and the NLU's reading of a button payload kept for the action server."""
from __future__ import annotations

import pytest

import components  # noqa: F401 - installs the patch, as Rasa's import of the package does
from rasa.nlu.utils.spacy_utils import SpacyNLP

from twitch_knowledge.nlp import DEFAULT_PIPELINE_PATH, load_pipeline


def test_spacy_nlp_is_given_the_project_pipeline_object():
    model = SpacyNLP.load_model(str(DEFAULT_PIPELINE_PATH))
    assert model.model is load_pipeline()
    doc = model.model("my left calf twitches, no weakness")
    assert {"body_location", "movement", "symptom"} <= {e.label_ for e in doc.ents}


def test_a_relative_path_to_the_same_pipeline_is_shared_too(monkeypatch):
    monkeypatch.chdir(DEFAULT_PIPELINE_PATH.parents[2])
    assert SpacyNLP.load_model("build/spacy/en_twitch").model is load_pipeline()


def test_another_model_name_still_goes_to_spacy():
    with pytest.raises(Exception) as error:  # not installed here: Rasa's own error
        SpacyNLP.load_model("en_core_web_md")
    assert "en_core_web_md" in str(error.value)


def test_a_button_payload_keeps_the_reading_made_for_the_action_server():
    from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
    from rasa.shared.nlu.training_data.message import Message

    from twitch_knowledge.analysis import KEY, analyse

    message = Message(data={"text": "/affirm"})
    message.set(KEY, analyse("/affirm"), add_to_output=True)
    [handled] = RegexMessageHandler().process([message])
    assert handled.get("intent", {}).get("name") == "affirm"
    assert handled.as_dict(only_output_properties=True)[KEY]["text"] == "/affirm"
