"""JSON syntax errors are told in plain words, whole, at the line and position the editor shows."""

from __future__ import annotations

import pytest

from immplay import Policy, PolicyError

HEAD = '{"Version": "1", "Statement": [{"Effect": "Allow", '


def _problem(text: str):
    with pytest.raises(PolicyError) as info:
        Policy.parse(text)
    problem = info.value.problems[0]
    assert problem.code == "InvalidJSON"
    return problem


def test_deleted_closing_quote_says_which_text_runs_on_and_points_at_the_line_end():
    text = HEAD + '\n"Action": "imm:ListProjects,\n"Resource": "*"}]}'
    problem = _problem(text)
    assert problem.message == ('invalid JSON: a closing quote is missing: the text "imm:ListProjects," '
                               "runs on to the end of line 2")
    assert (problem.line, problem.column) == (2, len('"Action": "imm:ListProjects,') + 1)


def test_deleted_opening_quote_names_the_whole_unquoted_value():
    problem = _problem(HEAD + '"Action": imm:ListProjects", "Resource": "*"}]}')
    assert problem.message == ("invalid JSON: a quote is missing before imm:ListProjects: text values are "
                               "written in double quotes")
    assert problem.column == len(HEAD + '"Action": ') + 1


def test_unquoted_element_name_is_named_without_its_colon():
    problem = _problem(HEAD + 'Action: "x"}]}')
    assert "a quote is missing before Action: element names are written in double quotes" in problem.message


@pytest.mark.parametrize("tail, closer", [('"Action": ["a",], "Resource": "*"}]}', "]"),
                                          ('"Action": "a", "Resource": "*",}]}', "}")])
def test_trailing_comma_is_called_one_comma_too_many(tail, closer):
    assert _problem(HEAD + tail).message == (f"invalid JSON: one comma too many before {closer}: JSON allows "
                                            "no comma after the last item")


def test_missing_comma_names_the_text_it_is_missing_before():
    assert _problem(HEAD + '"Action": "a" "Resource": "*"}]}').message.endswith(
        'a comma (or a closing ] or }) is missing before "Resource"')


def test_unclosed_brackets_at_the_end_say_the_policy_ends_too_early():
    assert "the policy ends too early: a closing } or ] is missing at the end" in _problem(HEAD).message


def test_missing_colon_single_quotes_extra_text_and_empty_text_each_get_a_sentence():
    assert "a colon is missing before \"1\"" in _problem('{"Version" "1"}').message
    assert "not single quotes" in _problem("{'Version': '1'}").message
    assert "more text after the policy's closing }" in _problem('{"Version": "1"}}').message
    assert "the policy is empty" in _problem("  ").message


def test_no_message_keeps_pythons_jargon():
    texts = [HEAD + '"Action": "x\\q"}]}', HEAD + '"Action": "x', '{"Version": 1,', "[1 2]"]
    for text in texts:
        message = _problem(text).message
        assert not any(word in message for word in ("Expecting", "delimiter", "control character", "char ")), message
