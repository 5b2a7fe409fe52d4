"""The dashboard pages answer officers and admins, and show the event's figures."""

from tests import factories


def test_overview_shows_counts_coverage_and_outreach(app, client, event, as_role):
    factories.make_participant(event, "FRA", state="approved")
    factories.make_participant(event, "FRA", state="submitted")
    factories.make_participant(event, "DEU", state="confirmed")
    factories.make_user("focal_point", country="ITA", email="fp.italy@example.org")
    as_role("officer")
    response = client.get("/admin")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "1 / " in html  # one member delegation with an approved delegate
    outreach = html[html.index('id="outreach"') :]
    assert "fp.italy@example.org" in outreach
    assert ">France<" not in outreach and ">Germany<" not in outreach
    assert "per-day-data" in html
