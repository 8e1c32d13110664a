"""What every benchmark writes: the machine's CPU model, and its own section of docs/performance.md."""

import platform
import re
from pathlib import Path

PERFORMANCE_MD = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_section(section: str, block: str) -> None:
    """Put `block` (which starts with `<!-- section:start -->` and ends with `<!-- section:end -->`) in place of
    the section's previous figures, or at the end of the file the first time."""
    PERFORMANCE_MD.parent.mkdir(exist_ok=True)
    block = block.rstrip("\n") + "\n"
    text = PERFORMANCE_MD.read_text() if PERFORMANCE_MD.exists() else "# Performance\n\nFigures written by `make bench`.\n"
    pattern = re.compile(rf"<!-- {re.escape(section)}:start -->.*?<!-- {re.escape(section)}:end -->\n?", re.S)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    PERFORMANCE_MD.write_text(text)
    print(f"  written to {PERFORMANCE_MD.relative_to(PERFORMANCE_MD.parent.parent)}")
