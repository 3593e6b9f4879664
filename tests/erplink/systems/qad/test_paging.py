"""QAD browses: `HasMoreParams` as text; QAD's filter syntax."""

import pytest

from erplink.systems.qad.paging import browse_filter, has_more


@pytest.mark.parametrize("flag, more", [("true", True), ("TRUE", True), (True, True), ("false", False), (None, False)])
def test_has_more_reads_qads_text_flag(flag, more):
    assert has_more({"auxillaryData": {"HasMoreParams": flag}}) is more


def test_filters_are_written_in_qads_syntax_and_a_comma_or_unknown_operator_is_refused():
    assert browse_filter("so_mstr.so_po", "eq", "WC-shop-1042") == "so_mstr.so_po,eq,WC-shop-1042,literal"
    with pytest.raises(ValueError, match="comma"):
        browse_filter("ad_mstr.ad_email", "eq", "a,b@example.org")
    with pytest.raises(ValueError, match="operator"):
        browse_filter("pt_mstr.pt_part", "like", "X")
