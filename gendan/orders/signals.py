"""Domain events of orders, sent after the transaction commits.

Higher apps (milestones, notifications) subscribe in their ``AppConfig.ready()``.
"""

from django.dispatch import Signal

# sender=Order, order=Order, old_status=str, new_status=str, actor=User | None
order_status_changed = Signal()
# sender=Order, order=Order, actor=User | None
order_created = Signal()
# sender=Order, order=Order, changes={field: [old, new]}, actor=User | None
order_changed = Signal()
