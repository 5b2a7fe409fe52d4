"""Staff management (admins): users, roles, API tokens, the last-admin rule, the audit log."""

from sqlalchemy import select

from assembly.accounts.models import ApiToken, User
from assembly.core.audit import AuditLog
from assembly.extensions import db
from tests import factories


def _user(email):
    db.session.expire_all()
    return db.session.scalars(select(User).where(User.email == email)).one()


def _edit(client, user, **changes):
    data = {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "country": user.country.iso3 if user.country else "",
        "active": "y" if user.active else "",
        **changes,
    }
    if not data["active"]:
        data.pop("active")
    return client.post(f"/admin/users/{user.id}", data=data)


def test_the_last_admin_can_be_neither_demoted_nor_deactivated(app, client, login):
    admin = login(factories.make_user("admin", email="boss@example.org"))
    response = _edit(client, admin, role="officer")
    assert response.status_code == 400
    assert "last active admin" in response.get_data(as_text=True)
    response = _edit(client, admin, active="")
    assert response.status_code == 400
    assert _user("boss@example.org").role == "admin"
    assert _user("boss@example.org").active

    # With a second admin, the first may step down.
    factories.make_user("admin", email="second@example.org")
    assert _edit(client, _user("boss@example.org"), role="officer").status_code == 302
    assert _user("boss@example.org").role == "officer"


def test_an_inactive_admin_does_not_count(app, client, login):
    admin = login(factories.make_user("admin", email="boss@example.org"))
    other = factories.make_user("admin", email="gone@example.org")
    other.active = False
    db.session.commit()
    assert _edit(client, admin, active="").status_code == 400
    assert _user("boss@example.org").active


def test_admin_creates_a_focal_point_and_changes_roles(app, client, login):
    login(factories.make_user("admin"))
    response = client.post(
        "/admin/users/new",
        data={
            "email": "fp@example.org",
            "name": "NCB Paris",
            "role": "focal_point",
            "country": "FRA",
            "active": "y",
        },
    )
    assert response.status_code == 302
    user = _user("fp@example.org")
    assert user.role == "focal_point" and user.country.iso3 == "FRA"

    response = client.post(
        "/admin/users/new",
        data={"email": "nocountry@example.org", "role": "focal_point", "active": "y"},
    )
    assert response.status_code == 400
    assert "Choose the country this focal point works for." in response.get_data(as_text=True)
    assert "--country" not in response.get_data(as_text=True)  # the CLI's words stay in the CLI

    assert _edit(client, user, role="officer", country="").status_code == 302
    user = _user("fp@example.org")
    assert user.role == "officer" and user.country is None
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "user.update")).one()
    assert entry.before["role"] == "focal_point" and entry.after["role"] == "officer"

    assert _edit(client, user, active="").status_code == 302
    assert not _user("fp@example.org").active


def test_tokens_are_listed_and_revocable(app, client, login):
    admin = login(factories.make_user("admin"))
    officer = factories.make_user("officer", email="off@example.org")
    factories.make_token(officer)
    token = db.session.scalars(select(ApiToken)).one()
    html = client.get("/admin/users").get_data(as_text=True)
    assert token.prefix in html and "off@example.org" in html
    response = client.post(f"/admin/users/{officer.id}/tokens/{token.id}/revoke")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    assert "revoked" in client.get("/admin/users").get_data(as_text=True)
    # A token of another user cannot be revoked through this user's address.
    assert client.post(f"/admin/users/{admin.id}/tokens/{token.id}/revoke").status_code == 404


def test_staff_and_audit_pages_refuse_everyone_but_admins(app, client, as_role, event):
    for role in ("officer", "focal_point", "checkin"):
        client.post("/logout")
        user = as_role(role)
        for url in ("/admin/users", "/admin/users/new", f"/admin/users/{user.id}", "/admin/audit"):
            assert client.get(url).status_code == 403, (role, url)
        response = client.post(
            f"/admin/users/{user.id}", data={"email": user.email, "role": "admin"}
        )
        assert response.status_code == 403
        assert _user(user.email).role == role


def test_audit_log_is_searchable_by_actor_participant_and_action(app, client, login, event):
    admin = login(factories.make_user("admin", email="root@example.org"))
    participant = factories.make_participant(event, "FRA")
    from assembly.core import audit

    audit.record("registration.approved", participant, actor=admin, participant_id=participant.id)
    audit.record("delegation.quota", None, actor_label="cli")
    for _ in range(60):
        audit.record("noise.entry", None, actor_label="system")
    db.session.commit()

    html = client.get("/admin/audit?actor=root@").get_data(as_text=True)
    assert "registration.approved" in html and "noise.entry" not in html
    html = client.get(f"/admin/audit?participant={participant.id}").get_data(as_text=True)
    assert "registration.approved" in html and "delegation.quota" not in html
    html = client.get("/admin/audit?action=quota").get_data(as_text=True)
    assert "delegation.quota" in html and "registration.approved" not in html
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "Page 1 of 2" in html


def test_audit_log_finds_a_participant_by_name_or_email(app, client, login, event):
    from assembly.core import audit

    admin = login(factories.make_user("admin"))
    zhang = factories.make_participant(event, "CHN", family_name="Zhang", email="z@example.org")
    other = factories.make_participant(event, "FRA", family_name="Martin")
    audit.record("registration.confirmed", zhang, actor=admin, participant_id=zhang.id)
    audit.record("registration.rejected", other, actor=admin, participant_id=other.id)
    db.session.commit()
    for query in ("zhang", "z@example"):
        html = client.get(f"/admin/audit?participant={query}").get_data(as_text=True)
        assert "registration.confirmed" in html and "registration.rejected" not in html


def test_admins_demoted_at_the_same_moment_leave_one_on_either_database(app, monkeypatch):
    # SQLite has no row locks: the rule takes the database's write lock before counting.
    import contextlib
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from assembly.dashboard import staff

    ids = [factories.make_user("admin").id for _ in range(6)]
    barrier = threading.Barrier(len(ids))
    counted = threading.Barrier(len(ids))
    count = staff._other_active_admins

    def count_then_linger(user):
        # Every demotion that could count at once does so before any writes.
        result = count(user)
        # The others wait for our lock, as they should: the barrier breaks.
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait(timeout=0.5)
        return result

    monkeypatch.setattr(staff, "_other_active_admins", count_then_linger)

    def demote(user_id):
        with app.test_request_context():
            barrier.wait(timeout=30)
            try:
                user = db.session.get(User, user_id)
                staff.update_user(
                    user,
                    email=user.email,
                    name="",
                    role="officer",
                    country_iso3=None,
                    active=True,
                    actor=None,
                )
                db.session.commit()
                return "ok"
            except staff.LastAdminError:
                db.session.rollback()
                return "last admin"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(len(ids)) as pool:
        results = sorted(pool.map(demote, ids))
    assert results == ["last admin"] + ["ok"] * 5
    db.session.expire_all()
    admins = db.session.scalars(select(User).where(User.role == "admin", User.active)).all()
    assert len(admins) == 1
