"""Putting one of our functions in place of one of Rasa's, once.

The speed patches (``fast_features``, ``fast_fingerprint``) each replace a function of
Rasa's by one that computes the same values with less work. ``replace`` does it the same
way for all of them: the new function is marked ``_fast`` and keeps Rasa's as
``_original`` (the tests compare the two), and installing twice changes nothing.
"""
from __future__ import annotations

from typing import Any, Callable


def replace(owner: Any, name: str, new: Callable, *, static: bool = False) -> Callable:
    """Puts ``new`` in place of ``owner.name`` (a module's function, a class's method,
    or with ``static`` a class's staticmethod); returns Rasa's function."""
    current = owner.__dict__[name].__func__ if static else getattr(owner, name)
    if getattr(current, "_fast", False):
        return current._original
    new._fast = True  # type: ignore[attr-defined]
    new._original = current  # type: ignore[attr-defined]
    setattr(owner, name, staticmethod(new) if static else new)
    return current
