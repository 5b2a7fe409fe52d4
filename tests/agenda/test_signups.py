"""Sign-ups: seats, the waiting list, clashes, audiences, and the personal agenda pages."""

import pytest
from sqlalchemy import select

from assembly.agenda import services
from assembly.agenda.models import SEATED, WAITING, SignUp
from assembly.extensions import db
from assembly.registration import links
from tests import factories


def test_seats_then_waiting_list_in_order(event, make_session, approved):
    session = make_session("Small workshop", room="lotus")
    people = [approved() for _ in range(4)]
    statuses = [services.sign_up(p, session.id).status for p in people]
    db.session.commit()
    assert statuses == [SEATED, SEATED, WAITING, WAITING]
    waiting = db.session.scalars(
        select(SignUp).where(SignUp.status == WAITING).order_by(SignUp.position)
    ).all()
    assert [w.participant_id for w in waiting] == [people[2].id, people[3].id]


def test_signing_up_twice_keeps_one_seat(event, make_session, approved):
    session = make_session()
    p = approved()
    first = services.sign_up(p, session.id)
    again = services.sign_up(p, session.id)
    db.session.commit()
    assert first.id == again.id
    assert db.session.scalar(select(db.func.count()).select_from(SignUp)) == 1


def test_withdrawal_promotes_first_in_line_and_mails_them(event, make_session, approved, outbox):
    session = make_session("Darknet markets", room="lotus")
    a, b, c, d = (approved() for _ in range(4))
    for p in (a, b, c, d):
        services.sign_up(p, session.id)
    db.session.commit()
    promoted = services.withdraw(a, session.id)
    db.session.commit()
    assert promoted.participant_id == c.id
    statuses = dict(db.session.execute(select(SignUp.participant_id, SignUp.status)).all())
    assert statuses == {b.id: SEATED, c.id: SEATED, d.id: WAITING}
    mails = outbox(c.email)
    assert len(mails) == 1 and mails[0].kind == "agenda_promoted"
    assert "Darknet markets" in mails[0].subject and "/agenda" in mails[0].body_text
    assert outbox(d.email) == []


def test_leaving_the_waiting_list_promotes_nobody(event, make_session, approved, outbox):
    session = make_session(room="lotus")
    a, b, c = (approved() for _ in range(3))
    for p in (a, b, c):
        services.sign_up(p, session.id)
    assert services.withdraw(c, session.id) is None
    db.session.commit()
    assert outbox() == []


def test_overlapping_session_is_refused_naming_the_clash(event, make_session, approved):
    first = make_session("Ransomware response", "2017-09-26 09:00", "2017-09-26 10:30")
    second = make_session("Telecom fraud", "2017-09-26 10:00", "2017-09-26 11:00", room="pearl")
    after = make_session("Later", "2017-09-26 10:30", "2017-09-26 11:00", room="lotus")
    p = approved()
    services.sign_up(p, first.id)
    with pytest.raises(services.SignUpRefused, match="Ransomware response"):
        services.sign_up(p, second.id)
    # Back to back is no clash.
    assert services.sign_up(p, after.id).status == SEATED


def test_waiting_list_place_also_clashes(event, make_session, approved):
    full = make_session("Full one", room="lotus")
    other = make_session("Other", room="pearl")
    for _ in range(2):
        services.sign_up(approved(), full.id)
    p = approved()
    assert services.sign_up(p, full.id).status == WAITING
    with pytest.raises(services.SignUpRefused, match="Full one"):
        services.sign_up(p, other.id)


def test_category_restriction_refuses_others(event, make_session, approved):
    from tests.factories import category

    session = make_session(
        "Heads only", audience="categories", categories=[category("Head of Delegation")]
    )
    with pytest.raises(services.SignUpRefused, match="Head of Delegation"):
        services.sign_up(approved("Delegate"), session.id)
    head = approved("Head of Delegation", iso3="FRA")
    assert services.sign_up(head, session.id).status == SEATED


def test_delegates_only_refuses_observers(event, make_session, approved):
    session = make_session("Delegates only", audience="delegates")
    with pytest.raises(services.SignUpRefused, match="delegates only"):
        services.sign_up(approved("Observer"), session.id)
    assert services.sign_up(approved("Delegate"), session.id).status == SEATED


@pytest.mark.parametrize("state", ["submitted", "confirmed"])
def test_only_approved_participants_sign_up(event, make_session, state):
    session = make_session()
    p = factories.make_participant(event, "CHN", state=state)
    with pytest.raises(services.SignUpRefused, match="approved"):
        services.sign_up(p, session.id)


def test_draft_and_cancelled_sessions_refuse_sign_ups(event, make_session, approved):
    p = approved()
    for state in ("draft", "cancelled"):
        session = make_session(state=state)
        with pytest.raises(services.SignUpRefused, match="not open"):
            services.sign_up(p, session.id)


@pytest.mark.parametrize(
    "to, actor_role, sent_back",
    [("withdrawn", None, False), ("revoked", "officer", False), ("rejected", "officer", True)],
)
def test_a_closed_registration_frees_its_seats_for_the_first_in_line(
    event, make_session, approved, outbox, to, actor_role, sent_back
):
    from assembly.registration import workflow
    from assembly.registration.models import Participant

    small = make_session("Small workshop", room="lotus")
    big = make_session("Plenary", "2017-09-27 09:00", "2017-09-27 10:00")
    leaving, seated, first, second = (approved() for _ in range(4))
    for p in (leaving, seated, first, second):
        services.sign_up(p, small.id)
    services.sign_up(leaving, big.id)
    if sent_back:  # an approved registration whose badge details changed goes back
        leaving.state = "confirmed"
    db.session.commit()
    actor = factories.make_user(actor_role) if actor_role else None
    workflow.transition(
        leaving, to, actor=actor, actor_label="" if actor else "delegate", reason="No show"
    )
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Participant, leaving.id).state == to
    assert services.signups_of(leaving) == {}
    assert services.signups_of(first) == {small.id: SEATED}
    assert services.signups_of(second) == {small.id: WAITING}
    assert [m.kind for m in outbox(first.email)] == ["agenda_promoted"]
    assert outbox(second.email) == [] and outbox(seated.email) == []


def test_no_seat_is_offered_in_a_cancelled_session(event, make_session, approved, outbox):
    from assembly.agenda import editing

    session = make_session(room="lotus")
    a, b, c = (approved() for _ in range(3))
    for p in (a, b, c):
        services.sign_up(p, session.id)
    editing.cancel_session(session)
    db.session.commit()
    assert services.withdraw(a, session.id) is None
    db.session.commit()
    assert [m.kind for m in outbox(c.email)] == ["agenda_cancelled"]


def test_a_closing_registration_cannot_sign_up_meanwhile(event, make_session, approved):
    from assembly.registration.models import Participant

    session = make_session()
    p = approved()
    assert p.state == "approved"  # read by this request; another one closes it now
    with db.engine.begin() as other:
        other.execute(
            db.update(Participant).where(Participant.id == p.id).values(state="withdrawn")
        )
    with pytest.raises(services.SignUpRefused, match="approved"):
        services.sign_up(p, session.id)


def test_raising_capacity_seats_the_waiting_list(event, make_session, approved, outbox):
    from assembly.agenda import editing, validation

    session = make_session(room="lotus", capacity=1)  # the room holds 2
    people = [approved() for _ in range(3)]
    for p in people:
        services.sign_up(p, session.id)
    db.session.commit()
    clean, errors = validation.validate_session(event, {"capacity": 2}, current=session)
    assert errors == {}
    editing.save_session(event, session, clean)
    db.session.commit()
    assert services.signups_of(people[1]) == {session.id: SEATED}
    assert services.signups_of(people[2]) == {session.id: WAITING}
    assert [m.kind for m in outbox(people[1].email)] == ["agenda_promoted"]


def test_a_larger_room_seats_the_waiting_lists_of_its_sessions(
    event, venue, make_session, approved, outbox
):
    from assembly.agenda import catalog

    lotus = venue["rooms"]["lotus"]
    session = make_session(room="lotus")
    own_capacity = make_session(
        "Own capacity", "2017-09-27 09:00", "2017-09-27 10:00", room="lotus", capacity=1
    )
    people = [approved() for _ in range(4)]
    for p in people:
        services.sign_up(p, session.id)
    for p in people[:2]:
        services.sign_up(p, own_capacity.id)
    db.session.commit()
    catalog.save_room(
        event,
        lotus,
        name=lotus.name,
        capacity=3,
        floor=lotus.floor,
        opens_at=lotus.opens_at,
        closes_at=lotus.closes_at,
    )
    db.session.commit()
    assert services.signups_of(people[2]) == {session.id: SEATED}
    assert services.signups_of(people[3]) == {session.id: WAITING}
    assert [m.kind for m in outbox(people[2].email)] == ["agenda_promoted"]
    assert services.signups_of(people[1])[own_capacity.id] == WAITING  # its own capacity
    assert outbox(people[1].email) == [] and outbox(people[3].email) == []


def test_a_newcomer_never_takes_a_seat_ahead_of_the_waiting_list(
    event, venue, make_session, approved, outbox
):
    from assembly.agenda.models import Room

    session = make_session(room="lotus")
    first, second, waiting = (approved() for _ in range(3))
    for p in (first, second, waiting):
        services.sign_up(p, session.id)
    db.session.commit()
    # A seat frees up without a promotion (the room made larger behind the editor's back).
    db.session.execute(db.update(Room).where(Room.name == "Lotus Room").values(capacity=3))
    db.session.commit()
    newcomer = approved()
    assert services.sign_up(newcomer, session.id).status == WAITING
    db.session.commit()
    assert services.signups_of(waiting) == {session.id: SEATED}
    assert [m.kind for m in outbox(waiting.email)] == ["agenda_promoted"]


def test_personal_agenda_page_signs_up_and_leaves(client, event, make_session, approved):
    session = make_session("Asset recovery")
    p = approved()
    token = links.make_token(p)
    page = client.get(f"/my/{token}/agenda")
    assert page.status_code == 200 and "Asset recovery" in page.text and "Sign up" in page.text
    response = client.post(f"/my/{token}/agenda/{session.id}/sign-up", follow_redirects=True)
    assert "Your seat is booked" in response.text
    db.session.expire_all()
    assert services.signups_of(p) == {session.id: SEATED}
    response = client.post(f"/my/{token}/agenda/{session.id}/leave", follow_redirects=True)
    assert "You have left" in response.text
    assert services.signups_of(p) == {}


def test_personal_agenda_shows_the_refusal_message(client, event, make_session, approved):
    first = make_session("Ransomware response")
    second = make_session("Clashing one", room="pearl")
    p = approved()
    services.sign_up(p, first.id)
    db.session.commit()
    token = links.make_token(p)
    response = client.post(f"/my/{token}/agenda/{second.id}/sign-up", follow_redirects=True)
    assert "overlaps" in response.text and "Ransomware response" in response.text


def test_submitted_participant_sees_the_agenda_without_buttons(client, event, make_session):
    make_session("Visible session")
    p = factories.make_participant(event, "CHN", state="submitted")
    token = links.make_token(p)
    page = client.get(f"/my/{token}/agenda")
    assert page.status_code == 200 and "Visible session" in page.text
    assert "once your registration is approved" in page.text
    assert "/sign-up" not in page.text
    session_id = make_session("Other").id
    client.post(f"/my/{token}/agenda/{session_id}/sign-up")
    assert services.signups_of(p) == {}


def test_bad_or_closed_link_is_not_found(client, event):
    assert client.get("/my/not-a-token/agenda").status_code == 404
    p = factories.make_participant(event, "CHN", state="rejected")
    assert client.get(f"/my/{links.make_token(p)}/agenda").status_code == 404


def test_sign_up_form_needs_csrf_when_enabled(app_config, event, make_session, approved):
    from assembly import create_app

    app_config["WTF_CSRF_ENABLED"] = True
    session = make_session()
    p = approved()
    token = links.make_token(p)
    other = create_app(app_config)
    with other.app_context():
        response = other.test_client().post(f"/my/{token}/agenda/{session.id}/sign-up")
    assert response.status_code == 400


def test_dashboard_and_badge_helpers(event, make_session, approved):
    small = make_session("Small", room="lotus")
    big = make_session("Big", "2017-09-27 09:00", "2017-09-27 10:00")
    people = [approved() for _ in range(3)]
    for p in people:
        services.sign_up(p, small.id)
    services.sign_up(people[0], big.id)
    db.session.commit()
    rows = services.sessions_filling_up(event, limit=1)
    assert rows[0]["title"] == "Small" and rows[0]["seats"] == 2
    assert (rows[0]["taken"], rows[0]["waiting"], rows[0]["room"]) == (2, 1, "Lotus Room")
    mine = services.participant_sessions(people[0])
    assert [m["title"] for m in mine] == ["Small", "Big"]
    assert mine[0]["status"] == SEATED and mine[0]["start"].hour == 9
    assert services.participant_sessions(people[2])[0]["status"] == WAITING
