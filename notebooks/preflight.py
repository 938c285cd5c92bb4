"""The course's pre-flight check: is everything the notebooks use installed, and how to fix what is not.

Deliberately free of immplay imports (immplay itself is one of the things it checks), so it also
runs in a bare Python. Each check prints one line: ``ok`` or ``MISSING`` plus the command that
fixes it; a ``note`` line says what is optional. The output is the same on every machine where the
course was installed (`make setup`, `pip install -e '.[course]'`, `conda env create -f
environment.yml`, Binder): no versions or paths, which lets nbval compare it.

The report is in English (``run_checks()``) or in Simplified Chinese (``run_checks(language="zh-CN")``),
from the table ``WORDS`` below and the purposes in ``REQUIRED_MODULES``; it ends by pointing to the
course in the other language. ``zh-CN/preflight.py`` loads this file and reports in Chinese, so
``from preflight import run_checks`` works the same in both course folders.

Example:
    >>> from preflight import run_checks
    >>> run_checks()          # doctest: +SKIP
    ok       Python 3.10 or newer
    ...
    All set: every notebook of the course can run here.
    <BLANKLINE>
    This course is also in Simplified Chinese: notebooks/zh-CN/00-start.ipynb
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass

ENGLISH, CHINESE = "en", "zh-CN"

# Every sentence of the report, in both languages: the same keys, the same {fields}.
WORDS = {
    ENGLISH: {
        "ok": "ok       {what}",
        "missing": "MISSING  {what}\n         fix: {fix}",
        "fix-install": "run `make setup` in the repository (or: pip install -e '.[course]')",
        "import-failed": "{fix}  ({error})",
        "python": "Python 3.10 or newer",
        "python-fix": "this kernel runs Python {version}; install Python 3.11 and re-create the venv",
        "ipywidgets-8": "ipywidgets 8 (no lab extension build needed)",
        "ipywidgets-fix": "ipywidgets {version} is installed; {fix}",
        "variable-unset": "{name} is not set",
        "variable-fix": "unset {name} before starting Jupyter: the legacy SDK lets it override the key you pass",
        "in-browser": "running in your browser (JupyterLite): no server; mock_cloud works, immplay.serve does not",
        "lab-settings": ("note     JupyterLab's news and update pop-ups: `make setup` and Binder turn them off "
                         "(binder/overrides.json);\n         elsewhere they may appear, and the course works the same."),
        "problems": "\n{count} problem(s): fix them (commands above), restart the kernel, run this cell again.",
        "all-set": "\nAll set: every notebook of the course can run here.",
        "other-course": "\nThis course is also in Simplified Chinese: notebooks/zh-CN/00-start.ipynb",
    },
    CHINESE: {
        "ok": "正常     {what}",
        "missing": "缺失     {what}\n         修复方法：{fix}",
        "fix-install": "在代码仓库中运行 `make setup`（或：pip install -e '.[course]'）",
        "import-failed": "{fix}（导入失败：{error}）",
        "python": "Python 3.10 或更高版本",
        "python-fix": "这个内核运行的是 Python {version}；请安装 Python 3.11 并重新创建虚拟环境",
        "ipywidgets-8": "ipywidgets 8（无需构建 JupyterLab 扩展）",
        "ipywidgets-fix": "已安装的是 ipywidgets {version}；{fix}",
        "variable-unset": "未设置环境变量 {name}",
        "variable-fix": "启动 Jupyter 前请执行 unset {name}：旧版 SDK 会用它覆盖你传入的 AccessKey",
        "in-browser": "正在浏览器中运行（JupyterLite）：没有服务器；mock_cloud 可以使用，immplay.serve 不能使用",
        "lab-settings": ("说明     JupyterLab 的新闻和更新弹窗：`make setup` 和 Binder 会关闭它们"
                         "（binder/overrides.json）；\n         在其他环境中它们可能出现，课程照常运行。"),
        "problems": "\n发现 {count} 个问题：请按上面的命令修复，重启内核，然后再次运行这个单元格。",
        "all-set": "\n一切就绪：本课程的每个笔记本都可以在这里运行。",
        "other-course": "\n本课程也有英文版：../00-start.ipynb",
    },
}

# (module to import, what it is for, in each language) - the course needs all of them
REQUIRED_MODULES = (
    ("immplay", {ENGLISH: "the policy engine, the emulator and the widgets",
                 CHINESE: "策略引擎、模拟器和交互组件"}),
    ("ipywidgets", {ENGLISH: "the live widgets (PolicyPlayground, AccessMatrix, Exercise)",
                    CHINESE: "实时交互组件（PolicyPlayground、AccessMatrix、Exercise）"}),
    ("anywidget", {ENGLISH: "the widgets' code editor (CodeMirror, shipped inside immplay)",
                   CHINESE: "交互组件的代码编辑器（CodeMirror，随 immplay 提供）"}),
    ("responses", {ENGLISH: "mock_cloud intercepts the SDKs' HTTP calls with it",
                   CHINESE: "mock_cloud 用它拦截 SDK 的 HTTP 调用"}),
    ("pyotp", {ENGLISH: "TOTP codes for the virtual MFA device (notebook 03)",
               CHINESE: "虚拟 MFA 设备的 TOTP 验证码（笔记本 03）"}),
    ("alibabacloud_tea_openapi", {ENGLISH: "the new SDK family's Config and errors",
                                  CHINESE: "新版 SDK 的 Config 和错误类型"}),
    ("alibabacloud_ram20150501", {ENGLISH: "the new SDK family: RAM", CHINESE: "新版 SDK：RAM"}),
    ("alibabacloud_sts20150401", {ENGLISH: "the new SDK family: STS", CHINESE: "新版 SDK：STS"}),
    ("alibabacloud_imm20200930", {ENGLISH: "the new SDK family: IMM", CHINESE: "新版 SDK：IMM"}),
    ("aliyunsdkcore", {ENGLISH: "the legacy SDK core: AcsClient, StsTokenCredential (notebook 05)",
                       CHINESE: "旧版 SDK 核心库：AcsClient、StsTokenCredential（笔记本 05）"}),
    ("aliyunsdkram", {ENGLISH: "the legacy SDK: RAM requests", CHINESE: "旧版 SDK：RAM 请求"}),
    ("aliyunsdksts", {ENGLISH: "the legacy SDK: STS requests", CHINESE: "旧版 SDK：STS 请求"}),
    ("aliyunsdkimm", {ENGLISH: "the legacy SDK: IMM requests", CHINESE: "旧版 SDK：IMM 请求"}),
)


def words(key: str, language: str = ENGLISH, **fields: object) -> str:
    """One sentence of the report in `language` ("en" or "zh-CN"), its fields filled in."""
    if language not in WORDS:
        raise ValueError(f"the pre-flight check speaks {' and '.join(map(repr, WORDS))}, not {language!r}")
    return WORDS[language][key].format(**fields)


def in_language(purpose: str | dict[str, str], language: str) -> str:
    """A purpose given in one language (a string) or in several (a dict), in `language` (else English)."""
    if isinstance(purpose, dict):
        return purpose.get(language) or purpose[ENGLISH]
    return purpose


FIX_INSTALL = words("fix-install")

# Environment variables that change what the SDKs send: the legacy AcsClient lets ALIYUN_ACCESS_KEY_*
# override the key you pass it, and both families send HTTP(S)_PROXY even for loopback.
DISTURBING_VARIABLES = ("ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_ID",
                        "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN")



@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, whether it holds, and how to fix it if not."""

    what: str
    ok: bool
    fix: str = ""
    language: str = ENGLISH

    def line(self) -> str:
        if self.ok:
            return words("ok", self.language, what=self.what)
        return words("missing", self.language, what=self.what, fix=self.fix)


def python_check(language: str = ENGLISH) -> Check:
    return Check(words("python", language), sys.version_info >= (3, 10),
                 words("python-fix", language, version=sys.version.split()[0]), language)


def module_check(module: str, purpose: str | dict[str, str], language: str = ENGLISH) -> Check:
    what = f"{module}: {in_language(purpose, language)}"
    try:
        importlib.import_module(module)
    except Exception as error:  # noqa: BLE001 - any import failure is reported, never raised
        fix = words("import-failed", language, fix=words("fix-install", language),
                    error=f"{type(error).__name__}: {error}")
        return Check(what, False, fix, language)
    return Check(what, True, language=language)


def ipywidgets_version_check(language: str = ENGLISH) -> Check:
    what, fix = words("ipywidgets-8", language), words("fix-install", language)
    try:
        import ipywidgets
    except ImportError:
        return Check(what, False, fix, language)
    major = int(ipywidgets.__version__.split(".")[0])
    return Check(what, major == 8, words("ipywidgets-fix", language, version=ipywidgets.__version__, fix=fix),
                 language)


# A note, not a check: the course runs the same with or without the project's JupyterLab settings
# (binder/overrides.json turns off Lab's news and update pop-ups), so the line reads the same everywhere.
LAB_SETTINGS_NOTE = words("lab-settings")


def environment_checks(language: str = ENGLISH) -> list[Check]:
    """Variables that would make the legacy SDK send another key than the one the notebook uses."""
    present = [name for name in DISTURBING_VARIABLES if os.environ.get(name)]
    return [Check(words("variable-unset", language, name=name), False, words("variable-fix", language, name=name),
                  language)
            for name in present]


# --- In the browser (the JupyterLite site, `make lite`) ------------------------------------------------
def in_browser() -> bool:
    """True in the JupyterLite site: the kernel is Pyodide, inside the web page, with no server."""
    return sys.platform == "emscripten"


def browser_check(language: str = ENGLISH) -> Check:
    """In the browser the site carries its own Lab settings; say where we are and what does not run here."""
    return Check(words("in-browser", language), True, language=language)
# -------------------------------------------------------------------------------------------------------


def all_checks(language: str = ENGLISH) -> list[Check]:
    """Every check, its lines in `language`."""
    checks = [python_check(language)]
    checks += [module_check(module, purpose, language) for module, purpose in REQUIRED_MODULES]
    checks += [ipywidgets_version_check(language)] + ([browser_check(language)] if in_browser() else [])
    checks += environment_checks(language)
    return checks


def run_checks(language: str = ENGLISH) -> bool:
    """Print one line per check and a verdict in `language` ("en" or "zh-CN"), then where the course
    is in the other language; return True when the course can run."""
    words("ok", language, what="")  # an unknown language fails here, before any line is printed
    checks = all_checks(language)
    for check in checks:
        print(check.line())
    if not in_browser():  # the site carries its own Lab settings
        print(words("lab-settings", language))
    missing = [c for c in checks if not c.ok]
    if missing:
        print(words("problems", language, count=len(missing)))
    else:
        print(words("all-set", language))
    print(words("other-course", language))
    return not missing


if __name__ == "__main__":
    raise SystemExit(0 if run_checks() else 1)
