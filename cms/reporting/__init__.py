"""Follow-up across the practices: statistics screens, the yearly report, open data.

The plugins count their own numbers (``idelabbet.reporting``,
``forum.reporting``); the host site, which alone knows both, turns them into
figures (``figures``), draws them (``charts``), lets staff filter by period
(``periods``) and download them (``csv``), and publishes the yearly report
(``models``, ``services``, ``pdf``).
"""
