"""The project's tests.

A regular package on purpose: medspacy's dependency medspacy_quickumls installs a
top-level package named `tests` into site-packages, which would otherwise shadow this
folder (a folder without __init__.py loses to any regular package of the same name).
"""
