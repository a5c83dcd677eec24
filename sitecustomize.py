"""Checks each JSON schema once, not on every call to ``jsonschema.validate``.

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
"""
from __future__ import annotations

import json


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


_install()
