// Offline search for the notes site. The index is `search-index.js`, a
// script that sets window.NOTES_SEARCH (a page opened from file:// cannot
// fetch JSON). Queries are cut into terms as SearchIndex.swift cuts the
// text: lower-cased words of letters, digits and `_`, and for Chinese,
// Japanese and Korean text single characters (one-character queries) or
// pairs of neighbouring characters. A section matches when it has every term.
(function () {
  "use strict";

  var index = window.NOTES_SEARCH;
  var input = document.getElementById("search.query");
  var status = document.getElementById("search.status");
  var list = document.getElementById("search.results");
  if (!index || !input || !status || !list) { return; }
  // A Map, not an object: any word a note holds ("__proto__", "constructor")
  // is a plain key here.
  var terms = new Map(index.terms);
  var keys = Array.from(terms.keys());

  function isCJK(code) {
    return (code >= 0x3040 && code <= 0x30FF) || (code >= 0x3400 && code <= 0x4DBF) ||
      (code >= 0x4E00 && code <= 0x9FFF) || (code >= 0xAC00 && code <= 0xD7AF) ||
      (code >= 0xF900 && code <= 0xFAFF) || (code >= 0x20000 && code <= 0x2FA1F);
  }

  var wordCharacter = /[\p{L}\p{N}_]/u;

  // [{text, cjk}] runs, as SearchIndex.runs makes them.
  function runs(text) {
    var result = [];
    var current = null;
    for (var character of text) {
      var cjk = isCJK(character.codePointAt(0));
      var word = !cjk && wordCharacter.test(character);
      if (current && current.cjk === cjk && (cjk || word)) {
        current.chars.push(character);
        continue;
      }
      if (current) { result.push(current); }
      current = (cjk || word) ? { chars: [character], cjk: cjk } : null;
    }
    if (current) { result.push(current); }
    return result;
  }

  // The terms a query needs, each {term, word}.
  function queryTerms(query) {
    var terms = [];
    runs(query.toLowerCase()).forEach(function (run) {
      if (!run.cjk) {
        terms.push({ term: run.chars.join(""), word: true });
      } else if (run.chars.length === 1) {
        terms.push({ term: run.chars[0], word: false });
      } else {
        for (var i = 0; i + 1 < run.chars.length; i++) {
          terms.push({ term: run.chars[i] + run.chars[i + 1], word: false });
        }
      }
    });
    return terms;
  }

  // doc index -> weight, for one term; words also match as a prefix.
  function postings(term, word) {
    var hits = new Map();
    (terms.get(term) || []).forEach(function (p) { hits.set(p[0], (hits.get(p[0]) || 0) + p[1]); });
    if (word && term.length >= 2) {
      keys.forEach(function (key) {
        if (key !== term && key.lastIndexOf(term, 0) === 0) {
          terms.get(key).forEach(function (p) { hits.set(p[0], Math.max(hits.get(p[0]) || 0, p[1] / 2)); });
        }
      });
    }
    return hits;
  }

  function search(query) {
    var wantedTerms = queryTerms(query);
    if (wantedTerms.length === 0) { return []; }
    var scores = null;
    wantedTerms.forEach(function (t) {
      var hits = postings(t.term, t.word);
      var next = new Map();
      hits.forEach(function (weight, doc) {
        if (scores === null || scores.has(doc)) { next.set(doc, (scores === null ? 0 : scores.get(doc)) + weight); }
      });
      scores = next;
    });
    var wanted = query.trim().toLowerCase();
    return Array.from(scores.keys()).map(function (doc) {
      var entry = index.docs[doc];
      var title = entry[1].toLowerCase();
      var bare = title.replace(/^[\d.\s]+/, "");
      var score = scores.get(doc);
      if (bare === wanted) { score += 100; } else if (title.indexOf(wanted) >= 0) { score += 40; }
      return { doc: doc, score: score };
    }).sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  function show(query) {
    list.textContent = "";
    if (!query.trim()) {
      status.textContent = "输入关键词，例如：线程池、生产者、锁、Queue、applyAsync。";
      return;
    }
    var results = search(query);
    status.textContent = results.length === 0
      ? "没有找到「" + query + "」。"
      : "「" + query + "」：" + results.length + " 个结果";
    results.slice(0, 50).forEach(function (result) {
      var entry = index.docs[result.doc];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry[0];
      link.textContent = entry[1];
      item.appendChild(link);
      var chapter = document.createElement("span");
      chapter.className = "result-chapter";
      chapter.textContent = entry[2];
      item.appendChild(chapter);
      if (entry[3]) {
        var snippet = document.createElement("p");
        snippet.textContent = entry[3];
        item.appendChild(snippet);
      }
      list.appendChild(item);
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  show(query);
  input.addEventListener("input", function () { show(input.value); });
}());
