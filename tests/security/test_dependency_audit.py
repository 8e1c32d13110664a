"""The dependency audit's verdict: an advisory always fails; packages it could not check fail only when the
audit is required (CI), so an unreachable advisory service never passes for a clean result there."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "dependency_audit.py"


@pytest.fixture
def audit():
    spec = importlib.util.spec_from_file_location("dependency_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_run(pip_report: dict, npm_report: dict):
    def run(command, **kwargs):
        report = npm_report if command[0] == "npm" else pip_report
        return subprocess.CompletedProcess(command, 1, stdout=json.dumps(report), stderr="")
    return run


CLEAN_NPM = {"auditReportVersion": 2, "vulnerabilities": {}}
NPM_DOWN = {"message": "405 Method Not Allowed", "statusCode": 405}
VULNERABLE = {"dependencies": [{"name": "django", "version": "5.2.1", "vulns": [
    {"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"]}]}]}
CLEAN = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
UNCHECKED = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}


@pytest.mark.parametrize("pip_report,npm_report,ci,expected", [
    (CLEAN, CLEAN_NPM, "true", 0),
    (VULNERABLE, CLEAN_NPM, "", 1),  # an advisory fails everywhere
    (UNCHECKED, CLEAN_NPM, "true", 1),  # could not check, in CI: fails
    (CLEAN, NPM_DOWN, "true", 1),
    (UNCHECKED, NPM_DOWN, "", 0),  # locally: reported, not failed
])
def test_verdict(audit, monkeypatch, capsys, pip_report, npm_report, ci, expected):
    monkeypatch.setattr(audit.subprocess, "run", fake_run(pip_report, npm_report))
    monkeypatch.setenv("CI", ci)
    monkeypatch.delenv("DEPENDENCY_AUDIT_REQUIRED", raising=False)
    assert audit.main() == expected
    out = capsys.readouterr().out
    if pip_report is VULNERABLE:
        assert "django==5.2.1: PYSEC-2025-1 (fixed in 5.2.2)" in out
    if pip_report is UNCHECKED or npm_report is NPM_DOWN:
        assert "DEPENDENCY AUDIT INCOMPLETE" in out


def test_the_required_switch_overrides_ci(audit, monkeypatch):
    monkeypatch.setattr(audit.subprocess, "run", fake_run(UNCHECKED, CLEAN_NPM))
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("DEPENDENCY_AUDIT_REQUIRED", "0")
    assert audit.main() == 0
    monkeypatch.setenv("CI", "")
    monkeypatch.setenv("DEPENDENCY_AUDIT_REQUIRED", "1")
    assert audit.main() == 1
