"""Which channels open, from environment variables (channels/platforms.py)."""
from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from rasa.core.run import create_http_input_channels

from channels import connectors, platforms
from scripts.stack import ROOT
from tests.channels.conftest import MODEL
from tests.channels.standin import StandIn
from tests.channels.clients import platform_env

ENV = platform_env(StandIn())  # URLs only; the stand-in is not started here


def test_nothing_set_opens_only_rest_and_socketio():
    assert platforms.open_channels({}) == ["rest", "socketio"]
    creds = platforms.credentials({"SLACK_API_URL": "http://x"})  # a URL alone switches nothing on
    assert list(creds) == ["channels.rest.ValidatingRestInput", "socketio"]


def test_all_set_opens_all_four():
    assert platforms.open_channels(ENV) == ["rest", "socketio", "slack", "telegram", "twilio", "facebook"]


@pytest.mark.parametrize("platform", platforms.PLATFORMS, ids=lambda p: p.name)
def test_a_half_configured_platform_fails_naming_the_missing_variables(platform):
    first, *rest = [variable for _, variable in platform.required]
    with pytest.raises(platforms.PlatformConfigError) as error:
        platforms.enabled({first: "something"})
    assert platform.name in str(error.value)
    assert all(name in str(error.value) for name in rest)


@pytest.mark.parametrize("changes,message", [
    ({"TELEGRAM_SECRET_TOKEN": "has spaces!"}, "TELEGRAM_SECRET_TOKEN may only contain"),
    ({"TWILIO_WEBHOOK_URL": "bot.example.org/webhooks/twilio/webhook"}, "TWILIO_WEBHOOK_URL must be the public URL"),
    ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL must be an http(s) URL"),
])
def test_unusable_values_are_refused_at_start(changes, message):
    with pytest.raises(platforms.PlatformConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        platforms.enabled(dict(ENV, **changes))


def test_the_credentials_file_holds_no_secret_and_rasa_builds_our_channels_from_it(tmp_path, monkeypatch):
    path = platforms.write_credentials(tmp_path, ENV)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text()
    for name in ("SLACK_TOKEN", "SLACK_SIGNING_SECRET", "TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN",
                 "TWILIO_AUTH_TOKEN", "FACEBOOK_SECRET", "FACEBOOK_PAGE_ACCESS_TOKEN", "FACEBOOK_VERIFY"):
        assert ENV[name] not in text and "${%s}" % name in text
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    channels = create_http_input_channels(None, str(path))
    by_name = {c.name(): c for c in channels}
    assert set(by_name) == {"rest", "socketio", "slack", "telegram", "twilio", "facebook"}
    assert isinstance(by_name["slack"], connectors.SlackInput)
    assert by_name["telegram"].api_url == ENV["TELEGRAM_API_URL"]
    assert by_name["twilio"].webhook_url == ENV["TWILIO_WEBHOOK_URL"]
    assert by_name["facebook"].url_prefix() == "facebook"  # /webhooks/facebook/webhook


def test_default_api_urls_are_the_real_ones():
    env = {k: v for k, v in ENV.items() if not k.endswith("_API_URL")}
    creds = platforms.credentials(env)
    assert creds["channels.connectors.SlackInput"]["api_url"] == "https://slack.com/api"
    assert creds["channels.connectors.TelegramInput"]["api_url"] == "https://api.telegram.org"
    assert creds["channels.connectors.TwilioInput"]["api_url"] == "https://api.twilio.com"
    assert creds["channels.connectors.FacebookInput"]["api_url"] == "https://graph.facebook.com"


def test_make_run_refuses_to_start_a_half_configured_platform(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TELEGRAM_", "TWILIO_", "FACEBOOK_"))}
    env.update(SLACK_TOKEN="xoxb-only-the-token", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "stack.py"), "run", "--model", str(MODEL),
                             "--rasa-port", "1", "--action-port", "2", "--web-port", "3"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "slack is half configured: set SLACK_SIGNING_SECRET" in result.stderr
    assert "xoxb-only-the-token" not in result.stdout + result.stderr
