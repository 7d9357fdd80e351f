#!/usr/bin/env python3
"""Checks that the folders of the core module depend one way, as the pipeline reads.

Swift has no access level between a file and a module, so this script holds the folders of
`Sources/Airscript` apart: every type, protocol or type alias a file names must be declared in its
own folder or in one listed before it below. A name declared in a later folder is a dependency
pointing back, and the script prints it and exits 1. (It reads names, not the compiler's symbol
table: an extension method is attributed to its type's folder, which is where a reader looks.)

Run by `make test`; `python3 scripts/check-layers.py -v` prints which folders each one uses.
"""
import os
import re
import sys
from collections import defaultdict

CORE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "Airscript")

# Bottom to top. A folder may use itself and the folders before it.
LAYERS = [
    "Source",        # the text and its spans
    "Diagnostics",   # codes, messages, labels, the renderer, the policy
    "Values",        # runtime values, JSON, calendars, the evaluation context
    "Syntax",        # tokens, the lexer, the parser, the tree, the printer
    "Types",         # the type language, signatures, inference from samples
    "Library",       # the built-in functions
    "Resolution",    # names resolved, once
    "Checker",       # the resolved tree typed
    "Interpreter",   # the compiled tree, the compiler, the evaluator, Program
    ".",             # the facade: Environment
    "Editing",       # what an editor asks of an environment: completion
]

DECLARATION = re.compile(
    r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate|final|indirect|nonisolated)\s+)*"
    r"(?:struct|class|enum|protocol|typealias|actor)\s+(\w+)",
    re.M,
)
COMMENT = re.compile(r"//.*?$|/\*.*?\*/", re.M | re.S)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')


def folder_of(path):
    relative = os.path.relpath(path, CORE)
    return relative.split(os.sep)[0] if os.sep in relative else "."


def main():
    verbose = "-v" in sys.argv
    sources = {}
    for directory, _, names in os.walk(CORE):
        for name in names:
            if name.endswith(".swift"):
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8") as f:
                    sources[path] = f.read()
    unknown = sorted({folder_of(p) for p in sources} - set(LAYERS))
    if unknown:
        print(f"check-layers: folders not in the layer list: {', '.join(unknown)}")
        return 1
    declared_in = defaultdict(set)
    for path, text in sources.items():
        for match in DECLARATION.finditer(text):
            declared_in[match.group(1)].add(folder_of(path))
    uses = defaultdict(lambda: defaultdict(set))
    for path, text in sources.items():
        here = folder_of(path)
        code = STRING.sub('""', COMMENT.sub("", text))
        for word in set(re.findall(r"\b[A-Z]\w*\b", code)):
            for there in declared_in.get(word, ()):
                if there != here:
                    uses[here][there].add(f"{word} ({os.path.basename(path)})")
    rank = {name: i for i, name in enumerate(LAYERS)}
    backwards = 0
    for here in LAYERS:
        for there in sorted(uses[here], key=rank.get):
            pointing_back = rank[there] > rank[here]
            if pointing_back or verbose:
                mark = "BACK " if pointing_back else ""
                print(f"{mark}{here} -> {there}: {', '.join(sorted(uses[here][there]))}")
            backwards += pointing_back
    if backwards:
        print(f"check-layers: {backwards} dependencies point back (order: {' < '.join(LAYERS)})")
        return 1
    print(f"check-layers: {len(sources)} files in {len(LAYERS)} folders, every dependency points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
