"""`manage.py check --deploy` with the production settings and the required variables prints no warning."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "dialogue_portal.settings.prod",
    "SECRET_KEY": "k3Jx9-pQ2vR7_sT4wY8zA1bC5dE6fG0hI2jK4lM6nO8pQ0rS2tU4vW6xY8zA0bC2",
    "ALLOWED_HOSTS": "doithoai.haihung.haiphong.gov.vn",
    "DATABASE_URL": "postgres://portal:secret@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.vn:587",
}


def run_check(extra_env):
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in {"DEBUG", "CI", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV)
    del env["SECRET_KEY"]
    result = run_check(env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_without_redis_is_reported():
    env = dict(PRODUCTION_ENV)
    del env["REDIS_URL"]
    result = run_check(env)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stdout + result.stderr
