"""Example bodies for the partnership endpoints' OpenAPI schema (the demo's Sri Lanka
partnership), kept apart so the views stay readable."""

from stakeholders.api.examples import bad_request, invalid, page, request, response

__all__ = ["bad_request", "invalid", "page", "request", "response"]

SARVODAYA = {"id": "3f6a2d8e-1b4c-4f7a-9e2d-5c8b0a1f6e37", "name": "Sarvodaya"}
WFP = {"id": "7c1e9b24-6d3a-4f58-b2e0-9a4d1c7f3e62", "name": "World Food Programme Sri Lanka"}
MINISTRY = {"id": "b5d2f0a8-3c71-4e96-8a1b-2f6e9d4c7a15", "name": "Ministry of Education"}

PARTNERSHIP = {
    "id": "1d8f3a6c-5b2e-4c97-a0d4-8e6b1f2c9a73",
    "title": "Home gardens and school meals",
    "type": "combine",
    "level": "national",
    "stage": {"number": 5, "label": "5. Agree resources, roles and responsibilities"},
    "goals": [2, 3, 17],
    "lead_organisation": WFP,
    "partners": [
        {"organisation": MINISTRY, "role": "core"},
        {"organisation": SARVODAYA, "role": "implementing"},
        {"organisation": WFP, "role": "lead"},
    ],
    "updated_at": "2025-11-20T09:41:12.503Z",
}

PARTNERSHIP_DETAIL = {
    **PARTNERSHIP,
    "description": "Schools buy vegetables from the home gardens their pupils' families grow.",
    "issue": "Food security in Sri Lanka",
    "themes": ["Food security", "Nutrition"],
    "targets": ["2.1", "2.2", "17.17"],
    "vision": "Every child in the Uva province eats a nutritious meal at school every day.",
    "purpose": "Link 2,000 family home gardens to the school meals programme by 2027.",
    "starts_on": "2025-01-15",
    "ends_on": "2027-12-31",
    "objectives": [
        {
            "id": "a4c7e1f9-2b6d-4a38-9e05-c3f8b1d2a6e4",
            "title": "School kitchens buy from local home gardens",
            "expected_results": "60% of vegetables served come from the gardens.",
            "activities": [
                {
                    "id": "e2b9d4a7-1f3c-4e86-b5a0-7d9c2e1f4b38",
                    "title": "Train 2,000 families in home gardening",
                    "responsible": SARVODAYA,
                    "starts_on": "2025-03-01",
                    "ends_on": "2025-09-30",
                    "status": "in_progress",
                }
            ],
        }
    ],
    "commitments_total": 9,
    "commitments_yours": 2,
}

COMMITMENT = {
    "id": "c3a8f5e1-7d2b-4f69-8e4c-1b5d9a2f6c07",
    "kind": "specific",
    "partner": SARVODAYA,
    "what": "Train 2,000 families in home gardening",
    "due_on": "2025-09-30",
    "status": "on_track",
    "evidence": "",
    "mine": True,
}

COMMON_COMMITMENT = {
    "id": "f6d1b8c4-3a9e-4b27-9c5f-2e8a7d1b4f90",
    "kind": "common",
    "partner": None,
    "what": "Share data on meals served each quarter",
    "due_on": None,
    "status": "planned",
    "evidence": "",
    "mine": False,
}

REPORTED = {
    **COMMITMENT,
    "status": "done",
    "evidence": "Training records: 2,040 families trained, https://sarvodaya.example/report",
}
