"""Which channels the Rasa server opens, from environment variables.

``credentials(env)`` returns what ``rasa run --credentials`` reads: always the REST and
socket.io channels of credentials.yml, plus each messaging platform whose variables are
set. A platform with only some of its required variables set is an error naming the
missing ones (never half open). The file written by ``write_credentials`` holds
``${VARIABLE}`` placeholders, which Rasa fills in from the environment when it reads the
file: no secret is ever written to disk. See docs/CHANNELS.md.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
BASE_CREDENTIALS = ROOT / "credentials.yml"


@dataclass(frozen=True)
class Platform:
    name: str  # also the webhook path: /webhooks/{name}/webhook
    connector: str  # the InputChannel class, as Rasa's credentials file names it
    required: Tuple[Tuple[str, str], ...]  # (credential key, environment variable)
    api_variable: str
    api_default: str


PLATFORMS = (
    Platform("slack", "channels.connectors.SlackInput",
             (("token", "SLACK_TOKEN"), ("signing_secret", "SLACK_SIGNING_SECRET")),
             "SLACK_API_URL", "https://slack.com/api"),
    Platform("telegram", "channels.connectors.TelegramInput",
             (("token", "TELEGRAM_TOKEN"), ("bot_name", "TELEGRAM_BOT_NAME"),
              ("secret_token", "TELEGRAM_SECRET_TOKEN"), ("webhook_url", "TELEGRAM_WEBHOOK_URL")),
             "TELEGRAM_API_URL", "https://api.telegram.org"),
    Platform("twilio", "channels.connectors.TwilioInput",
             (("account_sid", "TWILIO_ACCOUNT_SID"), ("auth_token", "TWILIO_AUTH_TOKEN"),
              ("number", "TWILIO_NUMBER"), ("webhook_url", "TWILIO_WEBHOOK_URL")),
             "TWILIO_API_URL", "https://api.twilio.com"),
    Platform("facebook", "channels.connectors.FacebookInput",
             (("verify", "FACEBOOK_VERIFY"), ("secret", "FACEBOOK_SECRET"),
              ("page_access_token", "FACEBOOK_PAGE_ACCESS_TOKEN")),
             "FACEBOOK_API_URL", "https://graph.facebook.com"),
)

# Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - as setWebhook's secret_token.
_TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class PlatformConfigError(ValueError):
    """A platform is switched on but cannot work as configured."""


def _base() -> Dict[str, Any]:
    return yaml.safe_load(BASE_CREDENTIALS.read_text()) or {}


def enabled(env: Mapping[str, str]) -> List[Platform]:
    """The platforms whose required variables are all set; an error for any platform
    with only some of them set, naming the missing variables."""
    problems, platforms = [], []
    for platform in PLATFORMS:
        names = [variable for _, variable in platform.required]
        missing = [name for name in names if not env.get(name, "").strip()]
        if len(missing) == len(names):
            continue
        if missing:
            problems.append(f"{platform.name} is half configured: set {', '.join(missing)} "
                            f"(or unset {', '.join(n for n in names if n not in missing)})")
            continue
        api = env.get(platform.api_variable, "").strip()
        if api and not api.startswith(("http://", "https://")):
            problems.append(f"{platform.api_variable} must be an http(s) URL")
        if platform.name == "telegram" and not _TELEGRAM_SECRET.fullmatch(env["TELEGRAM_SECRET_TOKEN"].strip()):
            problems.append("TELEGRAM_SECRET_TOKEN may only contain A-Z, a-z, 0-9, _ and - (1 to 256)")
        for url_variable in ("TELEGRAM_WEBHOOK_URL", "TWILIO_WEBHOOK_URL"):
            if url_variable in names and not env[url_variable].strip().startswith(("https://", "http://")):
                problems.append(f"{url_variable} must be the public URL of the webhook (https://...)")
        platforms.append(platform)
    if problems:
        raise PlatformConfigError("; ".join(problems))
    return platforms


def credentials(env: Mapping[str, str]) -> Dict[str, Any]:
    """The credentials Rasa reads: REST and socket.io, then each enabled platform, its
    values as ``${VARIABLE}`` placeholders."""
    result = _base()
    for platform in enabled(env):
        entry = {key: "${%s}" % variable for key, variable in platform.required}
        entry["api_url"] = ("${%s}" % platform.api_variable if env.get(platform.api_variable, "").strip()
                            else platform.api_default)
        result[platform.connector] = entry
    return result


def open_channels(env: Mapping[str, str]) -> List[str]:
    """The channel names the server answers on, e.g. ['rest', 'socketio', 'telegram']."""
    names = []
    for key in _base():
        names.append("rest" if key.endswith("RestInput") else key.rsplit(".", 1)[-1])
    return names + [platform.name for platform in enabled(env)]


def write_credentials(folder: Path, env: Mapping[str, str] = os.environ) -> Path:
    """The credentials file for ``rasa run --credentials``, in ``folder`` (a temporary
    directory), readable by its owner only. Raises PlatformConfigError first."""
    content = yaml.safe_dump(credentials(env), sort_keys=False, default_flow_style=False)
    path = Path(folder) / "credentials.yml"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(content)
    os.chmod(path, 0o600)
    return path
