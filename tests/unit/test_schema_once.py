"""sitecustomize.py: jsonschema checks a schema once; everything else stays the same."""
import jsonschema
import pytest
from jsonschema import exceptions

import sitecustomize  # noqa: F401  (installs the patch if PYTHONPATH did not already)
from rasa.shared.exceptions import SchemaValidationError
from rasa.shared.nlu.training_data import entities_parser
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

ORIGINAL = jsonschema.validate._original


def entity_schema():
    from rasa.shared.nlu.training_data.schemas.data_schema import entity_dict_schema

    return entity_dict_schema()


def outcome(validate, instance, schema):
    try:
        validate(instance, schema)
    except exceptions.ValidationError as error:
        return ("invalid", error.message, list(error.path), error.validator)
    return ("valid",)


def test_the_patch_is_installed():
    assert jsonschema.validate._checks_schema_once
    assert jsonschema.validators.validate is jsonschema.validate


@pytest.mark.parametrize(
    "instance",
    [
        {"entity": "movement", "value": "flicker"},
        {"entity": "trigger", "value": "caffeine", "role": "negated"},
        {"entity": "movement", "value": 3},
        {"value": "flicker"},
        {"entity": "movement", "colour": "red"},
        {"entity": "movement", "group": ["a"]},
        "movement",
    ],
)
def test_same_verdict_and_error_as_jsonschema(instance):
    # twice: the second call is the one that skips the schema check
    for _ in range(2):
        assert outcome(jsonschema.validate, instance, entity_schema()) == outcome(
            ORIGINAL, instance, entity_schema())


def test_an_invalid_schema_is_refused_every_time():
    bad = {"type": "no-such-type"}
    for _ in range(2):
        with pytest.raises(exceptions.SchemaError):
            jsonschema.validate({}, bad)


def test_a_bad_entity_annotation_still_stops_rasa():
    with pytest.raises(SchemaValidationError):
        entities_parser.get_validated_dict('"entity": "movement", "value": ["flicker"]')


def test_rasa_reads_the_nlu_data_exactly_as_without_it(monkeypatch):
    text = open("data/nlu/describe_twitch.yml", encoding="utf-8").read()

    def read():
        data = RasaYAMLReader().reads(text)
        return [(m.get("text"), m.get("intent"), m.get("entities")) for m in data.training_examples]

    patched = read()
    monkeypatch.setattr(jsonschema, "validate", ORIGINAL)
    assert patched == read()
    assert len(patched) > 400 and sum(bool(e) for _t, _i, e in patched) > 400
