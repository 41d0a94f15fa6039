#!/usr/bin/env python3
"""Generate src/normalize/t2s_table.rs from OpenCC's TSCharacters.txt.

Usage:
    python3 scripts/gen_t2s.py PATH/TO/TSCharacters.txt --version 1.4.2 \
        > src/normalize/t2s_table.rs

Where the input comes from: OpenCC (https://github.com/BYVoid/OpenCC),
Apache License 2.0, file data/dictionary/TSCharacters.txt.  The same file ships
in the npm package `opencc` (package/data/dictionary/TSCharacters.txt), which
is how the committed table was made:

    npm pack opencc@1.4.2 && tar xzf opencc-1.4.2.tgz
    python3 scripts/gen_t2s.py package/data/dictionary/TSCharacters.txt \
        --version 1.4.2 > src/normalize/t2s_table.rs

The output is deterministic: the same input gives byte-identical output
(no timestamps); it is already rustfmt-clean (each item is `rustfmt::skip`).

Selection rules (the normalized copy must stay strictly one char -> one char):
  * one source character -> the FIRST candidate of its line;
  * lines whose key or first candidate is not exactly one character are
    skipped (there are none in 1.4.2, but the rule is enforced);
  * lines whose first candidate is the key itself are skipped (OpenCC's
    "@tofu-risk" lines and other identity entries);
  * EXCLUDED below: sources that are themselves valid simplified characters
    in common use (all of them are in GB 2312, the simplified character set),
    so that simplified text is never changed;
  * chains (A -> B, B -> C) are followed to the end, so that normalizing is
    idempotent: no target is ever itself a source.

The generated Rust file has:
  * BMP_BITS:    a bitmap over the BMP range that has sources (from
                 BMP_FIRST), one bit per "is a source";
  * BMP_RANK:    for each 64-bit word of the bitmap, the number of set bits
                 in all earlier words (so lookup is bitmap + popcount, O(1));
  * BMP_TARGETS: the simplified forms of the BMP sources, in code point order;
  * ASTRAL:      (source, target) pairs for sources above U+FFFF, sorted, for
                 binary search.
"""

import argparse
import hashlib
import sys

# Sources that OpenCC maps but that are valid simplified characters in common
# use (each is in GB 2312 and listed in the 通用规范汉字表 with its own
# meaning).  Mapping them would corrupt simplified drafts.  The script checks
# that every GB 2312 source is either here or in KEPT_GB2312, so a new OpenCC
# release that adds one fails loudly instead of slipping through.
EXCLUDED = {
    "乾": "乾坤、乾隆 (OpenCC: 干/乾)",
    "吒": "哪吒 (OpenCC: 咤/吒)",
    "夥": "夥 'many', 夥颐 (OpenCC: 伙/夥)",
    "徵": "宫商角徵羽 (OpenCC: 征/徵)",
    "拚": "拚命、拚弃 (OpenCC: 拼)",
    "捱": "捱打、捱日子 (OpenCC: 挨)",
    "薹": "蒜薹、菜薹 (OpenCC: 苔/薹)",
    "袷": "袷袢 (OpenCC: 夹/袷)",
    "麴": "surname 麴 (OpenCC: 曲/麹)",
    "麽": "幺麽 (OpenCC: 么/麽)",
}

# GB 2312 sources that ARE mapped: in simplified text they are rare variants
# (or a surname only), while traditional texts use them all the time.
KEPT_GB2312 = {
    "於": "关於/對於/由於 -> 于; in simplified text only a rare surname",
    "後": "後 -> 后; not a simplified character",
    "摺": "摺 -> 折; variant",
    "榘": "榘 -> 矩; variant",
    "菸": "菸 -> 烟; traditional form of 烟",
    "醣": "醣 -> 糖; Taiwan usage",
}


def in_gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def parse(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, values = line.split("\t")[:2]
            cands = values.split()
            if len(key) != 1 or not cands or len(cands[0]) != 1:
                continue
            if cands[0] == key:
                continue
            table[key] = cands[0]
    return table


def select(raw):
    unknown = sorted(
        k for k in raw if in_gb2312(k) and k not in EXCLUDED and k not in KEPT_GB2312
    )
    if unknown:
        sys.exit(f"review these GB 2312 sources and add them to EXCLUDED or KEPT_GB2312: {''.join(unknown)}")
    table = {k: v for k, v in raw.items() if k not in EXCLUDED}
    # Follow chains so that no target is a source (idempotence).
    for k in list(table):
        seen = {k}
        v = table[k]
        while v in table and v not in seen:
            seen.add(v)
            v = table[v]
        table[k] = v
    table = {k: v for k, v in table.items() if k != v}
    assert not (set(table) & set(table.values()))
    return table


def rust_char(c: str) -> str:
    return "'\\u{%X}'" % ord(c)


def emit(table, source_name, sha256, version, out):
    bmp = sorted((ord(k), ord(v)) for k, v in table.items() if ord(k) <= 0xFFFF)
    astral = sorted((ord(k), ord(v)) for k, v in table.items() if ord(k) > 0xFFFF)
    bits = [0] * 1024
    for k, _ in bmp:
        bits[k >> 6] |= 1 << (k & 63)
    rank, total = [], 0
    for w in bits:
        rank.append(total)
        total += bin(w).count("1")
    assert total == len(bmp) and total < 65536

    w = out.write
    w("// @generated by scripts/gen_t2s.py -- do not edit by hand.\n")
    w("//\n")
    w(f"// Source: OpenCC {version}, {source_name}\n")
    w(f"//         sha256 {sha256}\n")
    w("// Copyright (c) Carbo Kuo and OpenCC contributors.\n")
    w("// Licensed under the Apache License, Version 2.0; see THIRD-PARTY.md.\n")
    w("// Modified: first candidate only, 1:1 entries only, ambiguous simplified\n")
    w("// sources excluded, chains resolved (see scripts/gen_t2s.py).\n")
    w("//\n")
    w(f"// {len(bmp)} BMP + {len(astral)} astral mappings.\n")
    w("\n")
    first = next(i for i, x in enumerate(bits) if x)
    last = max(i for i, x in enumerate(bits) if x)
    bits, rank = bits[first : last + 1], rank[first : last + 1]
    n = len(bits)
    w(f"/// `BMP_BITS[0]` covers U+{first * 64:04X}..U+{first * 64 + 63:04X}.\n")
    w(f"pub(super) const BMP_FIRST: u32 = 0x{first * 64:04X};\n\n")
    w("/// One bit per BMP code point from `BMP_FIRST`: set for a traditional source.\n")
    w("#[rustfmt::skip]\n")
    w(f"pub(super) static BMP_BITS: [u64; {n}] = [\n")
    for i in range(0, n, 4):
        w("    " + " ".join("0x%016x," % x for x in bits[i : i + 4]) + "\n")
    w("];\n\n")
    w("/// Set bits in `BMP_BITS` before each word.\n")
    w("#[rustfmt::skip]\n")
    w(f"pub(super) static BMP_RANK: [u16; {n}] = [\n")
    for i in range(0, n, 12):
        w("    " + " ".join("%d," % x for x in rank[i : i + 12]) + "\n")
    w("];\n\n")
    w("/// Simplified forms of the BMP sources, in source code point order.\n")
    w("#[rustfmt::skip]\n")
    w(f"pub(super) static BMP_TARGETS: [char; {len(bmp)}] = [\n")
    for i in range(0, len(bmp), 8):
        chunk = bmp[i : i + 8]
        w("    " + " ".join(rust_char(chr(v)) + "," for _, v in chunk))
        w("  // " + "".join(chr(k) + chr(v) for k, v in chunk) + "\n")
    w("];\n\n")
    w("/// (traditional, simplified) for sources above U+FFFF, sorted.\n")
    w("#[rustfmt::skip]\n")
    w(f"pub(super) static ASTRAL: [(char, char); {len(astral)}] = [\n")
    for i in range(0, len(astral), 4):
        chunk = astral[i : i + 4]
        w("    " + " ".join("(%s, %s)," % (rust_char(chr(k)), rust_char(chr(v))) for k, v in chunk) + "\n")
    w("];\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", help="path to OpenCC TSCharacters.txt")
    ap.add_argument("--version", required=True, help="OpenCC version of the input")
    args = ap.parse_args()
    data = open(args.input, "rb").read()
    sha = hashlib.sha256(data).hexdigest()
    table = select(parse(args.input))
    emit(table, "data/dictionary/TSCharacters.txt", sha, args.version, sys.stdout)


if __name__ == "__main__":
    main()
