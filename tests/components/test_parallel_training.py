"""components.parallel_training: ``rasa train`` split over two processes gives the model
one process gives, and a failing second process costs only time."""
import shutil
from pathlib import Path

import pytest

import components  # noqa: F401  (installs the runner)
import rasa.model_training
from components import parallel_training
from rasa.engine.recipes.recipe import Recipe
from rasa.shared.data import TrainingType
from rasa.shared.importers.importer import TrainingDataImporter

from scripts.compare_models import compare

ROOT = Path(__file__).resolve().parents[2]
INITIAL_PROJECT = Path(rasa.__file__).parent / "cli" / "initial_project"

# Small and quick: keyword intents (no TensorFlow in the first process) and a TED of two
# epochs in the second.
TINY_CONFIG = """
recipe: default.v1
assistant_id: parallel-training-test
language: en
pipeline:
  - name: WhitespaceTokenizer
  - name: KeywordIntentClassifier
policies:
  - name: MemoizationPolicy
  - name: RulePolicy
  - name: TEDPolicy
    epochs: 2
    max_history: 3
    random_seed: 7
"""


# The same project with DIET and a ResponseSelector (of FAQ answers added to it): the
# ResponseSelector trains in a third process once the featurizers are done.
TINY_NLU_CONFIG = TINY_CONFIG.replace("  - name: KeywordIntentClassifier\n", """\
  - name: CountVectorsFeaturizer
  - name: DIETClassifier
    epochs: 2
    random_seed: 7
  - name: ResponseSelector
    retrieval_intent: faq
    epochs: 2
    random_seed: 7
""")

TINY_FAQ_NLU = """version: "3.1"
nlu:
- intent: faq/what_is_a_twitch
  examples: |
    - what is a twitch
    - what is muscle twitching
    - why do muscles twitch
- intent: faq/is_it_serious
  examples: |
    - is twitching serious
    - should I worry about a twitch
    - is a twitching eyelid dangerous
"""

TINY_FAQ_DOMAIN = """version: "3.1"
intents:
  - faq
responses:
  utter_faq/what_is_a_twitch:
  - text: "A small involuntary movement of a muscle."
  utter_faq/is_it_serious:
  - text: "Usually not; see a doctor if it comes with weakness."
"""


def _schema(config: str, training_type=TrainingType.BOTH):
    importer = TrainingDataImporter.load_from_config(config, str(ROOT / "domain.yml"),
                                                     [str(ROOT / "data")])
    recipe = Recipe.recipe_for_name("default.v1")
    return recipe.graph_config_for_recipe(importer.get_config(), {},
                                          training_type=training_type).train_schema


def test_the_runner_is_rasas_training_runner():
    assert rasa.model_training.DaskGraphRunner is parallel_training.TwoProcessGraphRunner


def test_our_training_sends_the_policies_to_the_second_process():
    schema = _schema(str(ROOT / "config.yml"))
    here, there = parallel_training.split_targets(schema, schema.target_names)
    assert "train_TEDPolicy3" in there and "train_RulePolicy1" in there
    assert any("DIETClassifier" in name for name in here)
    assert not any("DIET" in name or "Featurizer" in name for name in there)
    own = parallel_training.own_nodes(schema, here, there)
    assert {"train_TEDPolicy3", "training_tracker_provider"} <= own
    # what both need is not the second process's own: not cached or logged twice
    assert "finetuning_validator" not in own and "domain_provider" not in own


@pytest.mark.parametrize("training_type", [TrainingType.BOTH, TrainingType.NLU])
def test_our_response_selector_trains_once_the_featurizers_are_done(training_type):
    schema = _schema(str(ROOT / "config.yml"), training_type)
    here, _ = parallel_training.split_targets(schema, schema.target_names)
    stay, late = parallel_training.split_late(schema, here)
    assert [schema.nodes[n].uses.__name__ for n in late] == ["LengthBatchedResponseSelector"]
    assert any("DIETClassifier" in name for name in stay)
    # it waits for the last featurizer's output, which this process computes anyway
    needs = parallel_training.late_inputs(schema, late)
    assert needs == ["run_CountVectorsFeaturizer6"]
    assert set(needs) <= set(schema.minimal_graph_schema(stay).nodes)
    assert parallel_training.own_nodes(schema, stay, late) == set(late)


def test_a_response_selector_without_a_diet_beside_it_stays(tmp_path):
    config = tmp_path / "config.yml"
    config.write_text(TINY_NLU_CONFIG.replace("DIETClassifier", "KeywordIntentClassifier")
                      .replace("    epochs: 2\n    random_seed: 7\n  - name: Response",
                               "  - name: Response"))
    assert "DIET" not in config.read_text()
    schema = _schema(str(config))
    here, _ = parallel_training.split_targets(schema, schema.target_names)
    assert any("ResponseSelector" in name for name in here)
    assert parallel_training.split_late(schema, here) == (here, [])


@pytest.mark.parametrize("training_type", [TrainingType.NLU, TrainingType.CORE])
def test_one_sided_trainings_stay_in_one_process(training_type):
    schema = _schema(str(ROOT / "config.yml"), training_type)
    here, there = parallel_training.split_targets(schema, schema.target_names)
    assert there == []


@pytest.mark.parametrize("value, expected", [("1", 1), ("2", 2), ("8", 2), ("0", 1), ("two", 1)])
def test_the_switch(monkeypatch, value, expected):
    monkeypatch.setenv(parallel_training.ENV_PROCESSES, value)
    assert parallel_training.processes_allowed() == expected


@pytest.fixture(scope="module")
def tiny_project(tmp_path_factory):
    project = tmp_path_factory.mktemp("tiny")
    shutil.copytree(INITIAL_PROJECT / "data", project / "data")
    shutil.copy(INITIAL_PROJECT / "domain.yml", project / "domain.yml")
    (project / "config.yml").write_text(TINY_CONFIG)
    return project


@pytest.fixture(scope="module")
def tiny_faq_project(tmp_path_factory):
    project = tmp_path_factory.mktemp("tiny_faq")
    shutil.copytree(INITIAL_PROJECT / "data", project / "data")
    (project / "data" / "faq.yml").write_text(TINY_FAQ_NLU)
    (project / "domain").mkdir()
    shutil.copy(INITIAL_PROJECT / "domain.yml", project / "domain" / "domain.yml")
    (project / "domain" / "faq.yml").write_text(TINY_FAQ_DOMAIN)
    (project / "config.yml").write_text(TINY_NLU_CONFIG)
    return project


def _train(project: Path, out: Path, monkeypatch, processes: str) -> Path:
    monkeypatch.setenv(parallel_training.ENV_PROCESSES, processes)
    monkeypatch.setenv("RASA_CACHE_DIRECTORY", str(out / "cache"))
    domain = project / "domain" if (project / "domain").is_dir() else project / "domain.yml"
    result = rasa.model_training.train(str(domain), str(project / "config.yml"),
                                       [str(project / "data")], output=str(out),
                                       force_training=True)
    assert result.code == 0 and result.model
    return Path(result.model)


@pytest.fixture(scope="module")
def one_process_model(tiny_project, tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _train(tiny_project, tmp_path_factory.mktemp("one"), monkeypatch, "1")


@pytest.fixture
def finished(monkeypatch):
    """What each other process's ``finish`` gave back, in order."""
    outputs_seen = []
    original_finish = parallel_training._SecondProcess.finish

    def spy(self):
        outputs = original_finish(self)
        outputs_seen.append(outputs)
        return outputs

    monkeypatch.setattr(parallel_training._SecondProcess, "finish", spy)
    return outputs_seen


def test_two_processes_train_the_model_one_process_trains(tiny_project, one_process_model,
                                                          finished, tmp_path, monkeypatch):
    two = _train(tiny_project, tmp_path / "two", monkeypatch, "2")
    assert len(finished) == 1 and finished[0] is not None  # the second process did train
    assert "train_TEDPolicy2" in finished[0]
    result = compare(one_process_model, two)
    assert "train_TEDPolicy2" in result
    assert all(same for same, _ in result.values()), result


def test_a_failing_second_process_is_done_here(tiny_project, one_process_model, tmp_path,
                                              monkeypatch):
    monkeypatch.setattr(parallel_training, "_CHILD", "import sys; sys.exit(3)")
    model = _train(tiny_project, tmp_path / "fallback", monkeypatch, "2")
    result = compare(one_process_model, model)
    assert "train_TEDPolicy2" in result
    assert all(same for same, _ in result.values()), result


@pytest.fixture(scope="module")
def one_process_faq_model(tiny_faq_project, tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _train(tiny_faq_project, tmp_path_factory.mktemp("one_faq"), monkeypatch, "1")


def test_the_response_selector_in_a_third_process_is_the_one_of_one_process(
        tiny_faq_project, one_process_faq_model, finished, tmp_path, monkeypatch):
    model = _train(tiny_faq_project, tmp_path / "three", monkeypatch, "2")
    trained_there = sorted(name.rstrip("0123456789") for outputs in finished for name in outputs)
    assert len(finished) == 2 and all(outputs for outputs in finished)
    assert trained_there == ["train_MemoizationPolicy", "train_ResponseSelector",
                             "train_RulePolicy", "train_TEDPolicy"]
    result = compare(one_process_faq_model, model)
    compared = {name.rstrip("0123456789") for name in result}
    assert {"train_ResponseSelector", "train_DIETClassifier", "train_TEDPolicy"} <= compared
    assert all(same for same, _ in result.values()), result


def test_failing_further_processes_are_done_here(tiny_faq_project, one_process_faq_model,
                                                 tmp_path, monkeypatch):
    monkeypatch.setattr(parallel_training, "_CHILD", "import sys; sys.exit(3)")
    model = _train(tiny_faq_project, tmp_path / "fallback_faq", monkeypatch, "2")
    result = compare(one_process_faq_model, model)
    compared = {name.rstrip("0123456789") for name in result}
    assert {"train_ResponseSelector", "train_TEDPolicy"} <= compared
    assert all(same for same, _ in result.values()), result



def test_the_hand_over_keeps_what_the_models_read_and_the_cache_keys(tmp_path):
    import pickle

    import numpy as np
    import scipy.sparse
    import spacy
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    nlp = spacy.blank("en")
    messages = []
    for text, intent in [("my eyelid twitches", "describe"), ("is it ALS?", "faq/als")]:
        message = Message(data={"text": text, "intent": intent, "text_spacy_doc": nlp(text)})
        message.add_features(Features(scipy.sparse.coo_matrix(np.eye(3)), "sequence",
                                      "text", "CountVectorsFeaturizer"))
        messages.append(message)
    data = TrainingData(messages)
    job = {"given": {"run_CountVectorsFeaturizer6": data}}
    there = pickle.loads(parallel_training._dumps(job))["given"]["run_CountVectorsFeaturizer6"]
    assert there.fingerprint() == data.fingerprint()  # the training cache's key
    for sent, got in zip(data.training_examples, there.training_examples):
        assert got.get("text_spacy_doc") == sent.get("text") and \
            type(got.get("text_spacy_doc")) is parallel_training._DocText
        assert got.get("intent") == sent.get("intent")
        (feature,) = got.features
        assert (feature.features != sent.features[0].features).nnz == 0
