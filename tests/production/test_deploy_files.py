"""The deploy files parse, agree with the code (variables, ports, commands) and pass
a Kubernetes schema check (kubernetes-validate, offline: it bundles the schemas).

There is no Docker engine or cluster here: nothing is built or run (docs/DEPLOY.md).
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts.stack import ROOT

K8S = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))
VALIDATOR = ROOT / "build" / "k8s-validate" / "bin" / "kubernetes-validate"
CONTRACT = {"TRACKER_STORE_URL", "LOCK_STORE_URL", "RASA_WORKERS", "RASA_API_TOKEN", "RASA_ENV",
            "ACTION_SERVER_TOKEN", "ACTION_SERVER_URL"}
PORTS = {"rasa": 5005, "actions": 5055, "web": 8080}


def _docs(path: Path):
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _code_variables() -> set:
    text = (ROOT / "scripts" / "runtime_config.py").read_text()
    return set(re.findall(r'get\("([A-Z_]+)"\)', text))


def test_the_contract_is_what_the_code_reads():
    assert CONTRACT - {"ACTION_SERVER_URL"} <= _code_variables()


def test_compose_services_ports_and_variables():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"rasa", "actions", "web", "postgres", "redis"} <= set(services)
    assert services["rasa"]["ports"] == [f"{PORTS['rasa']}:{PORTS['rasa']}"]
    assert services["web"]["ports"] == [f"{PORTS['web']}:{PORTS['web']}"]
    assert services["actions"]["expose"] == [str(PORTS["actions"])]
    rasa_env = services["rasa"]["environment"]
    assert CONTRACT <= set(rasa_env)
    assert rasa_env["ACTION_SERVER_URL"] == f"http://actions:{PORTS['actions']}/webhook"
    assert rasa_env["TRACKER_STORE_URL"].startswith("postgresql://") and "@postgres:5432/" in rasa_env["TRACKER_STORE_URL"]
    assert rasa_env["LOCK_STORE_URL"].startswith("redis://redis:6379/")
    assert services["actions"]["environment"]["ACTION_SERVER_TOKEN"] == rasa_env["ACTION_SERVER_TOKEN"]
    # no secret written into the file: every secret comes from .env
    for name in ("RASA_API_TOKEN", "ACTION_SERVER_TOKEN"):
        assert rasa_env[name].startswith("${")


def test_dockerfile_trains_at_build_time_and_runs_as_non_root():
    text = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "rasa train" in text
    last_stage = text.split("\nFROM ")[-1]
    assert re.search(r"^USER 10001", last_stage, re.M), "the runtime stage must not run as root"
    assert all(str(port) in last_stage for port in PORTS.values())
    entry = (ROOT / "deploy" / "docker-entrypoint.sh").read_text()
    for command in ("rasa)", "actions)", "web)", "purge)"):
        assert command in entry
    assert (ROOT / "production" / "container.py").exists() and (ROOT / "scripts" / "purge.py").exists()


def test_k8s_manifests_agree_with_the_code():
    objects = [d for path in K8S for d in _docs(path)]
    kinds = {(d["kind"], d["metadata"]["name"]) for d in objects}
    assert {("Deployment", "rasa"), ("Deployment", "actions"), ("Deployment", "web"),
            ("Service", "rasa"), ("Service", "actions"), ("Service", "web"),
            ("CronJob", "purge-conversations"), ("Secret", "twitch-secrets")} <= kinds
    config = next(d for d in objects if d["kind"] == "ConfigMap")["data"]
    secret = next(d for d in objects if d["kind"] == "Secret")["stringData"]
    for d in objects:
        if d["kind"] not in ("Deployment", "CronJob"):
            continue
        spec = d["spec"]["template"]["spec"] if d["kind"] == "Deployment" else \
            d["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        for container in spec["containers"]:
            if container["name"] != "redis":
                assert spec["securityContext"]["runAsNonRoot"] is True
            if d["kind"] == "Deployment":
                assert "readinessProbe" in container and "livenessProbe" in container, container["name"]
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] == "twitch-secrets" and ref["key"] in secret
            if container["name"] in PORTS:
                assert container["ports"][0]["containerPort"] == PORTS[container["name"]]
    rasa = next(d for d in objects if d["kind"] == "Deployment" and d["metadata"]["name"] == "rasa")
    container = rasa["spec"]["template"]["spec"]["containers"][0]
    provided = set(config) | {e["name"] for e in container["env"]}
    assert CONTRACT <= provided
    assert {"TRACKER_STORE_URL", "RASA_API_TOKEN", "ACTION_SERVER_TOKEN"} <= {
        e["name"] for e in container["env"] if "secretKeyRef" in e.get("valueFrom", {})}
    assert config["ACTION_SERVER_URL"] == f"http://actions:{PORTS['actions']}/webhook"
    for d in objects:
        if d["kind"] == "Service" and d["metadata"]["name"] in PORTS:
            assert d["spec"]["ports"][0]["port"] == PORTS[d["metadata"]["name"]]
    cron = next(d for d in objects if d["kind"] == "CronJob")
    assert cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"][0] == "purge"


@pytest.fixture(scope="module")
def validator() -> Path:
    if not VALIDATOR.exists():
        pytest.fail(f"{VALIDATOR} missing: run `make k8s-validator` (make test-production does)")
    return VALIDATOR


def test_k8s_manifests_pass_the_schema_check(validator):
    result = subprocess.run([str(validator), "--strict", *map(str, K8S)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("passed") >= len(K8S)


def test_the_schema_check_would_catch_a_mistake(validator, tmp_path):
    broken = tmp_path / "broken.yaml"
    text = (ROOT / "deploy" / "k8s" / "rasa.yaml").read_text().replace("containerPort: 5005", "containerPort: \"http\"")
    broken.write_text(text)
    result = subprocess.run([str(validator), "--strict", str(broken)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
