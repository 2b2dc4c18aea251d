"""Property-based fuzzing of every operation in the OpenAPI document with
schemathesis, against the real server of ``conftest.py``, as an admin with a
purpose of access: valid and invalid inputs alike must never give a 5xx.

Bounded: a fixed number of examples per operation and mode, derandomised so a
run is repeatable (a failure prints the request to replay).
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

EXAMPLES = 12


def test_no_operation_answers_5xx(api):
    schema = schemathesis.openapi.from_url(f"{api.url}/openapi.json")
    headers = {"Authorization": f"Bearer {api.keys['admin']}", "X-Purpose": "fuzz test"}
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    # Random keys mostly miss (404); these runs aim the other inputs at real nodes.
    person, enterprise = api.persons["WANG XIAOMING"], "4900123456"
    aimed = [
        ("GET /api/v1/entities/{type}/{key}", {"type": "person", "key": person}),
        ("GET /api/v1/entities/{type}/{key}/neighbourhood", {"type": "person", "key": person}),
        ("GET /api/v1/entities/{type}/{key}/neighbourhood",
         {"type": "enterprise", "key": enterprise}),
        ("GET /api/v1/flags/{flag_id}", {"flag_id": api.flag_ids[0]}),
    ]
    by_label = {operation.label: operation for operation in operations}
    runs = [(operation, None) for operation in operations] + [
        (by_label[label], fixed) for label, fixed in aimed]

    for operation, fixed in runs:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed))
            def call(case):
                response = case.call(base_url=api.url, headers=headers, timeout=30)
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} {case.method} "
                                    f"{response.request.url} body={case.body!r:.300}: "
                                    f"{response.text[:300]}")

            try:
                call()
            except Unsatisfiable:  # nothing invalid to send (no parameters, no body)
                assert mode is GenerationMode.NEGATIVE, operation.label
    assert failures == [], "\n".join(failures[:20])
