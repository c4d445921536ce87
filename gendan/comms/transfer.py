"""Where ``gendan.core.exporting`` still looks up the inbox export by its dotted path.

The export itself is ``inbox.export.thread_export``, registered as "inbox" in
``gendan.core.registry.exporters``; remove this module once core reads that registry.
"""

from .inbox.export import thread_export

__all__ = ["thread_export"]
