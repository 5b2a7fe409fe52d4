"""The dashboard in Chromium: the chart draws under the CSP, the list's selection works."""

from datetime import UTC, datetime

from tests import factories


def test_overview_chart_draws_and_list_bulk_selection_works(live_server, page, event):
    for day in (3, 3, 5):
        factories.make_participant(
            event, "FRA", state="confirmed", submitted_at=datetime(2017, 5, day, tzinfo=UTC)
        )
    officer = factories.make_user("officer")
    factories.sign_in_browser(page, live_server, officer)

    page.goto(live_server + "/admin")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))"
    )
    values = page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.datasets[0].data"
    )
    assert values == [0, 2, 0, 1]

    page.goto(live_server + "/admin/registrations")
    page.check("[data-select-all]")
    assert page.text_content("[data-selected-count]") == "3"
    page.select_option("#action", "approve")
    page.click("button:has-text('Run')")
    page.wait_for_selector("text=Approved: 3 registrations.")
    assert page.console_errors == []
