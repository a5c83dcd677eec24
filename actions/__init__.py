"""Rasa custom actions: thin adapters around the `twitch_knowledge` package.

All clinical logic (what was said, what it means, what to advise) lives in
`twitch_knowledge`; these classes only read the tracker, call it, and turn the
result into messages and slot events.
"""


def _warm_up() -> None:
    """Load the vocabulary and the typo index now, while the server starts.

    Otherwise the first person to write after a restart waits for them. The spaCy
    pipeline is not loaded: the NLU sends what it read of each message
    (`twitch_knowledge.analysis`), and spaCy is loaded only if a message ever comes
    without it. A failure here is not fatal: each is loaded again on first use.
    """
    try:
        from twitch_knowledge import render, triage
        from twitch_knowledge.emergency import detect_emergency
        from twitch_knowledge.facts import Facts
        from twitch_knowledge.spelling import correction

        detect_emergency("my left calf has been twitching for a week, no weakness")
        correction("weaknss")  # builds the typo index, which known words never reach
        facts = Facts(locations=["calf"])
        render.assessment_payload(triage.assess(facts), facts)
    except Exception:  # pragma: no cover - logged by the action that needs it
        pass


_warm_up()
