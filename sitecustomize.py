"""Two patches that must be in place before Rasa's command line runs.

1. Checks each JSON schema once, not on every call to ``jsonschema.validate``.

Python imports a module named ``sitecustomize`` at start-up when it is on the path;
the Makefile puts the project root on ``PYTHONPATH``, so every Rasa command that make
runs (train, test, data validate, run) gets this. Run by hand without it, Rasa behaves
the same, only slower.

Why: ``jsonschema.validate(instance, schema)`` first checks the *schema* against its
meta-schema, then the instance. Rasa calls it for every entity written as
``[words]{"entity": ..., "value": ...}`` in the NLU data (about 1,500 here) and reads the
data several times per ``rasa train``; checking the same constant schema again each time
was 85 % of the time spent reading the NLU files (11.2 s a read instead of 1.9 s). Rasa
also calls it for every reply of the action server.

What it changes: only that a schema already found valid is not checked again. The
instance is validated exactly as before and raises the same errors; an invalid schema
still raises ``SchemaError`` every time (see tests/unit/test_schema_once.py).

2. ``rasa train`` reads the training data once, not twice. It validates the data with
one importer, then trains with a second one created from the same arguments, which
reads and parses every file again: domain and NLU data took 6.2 s a read here
(2026-12-07), and each importer read the NLU files twice (Rasa caches
``get_nlu_data()`` and ``get_nlu_data("en")`` apart). During one ``rasa train``
(``rasa.cli.train.run_training``), both calls share one cache entry, and
``TrainingDataImporter.load_from_config`` now gives the training the importer the
validation used (with what it already read), as long as the files are the same (names,
sizes and modification times of the config, domain and data files) and the config
names no custom importer (the default one ignores the arguments that differ between
the two calls). Rasa's validation only reads what it is given. Anything else (another
command, a test calling ``load_from_config``) behaves as before. See
tests/unit/test_read_once.py.
"""
from __future__ import annotations

import contextlib
import importlib.machinery
import json
import os
import sys


def _install() -> None:
    try:
        import jsonschema
        from jsonschema import exceptions, validators
    except ImportError:  # not in this interpreter (e.g. the system Python)
        return
    if getattr(jsonschema.validate, "_checks_schema_once", False):
        return
    checked: set = set()

    def validate(instance, schema, cls=None, *args, **kwargs):  # same signature and semantics
        if cls is None:
            cls = validators.validator_for(schema)
        try:
            key = (cls, json.dumps(schema, sort_keys=True, default=repr))
        except (TypeError, ValueError):  # not JSON-like: check it every time, as before
            key = None
        if key is None or key not in checked:
            cls.check_schema(schema)
            if key is not None:
                checked.add(key)
        validator = cls(schema, *args, **kwargs)
        error = exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    validate.__doc__ = jsonschema.validate.__doc__
    validate._checks_schema_once = True  # type: ignore[attr-defined]
    validate._original = jsonschema.validate  # type: ignore[attr-defined]
    jsonschema.validate = validate
    validators.validate = validate


def _file_states(paths) -> tuple:
    """(path, size, modification time) of the files at these paths (directories walked)."""
    states = []
    for path in paths:
        if not path:
            continue
        if os.path.isdir(path):
            for folder, _, names in sorted(os.walk(path)):
                states.extend(_file_states(os.path.join(folder, n) for n in sorted(names)))
        elif os.path.exists(path):
            info = os.stat(path)
            states.append((os.path.abspath(path), info.st_size, info.st_mtime_ns))
        else:
            states.append((os.path.abspath(path), None, None))
    return tuple(states)


@contextlib.contextmanager
def importers_read_once():
    """While it is open, equal ``load_from_config`` calls share one importer (doc, 2)."""
    from rasa.shared.importers.importer import TrainingDataImporter
    import rasa.shared.utils.io

    original = TrainingDataImporter.__dict__["load_from_config"]
    loaded: dict = {}

    def load_from_config(config_path, domain_path=None, training_data_paths=None, args={}):
        key = None
        try:
            config = rasa.shared.utils.io.read_config_file(config_path) if config_path else {}
            if not config.get("importers"):
                paths = [training_data_paths] if isinstance(training_data_paths, str) \
                    else list(training_data_paths or [])
                key = (_file_states([config_path]), _file_states([domain_path]),
                       _file_states(paths))
        except Exception:  # anything unusual: as Rasa does
            key = None
        if key is not None and key in loaded:
            return loaded[key]
        importer = original.__func__(config_path, domain_path, training_data_paths, args)
        if key is not None:
            loaded[key] = importer
        return importer

    # Rasa caches ``get_nlu_data()`` and ``get_nlu_data("en")`` apart, so each importer
    # read the NLU files twice (the domain asks without a language): one cache entry
    # for both, with the language always passed.
    cached = {cls: cls.__dict__["get_nlu_data"] for cls in _nlu_importer_classes()}

    def one_entry(method):
        def get_nlu_data(self, language="en"):
            return method(self, language)

        return get_nlu_data

    TrainingDataImporter.load_from_config = staticmethod(load_from_config)
    for cls, method in cached.items():
        cls.get_nlu_data = one_entry(method)
    try:
        yield
    finally:
        TrainingDataImporter.load_from_config = original
        for cls, method in cached.items():
            cls.get_nlu_data = method


def _nlu_importer_classes() -> list:
    """Rasa's importers whose ``get_nlu_data`` is a cached method."""
    from rasa.shared.importers.importer import (CombinedDataImporter, E2EImporter,
                                                ResponsesSyncImporter)

    return [CombinedDataImporter, E2EImporter, ResponsesSyncImporter]


def _patch_rasa_train(module) -> None:
    original = module.run_training

    def run_training(args, can_exit=False):
        with importers_read_once():
            return original(args, can_exit)

    run_training.__doc__ = original.__doc__
    run_training._reads_once = True  # type: ignore[attr-defined]
    module.run_training = run_training


class _AfterImport:
    """Calls ``patch(module)`` right after ``name`` is imported (once)."""

    def __init__(self, name: str, patch) -> None:
        self.name = name
        self.patch = patch

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        execute = spec.loader.exec_module
        patch = self.patch

        def exec_module(module):
            execute(module)
            patch(module)

        spec.loader.exec_module = exec_module  # this module's own loader object
        return spec


def _install_read_once() -> None:
    module = sys.modules.get("rasa.cli.train")
    if module is not None:
        if not getattr(module.run_training, "_reads_once", False):
            _patch_rasa_train(module)
    elif not any(isinstance(f, _AfterImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _AfterImport("rasa.cli.train", _patch_rasa_train))


_install()
_install_read_once()
