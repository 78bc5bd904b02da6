"""The site as a daily tool: the dashboard leads with what to do, contact and interview pages
tell what happened and what is next, names are human, and pages work for every reader."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from infoview_build.notes.knowledge import load_knowledge_base
from infoview_build.plan.checklists import checklists, due_phrase
from infoview_build.site.accessible import label_task_checkboxes
from infoview_build.site.pages import nest_headings
from infoview_build.site.render import render_site

from conftest import EXAMPLE_DAY, REPO

DAY = date.fromisoformat(EXAMPLE_DAY)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render_site(load_knowledge_base(REPO, DAY), DAY)


def test_the_dashboard_leads_with_overdue_then_today_then_the_week(pages) -> None:
    board = pages["index.md"]  # one HTML block: its headings as the toc extension makes them
    headings = re.findall(r'<h2 id="([a-z-]+)">([^<]+)<a class="headerlink" href="#\1"', board)
    wanted = [("overdue", "Overdue"), ("due-today", "Due today"),
              ("coming-week", "Coming week"), ("interviews-ahead", "Interviews ahead"),
              ("pipeline", "Pipeline")]
    assert headings == [h for h in wanted if h in headings]
    assert headings[0] == ("overdue", "Overdue") and ("pipeline", "Pipeline") in headings
    overdue = board.split('<h2 id="overdue">')[1].split("<h2 ")[0]
    assert ('8 days overdue</span> <a href="contacts/hana-berg.html">No reply from Hana Berg'
            in overdue)
    # an overview: the item links to the contact's page, which names the command
    assert "<code>" not in overdue
    assert "<code>infoview mark no-reply hana-berg</code>" in html.unescape(
        pages["contacts/hana-berg.md"])
    # the same words as every other view
    items = checklists(load_knowledge_base(REPO, DAY), DAY)
    for item in items:
        if item.overdue:
            assert due_phrase(item, DAY) in overdue


def test_the_pipeline_is_one_row_of_links_in_workflow_order_declined_last(pages) -> None:
    row = pages["index.md"].split('<h2 id="pipeline">')[1]
    labels = re.findall(r"<li><a [^>]*><strong>\d+</strong> ([^<]+)</a></li>", row)
    assert labels == ["Prospect", "Awaiting reply", "Follow-up due", "To schedule",
                      "Scheduled", "Interviewed", "No reply", "Declined"]
    assert '<a href="contacts/index.html#to-schedule">' in row
    assert "## To schedule (1) {#to-schedule}" in pages["contacts/index.md"]


def test_a_contact_page_tells_what_happened_and_links_email_and_phone(pages) -> None:
    ada = pages["contacts/ada-quill.md"]
    order = [ada.index(h) for h in ("# Ada Quill", "## Next", "## History", "## Details",
                                    "## Research notes")]
    assert order == sorted(order)
    history = ada.split("## History")[1].split("## Details")[0]
    assert history.index("2026-08-03 · Asked") < history.index("2026-08-05 · They replied") \
        < history.index("[2026-08-20](../interviews/2026-08-20-ada-quill.md) · Interview")
    assert '<a href="mailto:ada.quill@example.com"' in ada
    assert '<a href="tel:+3515550101"' in ada
    assert ada.count("data&#45;platform") == 1  # the tags once (Material's chips are hidden)


def test_the_public_site_has_no_mail_or_phone_links() -> None:
    public = render_site(load_knowledge_base(REPO, DAY), DAY, public=True)
    assert not any("mailto:" in page or "tel:" in page for page in public.values())


def test_an_interview_page_nests_the_notes_and_keeps_field_names_out(pages) -> None:
    bram = pages["interviews/2026-11-24-bram-okafor.md"]
    notes = bram.split("## Notes")[1]
    assert "\n### Responsibilities\n" in notes and "\n## " not in notes
    assert "asked: true" not in bram and "declined_on" not in bram
    # the open action items are listed once, under Action items, with their due words
    assert bram.count("Send Bram the link to my pricing analysis") == 1


def test_nest_headings_moves_every_heading_but_not_code() -> None:
    body = "## Growth\ntext\n### Detail\n```\n## not a heading\n```\n#hashtag\n"
    assert str(nest_headings(body, 3)) == (
        "### Growth\ntext\n#### Detail\n```\n## not a heading\n```\n#hashtag")
    assert str(nest_headings("# Top\n###### Deep", 3)) == "### Top\n###### Deep"
    assert str(nest_headings("Just text.", 3)) == "Just text."


def test_task_checkboxes_are_named_after_their_task() -> None:
    html = ('<li class="task-list-item"><label class="task-list-control"><input '
            'type="checkbox" disabled checked/><span class="task-list-indicator"></span>'
            '</label> Goals <em>written</em> &amp; down</li>')
    assert 'aria-label="Goals written &amp; down"' in label_task_checkboxes(html)
    assert label_task_checkboxes("<p>no tasks</p>") == "<p>no tasks</p>"


def test_questions_are_grouped_by_topic_with_human_names(pages) -> None:
    questions = pages["questions.md"]
    assert "## Responsibilities (" in questions and "## Work&#45;life balance (" in questions
    assert questions.index("## Responsibilities") < questions.index("## Company culture")


def test_the_timeline_table_runs_the_same_way_as_the_chart(pages) -> None:
    rows = [line.split(" | ")[0] for line in pages["timeline.md"].splitlines()
            if line.startswith("| 20")]
    assert rows == sorted(rows) and len(rows) > 1


def test_the_insights_tab_opens_an_overview(pages) -> None:
    assert pages["insights.md"].count("](") == 5


def test_kept_in_touch_is_part_of_the_history(tmp_path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "ana-lee.md").write_text(
        "---\nname: Ana Lee\nrequested_on: 2026-10-01\nreplied_on: 2026-10-02\n"
        "kept_in_touch_on: 2026-11-20\n---\n", encoding="utf-8")
    page = render_site(load_knowledge_base(tmp_path, DAY), DAY)["contacts/ana-lee.md"]
    history = page.split("## History")[1].split("## Details")[0]
    assert history.index("2026-10-02 · They replied") < history.index(
        "2026-11-20 · Kept in touch")


def test_a_contact_with_only_a_name_says_it_has_no_details_rather_than_an_empty_table(
        tmp_path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "ana-lee.md").write_text("---\nname: Ana Lee\n---\n",
                                                      encoding="utf-8")
    page = render_site(load_knowledge_base(tmp_path, DAY), DAY)["contacts/ana-lee.md"]
    details = page.split("## Details")[1].split("## Research notes")[0]
    assert details.strip() == "*No details yet.*"
