"""The after-show report lists the audience's questions per segment, and each exhibitor's on its own page."""

from __future__ import annotations

import re

from questionkit import SECRET, ask

from showkit import wait_until
from studio.report.command import write_html_report
from studio.report.figures import compute
from studio.report.log import read_show


def test_the_report_lists_the_questions_per_segment_in_the_running_order(live, tmp_path):
    live.go().result(2)  # intro
    ask(live.api.url, SECRET, "r-1", "Where is the show recorded?", author="Ana")
    live.go().result(2)  # acme's pitch
    lift = ask(live.api.url, SECRET, "r-2", "How heavy is the lift?").body["question"]["number"]
    spam = ask(live.api.url, SECRET, "r-3", "cheap watches").body["question"]["number"]
    live.execute("approve_question", {"question": lift}).result(2)
    live.execute("reject_question", {"question": spam}).result(2)
    assert wait_until(lambda: {a.status for a in live.questions.questions()} == {"waiting", "approved", "rejected"}, 3)
    for _ in range(3):
        live.go().result(2)  # demo, closing, end
    assert wait_until(lambda: live.ended, 3)
    live.writer.flush()

    report = compute(read_show(live.db_path, live.show_id), "EUR")
    groups = [(segment, [(q.text, q.status) for q in questions]) for segment, questions in report.questions_by_segment()]
    assert groups == [("intro", [("Where is the show recorded?", "waiting")]),
                      ("pitch", [("How heavy is the lift?", "approved"), ("cheap watches", "rejected")])]

    html = write_html_report(live.db_path, live.show_id, tmp_path).read_text(encoding="utf-8")
    section = html.split('<h2 id="questions">', 1)[1].split("<h2", 1)[0]
    rows = re.findall(r"<tr><td>([^<]*)</td>\s*<td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", section)
    assert [row[:2] for row in rows] == [("Intro", "Where is the show recorded?"), ("Pitch", "How heavy is the lift?"),
                                         ("Pitch", "cheap watches")]
    acme_page = html.split('id="exhibitor-acme"', 1)[1].split("</section>", 1)[0]
    assert "How heavy is the lift?" in acme_page and "Where is the show recorded?" not in acme_page
