"""The layout the architecture document describes: layered apps, writes in services, small modules."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("conferences", "petitions", "reports")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACT = "Apps are layered: reports -> petitions -> conferences"


def _modules(pattern: str = "*.py"):
    for app in APPS:
        for path in (ROOT / app).rglob(pattern):
            if "migrations" not in path.parts:
                yield path


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_layering_contract_holds():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{CONTRACT} KEPT" in result.stdout


def test_a_wrong_way_import_breaks_the_contract_by_name(tmp_path):
    for name in (*APPS, "dialogue_portal"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    # The calendar (bottom app) reaching up into the reports app.
    target = tmp_path / "conferences" / "calendar" / "workdays.py"
    target.write_text(target.read_text(encoding="utf-8") + "\nimport reports.documents.numbering  # noqa\n",
                      encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert f"{CONTRACT} BROKEN" in result.stdout
    assert "conferences.calendar.workdays -> reports.documents.numbering" in result.stdout


EVENT_MODELS = {"PetitionEvent", "ConferenceEvent", "OutboxEvent"}


def _admin_writes(path: Path) -> list[str]:
    """Event rows written and petitions/conferences saved directly in an admin module: each is a service's job."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        func = node.func
        # PetitionEvent.objects.create(...), ConferenceEvent(...).save(), bulk_create …
        chain = ast.unparse(func)
        if any(chain.startswith(f"{model}.") for model in EVENT_MODELS):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {chain}")
        # obj.save() / petition.save() / super().save_model(...) in a petition or conference admin
        if func.attr == "save" and isinstance(func.value, ast.Name) and func.value.id in {"obj", "petition",
                                                                                          "conference", "new_object"}:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {chain}")
        if func.attr == "save_model" and ast.unparse(func.value) == "super()":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {chain}")
    return found


def test_no_admin_module_writes_an_event_or_saves_a_petition_itself():
    admins = [p for p in _modules() if p.name.startswith("admin")]
    assert len(admins) >= 10  # the test reads the real admin modules
    found = [line for path in admins for line in _admin_writes(path)]
    assert found == [], "write through a service instead:\n" + "\n".join(found)


def test_the_guard_sees_an_admin_that_writes_an_event(tmp_path):
    bad = tmp_path / "admin.py"
    bad.write_text("def save_model(self, request, obj, form, change):\n"
                   "    super().save_model(request, obj, form, change)\n"
                   "    PetitionEvent.objects.create(petition=obj, to_status='received')\n", encoding="utf-8")
    global ROOT
    root, ROOT = ROOT, tmp_path
    try:
        assert len(_admin_writes(bad)) == 2
    finally:
        ROOT = root


def test_no_star_imports_and_modules_stay_small():
    star, big = [], []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        if "import *" in text:
            star.append(str(path.relative_to(ROOT)))
        lines = text.count("\n")
        if lines > 400 and path.name != "demo.py":  # the demo data is data
            big.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert star == []
    assert big == [], "split by concern:\n" + "\n".join(big)


@pytest.mark.parametrize("dotted", [
    "conferences.models.new_secret", "conferences.models.default_agenda", "conferences.models.default_tasks",
    "petitions.models.attachment_path", "reports.models.export_storage",
    "conferences.workdays.add_working_days", "petitions.deadlines.due_date",
])
def test_names_old_migrations_and_documents_cite_stay_importable(dotted):
    import importlib

    module, _, name = dotted.rpartition(".")
    assert callable(getattr(importlib.import_module(module), name))
