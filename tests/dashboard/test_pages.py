"""The dashboard pages answer officers and admins, and show the event's figures."""

import json
import re

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


def test_overview_per_day_chart_data_and_table(app, client, event, as_role):
    from datetime import UTC, datetime

    factories.make_participant(event, "FRA", submitted_at=datetime(2017, 5, 3, 9, tzinfo=UTC))
    factories.make_participant(event, "FRA", submitted_at=datetime(2017, 5, 3, 10, tzinfo=UTC))
    factories.make_participant(event, "DEU", submitted_at=datetime(2017, 5, 5, 10, tzinfo=UTC))
    # 17:30 UTC on 4 May is 01:30 on 5 May in Beijing: the event's day counts.
    factories.make_participant(event, "DEU", submitted_at=datetime(2017, 5, 4, 17, 30, tzinfo=UTC))
    as_role("admin")
    html = client.get("/admin").get_data(as_text=True)
    block = html[html.index('id="per-day-data">') :]
    data = json.loads(block[len('id="per-day-data">') : block.index("</script>")])
    # From the opening of registration (2 May) to the last registration, zeros included.
    assert data["labels"] == ["2017-05-02", "2017-05-03", "2017-05-04", "2017-05-05"]
    assert data["values"] == [0, 2, 0, 2]
    assert "<td>2017-05-03</td><td>2</td>" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it


def test_countries_page_lists_counts_quota_head_and_focal_point(app, client, event, as_role):
    factories.make_participant(event, "FRA", state="approved")
    factories.make_participant(
        event,
        "FRA",
        state="confirmed",
        category_name="Head of Delegation",
        is_head=True,
        given_name="Marie",
        family_name="Curie",
    )
    factories.make_user("focal_point", country="FRA", email="ncb.paris@example.org")
    as_role("officer")
    response = client.get("/admin/countries?sort=total&dir=desc")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    first_row = html[html.index("<tbody>") :][:1500]
    assert "France" in first_row and "Marie Curie" in first_row
    assert "ncb.paris@example.org" in first_row
    detail = client.get("/admin/countries/FRA").get_data(as_text=True)
    assert "Marie Curie" in detail and "Head of Delegation" in detail
    assert "Save quota" not in detail  # officers see the quota, only admins change it
    assert client.get("/admin/countries/XXX").status_code == 404


def test_only_admins_change_a_quota_and_it_is_audited(app, client, event, as_role):
    from sqlalchemy import select

    from assembly.core.audit import AuditLog
    from assembly.countries.services import delegation_for
    from assembly.extensions import db

    as_role("officer")
    assert client.post("/admin/countries/FRA/quota", data={"quota": 3}).status_code == 403
    client.post("/logout")
    as_role("admin")
    assert client.post("/admin/countries/FRA/quota", data={"quota": -1}).status_code == 400
    response = client.post("/admin/countries/FRA/quota", data={"quota": 3})
    assert response.status_code == 302
    db.session.expire_all()
    assert delegation_for(event, "FRA").quota == 3
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "delegation.quota")).one()
    assert entry.before == {"quota": 10} and entry.after == {"quota": 3}


def test_a_quota_of_zero_or_below_the_seats_held_is_taken_with_a_warning(
    app, client, event, as_role
):
    from assembly.countries.services import delegation_for
    from assembly.extensions import db

    for _ in range(2):
        factories.make_participant(event, "FRA", state="approved")
    as_role("admin")
    page = client.post("/admin/countries/FRA/quota", data={"quota": 0}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Quota of France: 0." in html
    assert "2 seats are already confirmed or approved: nobody loses theirs" in html
    db.session.expire_all()
    assert delegation_for(event, "FRA").quota == 0


def test_registrations_list_searches_filters_sorts_and_pages(app, client, event, as_role):
    zhang = factories.make_participant(
        event, "CHN", given_name="Wei", family_name="Zhang", native_name="张伟"
    )
    factories.make_participant(
        event,
        "FRA",
        given_name="Jean",
        family_name="Dupont",
        state="approved",
        passport_number="ZX123",
    )
    factories.make_participant(
        event, "DEU", given_name="Hans", family_name="Abel", email="hans@police.de"
    )
    as_role("officer")

    def names(query):
        html = client.get("/admin/registrations" + query).get_data(as_text=True)
        table = html[html.index('id="registrations"') :]
        return [n for n in ("Zhang", "Dupont", "Abel") if n in table], table

    found, _ = names("")
    assert found == ["Zhang", "Dupont", "Abel"]
    _, table = names("")
    assert table.index("Abel") < table.index("Zhang")  # newest first
    assert names("?q=张伟")[0] == ["Zhang"]
    # Each row opens the registration's officer page.
    assert f'href="/admin/registrations/{zhang.id}"' in table
    assert names("?q=police.de")[0] == ["Abel"]
    assert names("?q=zx123")[0] == ["Dupont"]
    assert names("?state=approved")[0] == ["Dupont"]
    assert names("?country=DEU")[0] == ["Abel"]
    assert names("?region=Asia+and+South+Pacific")[0] == ["Zhang"]
    _, table = names("?sort=name")
    assert table.index("Abel") < table.index("Dupont") < table.index("Zhang")


def test_registrations_list_pages_keep_filters(app, client, event, as_role):
    from tests.dashboard.conftest import bulk_participants

    bulk_participants(event, 120)
    as_role("officer")
    html = client.get("/admin/registrations?state=submitted").get_data(as_text=True)
    assert "Page 1 of 3" in html
    assert "page=2" in html and "state=submitted" in html
    page3 = client.get("/admin/registrations?state=submitted&page=3").get_data(as_text=True)
    assert page3.count('name="ids"') == 20


def test_badge_filters_use_the_badges_records(app, client, event, as_role):
    from assembly.badges.models import Badge, CheckIn
    from assembly.core.db import utcnow
    from assembly.extensions import db

    printed = factories.make_participant(event, "FRA", state="approved", family_name="Printed")
    factories.make_participant(event, "FRA", state="approved", family_name="Waiting")
    db.session.add(Badge(participant_id=printed.id, version=1, printed_at=utcnow()))
    db.session.add(CheckIn(event_id=event.id, participant_id=printed.id, day=utcnow().date()))
    db.session.commit()
    as_role("officer")
    html = client.get("/admin/registrations?printed=yes").get_data(as_text=True)
    assert "Printed" in html and "Waiting" not in html
    html = client.get("/admin/registrations?printed=no").get_data(as_text=True)
    table = html[html.index('id="registrations"') :]
    assert "Waiting" in table and "Printed" not in table
    html = client.get("/admin/registrations?checked_in=yes").get_data(as_text=True)
    assert "Printed" in html and "Waiting" not in html


def test_officer_pages_refuse_focal_points_and_checkin(app, client, event, as_role):
    for role in ("focal_point", "checkin"):
        client.post("/logout")
        as_role(role)
        for url in ("/admin", "/admin/countries", "/admin/countries/FRA", "/admin/registrations"):
            assert client.get(url).status_code == 403, (role, url)


def test_overview_shows_sessions_filling_up_conflicts_and_entries(app, client, event, as_role):
    from datetime import date, datetime

    from assembly.agenda.models import PUBLISHED, SEATED, Room, SignUp
    from assembly.agenda.models import Session as AgendaSession
    from assembly.badges.models import CheckIn
    from assembly.extensions import db

    room = Room(event_id=event.id, name="Lotus Room", capacity=2, sort_order=0)
    db.session.add(room)
    start = datetime(2017, 9, 26, 9, 0, tzinfo=event.tz)
    end = datetime(2017, 9, 26, 10, 0, tzinfo=event.tz)
    sessions = [
        AgendaSession(
            event_id=event.id,
            title=title,
            starts_at=start,
            ends_at=end,
            room=room,
            state=PUBLISHED,
            languages=["en"],
        )
        for title in ("Cybercrime workshop", "Maritime piracy")
    ]
    db.session.add_all(sessions)
    db.session.flush()
    person = factories.make_participant(event, "FRA", state="approved", commit=False)
    db.session.add(
        SignUp(session_id=sessions[0].id, participant_id=person.id, status=SEATED, position=1)
    )
    db.session.add(CheckIn(event_id=event.id, participant_id=person.id, day=date(2017, 9, 26)))
    db.session.commit()

    as_role("officer")
    html = client.get("/admin").get_data(as_text=True)
    table = html[html.index('id="sessions"') :]
    assert "Cybercrime workshop" in table and "1 / 2" in table and "(50 %)" in table
    assert "Tue 26 Sep 09:00" in table
    conflicts = html[html.index('id="conflicts"') :]
    assert "Lotus Room" in conflicts or "Maritime piracy" in conflicts
    shown = re.sub(r"<[^>]+>", "", conflicts[: conflicts.index("</ul>")])
    assert not re.search(
        r"\b[a-z]+_[a-z_]+\b", shown
    )  # sentences, not codes like room_double_booked
    entries = html[html.index('id="entries"') :]
    assert "<td>2017-09-26</td><td>1</td>" in entries


def test_countries_page_shows_badges_printed_and_collected(app, client, event, as_role):
    from assembly.badges.models import Badge
    from assembly.core.db import utcnow
    from assembly.extensions import db

    people = [factories.make_participant(event, "KEN", state="approved") for _ in range(2)]
    db.session.add(Badge(participant_id=people[0].id, printed_at=utcnow(), collected_at=utcnow()))
    db.session.add(Badge(participant_id=people[1].id, printed_at=utcnow()))
    db.session.commit()
    as_role("officer")
    html = client.get("/admin/countries?sort=printed&dir=desc").get_data(as_text=True)
    first_row = html[html.index("<tbody>") :].split("</tr>")[0]
    assert "Kenya" in first_row and "<td>2 / 1</td>" in first_row


def test_countries_page_shows_badges_not_yet_collected(app, client, event, as_role):
    from assembly.badges.models import Badge
    from assembly.core.db import utcnow
    from assembly.extensions import db

    kenya = [factories.make_participant(event, "KEN", state="approved") for _ in range(3)]
    peru = factories.make_participant(event, "PER", state="approved")
    for person in kenya:
        db.session.add(Badge(participant_id=person.id, printed_at=utcnow()))
    db.session.add(Badge(participant_id=peru.id, printed_at=utcnow(), collected_at=utcnow()))
    db.session.commit()
    as_role("officer")
    html = client.get("/admin/countries?sort=not_collected&dir=desc").get_data(as_text=True)
    assert "Not yet collected" in html[: html.index("<tbody>")]
    rows = html[html.index("<tbody>") :].split("</tr>")
    assert "Kenya" in rows[0] and rows[0].rstrip().endswith("<td>3 / 0</td>\n    <td>3</td>")
    peru_row = next(r for r in rows if "Peru" in r)
    assert peru_row.rstrip().endswith("<td>1 / 1</td>\n    <td>0</td>")


def test_registrations_search_ignores_accents_and_case(app, client, event, as_role):
    factories.make_participant(event, "ESP", given_name="José María", family_name="Ibáñez")
    factories.make_participant(event, "NOR", given_name="Søren", family_name="Ødegaard")
    factories.make_participant(event, "FRA", given_name="Jean", family_name="Dupont")
    as_role("officer")

    def found(query):
        html = client.get("/admin/registrations", query_string={"q": query}).get_data(as_text=True)
        table = html[html.index('id="registrations"') :]
        return [n for n in ("Ibáñez", "Ødegaard", "Dupont") if n in table]

    assert found("Ibanez") == ["Ibáñez"]
    assert found("IBÁÑEZ jose") == ["Ibáñez"]
    assert found("odegaard") == ["Ødegaard"]
    assert found("dupont") == ["Dupont"]
    assert found("ibanez dupont") == []
