"""The files the README tells editors to use: the mapping format's JSON Schema (for the YAML
language servers' keys outside expressions) and each editor's settings, as printed."""
import json
import shutil
import subprocess
import tomllib

import jsonschema
import pytest
import yaml

from conftest import ROOT, SAMPLES, need

SCHEMA = json.loads((ROOT / "Grammar" / "mapping.schema.json").read_text())
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.yaml")))
def test_every_sample_mapping_fits_the_schema(name):
    jsonschema.validate(yaml.safe_load((SAMPLES / name).read_text()), SCHEMA)


@pytest.mark.parametrize(
    "mapping",
    [
        {"version": 1, "journey": {"behavior": "begin"}},
        {"version": 1, "journey": {"behavior": "start"}, "respons": {}},
        {"version": 1, "journey": {"behavior": "start", "identifier": {"type": "email"}}},
        {"journey": {"behavior": "start"}},
    ],
)
def test_the_schema_refuses_what_check_refuses(mapping):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(mapping, SCHEMA)


@pytest.mark.parametrize("path", ["Editors/neovim/airscript.lua", "Editors/helix/languages.toml", "Editors/vscode/extension.js"])
def test_the_readme_shows_each_editor_file_as_it_is(path):
    assert (ROOT / path).read_text().strip() in README


def test_the_helix_settings_are_toml():
    settings = tomllib.loads((ROOT / "Editors" / "helix" / "languages.toml").read_text())
    assert settings["language-server"]["airscript"] == {"command": "airscript", "args": ["lsp"]}


def test_the_vscode_extension_parses():
    manifest = json.loads((ROOT / "Editors" / "vscode" / "package.json").read_text())
    assert manifest["main"] == "./extension.js"
    need(shutil.which("node") is not None, "Node.js (to check the VS Code extension's syntax)")
    subprocess.run(["node", "--check", str(ROOT / "Editors" / "vscode" / "extension.js")], check=True)
