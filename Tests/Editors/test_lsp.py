"""`airscript lsp` driven by a real LSP client, pytest-lsp (lsp.md §3): the lifecycle, every feature
on the Samples' mapping files, and broken documents, which give diagnostics and never a crash."""
import os
import random
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import AIRSCRIPT, SAMPLES


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[AIRSCRIPT, "lsp"]))
async def client(lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=SAMPLES.as_uri())
    )
    assert result.server_info.name == "airscript"
    assert result.capabilities.position_encoding == "utf-16"
    yield
    await lsp_client.shutdown_session()


def open_file(client: LanguageClient, path, text=None, language="yaml"):
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text if text is not None else path.read_text())
        )
    )
    return uri


async def diagnostics_for(client: LanguageClient, uri):
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics.pop(uri)


def doc(uri):
    return types.TextDocumentIdentifier(uri=uri)


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.yaml")))
async def test_every_sample_mapping_checks_without_errors(client: LanguageClient, name):
    uri = open_file(client, SAMPLES / name)
    found = await diagnostics_for(client, uri)
    assert [d for d in found if d.severity == types.DiagnosticSeverity.Error] == []


async def test_features_on_the_salesforce_lead_mapping(client: LanguageClient, tmp_path):
    # A copy, so that edits never touch the sample; its payload sample beside it.
    shutil.copytree(SAMPLES / "payloads", tmp_path / "payloads")
    path = tmp_path / "salesforce-lead.yaml"
    text = (SAMPLES / "salesforce-lead.yaml").read_text()
    path.write_text(text)
    uri = open_file(client, path, text)
    assert list(await diagnostics_for(client, uri)) == []
    lines = text.split("\n")
    line = next(k for k, l in enumerate(lines) if "expression: payload.result.Id" in l)
    column = lines[line].index("payload.result.") + len("payload.result.")

    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=types.Position(line=line, character=column))
    )
    labels = {item.label for item in completion.items}
    assert {"Id", "FirstName", "Email", "Tasks"} <= labels

    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=types.Position(line=line, character=column))
    )
    assert "payload.result.Id: Text" in hover.contents.value

    trim = next(k for k, l in enumerate(lines) if "TRIM(CONCAT(" in l)
    inside = lines[trim].index("CONCAT(") + len("CONCAT(payload.result.FirstName, ")
    signature = await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=doc(uri), position=types.Position(line=trim, character=inside))
    )
    assert signature.signatures[0].label.startswith("CONCAT(")
    assert signature.active_parameter == 1

    query = next(k for k, l in enumerate(lines) if "FROM t IN" in l)
    use = lines[query].index("t.Done") + 1
    definition = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=types.Position(line=query, character=use))
    )
    target = definition if isinstance(definition, types.Location) else definition[0]
    assert target.range.start == types.Position(line=query, character=lines[query].index("FROM t") + 5)

    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=doc(uri), options=types.FormattingOptions(tab_size=2, insert_spaces=True))
    )
    # The sample is written canonically; its multi-line objects are left as written.
    assert list(edits) == []

    # A misspelt property: a warning, and its quick fix.
    changed = text.replace("expression: payload.result.Id", "expression: payload.result.Idd")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=changed)],
        )
    )
    found = await diagnostics_for(client, uri)
    assert [(d.code, d.range.start.line) for d in found] == [("W0401", line)]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri), range=found[0].range, context=types.CodeActionContext(diagnostics=found)
        )
    )
    assert [a.title for a in actions] == ["Change to `Id`"]
    assert actions[0].edit.changes[uri][0].new_text == "payload.result.Id"

    tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    assert len(tokens.data) % 5 == 0 and len(tokens.data) > 100


async def test_incremental_changes(client: LanguageClient, tmp_path):
    path = tmp_path / "e.airscript"
    (tmp_path / "e.payload.json").write_text('{"total": 4}')
    uri = open_file(client, path, "payload.total * 2", language="airscript")
    assert list(await diagnostics_for(client, uri)) == []
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=0, character=8), end=types.Position(line=0, character=13)), text="totl"
                )
            ],
        )
    )
    found = await diagnostics_for(client, uri)
    assert [(d.code, d.range.start.character, d.range.end.character) for d in found] == [("W0401", 8, 12)]


@pytest.mark.parametrize(
    "name, text, code",
    [
        ("unterminated.airscript", '"never closed', "E0102"),
        ("broken.yaml", "version: 1\njourney:\n  behavior: [start\n", "M0104"),
    ],
)
async def test_broken_documents_give_diagnostics(client: LanguageClient, tmp_path, name, text, code):
    uri = open_file(client, tmp_path / name, text, language="airscript" if name.endswith(".airscript") else "yaml")
    found = await diagnostics_for(client, uri)
    assert code in [d.code for d in found]


async def test_a_megabyte_of_random_bytes(client: LanguageClient, tmp_path):
    rng = random.Random(7)
    text = bytes(rng.randrange(256) for _ in range(1 << 20)).decode("utf-8", errors="replace")
    for name in ["noise.airscript", "noise.yaml"]:
        body = text if name.endswith(".airscript") else "version: 1\njourney:\n" + text
        uri = open_file(client, tmp_path / name, body, language="airscript")
        assert await diagnostics_for(client, uri) != []
        hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=types.Position(line=3, character=2)))
        assert hover is None or hover.contents is not None
