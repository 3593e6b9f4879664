"""The `externalRef` filter answers from an index that can never give a wrong answer, however documents are stored."""

from __future__ import annotations

from sandbox.qad.tenant import ReferencedDocuments


def _doc(number: str, reference: str | None) -> dict[str, object]:
    return {"orderNumber": number, "externalRef": reference}


def test_documents_are_found_by_reference_however_they_were_stored() -> None:
    docs = ReferencedDocuments({"SO1": _doc("SO1", "WC-a-1")})
    docs["SO2"] = _doc("SO2", "WC-a-2")
    docs.update(SO3=_doc("SO3", "WC-a-3"))
    docs.setdefault("SO4", _doc("SO4", "WC-a-2"))  # a second document with a reference already used
    assert [d["orderNumber"] for d in docs.with_reference("WC-a-1")] == ["SO1"]
    assert [d["orderNumber"] for d in docs.with_reference("WC-a-2")] == ["SO2", "SO4"]
    assert [d["orderNumber"] for d in docs.with_reference("WC-a-3")] == ["SO3"]
    assert docs.with_reference("WC-a-9") == []


def test_replaced_and_removed_documents_are_not_answered_under_their_old_reference() -> None:
    docs = ReferencedDocuments()
    docs["SO1"] = _doc("SO1", "WC-a-1")
    docs["SO1"] = _doc("SO1", "WC-a-7")
    docs["SO2"] = _doc("SO2", "WC-a-2")
    del docs["SO2"]
    assert docs.with_reference("WC-a-1") == []
    assert [d["orderNumber"] for d in docs.with_reference("WC-a-7")] == ["SO1"]
    assert docs.with_reference("WC-a-2") == []
