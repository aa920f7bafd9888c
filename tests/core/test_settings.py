"""Production settings refuse to start on defaults, and pass `check --deploy`."""

import base64
import os

import pytest

from .test_keyring import run_manage

GOOD = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x7!" + "q" * 20 + "Zk9#" + "w" * 30,
    "DJANGO_ALLOWED_HOSTS": "amana.example.org",
    "AMANA_KEYRING": "k2026:" + base64.b64encode(os.urandom(32)).decode(),
    "AMANA_BLIND_INDEX_KEY": base64.b64encode(os.urandom(32)).decode(),
    "DATABASE_URL": "sqlite:////tmp/amana-deploy-check.sqlite3",
}


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **GOOD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "variable"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY"),
        (
            {"DJANGO_SECRET_KEY": "local-demo-only-secret-key-never-use-in-production"},
            "DJANGO_SECRET_KEY",
        ),
        ({"AMANA_KEYRING": ""}, "AMANA_KEYRING"),
        ({"AMANA_KEYRING": "demo1:ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q="}, "AMANA_KEYRING"),
        ({"AMANA_BLIND_INDEX_KEY": ""}, "AMANA_BLIND_INDEX_KEY"),
    ],
)
def test_production_refuses_to_start_with_a_default_or_missing_secret(override, variable):
    env = {**GOOD, **override}
    env = {k: v for k, v in env.items() if v}
    result = run_manage("check", **env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"amana: configuration error: {variable}")


def test_demo_data_refuses_production_settings():
    result = run_manage("seed_demo", **GOOD)
    assert result.returncode != 0
    assert "refuses" in result.stderr
