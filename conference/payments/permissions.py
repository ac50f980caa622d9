"""Who may do what with payments.

- ``payments.reconcile_transfers``: granted ``payments.reconcile_bankstatement`` (the bank
  transfer desk: statements, lines to resolve, marking paid, invoice requests)
- ``payments.list_payment_methods``: granted ``payments.view_categorypaymentmethods`` (the
  payment methods of each category; its admin pages keep Wagtail's model permissions)
"""

import rules

from conference.common.permissions import granted

rules.add_perm("payments.reconcile_transfers", granted("payments.reconcile_bankstatement"))
rules.add_perm("payments.list_payment_methods", granted("payments.view_categorypaymentmethods"))
