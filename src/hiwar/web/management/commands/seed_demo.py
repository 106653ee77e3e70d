from typing import Any

from django.core.management.base import BaseCommand

from hiwar.accounts import demo as accounts_demo
from hiwar.conference import demo as conference_demo
from hiwar.dialogues import demo as dialogues_demo
from hiwar.framework.services import load_framework
from hiwar.knowledge import demo as knowledge_demo
from hiwar.publications import demo as publications_demo
from hiwar.reviews import demo as reviews_demo
from hiwar.search import demo as search_demo


class Command(BaseCommand):
    help = "Load the GCM framework and the demo region, organizations and accounts; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        # Each app adds its demo data here, in dependency order.
        load_framework()
        organizations = accounts_demo.seed_organizations()
        accounts = accounts_demo.seed_accounts()
        cycle = reviews_demo.seed_review_cycle()
        reports, inputs = reviews_demo.seed_review_documents(cycle)
        conference, conference_created = conference_demo.seed_conference(cycle)
        conference_demo.seed_registrations(conference)
        dialogues, dialogues_created = dialogues_demo.seed_dialogues(cycle)
        practices = knowledge_demo.seed_practices(cycle)
        publications = publications_demo.seed_publications(cycle)
        # Last: the index of everything the demo published (the task worker keeps it fresh
        # as the demo's documents are analysed).
        indexed = search_demo.seed_search_index()
        self.stdout.write(f"Demo review cycle: {cycle.slug}")
        self.stdout.write(
            f"Demo conference: {conference.slug} (created this run: {conference_created})"
        )
        self.stdout.write(
            f"Demo dialogues: {', '.join(d.slug for d in dialogues)} "
            f"(created this run: {dialogues_created})"
        )
        self.stdout.write(f"Good practices created this run: {practices}")
        self.stdout.write(f"Publications created this run: {len(publications)}")
        self.stdout.write(
            f"Search index: {indexed.created} entries added, {indexed.updated} updated"
        )
        self.stdout.write(f"Organizations created this run: {organizations}")
        self.stdout.write(
            f"Sample national reports created this run: {reports}; stakeholder inputs: {inputs}"
        )
        self.stdout.write(f"Demo accounts (password for all: {accounts_demo.DEMO_PASSWORD}):")
        for account in accounts:
            label = account.role or f"organization {account.organization_role}"
            note = f" - {account.note}" if account.note else ""
            self.stdout.write(f"  {account.email:<28} {label}{note}")
