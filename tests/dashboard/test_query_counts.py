"""The overview, countries and registrations pages run as many queries for few
participants as for many (no query per row, no lazy load in a loop)."""

import pytest

from tests import factories
from tests.dashboard.conftest import bulk_participants

PAGES = [
    "/admin",
    "/admin/countries",
    "/admin/countries/CHN",
    "/admin/registrations",
    "/admin/registrations?q=Given1&sort=country",
    "/admin/registrations?state=approved&printed=no&checked_in=no&region=Europe",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_query_count_does_not_grow_with_participants(
    app, client, event, login, count_queries, url
):
    admin = factories.make_user("admin")
    factories.make_user("focal_point", country="FRA")
    bulk_participants(event, 20, state="approved")
    bulk_participants(event, 10, state="submitted", start=20)
    login(admin)
    client.get(url)  # warm-up: the first request of an app loads a few things once
    with count_queries() as few:
        assert client.get(url).status_code == 200

    bulk_participants(event, 500, state="approved", start=30)
    bulk_participants(event, 300, state="confirmed", start=530)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(many)
    assert len(few) <= 20
