"""The engine speaks Simplified Chinese when asked, with the same codes, places and verdicts as English.

Every comparison runs the same input twice, once in each language, and compares what a user sees:
the codes, JSON pointers, lines and columns must be equal; the English text must be today's (the
other tests pin it); the Chinese text must contain Chinese and keep the policy's own words (actions,
ARNs, condition keys) as they are. The language is the one current when a message is produced, so
two calls in two languages never share a text through a cache.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from immplay import Policy, PolicyError, Request, evaluate, lint
from immplay.catalog import RequestSpecError, build_request
from immplay.cloud import ApiCall, Cloud, CloudError
from immplay.language import using_language
from immplay.lint import Finding

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "policy" / "corpus"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _course_documents() -> list[tuple[str, object]]:
    """The policies a trainee meets: the corpus, the exercises' starting and solution policies, the
    playground's example menu and the policies-as-code example (ids name the file)."""
    found: list[tuple[str, object]] = []
    for path in sorted(CORPUS.glob("*.json")):
        found.append((f"corpus/{path.name}", path.read_text(encoding="utf-8")))
    for path in sorted((REPO / "immplay" / "course" / "exercises").glob("*.json")):
        found.append((f"exercise-start/{path.name}", json.loads(path.read_text(encoding="utf-8"))["start"]))
    for path in sorted((REPO / "immplay" / "course" / "solutions").glob("*.json")):
        found.append((f"solution/{path.name}", path.read_text(encoding="utf-8")))
    for path in sorted((REPO / "immplay" / "widgets" / "examples").glob("*.json")):
        found.append((f"playground-example/{path.name}", json.loads(path.read_text(encoding="utf-8"))["document"]))
    for path in sorted((REPO / "examples" / "policies-as-code").rglob("*.json")):
        found.append((f"policies-as-code/{path.relative_to(REPO / 'examples' / 'policies-as-code')}",
                      path.read_text(encoding="utf-8")))
    return found


DOCUMENTS = _course_documents()


def _kind(document: object) -> str:
    """A document whose statements name a Principal is a trust policy; the others identity policies."""
    text = document if isinstance(document, str) else json.dumps(document)
    return "trust" if '"Principal"' in text else "identity"


def _place(f: Finding) -> tuple:
    return f.severity, f.code, f.path, f.line, f.column


@pytest.mark.parametrize(("name", "document"), DOCUMENTS, ids=[n for n, _ in DOCUMENTS])
def test_lint_of_the_course_policies_gives_the_same_findings_in_chinese(name, document):
    kind = _kind(document)
    english = lint(document, kind=kind)
    with using_language("zh-CN"):
        chinese = lint(document, kind=kind)
    assert [_place(f) for f in chinese] == [_place(f) for f in english]
    for en, zh in zip(english, chinese, strict=True):
        assert HAN.search(zh.message), f"{name}: {zh.code} has no Chinese text: {zh.message!r}"
        assert not HAN.search(en.message), f"{name}: {en.code} is not English: {en.message!r}"


def test_the_course_policies_and_the_cases_below_raise_every_lint_code_in_chinese():
    """Every code lint has (read from its source) appears in some finding here, written in Chinese."""
    lint_source = (REPO / "immplay" / "lint.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'f\.add\("[a-z-]+", "([a-z-]+)"', lint_source))
    extra = [  # one document per code the course policies do not show
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:NoSuch*", "Resource": "*"}]},
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:listprojects", "Resource": "*"}]},
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:GetProject",
                                        "Resource": ["imm:project/p", "acs:imm:cn-shanghai", "acs::cn-x:1:a",
                                                     "acs:imm:cn-shanghai:1509100000000000:projects/p",
                                                     "acs:imm:cn-shanghai:1509100000000000:bucket/b",
                                                     "acs:imm::1509100000000000:project/p",
                                                     "acs:imm:cn-shanghai::project/p",
                                                     "acs:imm:cn-shangai:150910xxxxxxxxxx:project/p"]}]},
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["imm:ListProjects", "imm:GetDataset"],
                                        "Resource": "acs:imm:*:1509100000000000:project/p"}]},
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:Get*",
                                        "Resource": "acs:ecs:*:*:instance/i"}]},
        {"Version": "1", "Statement": [{"Effect": "Allow", "NotAction": "ram:*", "Resource": "*"}]},
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:PassRole", "Resource": "*"}]},
        {"Version": "1", "Statement": [{"Effect": "Deny", "Action": "imm:Delete*", "Resource": "*", "Condition": {
            "ForAllValues:StringEquals": {"acs:Tags": ["a"]}, "Bool": {"acs:MFAPresent": "false"},
            "IpAddress": {"acs:sourceip": "10.0.0.0/8"}, "StringEquals": {"acs:NoSuchKey": "x"}}}]},
        {"Version": "1", "Statement": [
            {"Effect": "Deny", "Action": "imm:*", "Resource": "*"},
            {"Effect": "Allow", "Action": "imm:GetProject", "Resource": "*"},
            {"Effect": "Deny", "Action": "imm:DeleteProject", "Resource": "*"}]},
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:GetProject",
                                        "NotResource": "acs:imm:*:*:project/secret"}]},
    ]
    trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:GetCallerIdentity",
                                            "Principal": {"RAM": ["acs:ram::123:root"]}}]}
    seen: dict[str, str] = {}
    with using_language("zh-CN"):
        for document in [doc for _, doc in DOCUMENTS] + extra + [trust]:
            for finding in lint(document, kind=_kind(document)):
                seen.setdefault(finding.code, finding.message)
    missing = codes - set(seen)
    assert not missing, f"no Chinese finding seen for {sorted(missing)}"
    for code in codes:
        assert HAN.search(seen[code]), f"{code}: {seen[code]!r}"


def test_a_finding_is_framed_in_the_language_it_is_printed_in():
    finding = lint('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:ListProject", '
                   '"Resource": "*"}]}')[0]
    assert str(finding).startswith("line 1, column 62: error: ")
    with using_language("zh-CN"):
        assert str(finding).startswith("第 1 行第 62 列：error：")
    assert tuple(finding) == (finding.severity, finding.code, finding.message, finding.path, finding.line,
                              finding.column)


# --- parse and validation problems ----------------------------------------------------------------

BROKEN_JSON = [  # one text per way a JSON error is told (immplay/policy/json_errors.py)
    "",
    '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:List*,\n "Resource": "*"}]}',
    '{"Version": "1", "Statement": [',
    '{"Version": "1", "Statement": [{"Effect": "Allow",}]}',
    '{"Version": "1", "Statement": [1,]}',
    "{\"Version\": '1'}",
    '{"Version": }',
    '{"Version": "1", "Statement": [{"Effect": Allow}]}',
    "{'Version': \"1\"}",
    '{Version: "1"}',
    '{"Version": "1" "Statement": []}',
    '{"Version" "1"}',
    '{"Version": "1"}}',
    '{"Version": "1\\q"}',
]

BROKEN_GRAMMAR = [  # one document per problem code the grammar and Policy.parse report
    [],
    {"Statement": [], "Sid": 1},
    {"Version": 1, "Statement": {"Effect": "allow"}},
    {"Version": "1", "Statement": "x"},
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:Get*", "NotAction": "x", "Resource": "*",
                                    "NotResource": "y", "Principal": {}, "Sid": "s", "Efect": 1}]},
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": [], "Resource": [" acs:imm:*:*:project/p", 3, ""]}]},
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm ListProjects"}]},
    {"Version": "1", "Statement": [5, {"Effect": "Deny"}]},
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*", "Condition": {
        "StringEqualsIfExists": {"a": "b"}, "Null": {"a": "b"}, "StringEqual": {"a": "b"},
        "ForAllValue:StringEquals": {"a": "b"}, "Foo:StringEquals": {"a": "b"}, "IpAddress": {"acs:SourceIp": "x"},
        "DateLessThan": {"acs:CurrentTime": []}, "Bool": {" ": "true", "acs:SecureTransport": [None, " "]},
        "StringLike": "x"}}]},
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:*", "Resource": "*", "Condition": 3}]},
]

BROKEN_TRUST = [
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]},
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {
        "Ram": ["x"], "RAM": ["acs:ram::*:root", "alice"], "Service": 3}}]},
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": []}]},
]


def _problems(source, kind="identity") -> list:
    with pytest.raises(PolicyError) as caught:
        Policy.parse(source, name="p", kind=kind)
    return caught.value.problems


def _both(source, kind="identity"):
    english = _problems(source, kind)
    with using_language("zh-CN"):
        chinese = _problems(source, kind)
    return english, chinese


@pytest.mark.parametrize("source", BROKEN_JSON + BROKEN_GRAMMAR + [("trust", d) for d in BROKEN_TRUST],
                         ids=lambda s: json.dumps(s)[:60])
def test_every_parse_problem_is_told_in_chinese_at_the_same_place(source):
    kind, document = source if isinstance(source, tuple) else ("identity", source)
    english, chinese = _both(document, kind)
    assert [(p.code, p.path, p.line, p.column) for p in chinese] == [(p.code, p.path, p.line, p.column)
                                                                     for p in english]
    for en, zh in zip(english, chinese, strict=True):
        assert HAN.search(zh.message), zh
        assert not HAN.search(en.message), en


def test_each_way_a_json_error_is_told_has_its_own_chinese_sentence():
    chinese = []
    with using_language("zh-CN"):
        for text in BROKEN_JSON:
            (problem,) = _problems(text)
            assert problem.code == "InvalidJSON" and problem.message.startswith("JSON 无效：")
            chinese.append(problem.message)
    assert len(set(chinese)) == len(chinese)


def test_a_missing_quote_in_chinese_names_the_text_and_the_line_as_english_does():
    text = '{"Version": "1",\n "Statement": [{"Effect": "Allow", "Action": "imm:List*,\n "Resource": "*"}]}'
    english, chinese = _both(text)
    assert english[0].message == ('invalid JSON: a closing quote is missing: the text "imm:List*," runs on to the '
                                  "end of line 2")
    assert chinese[0].message == 'JSON 无效：缺少右引号：文本 "imm:List*," 一直延续到第 2 行末尾'
    assert (chinese[0].line, chinese[0].column) == (english[0].line, english[0].column) == (2, 57)


def test_policy_error_text_names_line_and_column_in_chinese():
    text = '{\n  "Version": "1",\n  "Statement": [{"Effect": "allow", "Action": "imm:*", "Resource": "*"}]\n}'
    with using_language("zh-CN"):
        with pytest.raises(PolicyError) as caught:
            Policy.parse(text, name="读者")
    assert str(caught.value) == (
        "权限策略 '读者' 无效（1 个问题）：\n"
        '  第 3 行第 28 列（位置 /Statement/0/Effect）：Effect 必须正好是 "Allow" 或 "Deny"（区分大小写），'
        '而不是 "allow" [InvalidEffect]')


def test_did_you_mean_in_chinese_keeps_the_names_as_written():
    english, chinese = _both({"Version": "1", "Statement": [{"Efect": "Allow", "Action": "imm:*", "Resource": "*"}]})
    unknown = [p for p in chinese if p.code == "UnknownElement"][0]
    assert '（是不是想写 "Effect"？）' in unknown.message
    assert ' (did you mean "Effect"?)' in [p for p in english if p.code == "UnknownElement"][0].message


# --- decisions and explanations -------------------------------------------------------------------

READ_P = Policy.parse('{"Version": "1", "Statement": [\n'
                      '  {"Effect": "Allow", "Action": "imm:Get*", "Resource": "acs:imm:*:1:project/p"},\n'
                      '  {"Effect": "Deny", "Action": "imm:GetDataset", "Resource": "acs:imm:*:1:project/p/dataset/secret"},\n'
                      '  {"Effect": "Allow", "Action": "imm:ListProjects", "Resource": "*",\n'
                      '   "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}]}', name="read-p")
DATASET = "acs:imm:cn-shanghai:1:project/p/dataset/d"


def test_why_in_chinese_for_an_allow_through_the_project():
    decision = evaluate(Request("imm:GetDataset", DATASET), [READ_P])
    assert decision.why() == "allowed by read-p, statement at line 2 (Allow), through its project's ARN"
    with using_language("zh-CN"):
        assert decision.why() == "由 read-p 中第 2 行的策略语句（Allow）（通过其所属项目的 ARN）允许"


def test_why_in_chinese_for_an_explicit_deny():
    decision = evaluate(Request("imm:GetDataset", "acs:imm:cn-shanghai:1:project/p/dataset/secret"), [READ_P])
    assert decision.why() == "denied explicitly by read-p, statement at line 3 (Deny)"
    with using_language("zh-CN"):
        assert decision.why() == "被 read-p 中第 3 行的策略语句（Deny）显式拒绝"


def test_why_in_chinese_for_an_implicit_deny_names_the_nearest_allow():
    decision = evaluate(Request("imm:GetProject", "acs:imm:cn-shanghai:1:project/q"), [READ_P])
    assert decision.why() == "read-p, statement at line 2 (Allow) matches the Action, not the Resource"
    with using_language("zh-CN"):
        assert decision.why() == "read-p 中第 2 行的策略语句（Allow）匹配 Action，但不匹配 Resource"


def test_why_in_chinese_for_an_implicit_deny_by_a_condition_keeps_the_key_and_values():
    decision = evaluate(Request("imm:ListProjects", "*", {"acs:SourceIp": "192.0.2.1"}), [READ_P])
    with using_language("zh-CN"):
        why = decision.why()
    assert why == ('read-p 中第 4 行的策略语句（Allow）匹配，但其 Condition 不成立：IpAddress acs:SourceIp 应为 '
                   '["10.0.0.0/8"] 之一：实际为 "192.0.2.1" -> 不成立')


def test_a_policy_given_as_a_dict_numbers_its_statements_in_chinese():
    policy = Policy.parse({"Version": "1", "Statement": [
        {"Effect": "Deny", "Action": "imm:Delete*", "Resource": "*"},
        {"Effect": "Allow", "Action": "imm:*", "Resource": "*"}]}, name="guard")
    decision = evaluate(Request("imm:GetProject", "*"), [policy])
    with using_language("zh-CN"):
        assert decision.why() == "由 guard 中第 2 条策略语句（Allow）允许"
    assert decision.why() == "allowed by guard, 2nd statement (Allow)"


def test_explain_in_chinese_has_the_same_shape_and_keeps_actions_arns_and_keys():
    decision = evaluate(Request("imm:ListProjects", "*"), [READ_P])
    english = decision.explain().splitlines()
    with using_language("zh-CN"):
        chinese = decision.explain().splitlines()
    assert chinese[0] == "判定结果：ImplicitDeny - 身份权限策略中没有策略语句允许该请求"
    assert "缺少的上下文：acs:SourceIp（请求中缺少的条件关键字，其条件为假）" in chinese
    assert english[0] == "Decision: ImplicitDeny - no statement in the identity policies allows it"
    top_level = [[line.split(":")[0].split("：")[0] for line in lines if not line.startswith(" ")]
                 for lines in (english, chinese)]
    assert top_level == [["Decision", "Why", "Request", "Rule", "Stage", "Missing context"],
                         ["判定结果", "原因", "请求", "规则", "阶段", "缺少的上下文"]]
    assert all(HAN.search(line) or line.strip().startswith(("acs:", "[")) for line in chinese), chinese


def test_switching_language_between_two_calls_gives_each_call_its_language():
    """Lint's caches and the decision's cached trace hold no text: each call writes in its own language."""
    document = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:ListProject", "Resource": "*"}]}'
    decision = evaluate(Request("imm:GetProject", "acs:imm:cn-shanghai:1:project/q"), [READ_P])
    said = []
    for language in ("en", "zh-CN", "en", "zh-CN"):
        with using_language(language):
            said.append((lint(document)[0].message, decision.why(), decision.explain()))
    assert said[0] == said[2] and said[1] == said[3] and said[0] != said[1]
    assert all(not HAN.search(part) for part in said[0]) and all(HAN.search(part) for part in said[1])


def test_request_spec_errors_in_chinese_name_the_same_option():
    for arguments in [{"action": "imn:GetTask"}, {"action": "GetProject"}, {"action": "imm:Get*"},
                      {"action": "ListProjects", "region": "cn-shangai"},
                      {"action": "ListProjects", "context": {"acs:SourceIp": "10.0.0.0/8"}},
                      {"action": "GetDataset", "project": "p", "dataset": "my dataset"}]:
        with pytest.raises(RequestSpecError) as english:
            build_request(**arguments)
        with using_language("zh-CN"), pytest.raises(RequestSpecError) as chinese:
            build_request(**arguments)
        assert chinese.value.option == english.value.option
        assert HAN.search(str(chinese.value)) and not HAN.search(str(english.value)), str(chinese.value)


def test_the_emulated_ram_answers_in_english_whatever_the_language():
    """The emulator imitates the real services' wire errors, which are English."""
    cloud = Cloud(seed=0)
    call = ApiCall("ram", "CreatePolicy", params={"PolicyName": "broken", "PolicyDocument": '{"Version": "1"'},
                   access_key_id=cloud.root_access_key[0])
    with using_language("zh-CN"), pytest.raises(CloudError) as caught:
        cloud.dispatch(call)
    assert caught.value.code == "MalformedPolicyDocument"
    assert not HAN.search(caught.value.message) and "line 1" in caught.value.message


def test_a_chinese_explanation_wraps_at_the_columns_a_terminal_shows():
    """A Chinese character takes two columns: long Chinese lines wrap by columns, as English ones by characters."""
    import unicodedata

    from immplay.policy.explanation import WIDTH

    def columns(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    long = Policy.parse({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:ListProjects",
                                                        "Resource": "*", "Condition": {"IpAddress": {
                                                            "acs:SourceIp": ["10.0.0.0/8", "192.168.0.0/16",
                                                                             "172.16.0.0/12"]}}}]},
                        name="office-network-only-for-the-media-team")
    decision = evaluate(Request("imm:ListProjects", "*"), [long])
    with using_language("zh-CN"):
        lines = decision.explain().splitlines()
    assert max(columns(line) for line in lines) <= WIDTH
    assert any(line.startswith("        ") for line in lines)  # a wrapped line continues indented


def test_the_imm_name_rule_reads_as_the_emulated_imm_states_it():
    from immplay.catalog.imm_arns import IMM_NAME_RULE
    from immplay.messages import text

    assert text("request.imm-name-rule", language="en") == IMM_NAME_RULE
