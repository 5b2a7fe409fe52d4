"""POST /api/v1/checkin: the door's verdict for scanning devices, from a rendered badge's QR."""

import subprocess

from flask_babel import force_locale

from assembly.badges import engine, render, services
from assembly.badges.tokens import make_token
from assembly.extensions import db
from tests import factories


def _scan(client, token, api_token, **extra):
    return client.post(
        "/api/v1/checkin",
        json={"token": token, **extra},
        headers={"Authorization": f"Bearer {api_token}"},
    )


def _device(role="checkin"):
    return factories.make_token(factories.make_user(role))


def test_the_qr_of_a_rendered_badge_is_accepted_then_already(app, client, event, tmp_path):
    person = factories.make_participant(
        event, "CHN", state="approved", badge_name="Zhang Wei", native_name="张伟"
    )
    badge = services.ensure_badge(person)
    db.session.commit()
    png = tmp_path / "badge.png"
    png.write_bytes(engine.pdf_to_png(render.render_badge_pdf(person, badge), dpi=150))
    read = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, timeout=30
    )
    (token,) = read.stdout.split()
    device = _device()
    first = _scan(client, token, device)
    assert first.status_code == 200
    body = first.get_json()
    assert body["verdict"] == "ok" and body["reason"] == ""
    assert body["participant"]["name"] == "Zhang Wei" and body["participant"]["country"] == "CHN"
    assert "passport_number" not in body["participant"]
    second = _scan(client, token, device).get_json()
    assert second["verdict"] == "already"
    other_room = _scan(client, token, device, room="Hall A").get_json()
    assert other_room["verdict"] == "ok" and other_room["room"] == "Hall A"


def test_forged_old_and_revoked_tokens_are_refused(app, client, event):
    person = factories.make_participant(event, "CHN", state="approved")
    badge = services.ensure_badge(person)
    db.session.commit()
    token = make_token(badge.id, 1)
    device = _device()
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert _scan(client, forged, device).get_json()["reason"] == "forged"
    assert _scan(client, "hello", device).get_json()["reason"] == "unknown"
    badge.printed_at = person.created_at
    with force_locale("en"):
        services.reprint(person)
    db.session.commit()
    old = _scan(client, token, device)
    assert old.status_code == 200
    assert old.get_json()["verdict"] == "refused" and old.get_json()["reason"] == "old_version"
    person.state = "revoked"
    db.session.commit()
    revoked = _scan(client, make_token(badge.id, 2), device).get_json()
    assert (revoked["verdict"], revoked["reason"]) == ("refused", "revoked")


def test_only_checkin_staff_and_admins_may_scan(app, client, event):
    assert client.post("/api/v1/checkin", json={"token": "x"}).status_code == 401
    bad = client.post(
        "/api/v1/checkin", json={"token": "x"}, headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401
    for role, status in (("officer", 403), ("focal_point", 403), ("admin", 200)):
        user = factories.make_user(role, country="CHN" if role == "focal_point" else None)
        response = _scan(client, "x", factories.make_token(user))
        assert response.status_code == status, role


def test_bad_bodies_get_field_errors(app, client, event):
    device = _device()
    headers = {"Authorization": f"Bearer {device}"}
    response = client.post("/api/v1/checkin", json={}, headers=headers)
    assert response.status_code == 422 and "token" in response.get_json()["error"]["fields"]
    response = client.post("/api/v1/checkin", data="not json", headers=headers)
    assert response.status_code == 422
    response = _scan(client, "x", device, room=5)
    assert response.status_code == 422 and "room" in response.get_json()["error"]["fields"]


def test_the_checkin_endpoint_is_in_the_openapi_document(app, client):
    document = client.get("/api/openapi.json").get_json()
    operation = document["paths"]["/api/v1/checkin"]["post"]
    verdict = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert verdict["properties"]["verdict"]["enum"] == ["ok", "already", "refused"]
    assert "old_version" in verdict["properties"]["reason"]["enum"]
