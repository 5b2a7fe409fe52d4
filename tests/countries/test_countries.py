"""INTERPOL's member countries as data: seeded by `seed-countries`, updated when the
data file is edited, named in each language from CLDR."""

from sqlalchemy import func, select

from assembly.countries.models import Country
from assembly.countries.services import DATA_FILE, seed_countries
from assembly.extensions import db


def _country(iso3: str) -> Country:
    return db.session.scalars(select(Country).where(Country.iso3 == iso3)).one()


def test_seed_countries_loads_the_members_once(runner, app):
    # The test database comes seeded: take one country out to see it added back.
    db.session.delete(_country("KEN"))
    db.session.commit()
    first = runner.invoke(args=["assembly", "seed-countries"])
    assert first.exit_code == 0 and "countries: 1 added, 0 updated" in first.output
    again = runner.invoke(args=["assembly", "seed-countries"])
    assert "countries: 0 added, 0 updated" in again.output
    members = select(func.count()).select_from(Country).where(Country.member)
    assert db.session.scalar(members) == 196
    kenya = _country("KEN")
    assert (kenya.iso2, kenya.region, kenya.member) == ("KE", "Africa", True)


def test_an_edited_data_file_updates_the_countries(app, tmp_path):
    edited = tmp_path / "members.csv"
    text = DATA_FILE.read_text(encoding="utf-8")
    assert "KE,KEN,Africa,yes,,INTERPOL Nairobi\n" in text
    edited.write_text(
        text.replace("KE,KEN,Africa,yes,,INTERPOL Nairobi", "KE,KEN,Africa,yes,,NCB Nairobi"),
        encoding="utf-8",
    )
    try:
        assert seed_countries(edited) == (0, 1)
        assert _country("KEN").ncb == "NCB Nairobi"
    finally:
        seed_countries()  # the shared reference data, as it was
        db.session.commit()
    assert _country("KEN").ncb == "INTERPOL Nairobi"


def test_country_names_in_each_language(app):
    china = _country("CHN")
    assert china.localized_name("fr") == "Chine"
    assert china.localized_name("es") == "China"
    assert china.localized_name("ar") == "الصين"
    assert china.localized_name("xx-nonsense") == china.name
