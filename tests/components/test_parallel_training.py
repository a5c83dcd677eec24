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


def _train(project: Path, out: Path, monkeypatch, processes: str) -> Path:
    monkeypatch.setenv(parallel_training.ENV_PROCESSES, processes)
    monkeypatch.setenv("RASA_CACHE_DIRECTORY", str(out / "cache"))
    result = rasa.model_training.train(str(project / "domain.yml"), str(project / "config.yml"),
                                       [str(project / "data")], output=str(out),
                                       force_training=True)
    assert result.code == 0 and result.model
    return Path(result.model)


@pytest.fixture(scope="module")
def one_process_model(tiny_project, tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _train(tiny_project, tmp_path_factory.mktemp("one"), monkeypatch, "1")


def test_two_processes_train_the_model_one_process_trains(tiny_project, one_process_model,
                                                          tmp_path, monkeypatch):
    finished = []
    original_finish = parallel_training._SecondProcess.finish

    def spy(self):
        outputs = original_finish(self)
        finished.append(outputs)
        return outputs

    monkeypatch.setattr(parallel_training._SecondProcess, "finish", spy)
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
