"""Idélabbet's own numbers for follow-up: the statistics a municipality reports.

``selectors`` reads them from the case records (never through the services),
trimmed to the municipalities the viewer leads. The host site draws and
publishes them; this package only counts.
"""
