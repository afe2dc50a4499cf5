"""Terminal columns with Chinese in them."""

from __future__ import annotations

from salescoach import columns


def test_a_han_character_takes_two_cells_and_padding_counts_them():
    assert columns.width("牙醫診所") == 8 and columns.width("clinic") == 6
    assert columns.width("（B2B）") == 7
    assert columns.ljust("诊所", 6) == "诊所  " and columns.rjust("诊所", 6) == "  诊所"
    assert columns.ljust("too long", 3) == "too long"
