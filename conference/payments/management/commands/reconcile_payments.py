import json

from django.core.management.base import BaseCommand

from conference.payments.services import reconcile_payments


class Command(BaseCommand):
    help = "Compare our Stripe payments and refunds with Stripe's records and list differences."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true",
                            help="Apply Stripe's state and submit pending refunds.")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="Print the differences as JSON.")

    def handle(self, *args, fix=False, as_json=False, **options):
        differences = reconcile_payments(fix=fix)
        if as_json:
            self.stdout.write(_dumps(differences))
            return
        for item in differences:
            details = ", ".join(f"{k}={v}" for k, v in item.items()
                                if k not in ("kind", "reference"))
            self.stdout.write(f"{item['reference']}: {item['kind']} ({details})")
        self.stdout.write(f"{len(differences)} difference(s)" + (" (fixed)" if fix else ""))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
