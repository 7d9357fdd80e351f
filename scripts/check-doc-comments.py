#!/usr/bin/env python3
"""Lists the public declarations of the library's modules that have no doc comment (`///`).

The public surface is what an embedder reads; every declaration on it says what it is for. A
declaration is documented when a `///` line stands directly above it (above its attributes), or
when it is a member of a protocol conformance that the protocol documents (`init(from:)`, an
`ExpressibleBy…` initialiser, `description`, `==`, `<`, `hash(into:)`, a collection's indices and
subscript, an iterator's `next()`), or an enum case listed on one line with its siblings under a
documented enum. Exits 1 when any is missing; run by `make test`.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources")
MODULES = ["Airscript", "AirscriptMapping"]
DECLARATION = re.compile(r"^\s*(?:@[\w()]+\s+)*public\s+(?:(?:static|final|mutating|nonisolated|override|indirect|convenience)\s+)*"
                         r"(func|var|let|init|case|struct|class|enum|protocol|typealias|subscript)\b\s*([\w`]*)")
CONFORMANCE_MEMBERS = {"init(from", "description", "hash", "next", "startIndex", "endIndex", "makeIterator",
                       "rawValue", "init(rawValue", "init(stringLiteral", "init(nilLiteral", "init(booleanLiteral",
                       "init(floatLiteral", "init(integerLiteral", "init(arrayLiteral", "init(dictionaryLiteral",
                       "subscript", "index", "count", "Element", "Iterator", "Index"}


TYPE = re.compile(r"^(\s*)((?:@[\w()]+\s+)*)(?:(public|package|internal|private|fileprivate)\s+)?(?:(?:final|indirect)\s+)*"
                  r"(?:struct|class|enum|protocol|extension|actor)\s+([\w.]+)")


def api_types(paths):
    """The names of the types on the public surface: declared `public`, not behind an SPI."""
    names = set()
    for path in paths:
        for line in open(path, encoding="utf-8"):
            m = TYPE.match(line)
            if m and m.group(3) == "public" and "@_spi" not in m.group(2):
                names.add(m.group(4))
    return names


def undocumented(path, public_types):
    lines = open(path, encoding="utf-8").read().split("\n")
    missing = []
    # The enclosing types and extensions, by indentation: a member is on the surface only if
    # each of them is.
    enclosing = []
    for i, line in enumerate(lines):
        if not line.strip() or line.strip().startswith("//"):
            continue
        indent = len(line) - len(line.lstrip())
        while enclosing and enclosing[-1][0] >= indent:
            enclosing.pop()
        surface = all(on for _, on in enclosing)
        t = TYPE.match(line)
        if t:
            if line.lstrip().startswith("extension") or " extension " in line.split("{")[0]:
                enclosing.append((indent, t.group(4).split(".")[0] in public_types))
                continue
            enclosing.append((indent, t.group(3) == "public" and "@_spi" not in t.group(2)))
        m = DECLARATION.match(line)
        if not m or not surface or "@_spi" in line:
            continue
        kind, name = m.group(1), m.group(2)
        label = re.search(r"init\((\w+)", line) if kind == "init" else None
        key = "init(" + label.group(1) if label else name
        if name in CONFORMANCE_MEMBERS or key in CONFORMANCE_MEMBERS or kind in ("subscript", "case"):
            continue
        if re.search(r"static func (==|<|~=)", line):
            continue
        j = i - 1
        while j >= 0 and lines[j].strip().startswith("@"):
            j -= 1
        if j >= 0 and lines[j].strip().startswith("///"):
            continue
        missing.append(f"{os.path.relpath(path, ROOT)}:{i + 1}: {line.strip()}")
    return missing


def main():
    paths = []
    for module in MODULES:
        for directory, _, names in os.walk(os.path.join(ROOT, module)):
            paths += [os.path.join(directory, name) for name in sorted(names) if name.endswith(".swift")]
    public_types = api_types(paths)
    missing = []
    for path in paths:
        missing += undocumented(path, public_types)
    for m in missing:
        print(m)
    if missing:
        print(f"check-doc-comments: {len(missing)} public declarations without a doc comment")
        return 1
    print("check-doc-comments: every public declaration has a doc comment")
    return 0


if __name__ == "__main__":
    sys.exit(main())
