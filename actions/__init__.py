"""Rasa custom actions: thin adapters around the `twitch_knowledge` package.

All clinical logic (what was said, what it means, what to advise) lives in
`twitch_knowledge`; these classes only read the tracker, call it, and turn the
result into messages and slot events.
"""
