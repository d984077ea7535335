#!/usr/bin/env python3
"""Drives `notes serve` in headless Chromium: saving a change to a note must
update the open page by itself.

    serve_check.py NOTES_BINARY NOTES_DIR WORK_DIR [--rounds N] [--wait 10]

Copies NOTES_DIR into WORK_DIR, starts `notes serve --port 0` on the copy,
opens the first chapter, and N times appends a paragraph with a new marker to
the note and waits (at most --wait seconds) until the open page shows it with
no action of the browser's own. Prints each latency from save to the page
showing the change, and `save-to-reload: median X s, max Y s`. Exit 1 when a
change does not arrive in time, or the server dies.
"""
import argparse, os, re, shutil, signal, statistics, subprocess, sys, time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("notes")
    parser.add_argument("work")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--wait", type=float, default=10)
    args = parser.parse_args()

    work = Path(args.work)
    notes = work / "notes"
    shutil.copytree(args.notes, notes)
    server = subprocess.Popen(
        [args.binary, "serve", "--notes", str(notes), "--out", str(work / "site"), "--port", "0",
         "--cache-dir", str(work / "cache")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    driver = None
    try:
        url = None
        deadline = time.time() + 120
        while url is None and time.time() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if match:
                url = match.group(0)
        if url is None:
            print("problem: notes serve printed no address")
            return 1

        page = sorted(p.name for p in notes.glob("*.md"))[0]
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")),
                                  options=options)
        driver.get(url + page.replace(".md", ".html"))
        time.sleep(0.5)  # the page's event stream connects

        latencies = []
        for round in range(args.rounds):
            marker = f"serve-check-marker-{round}-{int(time.time() * 1000)}"
            with open(notes / page, "a", encoding="utf-8") as note:
                note.write(f"\n\n{marker}\n")
            saved = time.time()
            while time.time() - saved < args.wait:
                try:
                    if marker in driver.page_source:
                        break
                except Exception:
                    pass  # the page is reloading
                time.sleep(0.05)
            else:
                print(f"problem: the page did not show the change within {args.wait} s")
                return 1
            latencies.append(time.time() - saved)
            print(f"round {round + 1}: the page showed the change {latencies[-1]:.2f} s after the save")
        print(f"save-to-reload: median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s")
        return 0
    finally:
        if driver:
            driver.quit()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
