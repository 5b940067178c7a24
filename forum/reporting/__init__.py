"""The forum's own numbers for follow-up: participants, proposals, feedback.

``selectors`` counts them, trimmed to the forums the viewer organises; the
host site draws and publishes them.
"""
