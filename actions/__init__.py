"""Rasa custom actions: thin adapters around the `twitch_knowledge` package.

All clinical logic (what was said, what it means, what to advise) lives in
`twitch_knowledge`; these classes only read the tracker, call it, and turn the
result into messages and slot events.
"""


def _warm_up() -> None:
    """Load the spaCy pipeline and the vocabulary now, while the server starts.

    Otherwise the first person to write after a restart waits several seconds for
    them. A failure here is not fatal: extraction loads them again on first use.
    """
    try:
        from twitch_knowledge.extract import extract_facts
        from twitch_knowledge.spelling import correction

        extract_facts("my left calf has been twitching for a week, no weakness")
        correction("weaknss")  # builds the typo index, which known words never reach
    except Exception:  # pragma: no cover - logged by the action that needs it
        pass


_warm_up()
