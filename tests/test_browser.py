"""The HTML views in a real browser: headless Chromium driven by Selenium (issue 19).

The annotated derivation page of seed 002 and the index of a graded class are opened from disk;
every ``<math>`` element must have a non-empty rendered box (Chromium renders MathML natively,
so a malformed tree shows up as an empty box), the browser's console must be free of errors, and
a student's ``<script>`` must not run. Screenshots are written to reports/screenshots/ for a person
to look at (the README shows them).

Needs Debian's ``chromium`` and ``chromium-driver`` (installed by the README's test set-up and
.ci/run) and the ``selenium`` package (a test dependency).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from derivax.cli import main

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "reports" / "screenshots"

selenium = pytest.importorskip("selenium", reason="selenium is a test dependency: pip install -e '.[test]'")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip("needs Debian's chromium and chromium-driver (see the README's test set-up)", allow_module_level=True)

from selenium import webdriver  # noqa: E402 - only once the browser is known to be there
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # The flags of a closed network: without them Chromium keeps trying to reach Google's hosts.
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,1600",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def _open(browser, page: Path, screenshot: str) -> list:
    """Load ``page``; return its math elements after checking the console and saving a screenshot."""
    browser.get(page.as_uri())
    maths = browser.find_elements(By.TAG_NAME, "math")
    errors = [entry for entry in browser.get_log("browser") if entry.get("level") == "SEVERE"]
    assert errors == [], errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOTS / screenshot))
    return maths


def _rendered(maths: list) -> list:
    """The math elements whose rendered box is empty (none should be)."""
    return [m.get_attribute("outerHTML")[:200] for m in maths if m.rect["width"] <= 0 or m.rect["height"] <= 0]


def test_the_annotated_page_of_seed_002_renders_every_formula(browser, seeds_dir, tmp_path):
    seed = next(seeds_dir.glob("002_*"))
    out = tmp_path / "pages"
    main(["steps", str(seed), "--format", "html", "--out", str(out)])
    page = next(out.glob("*.html"))
    maths = _open(browser, page, "steps-002.png")
    assert len(maths) > 100  # every judged step of the seed is typeset
    assert _rendered(maths) == []
    assert len(browser.find_elements(By.CSS_SELECTOR, ".step.wrong")) == 10  # the seed's ten hand-checked mistakes


def test_the_class_index_renders_and_a_students_script_stays_text(browser, tmp_path):
    (tmp_path / "key.yaml").write_text(
        "p1:\n  answer: 'a(1-a)'\n  mistakes:\n    - {answer: '1 - a', feedback: 'You dropped the factor a.'}\n"
    )
    answers = [("ann", "a - a^2"), ("bob", "1-a"), ("<script>document.title='owned'</script>", r"\frac{2-2a}{2}"), ("dan", "a^3")]
    paths = []
    for i, (name, answer) in enumerate(answers):
        path = tmp_path / f"s{i}.yaml"
        path.write_text(json.dumps({"student": name, "answers": {"p1": answer}}))
        paths.append(str(path))
    out = tmp_path / "out"
    assert main(["grade", *paths, "--key", str(tmp_path / "key.yaml"), "--out", str(out), "--html", "--jobs", "1"]) == 0
    maths = _open(browser, out / "index.html", "class-index.png")
    assert maths and _rendered(maths) == []
    assert browser.title == "Class summary"  # the student's script did not run
    assert "<script>document.title='owned'</script>" in browser.find_element(By.TAG_NAME, "body").text
    maths = _open(browser, out / "s2.html", "student-page.png")
    assert maths and _rendered(maths) == []
    assert browser.title.startswith("Feedback for <script>")
