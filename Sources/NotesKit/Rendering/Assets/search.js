// Offline search for the notes site. The page loads `search/index.js`,
// which sets window.NOTES_SEARCH to a few numbers; the index itself is in
// shards, scripts that call window.NOTES_SEARCH_SHARD(name, data) (a page
// opened from file:// cannot fetch JSON, but it can add a <script>). A query
// loads only the shards it needs, once each: SearchIndex.swift describes them.
//
// Queries are cut into terms as SearchTerms.swift cuts the text: lower-cased
// words of letters, digits and `_`, and for Chinese, Japanese and Korean
// text single characters (one-character queries) or pairs of neighbouring
// characters. A section matches when it has every term; a word of two or
// more characters also matches the words it begins.
(function () {
  "use strict";

  var index = window.NOTES_SEARCH;
  var input = document.getElementById("search.query");
  var status = document.getElementById("search.status");
  var list = document.getElementById("search.results");
  var shown = 50;

  // 32-bit FNV-1a over UTF-16 code units: SearchIndex.hash.
  function hash(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) { h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0; }
    return h;
  }

  // The shard of a term: by its first two characters (SearchIndex.termShard).
  function termShard(term, count) {
    return hash(Array.from(term).slice(0, 2).join("")) % count;
  }

  // The shard of a title key (SearchIndex.titleShard).
  function titleShard(key, count) {
    return hash(key) % count;
  }

  // For the browser check, which compares these with the Swift side.
  window.NOTES_SEARCH_KEYS = Object.freeze({ hash: hash, termShard: termShard, titleShard: titleShard });

  if (!index || !input || !status || !list) { return; }

  // name -> the shard's data, once its script has run.
  var arrived = new Map();
  // name -> a promise of the shard, read into the form search() uses.
  var loading = new Map();

  window.NOTES_SEARCH_SHARD = function (name, data) { arrived.set(name, data); };

  // Terms and titles become a Map, not an object: any word a note holds
  // ("__proto__", "constructor") is a plain key here.
  function read(name, data) {
    return name.lastIndexOf("docs-", 0) === 0 ? data : new Map(data);
  }

  function shard(name) {
    if (!loading.has(name)) {
      loading.set(name, new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = "search/" + name + ".js";
        script.onload = function () {
          if (arrived.has(name)) {
            resolve(read(name, arrived.get(name)));
            arrived.delete(name);
          } else {
            reject(new Error(name + " did not register"));
          }
        };
        script.onerror = function () {
          loading.delete(name);
          reject(new Error("cannot load search/" + name + ".js"));
        };
        document.head.appendChild(script);
      }));
    }
    return loading.get(name);
  }

  function isCJK(code) {
    return (code >= 0x3040 && code <= 0x30FF) || (code >= 0x3400 && code <= 0x4DBF) ||
      (code >= 0x4E00 && code <= 0x9FFF) || (code >= 0xAC00 && code <= 0xD7AF) ||
      (code >= 0xF900 && code <= 0xFAFF) || (code >= 0x20000 && code <= 0x2FA1F);
  }

  var wordCharacter = /[\p{L}\p{N}_]/u;

  // [{chars, cjk}] runs, as SearchTerms cuts them.
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

  // The terms a query needs, each {term, prefix}: a word of two or more
  // characters also matches as the start of longer words.
  function queryTerms(query) {
    var terms = [];
    runs(query.toLowerCase()).forEach(function (run) {
      if (!run.cjk) {
        terms.push({ term: run.chars.join(""), prefix: run.chars.length >= 2 });
      } else if (run.chars.length === 1) {
        terms.push({ term: run.chars[0], prefix: false });
      } else {
        for (var i = 0; i + 1 < run.chars.length; i++) {
          terms.push({ term: run.chars[i] + run.chars[i + 1], prefix: false });
        }
      }
    });
    return terms;
  }

  // Adds one term's postings to `hits` (doc -> weight) and `titled` (docs
  // with the term in the title). A longer word it begins counts half.
  function addPostings(codes, hits, titled, exact) {
    var doc = 0;
    for (var i = 0; i < codes.length; i += 2) {
      doc += codes[i];
      var weight = codes[i + 1] >> 1;
      hits.set(doc, exact ? (hits.get(doc) || 0) + weight : Math.max(hits.get(doc) || 0, weight / 2));
      if (codes[i + 1] & 1) { titled.add(doc); }
    }
  }

  // {term's shard name -> terms Map} in, doc -> {weight, titled} for one term out.
  function postings(terms, t) {
    var hits = new Map();
    var titled = new Set();
    var exact = terms.get(t.term);
    if (exact) { addPostings(exact, hits, titled, true); }
    if (t.prefix) {
      terms.forEach(function (codes, key) {
        if (key !== t.term && key.lastIndexOf(t.term, 0) === 0) { addPostings(codes, hits, titled, false); }
      });
    }
    return { hits: hits, titled: titled };
  }

  function docsOf(ids) {
    var doc = 0;
    return ids.map(function (delta) { doc += delta; return doc; });
  }

  // {count, top: [{doc, score}]}, the best `shown` first. A section whose
  // title is the query comes first, then those with every term in the title.
  function search(query) {
    var wanted = queryTerms(query);
    if (wanted.length === 0) { return Promise.resolve({ count: 0, top: [] }); }
    var title = query.trim().toLowerCase();
    var names = wanted.map(function (t) { return "terms-" + termShard(t.term, index.termShards); });
    names.push("titles-" + titleShard(title, index.titleShards));
    return Promise.all(names.map(shard)).then(function (shards) {
      var scores = null;
      var allTitled = null;
      wanted.forEach(function (t, i) {
        var found = postings(shards[i], t);
        var next = new Map();
        var nextTitled = new Set();
        found.hits.forEach(function (weight, doc) {
          if (scores !== null && !scores.has(doc)) { return; }
          next.set(doc, (scores === null ? 0 : scores.get(doc)) + weight);
          if (found.titled.has(doc) && (allTitled === null || allTitled.has(doc))) { nextTitled.add(doc); }
        });
        scores = next;
        allTitled = nextTitled;
      });
      var named = new Set(docsOf(shards[shards.length - 1].get(title) || []));
      var top = [];
      scores.forEach(function (score, doc) {
        if (named.has(doc)) { score += 100; } else if (allTitled.has(doc)) { score += 40; }
        if (top.length === shown && !better(score, doc, top[shown - 1])) { return; }
        var at = top.length;
        while (at > 0 && better(score, doc, top[at - 1])) { at--; }
        top.splice(at, 0, { doc: doc, score: score });
        if (top.length > shown) { top.pop(); }
      });
      return { count: scores.size, top: top };
    });
  }

  function better(score, doc, other) {
    return score > other.score || (score === other.score && doc < other.doc);
  }

  // The top results with their url, title, chapter and snippet.
  function describe(top) {
    var names = [];
    top.forEach(function (result) {
      var name = "docs-" + Math.floor(result.doc / index.docsPerShard);
      if (names.indexOf(name) < 0) { names.push(name); }
    });
    return Promise.all(names.map(shard)).then(function (shards) {
      return top.map(function (result) {
        var docs = shards[names.indexOf("docs-" + Math.floor(result.doc / index.docsPerShard))];
        return docs[result.doc % index.docsPerShard];
      });
    });
  }

  function render(query, count, entries) {
    list.textContent = "";
    status.textContent = count === 0
      ? "没有找到「" + query + "」。"
      : "「" + query + "」：" + count + " 个结果";
    entries.forEach(function (entry) {
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

  // Only the latest query's answer is shown; the list is busy until then.
  var latest = 0;

  function show(query) {
    var asked = ++latest;
    if (!query.trim()) {
      list.textContent = "";
      list.removeAttribute("aria-busy");
      status.textContent = "输入关键词，例如：线程池、生产者、锁、Queue、applyAsync。";
      return;
    }
    list.setAttribute("aria-busy", "true");
    search(query).then(function (found) {
      return describe(found.top).then(function (entries) {
        if (asked === latest) { render(query, found.count, entries); }
      });
    }).catch(function (error) {
      if (asked === latest) {
        list.textContent = "";
        status.textContent = "搜索索引没有加载成功，请重新生成网站后再试。";
      }
      throw error;
    }).finally(function () {
      if (asked === latest) { list.removeAttribute("aria-busy"); }
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  show(query);
  input.addEventListener("input", function () { show(input.value); });
}());
