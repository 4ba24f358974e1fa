import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from healthkpi.base.text import clean, header_keys, loose_key, unit_key


def test_clean_normalises_form_and_invisible_characters() -> None:
    nfd = unicodedata.normalize("NFD", "Thọ Xuân")
    assert clean(f"\u200b {nfd}\u00a0\n ") == "Thọ Xuân"
    assert unicodedata.is_normalized("NFC", clean(nfd))


def test_unit_key_ignores_case_spacing_form_and_tone_placement() -> None:
    assert unit_key("Hoằng Hóa") == unit_key("HOẰNG  HOÁ")
    assert unit_key("Cẩm Thủy") == unit_key("cẩm thuỷ")
    assert unit_key(unicodedata.normalize("NFD", "Thiệu Hóa")) == unit_key("Thiệu Hoá")


def test_unit_key_keeps_accents_that_tell_places_apart() -> None:
    assert unit_key("Tân Hòa") != unit_key("Tân Hóa")
    assert unit_key("Cộng") != unit_key("Công")


def test_loose_key_folds_all_diacritics() -> None:
    assert loose_key("Số bác sỹ") == "so bac sy"
    assert loose_key("Đơn vị") == "don vi"
    assert loose_key("Dân số\ntrung bình") == "dan so trung binh"


def test_header_keys_drop_trailing_units_and_marks() -> None:
    assert "dan so trung binh" in [k.loose for k in header_keys("Dân số trung bình\n(người)")]
    assert "so giuong benh" in [k.loose for k in header_keys("Số giường bệnh (*):")]


def test_header_keys_match_without_accents_only_when_typed_without_them() -> None:
    [dan_so] = header_keys("Dân số")
    assert header_keys("DAN SO")[0].matches(dan_so)  # typed without accents
    assert header_keys("Dân  Số")[0].matches(dan_so)
    assert header_keys("Thuỷ")[0].matches(header_keys("Thủy")[0])  # tone placement
    assert not header_keys("Năm")[0].matches(header_keys("Nam")[0])  # year is not male


# Both standard spellings of a syllable-final i/y after a consonant (and after "qu").
I_Y_PAIRS = [
    ("Số bác sĩ", "Số bác sỹ"),
    ("Kĩ thuật viên", "KỸ THUẬT VIÊN"),
    ("Lí do", "lý do"),
    ("Quí 1", "Quý 1"),
    ("Mĩ Đức", "Mỹ Đức"),
    ("hi sinh", "hy sinh"),
    ("Công ti", "công ty"),
    ("Qui Nhơn", "Quy Nhơn"),
    ("Kì Anh", "Kỳ Anh"),
]
# y and i that are not interchangeable: after a vowel, alone, opening a syllable, after two consonants.
I_Y_DISTINCT = [
    ("tay", "tai"),
    ("Tuy Phước", "Tui Phước"),
    ("Thủy", "Thủi"),
    ("hay", "hai"),
    ("Y tế", "I tế"),
    ("Yên Định", "Iên Định"),
    ("Thy", "Thi"),
    ("bày", "bài"),
    ("Huy", "Hui"),
]


def test_a_final_i_or_y_after_a_consonant_is_one_spelling_in_unit_and_header_keys() -> None:
    for one, other in I_Y_PAIRS:
        assert unit_key(one) == unit_key(other), (one, other)
        assert header_keys(one)[0].matches(header_keys(other)[0]), (one, other)
        assert header_keys(other)[0].matches(header_keys(one)[0]), (one, other)


def test_y_and_i_that_are_different_sounds_stay_apart() -> None:
    for one, other in I_Y_DISTINCT:
        assert unit_key(one) != unit_key(other), (one, other)
        assert not header_keys(one)[0].matches(header_keys(other)[0]), (one, other)
    assert unit_key("Mỹ Đức") != unit_key("Mỵ Đức")  # the tone still counts
    assert unit_key("Kỳ Sơn") != unit_key("Kỷ Sơn")


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.one_of(st.sampled_from("aAăÂđĐêÊôơưyỳỹ Σς\u0300\u0301\u0303\u0309\u0323\t\n"), st.characters()))
)
def test_the_loose_key_made_word_by_word_is_the_whole_texts(text: str) -> None:
    from healthkpi.base.text import strip_accents

    assert loose_key(text) == strip_accents(clean(text)).casefold()
