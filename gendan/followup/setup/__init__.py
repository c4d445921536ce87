"""Setting the follow-up up: SOP templates (their editor, versions and plan preview) and
the company's working-day calendar. The same four layers as the daily follow-up:
``services`` write, ``selectors`` read, ``forms`` and ``views`` are the pages."""
