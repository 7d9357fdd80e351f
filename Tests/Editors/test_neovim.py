"""A second real client: headless Neovim (Debian's package) with the README's snippet
(Editors/neovim/airscript.lua) attaches `airscript lsp` to a mapping file and prints the
diagnostics it received."""
import os
import pathlib
import shutil
import subprocess

from conftest import AIRSCRIPT, ROOT, SAMPLES, need

SNIPPET = ROOT / "Editors" / "neovim" / "airscript.lua"


def test_neovim_receives_the_diagnostics_of_a_mapping(tmp_path):
    need(shutil.which("nvim") is not None, "Neovim (apt: neovim)")
    shutil.copytree(SAMPLES / "payloads", tmp_path / "payloads")
    mapping = tmp_path / "lead.yaml"
    mapping.write_text((SAMPLES / "salesforce-lead.yaml").read_text().replace("payload.result.Id", "payload.result.Idd"))
    out = tmp_path / "diagnostics.txt"
    env = dict(os.environ, AIRSCRIPT=AIRSCRIPT, DIAGNOSTICS_OUT=str(out), HOME=str(tmp_path))
    subprocess.run(
        ["nvim", "--headless", "-n", "-u", str(SNIPPET), "-c", f"luafile {ROOT / 'Tests' / 'Editors' / 'print-diagnostics.lua'}", str(mapping)],
        cwd=tmp_path, env=env, timeout=60, check=True, stdin=subprocess.DEVNULL, capture_output=True,
    )
    lines = out.read_text().splitlines()
    line = next(k for k, l in enumerate(mapping.read_text().split("\n")) if "payload.result.Idd" in l) + 1
    assert lines == [f"{line}:32 W0401 property `Idd` is not in the sample for `payload.result`"]
