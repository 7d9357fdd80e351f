"""Shared by the client tests (Tests/Editors, Tests/Browser): the built `airscript` binary and the repository's folders.

The binary is `.build/debug/airscript` unless AIRSCRIPT_BIN names another. With CI=true a missing
client (pytest-lsp, Neovim, Chromium) fails the run; elsewhere the test that needs it is skipped.
"""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "Samples"
AIRSCRIPT = os.environ.get("AIRSCRIPT_BIN", str(ROOT / ".build" / "debug" / "airscript"))
ON_CI = os.environ.get("CI") == "true"


def need(condition: bool, what: str):
    """Skips the test when `what` is missing here, and fails it on CI, where it must be installed."""
    if condition:
        return
    if ON_CI:
        pytest.fail(f"{what} is missing, and CI installs it (.ci/run)")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session", autouse=True)
def built_binary():
    need(os.access(AIRSCRIPT, os.X_OK), f"the airscript binary at {AIRSCRIPT} (swift build)")
