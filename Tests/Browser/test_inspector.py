"""The delivery inspector in a real browser (store.md §5; the inspector issue, point 5): headless
Chromium (Debian's package) through its WebDriver. Deliveries sent with curl appear in the live
list, a failing delivery's page shows its diagnostic marked in the mapping's source, and replay
after a fix and a reload (SIGHUP) turns it green. The screenshots go to $INSPECTOR_SCREENSHOTS
(docs/ when refreshing the README's), else to the test's folder."""
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import time

import pytest

from conftest import AIRSCRIPT, SAMPLES, need

MAPPING = (SAMPLES / "salesforce-lead.yaml").read_text()
# The bug the test fixes: `Tasks` sent as text, which the query cannot iterate (R0506).
BROKEN_LEAD = {"result": {"Id": "00Q-broken", "FirstName": "Ana", "LastName": "Ruiz", "Email": "ANA@EXAMPLE.COM",
                          "Tasks": "call back", "CreatedDate": "2024-05-02T17:20:00Z", "AnnualRevenue": 5000}}
FIXED = MAPPING.replace(
    "FROM t IN payload.result.Tasks", "FROM t IN IF(TYPEOF(payload.result.Tasks) = \"List\", payload.result.Tasks, [])")


@pytest.fixture
def server(tmp_path):
    """`airscript serve --inspector --capture` on loopback, on a port it picks, over a SQLite store."""
    shutil.copytree(SAMPLES / "payloads", tmp_path / "payloads")
    mapping = tmp_path / "salesforce-lead.yaml"
    mapping.write_text(MAPPING)
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen(
        [AIRSCRIPT, "serve", str(mapping), "--port", "0", "--inspector", "--capture", "--store", f"sqlite:{tmp_path / 'store.db'}",
         "--seed", "1", "--log-format", "json"],
        stderr=log, stdout=subprocess.DEVNULL)
    url = None
    for _ in range(200):
        log.seek(0)
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", log.read())
        if found:
            url = found.group(1)
            break
        time.sleep(0.05)
    assert url, "the server did not start"
    yield {"url": url, "mapping": mapping, "process": process, "log": log}
    process.send_signal(signal.SIGTERM)
    process.wait(10)


def curl(url, body):
    out = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", url, "-H", "Content-Type: application/json", "--data", body],
        capture_output=True, text=True, check=True, timeout=20)
    return int(out.stdout)


@pytest.fixture
def browser():
    need(shutil.which("chromium") is not None and shutil.which("chromedriver") is not None, "Chromium (apt: chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


def wait_for(condition, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def screenshot(driver, tmp_path, name):
    folder = pathlib.Path(os.environ.get("INSPECTOR_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height + 40, 600), 2400))
    driver.save_screenshot(str(folder / f"inspector-{name}.png"))
    driver.set_window_size(1280, 900)


def test_deliveries_a_diagnostic_and_a_replay_after_a_fix(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    hook = server["url"] + "/subscriptions/salesforce-lead"
    assert curl(hook, (SAMPLES / "payloads" / "salesforce-lead.json").read_text()) == 200
    browser.get(server["url"] + "/_airscript/")
    rows = lambda: browser.find_elements(By.CSS_SELECTOR, "#rows tr[class^=outcome-]")
    assert len(wait_for(rows)) == 1

    # Sent after the page loaded: the list shows it without a reload (polling).
    assert curl(hook, json.dumps(BROKEN_LEAD)) == 500
    wait_for(lambda: len(rows()) == 2)
    assert [r.find_element(By.CSS_SELECTOR, ".badge").text for r in rows()] == ["error", "started"]
    screenshot(browser, tmp_path, "deliveries")

    # The failing delivery: its diagnostic, the span marked in the mapping's source.
    rows()[0].find_element(By.CSS_SELECTOR, "td:last-child a").click()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".diagnostic"))
    assert "error[R0506]" in browser.find_element(By.CSS_SELECTOR, ".diagnostic").text
    assert browser.find_element(By.CSS_SELECTOR, "pre.source mark").text == "payload.result.Tasks"
    assert "00Q-broken" in browser.find_element(By.CSS_SELECTOR, "pre.body").text
    screenshot(browser, tmp_path, "delivery")

    # The fix, reloaded with SIGHUP, then a live replay, with the keyboard alone.
    server["mapping"].write_text(FIXED)
    server["process"].send_signal(signal.SIGHUP)
    wait_for(lambda: (server["log"].seek(0), "reloaded" in server["log"].read())[1])
    live = browser.find_element(By.CSS_SELECTOR, "input[name=mode][value=live]")
    live.send_keys(Keys.SPACE)
    assert live.is_selected()
    button = browser.find_element(By.ID, "replay")
    button.send_keys(Keys.ENTER)
    wait_for(lambda: "replay-" in browser.current_url)
    assert browser.find_element(By.CSS_SELECTOR, "dd .badge").text == "started"
    assert "live" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    screenshot(browser, tmp_path, "replayed")

    # The journey the replay started.
    browser.find_element(By.CSS_SELECTOR, "dl.facts a[href*='/_airscript/journeys/']").click()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "table.events"))
    assert "00Q-broken" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "Ana Ruiz" in browser.find_element(By.CSS_SELECTOR, "table.events").text
    screenshot(browser, tmp_path, "journey")

    # The list again: the replay is there, green.
    browser.get(server["url"] + "/_airscript/?outcome=started")
    assert len(wait_for(rows)) == 2


def test_readable_at_twice_the_zoom(server, browser):
    from selenium.webdriver.common.by import By

    curl(server["url"] + "/subscriptions/salesforce-lead", json.dumps(BROKEN_LEAD))
    # 200% zoom of a 1280-pixel window is a 640-pixel one: nothing may need scrolling sideways
    # but the source excerpts, which keep their lines.
    browser.set_window_size(640, 900)
    browser.get(server["url"] + "/_airscript/")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#rows tr[class^=outcome-]"))
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    labels = browser.find_elements(By.CSS_SELECTOR, "form.filters label")
    assert [l.text.split("\n")[0].strip() for l in labels] == ["Mapping", "Outcome", "Status"]
    browser.find_element(By.CSS_SELECTOR, "#rows a[href*='/deliveries/']").click()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".diagnostic"))
    assert browser.execute_script(
        "return [...document.querySelectorAll('main > *:not(section), section > *:not(.diagnostic)')]"
        ".every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)")


def test_pages_do_not_run_a_payload(server, browser):
    from selenium.webdriver.common.by import By

    hostile = {"result": {"Id": "<img src=x onerror=\"document.title='pwned'\">", "FirstName": "<script>document.title='pwned'</script>",
                          "Tasks": [], "LastName": "javascript:alert(1)"}}
    curl(server["url"] + "/subscriptions/salesforce-lead", json.dumps(hostile))
    browser.get(server["url"] + "/_airscript/")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#rows tr[class^=outcome-]"))
    browser.find_element(By.CSS_SELECTOR, "#rows a[href*='/deliveries/']").click()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "pre.body"))
    time.sleep(0.3)
    assert "pwned" not in browser.title
    assert browser.find_elements(By.CSS_SELECTOR, "main img, main script") == []
    assert "<script>document.title" in browser.find_element(By.CSS_SELECTOR, "pre.body").text
