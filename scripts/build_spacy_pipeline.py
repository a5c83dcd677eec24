#!/usr/bin/env python
"""Build the spaCy pipeline used by Rasa's SpacyNLP and save it to disk.

    python scripts/build_spacy_pipeline.py [--output build/spacy/en_twitch]

The result (blank English + sentencizer + lookup lemmatizer + entity ruler
with the twitch vocabulary) loads with plain ``spacy.load(path)``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from twitch_knowledge.nlp import DEFAULT_PIPELINE_PATH, save_pipeline  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(DEFAULT_PIPELINE_PATH.relative_to(ROOT)),
                        help="directory to write (default: %(default)s, relative to the project root)")
    args = parser.parse_args(argv)
    output = Path(args.output)
    if not output.is_absolute():
        output = ROOT / output
    path = save_pipeline(output)
    import spacy

    nlp = spacy.load(path)
    ruler = nlp.get_pipe("entity_ruler")
    print(f"Saved spaCy pipeline to {path}")
    print(f"  components: {', '.join(nlp.pipe_names)}")
    print(f"  entity patterns: {len(ruler.patterns)}; labels: {', '.join(sorted(ruler.labels))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
