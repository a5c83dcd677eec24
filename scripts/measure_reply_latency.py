#!/usr/bin/env python3
"""Time from pressing Enter in the chat widget to the bot's reply on the page.

Opens the demo page in headless Chromium (Debian's /usr/bin/chromium through
Playwright for Python, no browser download), sends N messages by pressing Enter
and timestamps, inside the page, the keydown and the moment the first bot
message node is added to the conversation (MutationObserver,
performance.now()). Prints the median, p90 and max in milliseconds.

    python scripts/measure_reply_latency.py                       # page at http://localhost:8080 (make run)
    python scripts/measure_reply_latency.py --start-stack         # start actions + Rasa + page itself
    python scripts/measure_reply_latency.py --url http://localhost:8080 -n 40 --target-ms 300

Exit status 1 when --target-ms is given and the median is not below it.
"""
from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path
from typing import Iterator, List

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Short, varied messages a person might send mid-conversation; each one gets a reply.
MESSAGES = [
    "what is a fasciculation?",
    "can caffeine cause twitching?",
    "is twitching a sign of ALS?",
    "what is benign fasciculation syndrome?",
    "does stress cause muscle twitches?",
    "when should I see a doctor?",
    "what tests might a doctor do?",
    "what is the difference between a twitch and a cramp?",
    "how can I stop the twitching?",
    "is muscle twitching normal?",
]

INSTRUMENT = """
() => {
  if (window.__latency) return;
  const state = { sent: [], replies: [] };
  window.__latency = state;
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && ev.target && ev.target.classList && ev.target.classList.contains('rw-new-message')
        && ev.target.value.trim()) {
      state.sent.push(performance.now());
    }
  }, true);
  const isBot = (node) => node.nodeType === 1 && (
    node.matches('.rw-from-response, .rw-from-response .rw-message') ||
    !!node.querySelector('.rw-response, .tw-card'));
  new MutationObserver((mutations) => {
    const now = performance.now();
    for (const m of mutations) {
      for (const node of m.addedNodes) {
        if (isBot(node) && node.closest('.rw-messages-container')) { state.replies.push(now); return; }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
}
"""


@contextlib.contextmanager
def page_url(args: argparse.Namespace) -> Iterator[str]:
    if not args.start_stack:
        yield args.url.rstrip("/")
        return
    sys.path.insert(0, str(ROOT))
    from scripts.stack import Stack, free_port  # noqa: E402 (only when asked)

    port = free_port()
    stack = Stack(with_web=True, web_port=port,
                  cors=[f"http://127.0.0.1:{port}", f"http://localhost:{port}"])
    print("starting actions, Rasa and the page...", file=sys.stderr, flush=True)
    stack.start()
    try:
        yield stack.web_url
    finally:
        stack.stop()


def wait_quiet(page, quiet_s: float = 0.5, timeout_s: float = 20.0) -> None:
    """Until no bot message arrived for quiet_s (the reply may have several parts)."""
    deadline = time.monotonic() + timeout_s
    last = page.evaluate("() => window.__latency.replies.length")
    since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = page.evaluate("() => window.__latency.replies.length")
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return


def measure(url: str, n: int, chromium: str, timeout_s: float) -> List[float]:
    from playwright.sync_api import sync_playwright

    samples: List[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/")
        page.evaluate(INSTRUMENT)
        page.click("#start-chat")
        field = page.locator(".rw-new-message")
        field.wait_for(state="visible")
        page.wait_for_function("() => !document.querySelector('.rw-new-message').disabled")
        # let the greeting (init payload) arrive before measuring
        with contextlib.suppress(Exception):
            page.wait_for_function("() => window.__latency.replies.length > 0", timeout=8000)
        wait_quiet(page)
        for i in range(n):
            text = MESSAGES[i % len(MESSAGES)]
            sent_before = page.evaluate("() => window.__latency.sent.length")
            field.fill(text)
            field.press("Enter")
            page.wait_for_function("(k) => window.__latency.sent.length > k", arg=sent_before)
            page.wait_for_function(
                "() => { const s = window.__latency; const t = s.sent[s.sent.length - 1];"
                " return s.replies.some((r) => r >= t); }",
                timeout=timeout_s * 1000,
            )
            latency = page.evaluate(
                "() => { const s = window.__latency; const t = s.sent[s.sent.length - 1];"
                " return s.replies.find((r) => r >= t) - t; }"
            )
            samples.append(float(latency))
            wait_quiet(page)
        browser.close()
    return samples


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8080", help="the demo page (default: make run's)")
    parser.add_argument("-n", "--messages", type=int, default=20)
    parser.add_argument("--start-stack", action="store_true", help="start actions, Rasa and the page on free ports")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one reply")
    parser.add_argument("--target-ms", type=float, default=None, help="fail unless the median is below this")
    args = parser.parse_args(argv)

    with page_url(args) as url:
        samples = measure(url, args.messages, args.chromium, args.timeout)
    median = statistics.median(samples)
    print(f"reply latency over {len(samples)} messages (Enter -> bot reply on the page, headless Chromium):")
    print(f"  median {median:.0f} ms   p90 {percentile(samples, 0.9):.0f} ms   max {max(samples):.0f} ms   "
          f"min {min(samples):.0f} ms")
    if args.target_ms is not None:
        ok = median < args.target_ms
        print(f"  target: median < {args.target_ms:.0f} ms -> {'met' if ok else 'NOT met'}")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
