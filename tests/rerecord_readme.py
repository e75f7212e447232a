"""Re-record the README's example output: `python tests/rerecord_readme.py`.

Each ```console block that starts with `$ microcompare ARGS` gets what test_readme.py compares
it with: the command's stdout at 80 columns (and stderr when it fails). A block whose commands
are piped (`| jq ...`, `| head`) is run through the shell, each `$` line in turn, with this
environment's `microcompare` first on PATH (jq must be installed). Review the diff after.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = re.compile(r"(```console\n\$ microcompare ([^\n|]+)\n)(.*?)(```)", re.DOTALL)
# A block of piped commands: every "$ microcompare ... | ..." line and the output below it.
PIPED = re.compile(r"(```console\n)(\$ microcompare [^\n]*\|.*?)(```)", re.DOTALL)
# The excerpt of `rank --budget 400 --explain` in "How ranking works": one device's lines.
EXCERPT = re.compile(r"(```text\n)(\d+\. nuface-trinity-plus.*?)(```)", re.DOTALL)
EXCERPT_ARGS = ["rank", "--budget", "400", "--explain"]


def explain_excerpt(output: str) -> str:
    """The Trinity+'s lines of `rank --budget 400 --explain`: its heading to its best case."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\d+\. nuface-trinity-plus ", line))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("best: "))
    return "\n".join(lines[start : end + 1]) + "\n"


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

    bin_dir = str(Path(sys.executable).parent)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")

    def piped(match: re.Match[str]) -> str:
        commands = [line[2:] for line in match.group(2).splitlines() if line.startswith("$ ")]
        body = ""
        for command in commands:
            result = subprocess.run(
                ["bash", "-c", command], capture_output=True, text=True, check=False
            )
            body += f"$ {command}\n{result.stdout}"
        return match.group(1) + body + match.group(3)

    text = PIPED.sub(piped, README.read_text(encoding="utf-8"))
    text = EXAMPLE.sub(shown, text)
    excerpt = explain_excerpt(runner.invoke(app, EXCERPT_ARGS).stdout)
    text = EXCERPT.sub(lambda match: match.group(1) + excerpt + match.group(3), text)
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
