"""The command line: a thin layer that turns options into one library call, renders the result
and maps outcomes to exit codes (spec section 7). ``app`` holds the plumbing, ``decl`` the
declarations and the fast parser, and each command has a module of its own. Nothing outside
this package imports it.

``main`` is defined here, before anything else is imported, so that an interrupt that arrives
while the modules load ends the command with a message instead of a traceback.
"""

import sys


def main() -> None:
    """Entry point of the ``jap`` script."""
    try:
        from jap_tracker.cli.app import (
            main as run,
        )
    except KeyboardInterrupt:
        sys.stderr.write("jap: interrupted; nothing was written\n")
        sys.exit(130)
    run()
