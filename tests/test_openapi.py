"""The OpenAPI document describes every route, and the app keeps to it under schemathesis."""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assistant import create_app, openapi, storage
from assistant.access_tokens import create_token

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
METHODS = {"get", "put", "post", "delete", "patch"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("openapi")
    return create_app({"DATABASE_URL": f"sqlite:///{folder / 'assistant.db'}", "RATE_LIMIT": "off"})


def _closing(wsgi_app):
    """Read and close every response body, as a WSGI server does (schemathesis's WSGI client never closes)."""

    def application(environ, start_response):
        body = wsgi_app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return application


SECOND_POSTING = "---\nid: product-designer\ntitle: Product Designer\n---\n\n## About\n\nYou will design in Figma.\n"


@pytest.fixture(scope="module")
def token(app):
    """A recruiter token, so the recruiter routes are tested past their 401; and a second posting, so a
    generated DELETE of the first leaves the assistant ready."""
    token = create_token(storage.store_of(app).engine, "schemathesis")
    response = app.test_client().put("/api/v1/postings/product-designer", data=SECOND_POSTING,
                                     content_type="text/markdown", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.get_json()
    return token


@pytest.fixture(scope="module")
def api_schema(app):
    """The app's own document, less operations whose code has not landed yet, bound to the app."""
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    served = served_operations(app)
    for path, item in document["paths"].items():
        for method in set(item) & METHODS:
            if (method.upper(), re.sub(r"\{(\w+)\}", r"<\1>", path)) not in served:
                del item[method]
    app.wsgi_app = _closing(app.wsgi_app)
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = app
    return loaded


def documented_operations(document: dict) -> set[tuple[str, str]]:
    """(METHOD, path) of every operation in the document, paths in Flask's <name> form."""
    found = set()
    for path, item in document["paths"].items():
        for method in set(item) & METHODS:
            found.add((method.upper(), re.sub(r"\{(\w+)\}", r"<\1>", path)))
    return found


def served_operations(app) -> set[tuple[str, str]]:
    """(METHOD, rule) of every route the app serves but HEAD and OPTIONS, which Flask adds itself."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue  # shadowed by pages.static at the same URL
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule)
        found |= {(method, path) for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    return found


def test_every_route_is_described_and_every_description_is_served(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    served = served_operations(app)
    documented = documented_operations(document)
    assert served - documented == set(), "routes missing from the OpenAPI document"
    assert documented - served == set(), "documented operations the app does not serve"


def test_every_error_response_uses_the_error_schema():
    document = openapi.document()
    responses = document["components"]["responses"]
    for path, item in document["paths"].items():
        for method in set(item) & METHODS:
            for status, response in item[method]["responses"].items():
                if int(status) >= 400:
                    target = responses[response["$ref"].rsplit("/", 1)[1]]
                    schema = target["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_recruiter_operations_need_the_bearer_token():
    document = openapi.document()
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": document["components"]["securitySchemes"]["bearer"]["description"]}
    for item in document["paths"].values():
        for method in set(item) & METHODS:
            operation = item[method]
            assert ("recruiter" in operation["tags"]) == (operation.get("security") == [{"bearer": []}])


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
# Bounded and repeatable: 25 examples an operation, the same ones every run, nothing kept between runs.
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_app_keeps_to_its_document(case, token):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {token}"})
