"""Moderation in the operator's browser view, and approved questions on the presenter's and the exhibitors' views,
in Debian's chromium (Playwright) against a real LiveShow on loopback."""

from __future__ import annotations

from pushkit import CONTROL, CREW, EXHIBITORS
from questionkit import SECRET, ask


def opened(page, live, view: str, token: str):
    page.goto(f"{live.api.url}/views/{view}?token={token}")
    page.wait_for_function("() => window.studio && window.studio.live()", timeout=5000)
    return page


def test_a_question_approved_on_the_operator_view_reaches_the_presenter_and_only_its_exhibitor(live, page):
    live.go().result(2)
    live.go().result(2)  # acme's pitch
    operator = opened(page, live, "operator", CONTROL)
    presenter = opened(page.context.new_page(), live, "presenter", CREW)
    acme = opened(page.context.new_page(), live, "exhibitor", EXHIBITORS["acme"])
    serenco = opened(page.context.new_page(), live, "exhibitor", EXHIBITORS["serenco"])
    number = ask(live.api.url, SECRET, "b-1", "Can the lift be delivered to Belgium?", author="Jan").body["question"]["number"]
    row = operator.locator(f"li.question[data-number='{number}']")
    row.wait_for(timeout=3000)
    assert "Can the lift be delivered to Belgium?" in row.text_content() and "Jan" in row.text_content()
    assert presenter.is_hidden("#questions")  # waiting: not on any screen yet
    row.locator("button.approve_question").click()
    presenter.wait_for_selector("#questions li.question", timeout=3000)
    assert "Belgium" in presenter.text_content("#questions")
    acme.wait_for_selector("#questions li.question", timeout=3000)
    assert "Belgium" in acme.text_content("#questions")
    assert serenco.is_hidden("#questions") and serenco.evaluate("() => window.studio.questions") == []
    operator.locator(f"li.question[data-number='{number}'] button.answer_question").click()
    presenter.wait_for_selector("#questions", state="hidden", timeout=3000)
    acme.wait_for_selector("#questions", state="hidden", timeout=3000)
    # answered: off the moderation list too (each page gets its own message: the operator's may come last)
    operator.wait_for_function("() => document.querySelectorAll('li.question').length === 0", timeout=3000)


def test_a_rejected_question_never_reaches_a_screen(live, page):
    live.go().result(2)
    operator = opened(page, live, "operator", CONTROL)
    presenter = opened(page.context.new_page(), live, "presenter", CREW)
    ask(live.api.url, SECRET, "b-2", "Spam spam spam")
    operator.locator("li.question button.reject_question").click()
    operator.wait_for_function("() => document.querySelectorAll('li.question').length === 0", timeout=3000)
    assert presenter.is_hidden("#questions") and presenter.evaluate("() => window.studio.questions") == []
