"""Time `infoview import` of a synthetic export into an empty knowledge base: LinkedIn's
Connections.csv (`import linkedin`), Google Contacts' or Outlook's CSV (`import csv`), a
phone's vCards with photos, or Outlook's vCard 2.1 in Windows-1251 without any charset
(`import vcard`, the code page guessed).

Usage: python bench/import_speed.py [--rows 500] [--runs 5]
           [--kind linkedin|google|outlook|vcard|vcard-cp1251]

Each run is a fresh process (imports and all) into a fresh folder, so every row is
rendered, validated and written. Afterwards `infoview check` must pass on the result.
Exits 1 when the median run takes longer than --limit seconds (default 2). The CPU time
the import used (user + system) is printed too: on a busy machine it varies far less than
the wall time.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import random
import resource
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


GOOGLE = ("First Name,Middle Name,Last Name,Nickname,File As,Organization Name,"
          "Organization Title,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,"
          "Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - City,"
          "Address 1 - Country,Website 1 - Label,Website 1 - Value")
OUTLOOK = ('"First Name","Middle Name","Last Name","Company","Job Title","Business City",'
           '"Business Country/Region","Business Phone","Mobile Phone","Birthday",'
           '"E-mail Address","E-mail Type","Notes","Priority","Sensitivity","Web Page"')


def _people(rows: int):
    pick = random.Random(7)
    for n in range(rows):
        yield (n, pick.choice(FIRST), f"{pick.choice(LAST)} {n}", pick.choice(COMPANIES),
               pick.choice(POSITIONS), f"{pick.randint(1960, 2000)}-{pick.randint(1, 12):02d}-"
               f"{pick.randint(1, 28):02d}")


def google_export(rows: int) -> str:
    """Google Contacts' CSV: every row with email, phone, city, website and a note."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write(GOOGLE + "\r\n")
    for n, first, last, company, title, birthday in _people(rows):
        writer.writerow([first, "", last, "", f"{last}, {first}", company, title, birthday,
                         f"Met at meetup {n}, ask about {title}.", "* myContacts ::: Mentors",
                         "* Work", f"person{n:05d}@example.com", "Mobile",
                         f"+1 555 {n:07d}", "Work", "Lisbon", "Portugal", "Profile",
                         f"https://www.linkedin.com/in/person-{n:05d}"])
    return out.getvalue()


def outlook_export(rows: int) -> str:
    """Outlook's CSV, every cell quoted, its defaults in the empty fields."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    out.write(OUTLOOK + "\r\n")
    for n, first, last, company, title, birthday in _people(rows):
        year, month, day = birthday.split("-")
        writer.writerow([first, "", last, company, title, "Toronto", "Canada",
                         f"+1-919-{n:07d}", "", f"{int(month)}/{int(day)}/{year}",
                         f"person{n:05d}@example.com", "SMTP", "", "Normal", "Normal",
                         f"www.example.com/{n}"])
    return out.getvalue()


def outlook_cp1251_cards(cards: int) -> bytes:
    """Outlook's vCard 2.1 in Windows-1251 with no CHARSET anywhere: read by a guess."""
    out = []
    for n in range(cards):
        out.append(_card(f"FN:Орися Левчук {n}", f"N:Левчук {n};Орися;;;",
                         f"EMAIL;PREF;INTERNET:person{n:05d}@example.com",
                         "ORG:Київстар, відділ продажів", "TITLE:Менеджер",
                         version="2.1", encoding="cp1251"))
    return b"".join(out)


def _card(*lines: str, version: str = "3.0", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""]
                        ).encode(encoding)




def _child_cpu() -> float:
    """CPU seconds used by finished child processes: steadier than wall time on a busy
    machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


KINDS = {
    "linkedin": ("linkedin", "Connections.csv", connections, 0),
    "google": ("csv", "contacts.csv", google_export, 0),
    "outlook": ("csv", "outlook.csv", outlook_export, 0),
    "vcard": ("vcard", "contacts.vcf", phone_export, 1),
    "vcard-cp1251": ("vcard", "outlook.vcf", outlook_cp1251_cards, 0),
}
"""What --kind imports: (the import command, the file's name, its maker, how many more
files than rows it makes)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=float, default=2.0)
    parser.add_argument("--kind", default="linkedin", choices=sorted(KINDS))
    parser.add_argument("--vcard", action="store_true", help="the same as --kind vcard")
    args = parser.parse_args()
    kind = "vcard" if args.vcard else args.kind
    command_name, file_name, make, extra = KINDS[kind]
    infoview = Path(sys.executable).with_name("infoview")
    work = Path(tempfile.mkdtemp(prefix="infoview-import-bench-"))
    source = work / file_name
    data = make(args.rows)
    source.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    command = [str(infoview), "import", command_name, str(source), "--root"]
    times, cpu = [], []
    try:
        for run in range(args.runs):
            root = work / f"kb{run}"
            (root / "contacts").mkdir(parents=True)
            start, used = time.perf_counter(), _child_cpu()
            done = subprocess.run([*command, str(root)], capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            cpu.append(_child_cpu() - used)
            if done.returncode != 0:
                sys.exit(done.stderr or done.stdout)
            written = len(list((root / "contacts").glob("*.md")))
            expected = args.rows + extra
            if written != expected:
                sys.exit(f"expected {expected} files, found {written}")
        check = subprocess.run([str(infoview), "check", "--root", str(work / "kb0")],
                               capture_output=True, text=True)
        what = "cards" if kind.startswith("vcard") else "rows"
        print(f"import {command_name} of {args.rows} {what} ({kind}): median "
              f"{statistics.median(times):.2f} s, min {min(times):.2f} s, "
              f"max {max(times):.2f} s over {args.runs} runs; CPU (user + system) median "
              f"{statistics.median(cpu):.2f} s")
        print(f"infoview check on the result: exit {check.returncode}, "
              f"{check.stdout.strip().splitlines()[-1]}")
        if check.returncode or statistics.median(times) > args.limit:
            sys.exit(1)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
