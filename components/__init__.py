"""Custom Rasa NLU components.

Importing the package makes Rasa load the trained TensorFlow models without a
training step (see ``components.fast_load``), fingerprint sparse features faster
while it trains, with the same results (``components.fast_fingerprint``), join each
message's features in one step (``components.fast_features``), and draw
the negative samples of every dot-product loss without copying the batch
(``components.fast_candidates``), and load the project's spaCy pipeline once for
Rasa's SpacyNLP and our own code (``components.shared_spacy``), and keep what the NLU read of a button payload for
the action server (``components.keep_analysis``), and let TED skip the predictions a
rule or a memorised story already decides (``components.lazy_ted``), and train the
dialogue policies in a second process, beside the NLU
(``components.parallel_training``).
Rasa imports it before it trains or loads a model whose config names one of these
components.
"""
from components import fast_candidates as _fast_candidates
from components import fast_features as _fast_features
from components import fast_fingerprint as _fast_fingerprint
from components import fast_load as _fast_load
from components import keep_analysis as _keep_analysis
from components import lazy_ted as _lazy_ted
from components import parallel_training as _parallel_training
from components import shared_spacy as _shared_spacy

_fast_load.install()
_fast_fingerprint.install()
_fast_features.install()
_fast_candidates.install()
_shared_spacy.install()
_keep_analysis.install()
_lazy_ted.install()
_parallel_training.install()
