"""The command line: a thin layer that turns options into one library call, renders the result
and maps outcomes to exit codes (spec section 7). ``app`` holds the plumbing, ``options`` the
options and their parsers, ``decl`` the declarations and the fast parser, and each command has
a module of its own. Nothing outside this package imports it.
"""

from jap_tracker.cli.app import main

__all__ = ["main"]
