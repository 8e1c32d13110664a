"""`.env.example` lists every variable the settings read, so an IT officer can configure a deployment from it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_read_by_the_settings_is_in_env_example():
    read = set()
    for path in (ROOT / "dialogue_portal" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text()))
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no environment variables found: the pattern no longer matches the settings"
    assert read - listed == set()
