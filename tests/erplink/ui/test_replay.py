"""Replay from the page queues exactly the records chosen — one, a selection, or every record matching the
filter — as one replay run per entity with exactly their source ids and statuses, shows the run's link, and writes
the request into each record's audit trail with the user's name and the run."""

from __future__ import annotations

from erplink.ui.app import URL_PREFIX
from tests.erplink.ui.conftest import ORIGIN, TENANT, Page, key

REPLAY = f"{URL_PREFIX}/t/{TENANT}/replay"


def _post(page: Page, form: dict[str, object]) -> str:
    token = page.csrf("editor")
    response = page.client.post(REPLAY, data={"csrf_token": token, **form}, headers={"Origin": ORIGIN})
    assert response.status_code == 200, response.text
    return response.text


def test_replaying_one_record_starts_one_run_for_it_and_notes_who_asked(page: Page) -> None:
    html = _post(page, {"scope": "selected", "key": "order/11"})
    [(conf, user)] = page.airflow.triggered
    assert conf == {"tenant": TENANT, "entity": "order", "source_ids": ["11"], "statuses": ["quarantined"],
                    "since": None, "until": None, "dry_run": False}
    assert user == "editor"
    assert 'href="/dags/erplink__replay/runs/erplink_page__run1"' in html
    last = page.ledger.audit(key("order", 11))[-1]
    assert (last.action, last.worker, last.run_id) == ("replay_requested", "erplink page: editor", "erplink_page__run1")
    assert page.ledger.get(key("order", 11)).status == "quarantined"  # the run takes it, not the page


def test_a_selection_across_entities_starts_one_run_per_entity_and_leaves_what_cannot_be_replayed(page: Page) -> None:
    html = _post(page, {"scope": "selected",
                        "key": ["order/12", "order/21", "refund/2-92", "order/3", "catalog_sku/HOODIE-1", "order/404"]})
    runs = {conf["entity"]: (conf["source_ids"], conf["statuses"]) for conf, _ in page.airflow.triggered}
    assert runs == {"order": (["12", "21"], ["failed", "quarantined"]), "refund": (["2-92"], ["quarantined"])}
    assert "order/3" in html and "it is done: nothing to replay" in html
    assert "does not replay catalog_sku records" in html and "not in the ledger" in html
    assert page.ledger.audit(key("order", 3))[-1].action != "replay_requested"


def test_replaying_everything_matching_the_filter_queues_exactly_the_matching_records(page: Page) -> None:
    _post(page, {"scope": "matching", "f": "1", "entity": "order", "status": "quarantined", "q": "HOODIE-0"})
    [(conf, _)] = page.airflow.triggered
    assert sorted(conf["source_ids"], key=int) == [str(n) for n in range(12, 21, 2)]
    for number in range(11, 21):
        noted = page.ledger.audit(key("order", number))[-1].action == "replay_requested"
        assert noted == (number % 2 == 0), number
