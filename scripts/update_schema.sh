#!/bin/sh
# Rewrite the JSON Schema of plan files that the package ships, from the models (after a change
# to src/jap_tracker/schema.py); tests/test_schema.py fails until it is rewritten.
set -e
cd "$(dirname "$0")/.."
python -c "from jap_tracker.plan_schema import SHIPPED, schema_text; SHIPPED.write_text(schema_text(), encoding='utf-8')"
