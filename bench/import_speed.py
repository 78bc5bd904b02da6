"""Time `infoview import linkedin` of a synthetic Connections.csv (or, with `--vcard`,
`infoview import vcard` of a synthetic phone export) into an empty knowledge base.

Usage: python bench/import_speed.py [--rows 500] [--runs 5] [--vcard]

Each run is a fresh process (imports and all) into a fresh folder, so every row is
rendered, validated and written. Afterwards `infoview check` must pass on the result.
Exits 1 when the median run takes longer than --limit seconds (default 2).
"""

from __future__ import annotations

import argparse
import base64
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Ada", "Bram", "Cleo", "Dev", "Elif", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kira",
         "Lior", "Mara", "Opal", "Paz", "Zoë", "Jörg", "Ana María", "Søren", "Łucja"]
LAST = ["Quill", "Okafor", "Marsh", "Raman", "Sato", "Nguyen", "Whitfield", "Berg", "Petrak",
        "Alvarez", "Moss", "Benn", "Voss", "Reyes", "Moreno", "Ångström", "Müller", "Núñez"]
COMPANIES = ["Northwind", "Lumen Health, Inc.", "Calder Consulting", "Brightline Robotics",
             "Studio Wren", "No", "1234 Labs", "Tessellate"]
POSITIONS = ["Staff Engineer", "Senior Product Manager, Growth", "Data Analyst", "Founder",
             "UX Researcher", "Engineering Manager"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email '
         'addresses are missing."\n\n')


def connections(rows: int) -> str:
    """A Connections.csv with ``rows`` distinct people, a third of them with an email."""
    pick = random.Random(6)
    lines = [NOTES + "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for n in range(rows):
        first, last = pick.choice(FIRST), f"{pick.choice(LAST)} {n}"
        handle = f"person-{n:05d}"
        email = f"{handle}@example.com" if n % 3 == 0 else ""
        company, position = pick.choice(COMPANIES), pick.choice(POSITIONS)
        day = f"{pick.randint(1, 28):02d} {pick.choice(MONTHS)} {pick.randint(2010, 2026)}"
        lines.append(f'{first},{last},https://www.linkedin.com/in/{handle},{email},'
                     f'"{company}","{position}",{day}')
    return "\n".join(lines) + "\n"


def phone_export(cards: int) -> bytes:
    """A phone's .vcf with ``cards`` people, each with a photo; every third photo's base64
    is one character short (as Android 2.1 and iPhone write them), one more card has a line
    without a colon (the line is left out, the card imported) and one has no name (it is
    skipped): ``cards + 1`` files."""
    photo = base64.b64encode(bytes(range(256)) * 3).decode()
    out = []
    for n in range(cards):
        data = photo[:-1] if n % 3 == 0 else photo
        folded = "\r\n ".join(data[i:i + 74] for i in range(0, len(data), 74))
        out.append(_card(f"FN:Test Person {n:03}", f"N:Person {n:03};Test;;;",
                         f"EMAIL;TYPE=INTERNET:person{n:03}@example.com",
                         f"TEL;TYPE=CELL:+1 555 01{n:03}",
                         f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}"))
    out.insert(5, _card("FN:Broken Card", "this line has no colon"))
    out.insert(9, _card("EMAIL:nameless@example.com"))
    return b"".join(out)


def _card(*lines: str) -> bytes:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD", ""]).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=float, default=2.0)
    parser.add_argument("--vcard", action="store_true",
                        help="import a phone's .vcf (with photos) instead of LinkedIn's CSV")
    args = parser.parse_args()
    infoview = Path(sys.executable).with_name("infoview")
    work = Path(tempfile.mkdtemp(prefix="infoview-import-bench-"))
    if args.vcard:
        source = work / "contacts.vcf"
        source.write_bytes(phone_export(args.rows))
    else:
        source = work / "Connections.csv"
        source.write_text(connections(args.rows), encoding="utf-8")
    command = [str(infoview), "import", "vcard" if args.vcard else "linkedin", str(source),
               "--root"]
    times = []
    try:
        for run in range(args.runs):
            root = work / f"kb{run}"
            (root / "contacts").mkdir(parents=True)
            start = time.perf_counter()
            done = subprocess.run([*command, str(root)], capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                sys.exit(done.stderr or done.stdout)
            written = len(list((root / "contacts").glob("*.md")))
            expected = args.rows + 1 if args.vcard else args.rows
            if written != expected:
                sys.exit(f"expected {expected} files, found {written}")
        check = subprocess.run([str(infoview), "check", "--root", str(work / "kb0")],
                               capture_output=True, text=True)
        what = "cards" if args.vcard else "rows"
        print(f"import of {args.rows} {what}: median {statistics.median(times):.2f} s, "
              f"min {min(times):.2f} s, max {max(times):.2f} s over {args.runs} runs")
        print(f"infoview check on the result: exit {check.returncode}, "
              f"{check.stdout.strip().splitlines()[-1]}")
        if check.returncode or statistics.median(times) > args.limit:
            sys.exit(1)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
