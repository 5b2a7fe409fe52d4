"""GET /api/v1/countries: member countries and their INTERPOL regions."""

from flask import jsonify, request
from sqlalchemy import select

from assembly.api import bp
from assembly.api.errors import validation_error
from assembly.api.paging import PAGE_PARAMETERS, page_schema, paginate
from assembly.countries.models import REGIONS, Country


def country_json(country: Country) -> dict:
    """Return the public description of a country."""
    return {
        "iso2": country.iso2,
        "iso3": country.iso3,
        "name": country.name,
        "region": country.region,
        "member": country.member,
    }


@bp.get("/v1/countries")
def list_countries():
    """List countries, by ISO alpha-3; filters `region` and `member`."""
    stmt = select(Country).order_by(Country.iso3)
    region = request.args.get("region")
    if region:
        if region not in REGIONS:
            raise validation_error({"region": f"must be one of: {', '.join(REGIONS)}"})
        stmt = stmt.where(Country.region == region)
    member = request.args.get("member")
    if member is not None:
        if member not in ("true", "false"):
            raise validation_error({"member": "must be true or false"})
        stmt = stmt.where(Country.member.is_(member == "true"))
    return jsonify(paginate(stmt, country_json))


COUNTRY_SCHEMA = {
    "type": "object",
    "required": ["iso2", "iso3", "name", "region", "member"],
    "properties": {
        "iso2": {"type": "string"},
        "iso3": {"type": "string"},
        "name": {"type": "string"},
        "region": {"type": "string", "enum": list(REGIONS)},
        "member": {"type": "boolean"},
    },
}

PATHS = {
    "/api/v1/countries": {
        "get": {
            "summary": "Countries and their INTERPOL regions",
            "operationId": "listCountries",
            "tags": ["countries"],
            "parameters": [
                *PAGE_PARAMETERS,
                {
                    "name": "region",
                    "in": "query",
                    "schema": {"type": "string", "enum": list(REGIONS)},
                },
                {
                    "name": "member",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["true", "false"]},
                },
            ],
            "responses": {
                "200": {
                    "description": "A page of countries",
                    "content": {"application/json": {"schema": page_schema(COUNTRY_SCHEMA)}},
                },
                "422": {"$ref": "#/components/responses/Error"},
            },
        }
    }
}
