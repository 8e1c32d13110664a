"""Dependency audit against the registries' advisory data (`make security`).

Python: pip-audit checks every pin of requirements.lock (the production lock) with PyPI's vulnerability data.
JavaScript: `npm audit` checks package-lock.json with the npm registry's advisory endpoint.

Exit status: 1 when an advisory hits a pinned package (always), or when an advisory service could not answer for
every package and the audit is required (DEPENDENCY_AUDIT_REQUIRED=1, the default when CI=true): a check that
could not run must not pass as a clean one. Otherwise an unreachable service is reported loudly and the run goes
on, like the tests that skip without their service locally.

pip-audit and npm run as fixed command lines, never through a shell (hence the `nosec` on subprocess).
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRUE = {"1", "true", "yes"}


def required() -> bool:
    value = os.environ.get("DEPENDENCY_AUDIT_REQUIRED")
    if value is None:
        value = os.environ.get("CI", "")
    return value.strip().lower() in TRUE


def audit_python() -> tuple[list[str], list[str]]:
    """(advisories, packages not checked) for requirements.lock."""
    pip_audit = Path(sys.executable).parent / "pip-audit"
    result = subprocess.run(  # noqa: S603  # nosec B603
        [str(pip_audit), "-r", "requirements.lock", "--no-deps", "--disable-pip", "--vulnerability-service", "pypi",
         "--progress-spinner", "off", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return [], [f"pip-audit gave no report (exit {result.returncode}): {result.stderr.strip()[-500:]}"]
    advisories, unchecked = [], []
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            unchecked.append(f"{dependency['name']}: {dependency['skip_reason']}")
        for vuln in dependency.get("vulns", []):
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            advisories.append(f"{dependency['name']}=={dependency.get('version')}: {vuln['id']} (fixed in {fixed})")
    return advisories, unchecked


def audit_npm() -> tuple[list[str], list[str]]:
    """(advisories, what could not be checked) for package-lock.json."""
    result = subprocess.run(  # noqa: S603, S607  # nosec B603 B607
        ["npm", "audit", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return [], [f"npm audit gave no report (exit {result.returncode}): {result.stderr.strip()[-500:]}"]
    if "auditReportVersion" not in report:
        return [], [f"npm audit: the registry's advisory endpoint did not answer ({report.get('message', '?')})"]
    advisories = []
    for name, item in report.get("vulnerabilities", {}).items():
        if item.get("severity") == "info":
            continue
        via = ", ".join(v.get("title", "?") if isinstance(v, dict) else str(v) for v in item.get("via", []))
        advisories.append(f"{name}: {item.get('severity')} ({via})")
    return advisories, []


def main() -> int:
    advisories, unchecked = [], []
    for audit in (audit_python, audit_npm):
        found, missing = audit()
        advisories += found
        unchecked += missing
    if advisories:
        print("Advisories for pinned packages (upgrade them in pyproject.toml / package.json and re-lock):")
        print("\n".join(f"  - {line}" for line in advisories))
    if unchecked:
        bar = "!" * 78
        print(bar)
        print(f"DEPENDENCY AUDIT INCOMPLETE: {len(unchecked)} package(s) or source(s) could not be checked:")
        shown = unchecked if len(unchecked) <= 12 else [*unchecked[:10], f"... and {len(unchecked) - 10} more"]
        print("\n".join(f"  - {line}" for line in shown))
        print("pip-audit needs PyPI's per-release JSON API, npm audit the npm registry's advisory endpoint.")
        print("Required (fails) when CI=true or DEPENDENCY_AUDIT_REQUIRED=1; reported only otherwise.")
        print(bar)
    if not advisories and not unchecked:
        print("Dependency audit: no known advisory for requirements.lock and package-lock.json.")
    return 1 if advisories or (unchecked and required()) else 0


if __name__ == "__main__":
    sys.exit(main())
