#!/usr/bin/env python3
"""The comments of a LibreOffice flat document (.fodt) with the text each one
is anchored on; used by scripts/docx-e2e.sh on the annotated copies
reportlint writes, after LibreOffice has opened and converted them.

    annotations.py FILE.fodt
        one line per comment: AUTHOR<TAB>FIRST LINE<TAB>ANCHORED TEXT
    annotations.py FILE.fodt FINDINGS.json RENDERING.json
        check that every finding (reportlint check --format json) is a
        comment by "reportlint" anchored on exactly its text (the whole
        paragraph, without its automatic number, for a finding on the
        number; the first paragraph for a finding on the whole document),
        given the rendering (reportlint debug text --format json); exit 1
        with the differences otherwise.
"""

import json
import sys
import xml.etree.ElementTree as ET

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
ANNOTATION = "{%s}annotation" % NS["office"]
ANNOTATION_END = "{%s}annotation-end" % NS["office"]
NAME = "{%s}name" % NS["office"]
TAB = "{%s}tab" % NS["text"]
SKIPPED = {ANNOTATION, "{%s}note" % NS["text"], "{%s}tracked-changes" % NS["text"]}
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def comments(path):
    """[(author, first line, anchored text)] in document order."""
    root = ET.parse(path).getroot()
    body = root.find("office:body/office:text", NS)
    found = {}
    order = []
    open_names = []

    def add(s):
        for n in open_names:
            found[n][2] += s

    def walk(el):
        for child in el:
            if child.tag == ANNOTATION:
                name = child.get(NAME) or f"#{len(order)}"
                author = (child.findtext("dc:creator", "", NS) or "").strip()
                paras = child.findall("text:p", NS)
                first = "".join(paras[0].itertext()).strip() if paras else ""
                found[name] = [author, first, ""]
                order.append(name)
                if child.get(NAME):
                    open_names.append(name)
            elif child.tag == ANNOTATION_END:
                if child.get(NAME) in open_names:
                    open_names.remove(child.get(NAME))
            elif child.tag == TAB:
                add("\t")
            elif child.tag not in SKIPPED:
                if child.text:
                    add(child.text)
                walk(child)
            if child.tail:
                add(child.tail)

    walk(body)
    return [tuple(found[n]) for n in order]


def expected(findings, rendering):
    """(first line, anchored text) for each finding."""
    lines = rendering["lines"]
    text = "".join(l["text"] + "\n" for l in lines).encode("utf-8")
    out = []
    for d in findings["diagnostics"]:
        whole = "" if d["span"] else "（针对全文）"
        first = f'{SEVERITY[d["severity"]]} {d["rule"]}：{whole}{d["message"]}'
        span = d["span"]
        if span is None:
            anchored = lines[0]["text"]
        else:
            line = lines[d["line"] - 1]
            number = line.get("numbering")
            if number and span["start"] < number["end"] and number["start"] < max(span["end"], span["start"] + 1):
                anchored = line["text"][len(number["text"]):]
            else:
                anchored = text[span["start"]:span["end"]].decode("utf-8")
        out.append((first, anchored))
    return out


def main(argv):
    got = comments(argv[1])
    if len(argv) == 2:
        for author, first, anchored in got:
            print(f"{author}\t{first}\t{anchored}")
        return 0
    with open(argv[2], encoding="utf-8") as f:
        findings = json.load(f)
    with open(argv[3], encoding="utf-8") as f:
        rendering = json.load(f)
    ours = sorted((first, anchored) for author, first, anchored in got if author == "reportlint")
    want = sorted(expected(findings, rendering))
    if ours != want:
        print("comments differ from the findings:", file=sys.stderr)
        for w in want:
            if w not in ours:
                print(f"  missing: {w}", file=sys.stderr)
        for o in ours:
            if o not in want:
                print(f"  unexpected: {o}", file=sys.stderr)
        return 1
    others = [c for c in got if c[0] != "reportlint"]
    print(f"{len(ours)} comments at the right words ({len(others)} other comments kept)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
