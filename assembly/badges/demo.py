"""Demo data of the badges area, added by `flask assembly seed-demo`: badges for the
approved participants, and a schematic map of the venue for the badges' backs."""

import io

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from assembly.agenda.models import Room
from assembly.badges import venue_map
from assembly.badges.services import ensure_badges
from assembly.extensions import db
from assembly.registration.models import APPROVED, Participant

FONT_DIR = "/usr/share/fonts/truetype/noto"
# Wide, like the box the map prints in on a badge's back (89 x 40 mm).
MAP_SIZE = (1600, 720)
INK, LINE, PAPER = (33, 37, 41), (31, 78, 121), (255, 255, 255)
FLOOR_FILL, ROOM_FILL, ENTRANCE = (234, 240, 246), (255, 255, 255), (192, 57, 43)


def seed(event) -> list[str]:
    """Give every approved demo participant a badge (not printed) and the event a venue map.

    Return lines to print.
    """
    approved = list(
        db.session.scalars(
            select(Participant).where(
                Participant.event_id == event.id, Participant.state == APPROVED
            )
        )
    )
    badges = ensure_badges(approved)
    lines = [f"badges: {len(badges)} for approved participants (print them from /admin/badges)"]
    if venue_map.map_path(event) is None:
        rooms = list(
            db.session.scalars(
                select(Room).where(Room.event_id == event.id).order_by(Room.sort_order, Room.id)
            )
        )
        if rooms:
            venue_map.save_map(event, draw_map(event.venue or event.city, rooms))
            lines.append(f"venue map: {len(rooms)} rooms, printed on badge backs")
    return lines


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    try:
        return ImageFont.truetype(f"{FONT_DIR}/{name}", size)
    except OSError:  # `make system-deps` not run: Pillow's own font, plainer
        return ImageFont.load_default(size)


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int, size: int, bold: bool = False):
    """Return the largest font, from `size` down, that draws `text` within `width` pixels."""
    while size > 12:
        font = _font(size, bold)
        if draw.textlength(text, font=font) <= width:
            return font
        size -= 2
    return _font(size, bold)


def _floors(rooms) -> list[tuple[str, list]]:
    """Group `rooms` by floor, floors in the order their first room comes."""
    floors: dict[str, list] = {}
    for room in rooms:
        floors.setdefault(room.floor or "", []).append(room)
    return list(floors.items())


def draw_map(venue: str, rooms) -> bytes:
    """Draw a schematic map of `venue` as PNG: `rooms` as boxes, one column a floor."""
    width, height = MAP_SIZE
    image = Image.new("RGB", MAP_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    margin, gap, top, bottom = 24, 20, 84, 96
    draw.text((margin, 18), venue, font=_fit(draw, venue, width - 2 * margin, 44, True), fill=INK)
    floors = _floors(rooms)
    column = (width - 2 * margin - gap * (len(floors) - 1)) // len(floors)
    floor_font = _font(30, bold=True)
    for index, (floor, members) in enumerate(floors):
        left = margin + index * (column + gap)
        box = (left, top, left + column, height - bottom)
        draw.rounded_rectangle(box, radius=14, fill=FLOOR_FILL, outline=LINE, width=4)
        draw.text((left + 18, top + 12), floor or "—", font=floor_font, fill=LINE)
        _draw_rooms(draw, members, (left + 16, top + 60, left + column - 16, height - bottom - 16))
    # The way in: an arrow under the first floor's column (the ground floor).
    centre = margin + column // 2
    tip, tail = height - bottom + 6, height - 14
    draw.line((centre, tail, centre, tip + 30), fill=ENTRANCE, width=12)
    draw.polygon([(centre, tip), (centre - 26, tip + 36), (centre + 26, tip + 36)], fill=ENTRANCE)
    label = _font(30, bold=True)
    draw.text((centre + 40, height - bottom + 28), "Entrance", font=label, fill=ENTRANCE)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _draw_rooms(draw: ImageDraw.ImageDraw, rooms, area: tuple[int, int, int, int]) -> None:
    """Draw `rooms` stacked in `area`, each box as tall as its share of the seats allows."""
    left, top, right, bottom = area
    gap = 14
    room_height = (bottom - top - gap * (len(rooms) - 1)) // len(rooms)
    for index, room in enumerate(rooms):
        y = top + index * (room_height + gap)
        draw.rectangle((left, y, right, y + room_height), fill=ROOM_FILL, outline=INK, width=3)
        name_font = _fit(draw, room.name, right - left - 28, 34 if room_height > 110 else 28, True)
        seats = f"{room.capacity} seats"
        if room_height >= 90:
            draw.text(
                (left + 14, y + room_height // 2 - 4),
                room.name,
                font=name_font,
                fill=INK,
                anchor="ls",
            )
            draw.text(
                (left + 14, y + room_height // 2 + 6), seats, font=_font(24), fill=INK, anchor="lt"
            )
        else:
            draw.text(
                (left + 14, y + room_height // 2), room.name, font=name_font, fill=INK, anchor="lm"
            )
