"""Who may see and who may act: Airflow's login guards every page, a read-only user sees everything but no action
and is refused 403 whatever they send, and an action needs the session's CSRF token and this site as its origin."""

from __future__ import annotations

from erplink.ui.app import URL_PREFIX
from tests.erplink.ui.conftest import ORIGIN, TENANT, Page

RECORDS = f"{URL_PREFIX}/t/{TENANT}"
REPLAY = f"{RECORDS}/replay"


def _replay_form(token: str, *keys: str) -> dict[str, object]:
    return {"csrf_token": token, "scope": "selected", "key": list(keys)}


def test_a_visitor_who_is_not_logged_in_is_sent_to_airflows_login_page_and_comes_back(page: Page) -> None:
    for path in (f"{URL_PREFIX}/", RECORDS, f"{RECORDS}/records/order/11", f"{RECORDS}/webhooks"):
        response = page.as_user(None).get(path, params={"q": "x"})
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/auth/login?next=")
        assert "erplink-ui" in response.headers["location"]


def test_a_token_that_does_not_verify_counts_as_not_logged_in(page: Page) -> None:
    client = page.as_user(None)
    client.cookies.set("_token", page.tokens["editor"][:-4] + "AAAA")
    assert client.get(RECORDS).status_code == 303
    assert client.post(REPLAY, data={"scope": "selected", "key": "order/11"}).status_code == 401
    assert page.airflow.triggered == []


def test_a_read_only_user_sees_the_records_and_reasons_but_no_action(page: Page) -> None:
    listing = page.as_user("viewer").get(RECORDS)
    assert listing.status_code == 200
    assert "unknown SKU HOODIE" in listing.text and "signed in as viewer" in listing.text
    assert "Replay" not in listing.text and 'type="checkbox" name="key"' not in listing.text
    record = page.as_user("viewer").get(f"{RECORDS}/records/order/11")
    assert record.status_code == 200 and "Replay" not in record.text


def test_a_forged_replay_from_a_read_only_user_is_refused_with_403_and_changes_nothing(page: Page) -> None:
    token = page.csrf("viewer")  # even with the session's own token and this site as origin
    trail_before = page.ledger.audit(page.ledger.get(_order(11)).key)
    for form in (_replay_form(token, "order/11"), {"csrf_token": token, "scope": "matching", "f": "1"}, {}):
        response = page.client.post(REPLAY, data=form, headers={"Origin": ORIGIN})
        assert response.status_code == 403, form
    assert page.airflow.triggered == []
    assert page.ledger.audit(_order(11)) == trail_before


def test_an_editor_sees_the_actions_and_may_replay(page: Page) -> None:
    listing = page.as_user("editor").get(RECORDS)
    assert "Replay selected" in listing.text and 'value="order/11"' in listing.text
    token = page.client.cookies["erplink_csrf"]
    response = page.client.post(REPLAY, data=_replay_form(token, "order/11"), headers={"Origin": ORIGIN})
    assert response.status_code == 200, response.text
    assert [conf["source_ids"] for conf, _ in page.airflow.triggered] == [["11"]]


def test_an_action_without_the_sessions_token_or_from_another_site_is_refused(page: Page) -> None:
    token = page.csrf("editor")
    refused = {
        "no token": (_replay_form("", "order/11"), {"Origin": ORIGIN}),
        "another token": (_replay_form("x" * 43, "order/11"), {"Origin": ORIGIN}),
        "another site": (_replay_form(token, "order/11"), {"Origin": "https://evil.example"}),
        "another site, by referer": (_replay_form(token, "order/11"), {"Referer": "https://evil.example/page"}),
        "no origin at all": (_replay_form(token, "order/11"), {}),
    }
    for case, (form, headers) in refused.items():
        response = page.client.post(REPLAY, data=form, headers=headers)
        assert response.status_code == 403, case
        assert "Refused" in response.text, case
    assert page.airflow.triggered == []
    same_site_referer = page.client.post(REPLAY, data=_replay_form(token, "order/11"),
                                         headers={"Referer": f"{ORIGIN}{RECORDS}"})
    assert same_site_referer.status_code == 200


def _order(number: int):
    from tests.erplink.ui.conftest import key

    return key("order", number)
