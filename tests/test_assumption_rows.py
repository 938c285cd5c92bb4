"""``immplay.cloud.assumption_rows()``: the assumptions table in the language the reader asked for.

``ASSUMPTIONS`` stays English (the README and the English course print it); the rows in English must
be that table exactly, and in Chinese each row must be written in Chinese, topic included, in the
table's order.
"""

from __future__ import annotations

import re

from immplay.cloud import ASSUMPTIONS, assumption_rows
from immplay.language import using_language
from immplay.messages import text
from immplay.policy.arn import chain_label

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_the_english_rows_are_the_assumptions_table_exactly():
    assert assumption_rows() == ASSUMPTIONS
    assert assumption_rows("en") == ASSUMPTIONS


def test_every_row_is_written_in_chinese_in_the_tables_order():
    with using_language("zh-CN"):
        chinese = assumption_rows()
    assert chinese == assumption_rows("zh-CN")
    assert len(chinese) == len(ASSUMPTIONS)
    for (topic, behaviour, basis), english in zip(chinese, ASSUMPTIONS, strict=True):
        assert all(HAN.search(part) for part in (topic, behaviour, basis)), english[0]
    assert chinese[0] == ("IMM 鉴权失败的错误码",
                          'HTTP 403，错误码 "Forbidden.RAM"，错误信息 "User not authorized to operate on the '
                          'specified APIs."',
                          "文档写明了错误信息，但没有写错误码（Forbidden.RAM 和 NoPermission 都有可能）")


def test_the_explanations_assumption_marker_names_the_tables_topic_in_both_languages():
    project = "acs:imm:cn-shanghai:1:project/p"
    assert chain_label(project + "/dataset/d", project).endswith("[Assumed — IMM resource hierarchy]")
    with using_language("zh-CN"):
        marker = chain_label(project + "/dataset/d", project)
    assert marker.endswith(f"[假设 — {text('assumptions.imm-resource-hierarchy', language='zh-CN')}]")
