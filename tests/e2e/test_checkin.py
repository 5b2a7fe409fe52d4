"""The door's /checkin page in a real browser: a scan shows its verdict, and a scan that
gets no verdict (signed out meanwhile) says NOT RECORDED instead of leaving the last one."""

from assembly.badges import services
from assembly.badges.tokens import make_token
from assembly.extensions import db
from tests import factories


def test_a_scan_without_an_answer_is_never_taken_for_the_last_verdict(live_server, page, event):
    person = factories.make_participant(event, "CHN", state="approved", badge_name="Zhang Wei")
    badge = services.ensure_badge(person)
    db.session.commit()
    token = make_token(badge.id, badge.version)
    factories.sign_in_browser(
        page, live_server, factories.make_user("checkin", email="door@example.org")
    )
    page.goto(live_server + "/checkin")
    page.fill("#token", token)
    page.press("#token", "Enter")  # as a USB scanner does
    page.wait_for_selector("[data-verdict=ok]")
    assert "Zhang Wei" in page.text_content("#verdict")
    assert page.input_value("#token") == ""  # ready for the next badge

    page.context.clear_cookies()  # the session ends while the page stays open
    page.fill("#token", token)
    page.press("#token", "Enter")
    page.wait_for_selector("[data-verdict=failed]")
    assert "NOT RECORDED" in page.text_content("#verdict")
    assert "Zhang Wei" not in page.text_content("#verdict")
    assert page.console_errors == [] or all("401" in e or "400" in e for e in page.console_errors)
