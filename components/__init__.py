"""Custom Rasa NLU components.

Importing the package makes Rasa load the trained TensorFlow models without a
training step (see ``components.fast_load``): Rasa imports it before it loads a
model whose config names one of these components.
"""
from components import fast_load as _fast_load

_fast_load.install()
