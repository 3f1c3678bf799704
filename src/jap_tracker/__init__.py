"""jap-tracker: track the Central Asia Joint Plan of Action for the UN Global CT Strategy."""

__version__ = "0.1.0"
