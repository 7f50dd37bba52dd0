"""Anchors survive a new version (issue 37): by text, with "the paragraph changed" when the text moved on."""
from webapp.comments.anchors import Place, locate, paragraphs


def test_paragraphs_split_at_blank_lines():
    assert paragraphs("## Item 1\r\n\r\nFirst.\nSame paragraph.\n\n\n \nSecond.") == [
        "## Item 1", "First.\nSame paragraph.", "Second."]


def test_an_inserted_paragraph_moves_the_anchor_with_its_text():
    before = ["Opening.", "The chair welcomed members.", "The plan was discussed."]
    after = ["Opening.", "The chair welcomed members.", "A new paragraph.", "The plan was discussed."]
    assert locate("The plan was discussed.", 2, after) == Place(3)
    assert locate(before[0], 0, after) == Place(0)


def test_an_edited_paragraph_is_found_and_marked_changed():
    after = ["Opening.", "The chair welcomed the members and the observers.", "Other business."]
    assert locate("The chair welcomed members.", 1, after) == Place(1, changed=True)


def test_a_paragraph_rewritten_beyond_recognition_is_gone():
    assert locate("The chair welcomed members.", 1, ["Opening.", "Budget: 4,000 cedis."]) == Place(None, True)


def test_a_repeated_paragraph_anchors_to_the_nearest_copy():
    assert locate("Agreed.", 3, ["Agreed.", "x", "y", "Agreed.", "z"]) == Place(3)


def test_a_comment_on_the_whole_text_has_no_paragraph():
    assert locate("", None, ["a"]) == Place(None)
