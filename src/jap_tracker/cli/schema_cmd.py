"""``jap schema``: the JSON Schema of the plan file format (spec section 16; plan_schema.py)."""

from __future__ import annotations

import sys

from jap_tracker.cli.app import app, handled
from jap_tracker.cli.options import PlansOpt


@app.command()
@handled
def schema(plans: PlansOpt = None) -> None:
    """Print the JSON Schema (draft 2020-12) of plan files, for editors (docs/editors.md)."""
    del plans  # accepted by every command (spec section 1); the format is the same everywhere
    from jap_tracker.plan_schema import schema_text

    sys.stdout.write(schema_text())
    sys.stdout.flush()
