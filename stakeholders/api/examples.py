"""Example bodies for the OpenAPI schema (kept apart so the views stay readable)."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from platforms.api.errors import ErrorSerializer, error_body

CONTACT = {
    "id": "9e2b6c1d-4a7f-4e0b-8c3d-1f5a2b7c9d40",
    "name": "Nirmala Jayasuriya",
    "role": "Programme director",
    "email": "nirmala@sarvodaya.example",
    "phone": "+94 11 264 7159",
}

ORGANISATION = {
    "id": "3f6a2d8e-1b4c-4f7a-9e2d-5c8b0a1f6e37",
    "name": "Lanka Jathika Sarvodaya Shramadana Sangamaya",
    "acronym": "Sarvodaya",
    "sector": "civil_society",
    "sub_type": "national_ngo",
    "country": "LK",
    "website": "https://www.sarvodaya.example",
    "themes": ["food security", "rural development"],
    "screening": {"status": "cleared", "renew_by": "2026-06-30", "expired": False},
    "archived_at": None,
    "updated_at": "2025-11-20T09:41:12.503Z",
}

ORGANISATION_DETAIL = {
    **ORGANISATION,
    "mandate": "Community-led development in rural Sri Lanka.",
    "constituencies": "Village societies in 15,000 villages, their farmers and fishers.",
    "contacts": [CONTACT],
}


def page(*results: dict) -> dict:
    return {"count": len(results), "next": None, "previous": None, "results": list(results)}


def response(name: str, value: dict, status: int = 200) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status)])


def request(name: str, value: dict) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


def invalid(name: str, details: dict) -> OpenApiExample:
    return response(
        name, error_body(400, "invalid", "The request has invalid fields.", details), 400
    )


def bad_request(description: str) -> OpenApiResponse:
    """A 400 response whose examples come from the operation's ``invalid(...)`` ones."""
    return OpenApiResponse(ErrorSerializer, description=description)
