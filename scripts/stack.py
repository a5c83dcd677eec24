"""Start and stop the whole assistant: action server, Rasa server and web page.

Used by `make run` (ports 5055, 5005, 8080), and by the end-to-end tests, the
browser tests, the evaluation and the benchmarks (free ports, so they never clash
with a running `make run`).

    python scripts/stack.py run            # what `make run` calls; Ctrl-C stops everything
"""
from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

try:  # run as a script (python scripts/stack.py) or imported as scripts.stack
    from scripts.runtime_config import ConfigError, RuntimeConfig
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from scripts.runtime_config import ConfigError, RuntimeConfig

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python scripts/stack.py` without PYTHONPATH
    sys.path.insert(0, str(ROOT))

from channels.platforms import open_channels, write_credentials  # noqa: E402
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_MODEL = ROOT / "models" / "twitch-assistant.tar.gz"


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bin(name: str) -> str:
    candidate = VENV_BIN / name
    return str(candidate) if candidate.exists() else str(Path(sys.executable).parent / name)


def _get(url: str, timeout: float = 2.0) -> Optional[bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (localhost)
            return response.read() if response.status == 200 else None
    except (urllib.error.URLError, ConnectionError, OSError, ValueError):
        return None


@dataclass
class Stack:
    """The three processes, on the given ports (0 means: pick a free one)."""

    rasa_port: int = 0
    action_port: int = 0
    web_port: int = 0
    model: Path = DEFAULT_MODEL
    with_web: bool = False
    cors: List[str] = field(default_factory=lambda: ["*"])
    tracker_store: str = "memory"  # "memory" or "sqlite", when the environment names none
    log_dir: Optional[Path] = None
    # Stores, workers and tokens (scripts/runtime_config.py); read from the environment
    # (TRACKER_STORE_URL, LOCK_STORE_URL, RASA_WORKERS, ...) when not given.
    runtime: Optional[RuntimeConfig] = None
    _procs: Dict[str, subprocess.Popen] = field(default_factory=dict)
    _cmds: Dict[str, List[str]] = field(default_factory=dict)
    _env: Dict[str, str] = field(default_factory=dict)
    _logs: Optional[Path] = None
    _tmp: Optional[tempfile.TemporaryDirectory] = None
    ready_seconds: Optional[float] = None
    channels: List[str] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    # ------------------------------------------------------------------ lifecycle
    def start(self, timeout: float = 180.0) -> "Stack":
        if self.runtime is None:
            self.runtime = RuntimeConfig.from_env(default_store=self.tracker_store)
        self.runtime.check_reachable()  # fail fast, with a sentence, if a store is down
        if not Path(self.model).exists():
            raise FileNotFoundError(f"No trained model at {self.model}: run `make train` first.")
        self.rasa_port = self.rasa_port or free_port()
        self.action_port = self.action_port or free_port()
        self.web_port = self.web_port or (free_port() if self.with_web else 0)
        # Messaging platforms switched on by environment variables (docs/CHANNELS.md);
        # a half-configured one stops the start here, naming the missing variables.
        self.channels = open_channels(os.environ)
        self._tmp = tempfile.TemporaryDirectory(prefix="twitch-stack-")
        credentials = write_credentials(Path(self._tmp.name), os.environ)  # placeholders, no secrets
        logs = Path(self.log_dir or self._tmp.name)
        logs.mkdir(parents=True, exist_ok=True)
        endpoints = self._write_endpoints(Path(self._tmp.name))
        env = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2",
                   SQLALCHEMY_SILENCE_UBER_WARNING="1", RASA_TELEMETRY_ENABLED="false",
                   **self.runtime.process_env(f"{self.action_url}/webhook"))
        self._env, self._logs = env, logs
        started = time.monotonic()
        # production.action_server: rasa-sdk's server, requiring ACTION_SERVER_TOKEN;
        # production.rasa_server: `rasa` with the body/flood limits installed.
        self._spawn("actions", [_bin("python"), "-m", "production.action_server",
                                "--host", "127.0.0.1", "--port", str(self.action_port)], env, logs)
        self._spawn("rasa", [_bin("python"), "-m", "production.rasa_server", "run",
                             "-m", str(self.model), *self.runtime.rasa_api_args(),
                             "-i", "127.0.0.1", "--port", str(self.rasa_port),
                             "--credentials", str(credentials),
                             "--endpoints", str(endpoints), "--cors", *self.cors], env, logs)
        if self.with_web:
            self._spawn("web", [sys.executable, str(ROOT / "scripts" / "serve_web.py"),
                                "--port", str(self.web_port),
                                "--rasa-url", f"http://localhost:{self.rasa_port}"], env, logs)
        try:
            self._wait_until_ready(timeout)
        except Exception:
            self.stop()
            raise
        self.ready_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        for proc in self._procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in self._procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
        self._procs.clear()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log(self, name: str) -> str:
        path = Path(self.log_dir or (self._tmp.name if self._tmp else ".")) / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # ------------------------------------------------------------------ internals
    @property
    def api_token(self) -> Optional[str]:
        return self.runtime.api_token if self.runtime else None

    def api_url(self, path: str) -> str:
        """An HTTP API URL, with the token when one is required."""
        sep = "&" if "?" in path else "?"
        token = f"{sep}token={self.api_token}" if self.api_token else ""
        return f"{self.rasa_url}{path}{token}"

    def alive(self, name: str) -> bool:
        proc = self._procs.get(name)
        return proc is not None and proc.poll() is None

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Kills one process (and its children): fault tests, the supervisor's restarts."""
        proc = self._procs.get(name)
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=15)

    def restart(self, name: str, wait: bool = True, timeout: float = 180.0) -> None:
        """Starts one process again with the same command, ports and environment."""
        self.kill(name)
        assert self._logs is not None, "restart() before start()"
        self._spawn(name, self._cmds[name], self._env, self._logs, append=True)
        if wait:
            self._wait_until_ready(timeout, only=[name])

    def _write_endpoints(self, folder: Path) -> Path:
        (ROOT / "build").mkdir(exist_ok=True)
        path = folder / "endpoints.yml"
        assert self.runtime is not None
        path.write_text(self.runtime.endpoints_yaml())
        return path

    def _spawn(self, name: str, cmd: List[str], env: Dict[str, str], logs: Path,
               append: bool = False) -> None:
        log = open(logs / f"{name}.log", "a" if append else "w")  # noqa: SIM115 (closed with the process)
        self._cmds[name] = cmd
        self._procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log,
                                             stderr=subprocess.STDOUT, start_new_session=True)

    def _wait_until_ready(self, timeout: float, only: Optional[List[str]] = None) -> None:
        deadline = time.monotonic() + timeout
        api = bool(self.runtime is None or self.runtime.api_enabled)
        checks = {
            "actions": f"{self.action_url}/health",
            # without the HTTP API (production, no token) the root answers once the
            # model is loaded (Rasa loads it before the server accepts connections)
            "rasa": self.api_url("/status") if api else f"{self.rasa_url}/",
        }
        if self.with_web:
            checks["web"] = f"{self.web_url}/"
        pending = {k: v for k, v in checks.items() if only is None or k in only}
        while pending:
            for name, proc in self._procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited early:\n{self.log(name)[-3000:]}")
            for name, url in list(pending.items()):
                body = _get(url)
                if body is not None and (name != "rasa" or not api or b"model_file" in body):
                    pending.pop(name)
            if time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout:.0f}s: {sorted(pending)}")
            time.sleep(0.3)


@contextlib.contextmanager
def running(**kwargs: object) -> Iterator[Stack]:
    stack = Stack(**kwargs)  # type: ignore[arg-type]
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()


def startup_lines(stack: Stack) -> List[str]:
    """What the operator sees at start: stores, workers, API (and room for channels)."""
    return stack.runtime.summary() if stack.runtime else []


def _run_forever(args: argparse.Namespace) -> int:
    from scripts.supervisor import Supervisor

    try:
        runtime = RuntimeConfig.from_env(default_store="sqlite")
    except ConfigError as error:
        print(f"Could not start: {error}", file=sys.stderr)
        return 2
    stack = Stack(rasa_port=args.rasa_port, action_port=args.action_port,
                  web_port=args.web_port, model=Path(args.model),
                  with_web=(ROOT / "scripts" / "serve_web.py").exists(),
                  cors=args.cors.split(), tracker_store="sqlite",
                  log_dir=ROOT / "build" / "logs", runtime=runtime)
    print("Starting the action server, the Rasa server and the web page...", flush=True)
    for line in startup_lines(stack):
        print(f"  {line}", flush=True)
    try:
        stack.start()
    except ConfigError as error:
        print(f"Could not start: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 (shown to the person running it)
        print(f"Could not start: {error}", file=sys.stderr)
        return 1
    print(f"Channels open: {', '.join(stack.channels)}", flush=True)
    api = stack.api_url("/status") if runtime.api_enabled else "(off)"
    print(f"""
Ready in {stack.ready_seconds:.1f}s. Logs: build/logs/

  Web chat:     http://localhost:{stack.web_port}/   (if the page was built)
  REST:         curl -s localhost:{stack.rasa_port}/webhooks/rest/webhook \\
                  -d '{{"sender": "me", "message": "my eyelid has been twitching for a week"}}'
  socket.io:    http://localhost:{stack.rasa_port}/socket.io/
  HTTP API:     {api.replace("127.0.0.1", "localhost")}
  Actions:      http://localhost:{stack.action_port}/health
  Terminal:     make shell

Crashed processes are restarted. Press Ctrl-C to stop everything.""", flush=True)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    supervisor = Supervisor(stack, log=lambda text: print(text, file=sys.stderr, flush=True))
    code = 0
    try:
        while not stopping:
            reason = supervisor.check()
            if reason:
                print(f"{reason}; stopping everything. Logs: build/logs/", file=sys.stderr)
                code = 1
                break
            time.sleep(0.5)
    finally:
        print("\nStopping...", flush=True)
        stack.stop()
    return code


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start everything and wait for Ctrl-C")
    run.add_argument("--rasa-port", type=int, default=int(os.environ.get("RASA_PORT", 5005)))
    run.add_argument("--action-port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    run.add_argument("--web-port", type=int, default=int(os.environ.get("WEB_PORT", 8080)))
    run.add_argument("--model", default=os.environ.get("MODEL", str(DEFAULT_MODEL)))
    run.add_argument("--cors", default=os.environ.get("CORS_ORIGINS", "http://localhost:8080"))
    args = parser.parse_args(argv)
    return _run_forever(args)


if __name__ == "__main__":
    sys.exit(main())
