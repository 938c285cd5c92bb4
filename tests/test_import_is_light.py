"""``import immplay`` stays light: no HTTP, SDK, widget or test library until a heavy name is used.

Each check runs in a fresh interpreter, since this test process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("responses", "requests", "urllib3", "ipywidgets", "traitlets", "IPython", "aliyunsdkcore",
         "alibabacloud_tea_openapi", "alibabacloud_credentials", "moto", "boto3", "hypothesis", "pytest", "yaml")


def fresh_python(code: str) -> dict:
    """Run ``code`` in a new interpreter; it prints one JSON value, returned here."""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


LOADED = """
import json, sys
{imports}
heavy = {heavy!r}
print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set(heavy))))
"""


def test_import_immplay_loads_no_sdk_http_widget_or_test_library():
    assert fresh_python(LOADED.format(imports="import immplay", heavy=HEAVY)) == []


def test_import_immplay_does_not_load_the_emulator_or_the_widgets():
    loaded = fresh_python("import json, sys, immplay; print(json.dumps(sorted(m for m in sys.modules "
                          "if m.startswith('immplay.'))))")
    assert not [m for m in loaded if m.startswith(("immplay.cloud", "immplay.stub", "immplay.widgets", "immplay.cli"))]


def test_linting_loads_no_heavy_library_either():
    code = LOADED.format(imports="import immplay\nimmplay.lint('{\"Version\": \"1\", \"Statement\": []}')",
                         heavy=HEAVY)
    assert fresh_python(code) == []


def test_lazy_attributes_resolve_to_the_real_objects():
    code = """
import json, immplay
from immplay.lint import Finding, lint
from immplay.stub.mock import mock_cloud
from immplay.stub.server import serve
from immplay.policy_tests import run_policy_tests
from immplay.access_diff import diff_access
print(json.dumps([immplay.mock_cloud is mock_cloud, immplay.serve is serve, immplay.Finding is Finding,
                  'lint' in dir(immplay), 'mock_cloud' in dir(immplay),
                  immplay.run_policy_tests is run_policy_tests, immplay.diff_access is diff_access]))
"""
    assert fresh_python(code) == [True, True, True, True, True, True, True]


def test_immplay_lint_is_the_lint_function_when_used_first():
    code = """
import json, immplay
findings = immplay.lint('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "imm:ListProject", "Resource": "*"}]}')
print(json.dumps([f.code for f in findings]))
"""
    assert fresh_python(code) == ["unknown-action"]


def test_immplay_lint_is_the_lint_function_even_after_its_module_was_imported():
    """A lazy ``lint`` was once shadowed by its own submodule after ``from immplay.lint import Finding``."""
    code = "import json, immplay\nfrom immplay.lint import Finding\nprint(json.dumps(callable(immplay.lint)))"
    assert fresh_python(code) is True


def test_an_unknown_attribute_is_an_attribute_error_naming_it():
    code = """
import json, immplay
try:
    immplay.no_such_thing
except AttributeError as err:
    print(json.dumps(str(err)))
"""
    assert "no_such_thing" in fresh_python(code)
