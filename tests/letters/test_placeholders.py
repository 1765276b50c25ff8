from letters.placeholders import (
    Segment,
    bracket_problems,
    fill,
    find_placeholders,
    segments,
)


def test_placeholders_are_distinct_in_order_of_first_appearance():
    text = "[Your name] wrote to [School name] for [Your name], on [Date]."
    assert find_placeholders(text) == ["Your name", "School name", "Date"]


def test_placeholder_spacing_does_not_make_a_second_field():
    assert find_placeholders("[Your  name] and [ Your name ]") == ["Your name"]


def test_only_the_innermost_of_nested_brackets_is_a_placeholder():
    assert find_placeholders("[Tell us [Child's name] more]") == ["Child's name"]


def test_unbalanced_brackets_make_no_placeholder():
    assert find_placeholders("[Your name\nSigned] and ] stray [") == []


def test_empty_and_overlong_brackets_are_not_placeholders():
    assert find_placeholders("[] [   ] [" + "x" * 201 + "]") == []


def test_balanced_text_has_no_bracket_problems():
    assert bracket_problems("Dear [Name],\n\n[Your story]\n[Your name]") == []


def test_bracket_problems_name_the_line_of_each_problem():
    problems = bracket_problems(
        "Dear [Name],\n[Your name\nSigned]\n[Tell us [more] please]\n[]"
    )
    assert problems[0].startswith("Line 2: “[” is never closed")
    assert problems[1].startswith("Line 3: “]” without a “[”")
    assert problems[2].startswith("Line 4: “[” opened inside another")
    assert problems[3].startswith("Line 4: “]” without a “[”")
    assert problems[4] == "Line 5: empty brackets “[]”."


def test_fill_replaces_every_occurrence_and_keeps_empty_ones():
    text = "[Your name], parent of [Child's name]. Signed, [Your name]"
    filled = fill(text, {"Your name": "Sam Lee", "Child's name": "  "})
    assert filled == "Sam Lee, parent of [Child's name]. Signed, Sam Lee"


def test_typed_brackets_are_not_filled_again():
    filled = fill("[A] and [B]", {"A": "[B]", "B": "two"})
    assert filled == "[B] and two"


def test_segments_tell_text_values_and_placeholders_apart():
    assert segments("Dear [Name], from [Me].", {"Name": "Ms. Ortiz"}) == [
        Segment("Dear ", "text"),
        Segment("Ms. Ortiz", "value"),
        Segment(", from ", "text"),
        Segment("[Me]", "placeholder"),
        Segment(".", "text"),
    ]


def test_fill_makes_windows_line_ends_plain_and_trims_the_letter():
    assert fill("\r\nDear [Name],\r\n\r\nThanks\r\n", {"Name": "Jo"}) == (
        "Dear Jo,\n\nThanks"
    )
