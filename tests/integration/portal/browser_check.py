#!/usr/bin/python3
"""Drives headless Chromium through the portal: sign in, the dashboard and a link page at a
desktop and a phone width. Checks that the SVG graphs rendered with a size, that the numbers
shown are the expected ones, and saves screenshots.

usage: browser_check.py URL USER PASSWORD EXPECTED_JSON SCREENSHOT_DIR
EXPECTED_JSON: {"links": {"<id>": {"in_bps": N, "name": "..."}}}
Prints "ok" and exits 0 when every check passed; otherwise prints what failed and exits 1.
"""
import json
import pathlib
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

url, user, password, expected_text, shots = sys.argv[1:6]
expected = json.loads(expected_text)
shots = pathlib.Path(shots)
shots.mkdir(parents=True, exist_ok=True)
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


with tempfile.TemporaryDirectory() as profile:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_page_load_timeout(30)
        driver.set_window_size(1280, 900)
        driver.get(url + "/login")
        driver.find_element(By.NAME, "username").send_keys(user)
        driver.find_element(By.NAME, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "form.stack button").click()
        try:  # the click does not wait for the POST and its redirect
            WebDriverWait(driver, 20).until(lambda d: "/login" not in d.current_url)
        except Exception:
            pass
        check(driver.current_url.rstrip("/") == url.rstrip("/"),
              f"after sign-in at {driver.current_url}: {driver.page_source[-600:]} cookies {driver.get_cookies()}")
        for width, height, tag in ((1280, 900, "desktop"), (360, 780, "phone")):
            driver.set_window_size(width, height)
            driver.get(url + "/")
            cards = driver.find_elements(By.CSS_SELECTOR, "section.card[data-link]")
            check(len(cards) == len(expected["links"]), f"{tag}: {len(cards)} link cards")
            for card in cards:
                link = expected["links"].get(card.get_attribute("data-link"))
                check(link is not None, f"{tag}: unexpected link {card.get_attribute('data-link')}")
                if link is None:
                    continue
                check(link["name"] in card.text, f"{tag}: card lacks {link['name']}")
                rates = card.find_element(By.CSS_SELECTOR, "dd[data-in-bps]")
                shown = float(rates.get_attribute("data-in-bps"))
                check(abs(shown - link["in_bps"]) < 1, f"{tag}: in {shown} != {link['in_bps']}")
                check(f"{link['in_bps'] / 1e6:.2f} Mbps" in rates.text, f"{tag}: text {rates.text!r}")
                check(card.rect["width"] <= width, f"{tag}: card wider than the window")
            scroll = driver.execute_script("return document.documentElement.scrollWidth")
            check(scroll <= width, f"{tag}: dashboard scrolls sideways ({scroll} px)")
            driver.save_screenshot(str(shots / f"dashboard-{tag}.png"))

            first = sorted(expected["links"])[0]
            driver.get(f"{url}/links/{first}")
            graphs = driver.find_elements(By.CSS_SELECTOR, "figure.chart > svg")
            check(len(graphs) == 3, f"{tag}: {len(graphs)} graphs (availability, traffic, quality)")
            for svg in graphs:
                size = svg.size
                check(size["width"] > 100 and size["height"] > 10, f"{tag}: graph size {size}")
                title = svg.find_elements(By.TAG_NAME, "title")
                check(title and title[0].get_attribute("textContent"), f"{tag}: graph without title")
            check(len(driver.find_elements(By.CSS_SELECTOR, "figure.chart svg path")) >= 3,
                  f"{tag}: no lines drawn")
            # The charts are coloured by presentation attributes, never inline style (CSP).
            styled = driver.find_elements(By.CSS_SELECTOR, "figure.chart svg [style]")
            check(not styled, f"{tag}: {len(styled)} chart elements with a style attribute")
            check(driver.find_elements(By.CSS_SELECTOR, "figure.chart svg [fill^='rgb']"),
                  f"{tag}: chart without coloured fills")
            # The figures as text: the traffic table's average in equals the store's.
            first_link = expected["links"][first]
            avg_cells = [td.get_attribute("textContent") for td in driver.find_elements(
                By.CSS_SELECTOR, "figure[data-chart='traffic'] table tr:nth-child(2) td:nth-child(3)")]
            check(avg_cells and avg_cells[0] == f"{first_link['in_bps'] / 1e6:.2f} Mbps",
                  f"{tag}: average in {avg_cells} != {first_link['in_bps'] / 1e6:.2f} Mbps")
            scroll = driver.execute_script("return document.documentElement.scrollWidth")
            check(scroll <= width, f"{tag}: link page scrolls sideways ({scroll} px)")
            driver.save_screenshot(str(shots / f"link-{tag}.png"))
        logs = driver.get_log("browser") if hasattr(driver, "get_log") else []
        check(not [entry for entry in logs if "Content Security Policy" in entry.get("message", "")],
              f"CSP violations: {logs}")
    finally:
        driver.quit()

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
