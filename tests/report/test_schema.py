"""The JSON document against its documented JSON Schema (schema.json)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from expectations.report import SCHEMA_VERSION, json_schema, report, report_demo

_TYPES: dict[str, Any] = {"object": dict, "array": list, "string": str, "boolean": bool,
                          "null": type(None), "integer": int, "number": (int, float)}


def _is(value: object, name: str) -> bool:
    if name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[name])


def validate(value: object, schema: dict[str, Any], root: dict[str, Any], path: str = "$",
             ) -> list[str]:
    """Validate against the draft 2020-12 keywords that schema.json uses; list the errors."""
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return validate(value, target, root, path)
    errors: list[str] = []
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in enum")
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, n) for n in names):
            return [*errors, f"{path}: {value!r} is not {names}"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: below minimum")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            errors.append(f"{path}: not above exclusiveMinimum")
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            errors.append(f"{path}: not below exclusiveMaximum")
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        errors.append(f"{path}: shorter than minLength")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than minItems")
        for i, item in enumerate(value):
            if "items" in schema:
                errors += validate(item, schema["items"], root, f"{path}[{i}]")
    if isinstance(value, dict):
        errors += [f"{path}: missing {k!r}" for k in schema.get("required", ()) if k not in value]
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                errors += validate(item, properties[key], root, f"{path}.{key}")
            elif extra is False:
                errors.append(f"{path}: unexpected key {key!r}")
            elif isinstance(extra, dict):
                errors += validate(item, extra, root, f"{path}.{key}")
    return errors


_KNOWN = {"$schema", "$id", "$defs", "$ref", "title", "description", "type", "required",
          "additionalProperties", "properties", "items", "const", "enum", "minimum",
          "exclusiveMinimum", "exclusiveMaximum", "minLength", "minItems"}


def _keywords(schema: object) -> set[str]:
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for sub in value.values():
                    found |= _keywords(sub)
            else:
                found |= _keywords(value)
    elif isinstance(schema, list):
        for item in schema:
            found |= _keywords(item)
    return found


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(report_demo().to_json())
    return parsed


def test_schema_uses_only_keywords_the_validator_knows() -> None:
    """The test validator understands every keyword in schema.json (else it could pass wrongly)."""
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert _keywords(schema) <= _KNOWN | set(_property_names(schema))


def _property_names(schema: object) -> list[str]:
    names: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("properties", "$defs") and isinstance(value, dict):
                names += list(value)
            names += _property_names(value)
    elif isinstance(schema, list):
        for item in schema:
            names += _property_names(item)
    return names


def test_demo_document_is_valid(document: dict[str, Any]) -> None:
    """The demo report's JSON validates against schema.json."""
    assert validate(document, json_schema(), json_schema()) == []
    assert document["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize("breakage", ["drop_n", "bad_version", "extra_key", "string_n"])
def test_validator_rejects_broken_documents(document: dict[str, Any], breakage: str) -> None:
    """The validator catches a missing n, a wrong version, an unknown key and a mistyped n."""
    broken = json.loads(json.dumps(document))
    section = broken["sections"][0]
    if breakage == "drop_n":
        del section["n"]
    elif breakage == "bad_version":
        broken["schema_version"] = "0.9"
    elif breakage == "extra_key":
        section["surprise"] = 1
    else:
        section["n"] = "many"
    assert validate(broken, json_schema(), json_schema()) != []


def test_document_is_strict_json_with_nulls() -> None:
    """Missing numbers are null (never NaN), so strict parsers accept the document."""
    text = report_demo().to_json()
    assert "null" in text  # the demo's empty RFM segment has no mean recency
    json.loads(text, parse_constant=lambda name: pytest.fail(f"non-JSON constant {name}"))


def test_column_without_answers_is_unavailable() -> None:
    """A score column with no answers is listed as unavailable, not scored as zero."""
    r = report(responses={"nps": [10, 9, 3] * 20, "ces": [None] * 60})
    assert {u.key: u.reason for u in r.unavailable}["ces"].endswith("has no answers")


def test_demo_document_with_jsonschema(document: dict[str, Any]) -> None:
    """If the jsonschema package is installed, it agrees that the document is valid."""
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(json_schema())
    jsonschema.Draft202012Validator(json_schema()).validate(document)
