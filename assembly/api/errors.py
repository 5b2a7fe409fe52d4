"""The API's error format: `{"error": {"code": ..., "message": ...}}`, never HTML."""

from assembly.core.http import json_error


class APIError(Exception):
    """An error the API answers with `status` and a machine-readable `code`."""

    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def validation_error(
    fields: dict[str, list[str] | str], message: str = "Invalid data."
) -> APIError:
    """Return a 422 error listing what is wrong with each field."""
    fields = {k: v if isinstance(v, list) else [v] for k, v in fields.items()}
    return APIError(422, "invalid", message, fields=fields)


def handle_api_error(exc: APIError):
    """Render an APIError (a 401 says which scheme to use, as RFC 9110 asks)."""
    body, status = json_error(exc.status, exc.code, exc.message, **exc.extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    return body, status, headers


def register(bp) -> None:
    """Install the handler app-wide, so an APIError always answers JSON."""
    bp.app_errorhandler(APIError)(handle_api_error)


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
