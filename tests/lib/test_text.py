from dondoc.lib.text import fold


def test_it_folds_diacritics_case_and_spaces():
    assert fold("Sở  Nội vụ") == "so noi vu"
    assert fold("ĐÔN ĐỐC") == "don doc"
    assert fold("Ủy ban") == fold("Uỷ ban") == "uy ban"
    assert fold("") == "" and fold(None) == ""
