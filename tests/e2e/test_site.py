"""The site in a real browser: scripts load under the CSP, language switch, staff sign-in."""

from tests import factories


def test_home_page_loads_scripts_without_csp_errors(live_server, page, event):
    page.goto(live_server + "/")
    assert "86th INTERPOL General Assembly" in page.text_content("h1")
    # Bootstrap's script ran: the collapsed menu opens on a narrow screen.
    page.set_viewport_size({"width": 400, "height": 800})
    page.click(".navbar-toggler")
    page.wait_for_selector("#nav.show")
    assert page.console_errors == []


def test_language_switcher_turns_the_page_right_to_left(live_server, page, event):
    page.goto(live_server + "/login")
    page.select_option("[data-lang-switch]", "ar")
    page.wait_for_selector("html[dir=rtl]")
    assert page.get_attribute("html", "lang") == "ar"
    assert "/login" in page.url


def test_staff_sign_in_shows_their_navigation(live_server, page, event):
    user = factories.make_user("admin", email="chief@example.org")
    page.goto(live_server + "/login")
    page.fill("#email", user.email)
    page.fill("#password", factories.PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("text=chief@example.org")
    assert page.is_visible("nav >> text=Agenda editor")
    assert page.console_errors == []
