"""The install and container files: locks, compose, build context (no database)."""

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _pins(lock: Path) -> dict[str, str]:
    """name -> version of every `name==version \\` entry, each with a hash."""
    text = lock.read_text(encoding="utf-8")
    pins = {}
    for block in re.split(r"\n(?=\S)", text):
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s\\;]+)", block)
        if match:
            assert "--hash=sha256:" in block, f"{match.group(1)} in {lock.name} has no hash"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("requirements/base.txt", ["runtime"]), ("requirements/dev.txt", ["runtime", "dev"])],
)
def test_lock_file_covers_every_dependency_within_its_bounds(lock, groups):
    project = _project()
    pins = _pins(ROOT / lock)
    wanted = list(project["dependencies"])
    if "dev" in groups:
        wanted += project["optional-dependencies"]["dev"]
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not pinned in {lock}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]} outside {requirement.specifier}"
        )


def test_runtime_dependencies_have_an_upper_bound():
    for line in _project()["dependencies"]:
        requirement = Requirement(line)
        assert any(spec.operator in {"<", "<=", "~=", "=="} for spec in requirement.specifier), (
            f"{line} has no upper bound"
        )


def test_runtime_lock_holds_no_test_tools_and_dev_lock_agrees_with_it():
    base = _pins(ROOT / "requirements/base.txt")
    dev = _pins(ROOT / "requirements/dev.txt")
    for tool in ("pytest", "playwright", "ruff", "hypothesis", "factory-boy"):
        assert tool not in base
        assert tool in dev
    for name, version in base.items():
        assert dev.get(name) == version, f"{name}: base {version}, dev {dev.get(name)}"


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_has_a_one_shot_migrate_that_the_app_services_wait_for():
    services = _compose()["services"]
    assert "migrate" in services
    assert "manage.py migrate" in services["migrate"]["command"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["db"]["condition"] == "service_healthy", name
    assert "gunicorn" in services["web"]["command"]


def test_every_compose_service_has_a_healthcheck_and_a_restart_policy():
    services = _compose()["services"]
    assert {"web", "worker", "beat", "db", "redis", "migrate"} <= set(services)
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
        assert service.get("restart") in {"always", "unless-stopped", "on-failure"}, name
    assert services["migrate"]["restart"] == "on-failure"


def test_compose_sets_the_production_addresses():
    env = _compose()["services"]["web"]["environment"]
    for key in ("PUBLIC_BASE_URL", "DEFAULT_FROM_EMAIL", "TRUSTED_PROXIES", "SECRET_KEY"):
        assert env.get(key), key
    assert env["PORTAL_ENV"] == "production"


def test_media_volume_is_created_for_the_app_user_before_it_is_declared():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    mkdir = dockerfile.index("mkdir -p /app/var/media")
    chown = dockerfile.index("chown -R portal:portal /app/var")
    user = dockerfile.index("USER portal")
    volume = dockerfile.index('VOLUME ["/app/var/media"]')
    assert mkdir < chown < user < volume
    assert "requirements/base.txt" in dockerfile and "--require-hashes" in dockerfile
    assert "[dev]" not in dockerfile and "requirements/dev.txt" not in dockerfile
    services = _compose()["services"]
    assert "media:/app/var/media" in services["web"]["volumes"]


def _ignored(patterns: list[str], path: str) -> bool:
    from fnmatch import fnmatch

    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        first = path.split("/")[0]
        if fnmatch(path, pattern) or fnmatch(first, pattern):
            result = not negate
    return result


def test_dockerignore_keeps_local_data_and_environments_out():
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    for path in (".venv", "node_modules", "db.sqlite3", "var", "var/media/x.pdf", ".env", ".git"):
        assert _ignored(patterns, path), f"{path} would be in the build context"
    for path in ("manage.py", "requirements", "package-lock.json", ".env.example"):
        assert not _ignored(patterns, path), f"{path} is needed in the image"


def test_reverse_proxy_example_passes_the_client_address():
    caddy = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert "X-Forwarded-For {remote_host}" in caddy
    compose = _compose()
    proxy_ip = compose["services"]["proxy"]["networks"]["portal"]["ipv4_address"]
    assert proxy_ip in compose["services"]["web"]["environment"]["TRUSTED_PROXIES"]


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("portal.seoul.example,www.portal.seoul.example", "portal.seoul.example"),
        (".seoul.example", "seoul.example"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_container_healthcheck_sends_a_host_that_allowed_hosts_accepts(
    tmp_path, allowed_hosts, host
):
    fake = tmp_path / "curl"
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    fake.chmod(0o755)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "ALLOWED_HOSTS": allowed_hosts}
    out = subprocess.run(
        ["sh", str(ROOT / "deploy" / "healthcheck")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert f"Host: {host}" in out
    assert "http://127.0.0.1:8000/healthz/live" in out
    assert os.access(ROOT / "deploy" / "healthcheck", os.X_OK)


def test_image_and_web_service_use_that_healthcheck():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "CMD sh deploy/healthcheck" in dockerfile
    web = _compose()["services"]["web"]["healthcheck"]["test"]
    assert web == ["CMD", "sh", "deploy/healthcheck"]
