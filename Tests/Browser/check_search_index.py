#!/usr/bin/env python3
"""Checks a built site's sharded search index against search.js, in headless Chromium.

    check_search_index.py SITE_DIR

Fails (exit 1) when:
  * search.js's hash and shard functions do not give the fixed figures that
    Tests/NotesKitTests/SearchIndexTests.swift asserts for SearchIndex.swift;
  * a term or title sits in a shard other than the one search.js computes for it,
    or in two shards;
  * the docs shards do not list exactly the number of sections index.js gives;
  * search.html, opened without a query, loads anything of the index but search/index.js.
Needs what check_site.py needs.
"""
import json, sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_site import browser, load, logs  # noqa: E402

# The same figures as SearchIndexTests.shardsAreFixedFunctionsOfTheText.
FIXED = [
    ("hash", ["", None], 0x811C9DC5),
    ("hash", ["a", None], 0xE40C292C),
    ("hash", ["线程", None], 0x93A9E0DF),
    ("hash", ["apply_async", None], 0xAF60BED0),
    ("termShard", ["线程", 64], 31),
    ("termShard", ["程池", 64], 30),
    ("termShard", ["apply_async", 64], 20),
    ("termShard", ["__proto__", 64], 35),
    ("termShard", ["constructor", 64], 7),
    ("termShard", ["𠀀𠀁x", 64], 2),
    ("termShard", ["锁", 7], 3),
    ("titleShard", ["apply_async", 5], 4),
    ("titleShard", ["线程", 5], 3),
]

PREFIX = "window.NOTES_SEARCH_SHARD("


def shard(path):
    text = path.read_text(encoding="utf-8")
    if not text.startswith(PREFIX) or not text.endswith(");\n"):
        raise ValueError(f"{path.name} is not a shard script")
    name, data = json.loads("[" + text[len(PREFIX):-3] + "]")
    return name, data


def main():
    root = Path(sys.argv[1]).resolve()
    problems = []
    bootstrap = (root / "search" / "index.js").read_text(encoding="utf-8")
    settings = json.loads(bootstrap.split("window.NOTES_SEARCH = ", 1)[1].rsplit(";", 1)[0])

    driver = browser(1280, 900)
    try:
        load(driver, (root / "search.html").as_uri())
        errors, requests, failed = logs(driver)
        problems += [f"search.html: {e}" for e in errors + requests + failed]
        # Shards come as script elements, so the page's scripts are all it loaded of the index.
        loaded = driver.execute_script("return [...document.scripts].map(s => decodeURIComponent(s.src));")
        index_files = sorted(Path(urlsplit(url).path).relative_to(root).as_posix()
                             for url in loaded if "/search/" in url)
        if index_files != ["search/index.js"]:
            problems.append(f"search.html without a query loaded {index_files}, not only search/index.js")

        for function, arguments, expected in FIXED:
            got = driver.execute_script(
                f"return window.NOTES_SEARCH_KEYS.{function}(arguments[0], arguments[1]);", *arguments)
            if got != expected:
                problems.append(f"search.js {function}{tuple(a for a in arguments if a is not None)} = {got}, "
                                f"SearchIndex.swift gives {expected}")

        seen = {}
        for kind, function in (("terms", "termShard"), ("titles", "titleShard")):
            count = settings[f"{kind[:-1]}Shards"]
            for number in range(count):
                name, data = shard(root / "search" / f"{kind}-{number}.js")
                if name != f"{kind}-{number}":
                    problems.append(f"{kind}-{number}.js registers as {name}")
                keys = [record[0] for record in data]
                computed = driver.execute_script(
                    f"return arguments[0].map(k => window.NOTES_SEARCH_KEYS.{function}(k, arguments[1]));",
                    keys, count)
                for key, shard_number in zip(keys, computed):
                    if shard_number != number:
                        problems.append(f"{kind} {key!r} is in shard {number}, search.js looks in {shard_number}")
                    if (kind, key) in seen:
                        problems.append(f"{kind} {key!r} is in shards {seen[kind, key]} and {number}")
                    seen[kind, key] = number
            if (root / "search" / f"{kind}-{count}.js").exists():
                problems.append(f"search/{kind}-{count}.js exists, but index.js counts {count} shards")

        docs = 0
        per_shard = settings["docsPerShard"]
        for number in range((settings["docs"] + per_shard - 1) // per_shard):
            name, data = shard(root / "search" / f"docs-{number}.js")
            docs += len(data)
        if docs != settings["docs"]:
            problems.append(f"the docs shards list {docs} sections, index.js says {settings['docs']}")
        terms = sum(1 for kind, _ in seen if kind == "terms")
    finally:
        driver.quit()

    for line in problems:
        print("problem:", line)
    print(f"{terms} terms in {settings['termShards']} shards, {settings['docs']} sections, "
          f"{len(FIXED)} fixed figures checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
