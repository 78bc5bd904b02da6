"""Write a synthetic knowledge base: N contacts and 2N interviews with ~2 KB bodies."""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

FIRST = ["Ada", "Bram", "Cleo", "Dario", "Esme", "Farid", "Greta", "Hugo", "Ines", "Jonah",
         "Kira", "Leon", "Mira", "Nils", "Oona", "Pavel", "Quinn", "Rhea", "Sami", "Tova"]
LAST = ["Quill", "Marsh", "Okafor", "Lindqvist", "Ferro", "Vance", "Halloway", "Brandt",
        "Castell", "Duarte", "Eskola", "Fenwick", "Goss", "Hale", "Ivers", "Jansen"]
COMPANIES = ["Northwind", "Bluefield Labs", "Cobalt & Pine", "Driftwood Analytics",
             "Emberline", "Foxglove Health", "Granite Works", "Harbor Logistics"]
ROLES = ["Staff Engineer", "Product Manager", "Data Scientist", "Design Lead",
         "Engineering Manager", "UX Researcher", "Analytics Director", "Founder"]
TOPICS = ["responsibilities", "history", "growth", "work-life", "culture"]
WORDS = [
    "team", "roadmap", "customer", "metric", "launch", "review", "promotion", "mentor",
    "budget", "hiring", "deadline", "research", "prototype", "feedback", "strategy",
    "stakeholder", "sprint", "quarter", "onboarding", "career", "ladder", "interview",
    "market",
]


def paragraph(rng: random.Random, size: int) -> str:
    words = []
    while sum(len(w) + 1 for w in words) < size:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def contact(rng: random.Random, i: int, today: date) -> tuple[str, str]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    slug = f"{name.lower().replace(' ', '-')}-{i}"
    requested = today - timedelta(days=rng.randint(0, 120))
    lines = [
        "---",
        f"name: {name}",
        f"role: {rng.choice(ROLES)}",
        f"company: {rng.choice(COMPANIES)}",
        "industry: Software",
        "location: Lisbon",
        f"email: {slug}@example.com",
        'phone: "+1 555 0100"',
        "links:",
        f"  - https://example.com/{slug}",
        "timezone: Europe/Lisbon",
        "tags: [analytics, product]",
        "found_via: Alumni newsletter",
        "why: Moved from analytics into product management",
        f"requested_on: {requested.isoformat()}",
        f"followed_up_on: {(requested + timedelta(days=8)).isoformat()}",
        "---",
        "",
        "## Research",
        "",
    ]
    body = "\n\n".join(paragraph(rng, 400) for _ in range(5))
    return slug, "\n".join(lines) + body + "\n"


def interview(rng: random.Random, slug: str, n: int, today: date) -> tuple[str, str]:
    day = today + timedelta(days=rng.randint(-200, 30))
    name = f"{day.isoformat()}-{slug}" + (f"-{n}" if n > 1 else "")
    questions = []
    for t in TOPICS:
        questions += [f"  - q: {paragraph(rng, 50)}", f"    topic: {t}", "    asked: true"]
    held = day < today - timedelta(days=2)
    thanked = [f"thanked_on: {(day + timedelta(days=1)).isoformat()}"] if held else []
    lines = [
        "---",
        f"contact: {slug}",
        f"date: {day.isoformat()} 14:30",
        "duration: 30",
        "format: video",
        "place: https://meet.example.com/abc",
        "confirmed: true",
        "goals:",
        "  - Learn how the team plans its roadmap",
        "  - Hear how people grow into senior roles",
        "questions:",
        *questions,
        "  - q: Is there anything else you would like to share?",
        "    topic: closing",
        *thanked,
        "gift: coffee",
        "referrals: [Someone Else]",
        "actions:",
        f"  - task: {paragraph(rng, 40)}",
        f"    due: {(day + timedelta(days=5)).isoformat()}",
        "    done: false",
        "---",
        "",
    ]
    sections = [f"## {t.capitalize()}\n\n{paragraph(rng, 300)}" for t in TOPICS]
    sections.append(f"## Takeaways\n\n{paragraph(rng, 200)}")
    return name, "\n".join(lines) + "\n\n".join(sections) + "\n"


def generate(root: Path, contacts: int, seed: int = 1, today: date = date(2026, 11, 26)) -> None:
    """Fill ``root`` with ``contacts`` contacts and twice as many interviews."""
    rng = random.Random(seed)
    (root / "contacts").mkdir(parents=True, exist_ok=True)
    (root / "interviews").mkdir(parents=True, exist_ok=True)
    for i in range(contacts):
        slug, text = contact(rng, i, today)
        (root / "contacts" / f"{slug}.md").write_text(text, encoding="utf-8")
        for n in (1, 2):
            name, text = interview(rng, slug, n, today)
            (root / "interviews" / f"{name}.md").write_text(text, encoding="utf-8")


def cached(contacts: int) -> Path:
    """``bench/out/kb-N``: N contacts and 2N interviews, generated the first time only."""
    import shutil

    root = Path(__file__).resolve().parent / "out" / f"kb-{contacts}"
    if not root.is_dir():
        shutil.rmtree(root, ignore_errors=True)
        generate(root, contacts)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.root, args.contacts, args.seed)


if __name__ == "__main__":
    main()
