"""With every patch of `components` installed, Rasa still accepts the project's graph.

`rasa train` validates each graph component's run method by its signature and type
annotations before it trains (rasa.engine.validation). A patch that replaced one with a
function of another shape made training fail ("... does not have a type annotation for
its return value"), while every test that only loads a trained model passed.
"""
from __future__ import annotations

from pathlib import Path

import rasa.engine.validation
from rasa.engine.recipes.recipe import Recipe
from rasa.shared.data import TrainingType
from rasa.shared.importers.importer import TrainingDataImporter

import components  # noqa: F401 - installs the patches, as Rasa's import of the package does
from components import fast_features, keep_analysis, lazy_ted, shared_spacy

ROOT = Path(__file__).resolve().parents[2]


def test_the_patches_are_installed():
    assert lazy_ted._ORIGINAL_PREDICT is not None and keep_analysis._ORIGINAL is not None
    assert shared_spacy._ORIGINAL is not None
    assert fast_features._ORIGINAL_CVF_PROCESS is not None


def test_rasa_validates_the_projects_graph_with_the_patches_installed():
    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")])
    config = importer.get_config()
    recipe = Recipe.recipe_for_name(config.get("recipe"))
    config, _, _ = recipe.auto_configure(importer.get_config_file_for_auto_config(), config,
                                         TrainingType.BOTH)
    model_configuration = recipe.graph_config_for_recipe(config, {}, training_type=TrainingType.BOTH)
    rasa.engine.validation.validate(model_configuration)  # raises on an invalid graph
