"""Run the command line as ``python -m jap_tracker``."""

from jap_tracker.cli import main

main()
