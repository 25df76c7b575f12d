#!/usr/bin/env python3
"""What the browser's WebAssembly is made of, by crate.

Reads `twiggy top --format csv` of a module that still has its name section
(the front end built with the release profile before wasm-opt strips names)
and adds up each function's own size under the crate its path starts with.
Usage: twiggy top -n 1000000 --format csv tessera_frontend.wasm | scripts/wasm_breakdown.py
"""
import csv
import re
import sys
from collections import Counter

# The first `crate::` in a demangled name, after any `<` of an impl.
CRATE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)::")


def crate_of(name: str) -> str:
    if name.startswith("data[") or name.startswith("data segment"):
        return "(data: strings and tables)"
    if name.startswith("elem[") or name.startswith("table["):
        return "(function table)"
    if name.startswith("type[") or name.startswith("import ") or name.startswith("export "):
        return "(types, imports, exports)"
    m = CRATE.search(name)
    if not m:
        return "(other: " + name.split("[")[0].strip()[:40] + ")"
    crate = m.group(1)
    # Generic code is named after the crate that instantiates it only via
    # its type parameters; `core`, `alloc` and `std` are the standard library.
    if crate in ("core", "alloc", "std"):
        return "std (core, alloc)"
    return crate


def main() -> None:
    rows = list(csv.DictReader(sys.stdin))
    sizes: Counter[str] = Counter()
    total = 0
    for row in rows:
        name = row.get("Name", "")
        size = int(row.get("ShallowSize", "0") or 0)
        if name.startswith("Σ") or name.startswith("Total"):
            continue
        sizes[crate_of(name)] += size
        total += size
    print(f"{'crate':<34} {'bytes':>10} {'share':>7}")
    for crate, size in sizes.most_common(25):
        print(f"{crate:<34} {size:>10,} {100 * size / max(total, 1):>6.1f}%")
    rest = total - sum(s for _, s in sizes.most_common(25))
    if rest:
        print(f"{'(the rest)':<34} {rest:>10,} {100 * rest / max(total, 1):>6.1f}%")
    print(f"{'total':<34} {total:>10,}")


if __name__ == "__main__":
    main()
