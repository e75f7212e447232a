"""Re-record the README's example output: `python tests/rerecord_readme.py`.

Each ```console block that starts with `$ microcompare ARGS` gets what test_readme.py compares
it with: the command's stdout at 80 columns (and stderr when it fails). Review the diff after.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = re.compile(r"(```console\n\$ microcompare ([^\n|]+)\n)(.*?)(```)", re.DOTALL)


def main() -> int:
    os.environ["COLUMNS"] = "80"
    for name in ("FORCE_COLOR", "NO_COLOR", "MICROCOMPARE_CATALOG"):
        os.environ.pop(name, None)
    # As in the tests: no user catalogue in the config directory, an empty cache directory.
    scratch = tempfile.mkdtemp()
    os.environ["XDG_CONFIG_HOME"] = os.path.join(scratch, "config")
    os.environ["XDG_CACHE_HOME"] = os.path.join(scratch, "cache")
    from microcompare.cli import app

    runner = CliRunner()

    def shown(match: re.Match[str]) -> str:
        result = runner.invoke(app, shlex.split(match.group(2).strip()))
        output = result.stdout + (result.stderr if result.exit_code else "")
        return match.group(1) + output + match.group(4)

    text = README.read_text(encoding="utf-8")
    README.write_text(EXAMPLE.sub(shown, text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
