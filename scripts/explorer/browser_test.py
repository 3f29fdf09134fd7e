#!/usr/bin/env python3
"""The explorer's page as a person uses it, through chromedriver's W3C
WebDriver protocol (plain HTTP: no package beyond Python's own).

    browser_test.py EXPLORER_URL DRIVER_URL FOOTPRINT_BIN SCREENSHOT.png

Opens the page, changes the PUE of the default scenario's first site,
waits for the headline, and checks that its mean location-based emissions
equal what `footprint run --set ... --format json` prints for the same
override, samples and seed. Then types a PUE below 1 and checks that the
CLI's message appears next to that input. Saves a screenshot.
"""
import base64
import json
import subprocess
import sys
import time
import urllib.request

explorer, driver, footprint, screenshot = sys.argv[1:5]
PUE_PATH = "sites.aws-us-east-1.pue"


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(driver + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"{}").get("value")


def fail(message):
    print("browser test: FAILED: " + message, file=sys.stderr)
    sys.exit(1)


session = call("POST", "/session", {"capabilities": {"alwaysMatch": {
    "browserName": "chrome",
    "goog:chromeOptions": {"binary": "/usr/bin/chromium",
                           "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                    "--window-size=1400,2200"]}}}})["sessionId"]
s = "/session/" + session


def script(source, *args):
    return call("POST", s + "/execute/sync", {"script": source, "args": list(args)})


def wait(what, source, *args, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        value = script(source, *args)
        if value:
            return value
        time.sleep(0.1)
    fail("timed out waiting for " + what)


try:
    call("POST", s + "/url", {"url": explorer + "/"})
    wait("the first results", "return document.body.dataset.ready === 'true';")
    model = json.loads(urllib.request.urlopen(explorer + "/api/model", timeout=10).read())
    samples = script("return document.getElementById('samples').value;")
    seed = script("return document.getElementById('seed').value;")

    # Change the PUE as a person types: select the box, clear it, type.
    box = call("POST", s + "/element", {"using": "css selector", "value": f"input[data-path='{PUE_PATH}']"})
    element = list(box.values())[0]
    call("POST", f"{s}/element/{element}/clear", {})
    call("POST", f"{s}/element/{element}/value", {"text": "1.3"})
    overrides = json.dumps([f"{PUE_PATH}=1.3"])
    wait("the headline of the changed PUE", "return document.getElementById('headline').dataset.overrides === arguments[0];", overrides)
    shown = float(script("return document.querySelector(\"#headline tr[data-metric='emissions_location_tco2e'] td[data-stat='mean']\").dataset.value;"))

    cli = subprocess.run([footprint, "run", model["model"], "--set", f"{PUE_PATH}=1.3", "--samples", samples, "--seed", seed,
                          "--format", "json"], capture_output=True, text=True, check=True)
    expected = json.loads(cli.stdout)["totals"]["emissions_location_tco2e"]["mean"]
    if shown != expected:
        fail(f"the page shows {shown!r} tCO2e, the CLI prints {expected!r}")
    print(f"browser test: headline {shown!r} tCO2e equals the CLI's for --set {PUE_PATH}=1.3 --samples {samples} --seed {seed}")

    wait("the per-year charts", "return document.querySelectorAll('#charts svg').length >= 4;")
    shot = call("GET", s + "/screenshot")
    with open(screenshot, "wb") as f:
        f.write(base64.b64decode(shot))
    print("browser test: screenshot in " + screenshot)

    # A refused value: the CLI's message, next to the input.
    call("POST", f"{s}/element/{element}/clear", {})
    call("POST", f"{s}/element/{element}/value", {"text": "0.3"})
    message = wait("the refusal next to the input",
                   "const e = document.querySelector(\"input[data-path='\" + arguments[0] + \"']\").parentElement.querySelector('.error');"
                   " return e && e.textContent;", PUE_PATH)
    if "must be 1 or more" not in message:
        fail("the message next to the input is: " + message)
    print("browser test: refusal shown next to the input: " + message.splitlines()[0])
finally:
    try:
        call("DELETE", s)
    except Exception:
        pass
print("browser test: passed")
