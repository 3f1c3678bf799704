"""Renderers: one module per output format, each from report values to text."""
