"""What the interviews taught, as data: topics, questions, referrals, companies, months."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.notes.model import (
    Config,
    Contact,
    Interview,
    KnowledgeBase,
    Question,
    TopicSetting,
)
from infoview_build.plan import insights

from conftest import EXAMPLE_DAY, REPO

TODAY = date.fromisoformat(EXAMPLE_DAY)
TOPICS = insights.topic_table([])[0]


def kb_of(contacts=(), interviews=(), topics=()) -> KnowledgeBase:
    return KnowledgeBase(
        root=Path("."), config=Config(topics=list(topics)),
        contacts={c.slug: c for c in contacts},
        interviews={i.slug: i for i in interviews}, problems=[],
    )


def person(slug: str, **values) -> Contact:
    values.setdefault("name", slug.replace("-", " ").title())
    return Contact(slug=slug, path=f"contacts/{slug}.md", **values)


def talk(day: str, contact: str, body: str = "", **values) -> Interview:
    return Interview(slug=f"{day}-{contact}", path=f"interviews/{day}-{contact}.md",
                     contact=contact, date=date.fromisoformat(day), body=body, **values)


# -- topics ---------------------------------------------------------------------------

@pytest.mark.parametrize("heading", [
    "Work-life balance", "Work/life", "WLB", "work life", "Work-Life Balance:", "**WLB**",
])
def test_work_life_headings_are_matched_forgivingly(heading: str) -> None:
    body = f"Intro.\n\n## {heading}\n\nLate calls twice a week.\n"
    assert insights.topic_sections(body, TOPICS) == {"work-life": "Late calls twice a week."}


def test_an_excerpt_runs_to_the_next_heading_of_the_same_or_higher_level() -> None:
    body = ("## Growth\nTwo cycles a year.\n### Detail\nA panel reads the case.\n"
            "## Culture\nCalm.\n# Other\nNot culture.\n")
    assert insights.topic_sections(body, TOPICS) == {
        "growth": "Two cycles a year.\n### Detail\nA panel reads the case.",
        "culture": "Calm.",
    }


def test_headings_inside_an_excerpt_move_down_below_the_attribution() -> None:
    body = "### Growth\nText.\n#### Sub\nMore.\n"
    assert insights.topic_sections(body, TOPICS) == {"growth": "Text.\n### Sub\nMore."}


def test_a_nested_alias_is_part_of_its_section_not_a_second_excerpt() -> None:
    body = "## Growth\nLadder.\n### Promotion\nYearly.\n"
    assert insights.topic_sections(body, TOPICS) == {"growth": "Ladder.\n### Promotion\nYearly."}


def test_headings_in_code_fences_and_empty_sections_are_ignored() -> None:
    body = "```\n## Growth\nnot a heading\n```\n## Culture\n\n## Growth\n\n   \n"
    assert insights.topic_sections(body, TOPICS) == {}


def test_closing_hashes_are_not_part_of_the_heading() -> None:
    body = "## Growth ##\nA\n## Culture #\nB\n##\nC\n#Growth\nD\n"
    assert insights.topic_sections(body, TOPICS) == {"growth": "A", "culture": "B"}


def test_a_huge_heading_line_is_read_in_linear_time() -> None:
    import time

    body = "## a" + " " * 500_000 + "b\n## Growth" + " " * 500_000 + "\nPromotions.\n"
    started = time.perf_counter()
    assert insights.topic_sections(body, TOPICS) == {"growth": "Promotions."}
    assert time.perf_counter() - started < 1  # a backtracking regex takes minutes here


def test_an_unclosed_code_fence_is_closed_at_the_end_of_its_excerpt() -> None:
    body = "## Growth\n~~~~\nladder.yml\n## Culture\nstill code\n"
    assert insights.topic_sections(body, TOPICS) == {
        "growth": "~~~~\nladder.yml\n## Culture\nstill code\n~~~~"}


def test_two_sections_on_one_topic_are_joined_in_order() -> None:
    body = "## Growth\nFirst.\n## Culture\nC.\n## Promotions\nSecond.\n"
    assert insights.topic_sections(body, TOPICS)["growth"] == "First.\n\nSecond."


def test_a_level_one_heading_is_a_title_not_a_topic() -> None:
    assert insights.topic_sections("# Growth\nText.\n", TOPICS) == {}


def test_built_in_topics_and_aliases_never_clash() -> None:
    topics, clashes = insights.topic_table([])
    assert clashes == []
    assert [t.name for t in topics] == ["responsibilities", "history", "growth", "work-life",
                                        "culture"]
    seen = [h for t in topics for h in t.headings]
    assert len(seen) == len(set(seen))


def test_configured_topics_add_pages_and_aliases() -> None:
    settings = [TopicSetting("pay", "Pay and benefits", ["Salary", "Comp"]),
                TopicSetting("growth", None, ["Getting ahead"]),
                TopicSetting("tools")]
    topics, clashes = insights.topic_table(settings)
    assert clashes == []
    body = "## Salary\nBands are public.\n## Getting ahead\nSponsors.\n## Tools\nSQL.\n"
    assert insights.topic_sections(body, topics) == {
        "pay": "Bands are public.", "growth": "Sponsors.", "tools": "SQL."}
    assert [t.title for t in topics][-2:] == ["Pay and benefits", "Tools"]


def test_a_configured_alias_takes_a_built_in_alias_over() -> None:
    topics, clashes = insights.topic_table([TopicSetting("pay", None, ["Hours"])])
    assert clashes == []
    assert insights.topic_sections("## Hours\nPaid overtime.\n", topics) == {
        "pay": "Paid overtime."}


def test_two_configured_topics_claiming_one_heading_clash() -> None:
    _topics, clashes = insights.topic_table([TopicSetting("pay", None, ["Money"]),
                                             TopicSetting("perks", None, ["money"])])
    assert clashes == [("money", "pay", "perks")]


def test_excerpts_come_from_held_interviews_only_newest_first() -> None:
    kb = kb_of(
        [person("ada"), person("bo")],
        [talk("2026-08-01", "ada", "## Growth\nOld.\n"),
         talk("2026-11-01", "bo", "## Growth\nNew.\n"),
         talk("2026-11-02", "ada", "## Growth\nCancelled.\n", cancelled=True),
         talk(EXAMPLE_DAY, "bo", "## Growth\nToday: not held yet.\n")],
    )
    found = insights.topic_excerpts(kb, TODAY)
    assert [(e.contact.slug, e.text) for e in found["growth"]] == [("bo", "New."),
                                                                 ("ada", "Old.")]
    assert found["culture"] == []


def test_growth_in_the_example_answers_how_people_get_promoted() -> None:
    kb = load_knowledge_base(REPO, TODAY)
    growth = insights.topic_excerpts(kb, TODAY)["growth"]
    about_promotion = [e for e in growth if "promot" in e.text.lower()]
    assert len(about_promotion) >= 3
    assert len({e.contact.company for e in about_promotion}) >= 3
    assert [e.interview.date for e in growth] == sorted((e.interview.date for e in growth),
                                                        reverse=True)


# -- questions ------------------------------------------------------------------------

def test_questions_are_normalised_for_counting() -> None:
    same = ["What's next?", "what’s   next", "WHAT'S NEXT ?", "What's next."]
    assert {insights.normalise_question(q) for q in same} == {"what's next"}


def test_question_stats_count_asked_and_prepared_and_who() -> None:
    kb = kb_of(
        [person("ada"), person("bo"), person("cy")],
        [talk("2026-10-01", "ada", questions=[Question("Anything else?", "closing", True),
                                              Question("How promoted?", "growth", False)]),
         talk("2026-11-01", "bo", questions=[Question("anything else", "closing", True),
                                             Question("How promoted?", "growth", True)]),
         talk("2026-12-05", "cy", questions=[Question("Anything else?", "closing")]),
         talk("2026-11-03", "cy", cancelled=True,
              questions=[Question("Anything else?", "closing", True)])],
    )
    stats = insights.question_stats(kb, TODAY)
    assert [(s.text, s.topic, [i.contact for i in s.asked_in], len(s.prepared_in))
            for s in stats] == [
        ("Anything else?", "closing", ["bo", "ada"], 3),
        ("How promoted?", "growth", ["bo"], 2),
    ]


def test_unasked_questions_of_a_held_interview() -> None:
    questions = [Question("A", asked=True), Question("B", asked=False), Question("C")]
    held = talk("2026-11-01", "ada", questions=questions)
    assert insights.unasked(held, TODAY) == ([questions[1]], [questions[2]])
    upcoming = talk("2026-12-05", "ada", questions=questions)
    assert insights.unasked(upcoming, TODAY) == ([], [])


def test_bank_questions_never_asked() -> None:
    kb = kb_of([person("ada")], [talk("2026-11-01", "ada", questions=[
        Question("What does a typical week look like for you", asked=True),
        Question("How did you come to be in this role?", asked=False)])])
    bank = {"responsibilities": ["What does a typical week look like for you?"],
            "history": ["How did you come to be in this role?"]}
    assert insights.bank_never_asked(bank, insights.question_stats(kb, TODAY)) == {
        "history": ["How did you come to be in this role?"]}


# -- referrals ------------------------------------------------------------------------

def test_network_joins_introductions_and_referrals() -> None:
    kb = kb_of(
        [person("ada"), person("bo", introduced_by="ada"), person("cy", name="Cy Lund"),
         person("di"), person("ed")],
        [talk("2026-10-01", "bo", referrals=["Cy Lund ", "Noor Said"]),
         talk("2026-10-02", "ada", referrals=["bo"]),
         talk("2026-10-03", "di", referrals=["ed"], cancelled=True)],
    )
    network = insights.referral_network(kb)
    assert network.parent == {"bo": "ada", "cy": "bo"}
    assert network.roots == ["ada"]
    assert network.children == {"ada": ["bo"], "bo": ["cy"]}
    assert network.reached == ["bo", "cy"]
    assert network.pending == {"bo": ["Noor Said"]}
    assert network.descendants("ada") == 2
    assert [(link.source, link.target, link.how) for link in network.links] == [
        ("ada", "bo", "introduced"), ("ada", "bo", "referred"), ("bo", "cy", "referred")]


def test_referrals_that_go_round_in_a_circle_still_give_a_tree() -> None:
    kb = kb_of([person("ada"), person("bo")],
               [talk("2026-10-01", "ada", referrals=["bo"]),
                talk("2026-10-02", "bo", referrals=["ada"])])
    network = insights.referral_network(kb)
    assert network.parent == {"bo": "ada"}
    assert network.roots == ["ada"]
    assert network.reached == ["ada", "bo"]


def test_example_network_reach() -> None:
    kb = load_knowledge_base(REPO, TODAY)
    network = insights.referral_network(kb)
    assert network.reached == ["bram-okafor", "cora-lindqvist", "ivo-petrak", "mara-voss",
                               "opal-reyes"]
    assert network.roots == ["ada-quill", "dev-raman", "paz-moreno"]


# -- companies and months -------------------------------------------------------------

def test_companies_group_spellings_and_sort_people() -> None:
    kb = kb_of([person("zed", company="Northwind"), person("amy", company="northwind "),
                person("bo", company="Harbor | Kiln"), person("cy"),
                person("di", company="Index"), person("ed", company="!!!")])
    groups = insights.companies(kb)
    assert [(c.slug, c.name, [p.slug for p in c.contacts]) for c in groups] == [
        ("company-21-21-21", "!!!", ["ed"]),
        ("harbor-kiln", "Harbor | Kiln", ["bo"]),
        ("company-index", "Index", ["di"]),
        ("northwind", "Northwind", ["amy", "zed"]),
    ]


def test_timeline_counts_months_and_fills_quiet_ones() -> None:
    kb = kb_of(
        [person("ada", requested_on=date(2026, 9, 3), replied_on=date(2026, 9, 4)),
         person("bo", requested_on=date(2026, 11, 1), followed_up_on=date(2026, 11, 9))],
        [talk("2026-11-20", "ada", thanked_on=date(2026, 11, 21)),
         talk("2026-12-03", "bo"), talk("2026-11-25", "bo", cancelled=True)],
    )
    rows = insights.timeline(kb, TODAY)
    assert [(m.month, m.requests, m.follow_ups, m.replies, m.held, m.upcoming, m.thanks)
            for m in rows] == [
        ("2026-09", 1, 0, 1, 0, 0, 0),
        ("2026-10", 0, 0, 0, 0, 0, 0),
        ("2026-11", 1, 1, 0, 1, 0, 1),
        ("2026-12", 0, 0, 0, 0, 1, 0),
    ]
    assert rows[2].outreach == 2


def test_timeline_far_apart_months_are_not_filled() -> None:
    kb = kb_of([person("ada", requested_on=date(1990, 1, 1)),
                person("bo", requested_on=date(2026, 1, 1))])
    assert [m.month for m in insights.timeline(kb, TODAY)] == ["1990-01", "2026-01"]
    assert insights.timeline(kb_of(), TODAY) == []


# -- topics: in infoview.yml ----------------------------------------------------------

def config_of(tmp_path: Path, text: str):
    from infoview_build.notes.knowledge import load_config

    (tmp_path / "infoview.yml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


def test_topics_are_read_from_infoview_yml(tmp_path: Path) -> None:
    config, problems = config_of(tmp_path, (
        "topics:\n"
        "  - tools\n"
        "  - name: pay\n    title: Pay and benefits\n    aliases: [Salary, Comp]\n"
        "  - name: growth\n    aliases: [Getting ahead]\n"))
    assert problems == []
    assert config.topics == [TopicSetting("tools"),
                             TopicSetting("pay", "Pay and benefits", ["Salary", "Comp"]),
                             TopicSetting("growth", None, ["Getting ahead"])]


def test_bad_topic_settings_are_reported_with_lines(tmp_path: Path) -> None:
    _config, problems = config_of(tmp_path, (
        "topics:\n"
        "  - Not A Slug\n"
        "  - name: pay\n    alias: [Salary]\n"
        "  - title: No name\n"
        "  - name: index\n"
        "  - name: perks\n    aliases: [Money]\n"
        "  - name: bonus\n    aliases: [money]\n"
        "  - name: perks\n"
        "  - [a, list]\n"))
    assert [p.format() for p in sorted(problems, key=lambda p: p.sort_key())] == [
        "infoview.yml:1: topics: 'index' cannot be a topic: it names the page of all topics"
        " — choose another name",
        "infoview.yml:1: topics: the heading 'money' would mean both 'perks' and 'bonus'"
        " — keep the alias under one topic",
        "infoview.yml:1: topics: topic 'perks' is set more than once"
        " — merge its aliases into one entry",
        "infoview.yml:2: topics[0]: 'Not A Slug' is not a slug"
        " — use a file name without '.md': lower-case letters, digits, single hyphens",
        "infoview.yml:4: topics[1].alias: unknown field 'alias' — did you mean 'aliases'?",
        "infoview.yml:5: topics[2].name: required field 'name' is missing — add 'name: pay'",
        "infoview.yml:12: topics[7]: expected a topic name or 'name: …' fields (with optional"
        " 'title' and 'aliases'), found a list",
    ]


def test_configured_topics_reach_the_excerpts(tmp_path: Path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "interviews").mkdir()
    (tmp_path / "infoview.yml").write_text(
        "topics:\n  - name: pay\n    aliases: [Salary]\n", encoding="utf-8")
    (tmp_path / "contacts" / "ada.md").write_text("---\nname: Ada\n---\n", encoding="utf-8")
    (tmp_path / "interviews" / "2026-11-02-ada.md").write_text(
        "---\ncontact: ada\ndate: 2026-11-02\n---\n\n## Salary\n\nBands are public.\n",
        encoding="utf-8")
    kb = load_knowledge_base(tmp_path, TODAY)
    assert not kb.problems
    assert [e.text for e in insights.topic_excerpts(kb, TODAY)["pay"]] == ["Bands are public."]
