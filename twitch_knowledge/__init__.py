"""Clinical knowledge of the muscle-twitch assistant (plain Python, no Rasa).

Modules: facts (shared model), vocabulary, nlp, negation, timeparse, replies,
emergency, extract, interview, knowledge, triage, render. Import the module
you need; nothing heavy is imported here.
"""

__all__ = [
    "facts",
    "vocabulary",
    "nlp",
    "negation",
    "timeparse",
    "replies",
    "emergency",
    "extract",
    "interview",
    "knowledge",
    "triage",
    "render",
]
