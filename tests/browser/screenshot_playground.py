"""Make docs/playground.png: the policy playground in JupyterLab, in Debian's Chromium via playwright.

Writes a small notebook into a temporary directory, runs it in a throwaway JupyterLab, selects a
request to show its explanation, hovers the misspelt action so its diagnostic shows in place (the
policy has one typo, "imm:GetDatset", which the editor underlines and lists), and saves a
screenshot of the Lab window.

Run: .venv/bin/python tests/browser/screenshot_playground.py [--out docs/playground.png]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import nbformat
from lab_session import REPO, chromium, open_notebook, run_all_cells, running_lab

POLICY = {
    "Version": "1",
    "Statement": [
        {"Effect": "Allow",
         "Action": ["imm:CreateFigureClusteringTask", "imm:CreateFigureClustersMergingTask", "imm:Get*"],
         "Resource": "acs:imm:cn-shanghai:1509100000000000:project/imm-test-media-proj"},
        {"Effect": "Deny", "Action": ["imm:Delete*", "imm:GetDatset"], "Resource": "*"},
    ],
}
REQUESTS = [
    ("CreateFigureClusteringTask", "imm-test-media-proj", "faces"),
    ("GetDataset", "imm-test-media-proj", "faces"),
    ("DeleteDataset", "imm-test-media-proj", "faces"),
    ("CreateFigureClusteringTask", "other-project", "faces"),
    "ListProjects",
]


def write_notebook(folder: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}}
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Policy playground\nEdit the policy: every request below is decided again as you type."),
        nbformat.v4.new_code_cell(
            "from immplay.widgets import PolicyPlayground\n"
            f"PolicyPlayground({json.dumps(POLICY, indent=2)},\n"
            f"                 requests={REQUESTS!r})"
        ),
    ]
    nbformat.write(nb, folder / "playground-demo.ipynb")
    return "playground-demo.ipynb"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(REPO / "docs" / "playground.png"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_lab(Path(tmp)) as lab, chromium() as browser:
        name = write_notebook(Path(tmp))
        page = open_notebook(browser, lab, name, viewport=(1360, 1180))
        page.keyboard.press("Control+b")  # hide the file browser: more room for the widget
        run_all_cells(page, until=".immplay-requests")
        page.locator(".immplay-request-picker select").first.select_option(index=2)  # explain DeleteDataset
        page.wait_for_selector(".immplay-explanation pre")
        # scroll the notebook so the playground fills the window
        page.locator(".immplay-playground").first.scroll_into_view_if_needed()
        page.locator(".jp-WindowedPanel-outer").first.evaluate(
            "el => { const w = document.querySelector('.immplay-playground'); el.scrollTop += w.getBoundingClientRect().top - 120; }")
        page.wait_for_selector(".immplay-mark-error")
        page.locator(".immplay-mark-error").first.hover()  # the diagnostic's message, where it is
        page.wait_for_selector(".immplay-diagnostic-tooltip")
        page.wait_for_timeout(800)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=args.out)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
