#!/usr/bin/env python3
"""Opens every page of a built notes site from file:// in headless Chromium and checks it.

    check_site.py SITE_DIR [--search QUERY=FRAGMENT ...] [--search-headings] [--axe] [--phone-width 390]

Fails (exit 1) on any of:
  * a console error or an uncaught exception;
  * a request whose scheme is not file: or data: (the site must work offline;
    such requests are also blocked, so the result never depends on a network);
  * a resource that fails to load;
  * an internal link whose file or #anchor does not exist;
  * an image without alt text;
  * with --axe, an accessibility violation of serious or critical impact;
  * a --search query whose first result does not link to FRAGMENT;
  * with --search-headings, a section heading that a search for its own text
    does not give first;
  * a page wider than the phone viewport (horizontal scrolling of the whole page).
Needs Debian's chromium and chromium-driver, and `pip install selenium axe-core-python`.
"""
import argparse, glob, importlib.util, json, os, sys, time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

OFFLINE_SCHEMES = {"file", "data", "about", "blob"}


def browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size={width},{height}", "--lang=zh-CN"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # An explicit driver path keeps Selenium from looking for one on the internet.
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]})
    return driver


def axe_source():
    for module in ("axe_core_python", "axe_selenium_python"):
        spec = importlib.util.find_spec(module)
        if spec and spec.origin:
            found = sorted(glob.glob(os.path.join(os.path.dirname(spec.origin), "**", "axe.min.js"), recursive=True))
            if found:
                return Path(found[-1]).read_text(encoding="utf-8")
    return None


def load(driver, url):
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(url)
    deadline = time.time() + 10
    while driver.execute_script("return document.readyState") != "complete" and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)


def page_facts(driver):
    return driver.execute_script("""
        return {
          ids: [...document.querySelectorAll('[id]')].map(e => e.id),
          links: [...document.querySelectorAll('a[href]')].map(a => a.href),
          imagesWithoutAlt: [...document.querySelectorAll('img:not([alt])')].map(i => i.outerHTML.slice(0, 100)),
          width: document.documentElement.scrollWidth,
        };""")


def logs(driver):
    errors, requests, failed, seen = [], [], [], {}
    for entry in driver.get_log("browser"):
        if entry["level"] == "SEVERE":
            errors.append(entry["message"])
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            url = params["request"]["url"]
            seen[params["requestId"]] = url
            if urlsplit(url).scheme not in OFFLINE_SCHEMES:
                requests.append(url)
        elif message["method"] == "Network.loadingFailed":
            url = seen.get(params["requestId"], "?")
            if urlsplit(url).scheme in OFFLINE_SCHEMES:
                failed.append(f"{url}: {params.get('errorText')}")
    return errors, requests, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site")
    parser.add_argument("--search", action="append", default=[], metavar="QUERY=FRAGMENT")
    parser.add_argument("--search-headings", action="store_true",
                        help="search for every section heading's text; its first result must be that heading")
    parser.add_argument("--axe", action="store_true")
    parser.add_argument("--phone-width", type=int, default=390)
    args = parser.parse_args()

    root = Path(args.site).resolve()
    pages = sorted(root.rglob("*.html"))
    problems, notes = [], []
    axe = axe_source() if args.axe else None
    if args.axe and not axe:
        problems.append("axe.min.js not found: pip install axe-core-python")

    driver = browser(1280, 900)
    ids = {}
    links = []
    headings = []
    try:
        for page in pages:
            name = page.relative_to(root).as_posix()
            load(driver, page.as_uri())
            facts = page_facts(driver)
            errors, requests, failed = logs(driver)
            ids[page] = set(facts["ids"])
            if args.search_headings:
                headings += driver.execute_script("""
                    return [...document.querySelectorAll('h2.section-heading[id], h3.section-heading[id]')].map(h => {
                        const copy = h.cloneNode(true);
                        copy.querySelectorAll('.anchor').forEach(a => a.remove());
                        return [copy.textContent.trim(), h.id];
                    });""")
            links += [(name, link) for link in facts["links"]]
            problems += [f"{name}: console error: {e}" for e in errors]
            problems += [f"{name}: network request: {r}" for r in requests]
            problems += [f"{name}: failed to load: {f}" for f in failed]
            problems += [f"{name}: image without alt: {i}" for i in facts["imagesWithoutAlt"]]
            if axe:
                driver.execute_script(axe)
                result = driver.execute_async_script("""
                    const done = arguments[arguments.length - 1];
                    axe.run(document, {resultTypes: ['violations']})
                      .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                          targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
                      .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), targets: []}]));""")
                for violation in result:
                    line = f"{name}: axe {violation['impact']}: {violation['id']}: {violation['help']} {violation['targets']}"
                    (problems if violation["impact"] in ("serious", "critical") else notes).append(line)

        for name, link in links:
            parts = urlsplit(link)
            if parts.scheme != "file":
                continue
            target = Path(unquote(parts.path))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{name}: broken link: {link}")
            elif parts.fragment and target.suffix == ".html":
                anchors = ids.get(target)
                if anchors is None:
                    anchors = set()
                fragment = unquote(parts.fragment)
                if fragment not in anchors and fragment != "top":
                    problems.append(f"{name}: broken anchor: {link}")

        # A heading's own text finds it first (or a heading of the same text).
        same_text = {}
        for text, anchor in headings:
            same_text.setdefault(text, set()).add(anchor)
        searches = [(pair.partition("=")[0], {pair.partition("=")[2]} - {""}) for pair in args.search]
        searches += [(text, anchors) for text, anchors in sorted(same_text.items()) if text]
        for query, fragments in searches:
            fragment = " or ".join(sorted(fragments))
            load(driver, (root / "search.html").as_uri() + "?q=" + quote(query))
            # search.js loads the index shards the query needs; the list is busy until it answers.
            deadline = time.time() + 10
            while driver.execute_script(
                    "return document.getElementById('search.results').hasAttribute('aria-busy')") \
                    and time.time() < deadline:
                time.sleep(0.02)
            hrefs = driver.execute_script(
                "return [...document.getElementById('search.results').querySelectorAll('a')].map(a => decodeURIComponent(a.href));")
            errors, requests, _ = logs(driver)
            problems += [f"search {query}: console error: {e}" for e in errors]
            problems += [f"search {query}: network request: {r}" for r in requests]
            if not fragment:
                # `QUERY=` expects no result, and no error on the way.
                if hrefs:
                    problems.append(f"search {query}: expected no result, got {hrefs[0]}")
                else:
                    notes.append(f"search {query}: no results, as expected")
            elif not hrefs:
                problems.append(f"search {query}: no results")
            elif not any(hrefs[0].endswith("#" + f) for f in fragments):
                problems.append(f"search {query}: first result is {hrefs[0]}, expected #{fragment}")
            else:
                notes.append(f"search {query}: {len(hrefs)} results, first #{fragment}")
    finally:
        driver.quit()

    phone = browser(800, 900)
    # Chromium will not make a window narrower than 500px; emulate the phone's viewport instead.
    phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": args.phone_width, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    try:
        for page in pages:
            load(phone, page.as_uri())
            # A phone widens its layout viewport to fit content that overflows, so
            # compare with the device width, not with innerWidth.
            width = phone.execute_script("return document.documentElement.scrollWidth")
            if width > args.phone_width + 1:
                problems.append(f"{page.relative_to(root)}: {width}px wide on a {args.phone_width}px phone")
    finally:
        phone.quit()

    for line in notes:
        print("note:", line)
    for line in problems:
        print("problem:", line)
    print(f"{len(pages)} pages, {len(links)} links checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
