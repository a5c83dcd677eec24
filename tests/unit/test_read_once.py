"""sitecustomize.py: one ``rasa train`` reads the training data once (validation and
training share the importer); everything else reads as before."""
import argparse
import os
import shutil
from pathlib import Path

import pytest

import sitecustomize
import rasa
import rasa.cli.train
from rasa.cli import train as train_cli
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.importers.rasa import RasaFileImporter

INITIAL_PROJECT = Path(rasa.__file__).parent / "cli" / "initial_project"
ORIGINAL_LOAD = TrainingDataImporter.__dict__["load_from_config"]
ORIGINAL_GET_NLU_DATA = [cls.__dict__["get_nlu_data"]
                         for cls in sitecustomize._nlu_importer_classes()]


@pytest.fixture
def project(tmp_path):
    shutil.copytree(INITIAL_PROJECT / "data", tmp_path / "data")
    for name in ("domain.yml", "config.yml"):
        shutil.copy(INITIAL_PROJECT / name, tmp_path / name)
    return tmp_path


def _load(project, data=None):
    return TrainingDataImporter.load_from_config(
        str(project / "config.yml"), str(project / "domain.yml"), [str(data or project / "data")])


def test_rasa_train_is_patched():
    assert rasa.cli.train.run_training._reads_once


def test_equal_calls_share_one_importer_only_while_open(project):
    with sitecustomize.importers_read_once():
        first, second = _load(project), _load(project)
        assert first is second
    assert _load(project) is not _load(project)
    # put back as it was
    assert TrainingDataImporter.__dict__["load_from_config"] is ORIGINAL_LOAD
    assert [cls.__dict__["get_nlu_data"] for cls in sitecustomize._nlu_importer_classes()] \
        == ORIGINAL_GET_NLU_DATA


def test_a_changed_file_is_read_again(project):
    with sitecustomize.importers_read_once():
        first = _load(project)
        nlu = project / "data" / "nlu.yml"
        nlu.write_text(nlu.read_text() + "    - hello there again\n")
        os.utime(nlu, ns=(1, 1))  # another size and time
        second = _load(project)
    assert first is not second
    assert "hello there again" in [m.get("text") for m in second.get_nlu_data().training_examples]


def test_other_paths_or_custom_importers_are_not_shared(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("other")
    shutil.copytree(project / "data", other / "data")
    custom = project / "config.yml"
    custom.write_text(custom.read_text() + "\nimporters:\n  - name: RasaFileImporter\n")
    with sitecustomize.importers_read_once():
        assert _load(project, other / "data") is not _load(project)
        assert _load(project) is not _load(project)  # a config with its own importers


def test_rasa_train_reads_the_nlu_files_once(project, monkeypatch):
    calls = []
    original = RasaFileImporter.get_nlu_data

    def counting(self, language="en"):
        calls.append(1)
        return original(self, language)

    monkeypatch.setattr(RasaFileImporter, "get_nlu_data", counting)
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    train_cli.add_subparser(subparsers, parents=[])
    args = parser.parse_args(["train", "--dry-run", "--config", str(project / "config.yml"),
                              "--domain", str(project / "domain.yml"),
                              "--data", str(project / "data"),
                              "--out", str(project / "models")])
    monkeypatch.chdir(project)
    rasa.cli.train.run_training(args)
    # Rasa itself: 4 (validation, then training; each importer twice: with and without
    # the language)
    assert len(calls) == 1
    calls.clear()
    args.skip_validation = True
    rasa.cli.train.run_training(args)
    assert len(calls) == 1
    calls.clear()
    _load(project).get_domain()
    _load(project).get_nlu_data()
    assert len(calls) == 2  # outside ``rasa train``: as Rasa does
