/*
 * kuaixun（快讯）站内搜索：只读取构建生成的静态索引文件，无需服务器、无依赖、无需构建步骤。
 *
 * Index format (see src/search/*.rs): search/manifest.json → shard files search/shards/N.json
 * ({token: postings}) chosen by an FNV-1a hash of each token's shard key, and doc chunks
 * search/docs/N.json ([title, url, date, tags, excerpt] per doc). Queries are tokenized by the
 * same rules as src/search/tokenize.rs:
 *   - a CJK run of 2+ characters → its bigrams, all required (人工智能 → 人工 工智 智能);
 *   - a single CJK character → every token starting with it (智 → 智能, 智慧, 智 …);
 *   - a word → lower-cased, compounds kept whole (GPT-5 → "gpt-5"); the last word of the
 *     query also matches as a prefix (nvid → nvidia), ranked below exact matches.
 * Every term must match (AND). Score per term: title hit 8, tag hit 4, body frequency 1–3;
 * ties go to the newer article (lower doc id).
 * Snippets come from the excerpt; when the query's words are in neither the title nor the
 * excerpt (a body-only match further in), the result's article page is fetched and the
 * snippet is cut around the first match in its text.
 */
(function () {
  "use strict";

  var root = document.getElementById("search");
  if (!root || !window.fetch) return;

  var VERSION = 1;
  var MAX_WORD = 32;
  var MAX_TERMS = 12;
  var PAGE = 10;
  var DEBOUNCE = 150;
  var SNIPPET = 140; // characters of a snippet cut from the article page
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;
  var WORD = /^[\p{Alphabetic}\p{N}]$/u;
  var has = Object.prototype.hasOwnProperty;

  var base = root.getAttribute("data-base") || "/";
  if (base.charAt(base.length - 1) !== "/") base += "/";
  var form = root.querySelector("form");
  var input = root.querySelector("input[name=q]");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var more = root.querySelector(".search-more");

  /* ---------- tokenizer (mirror of src/search/tokenize.rs) ---------- */

  function isCjk(c) {
    return (c >= 0x1100 && c <= 0x11ff) || c === 0x3005 || c === 0x3007 ||
      (c >= 0x3041 && c <= 0x3096) || (c >= 0x309d && c <= 0x309f) ||
      (c >= 0x30a1 && c <= 0x30fa) || (c >= 0x30fc && c <= 0x30ff) ||
      (c >= 0x3131 && c <= 0x318e) || (c >= 0x31f0 && c <= 0x31ff) ||
      (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0x20000 && c <= 0x323af);
  }

  function charCount(s) {
    var n = 0;
    for (var _ of s) n++; // eslint-disable-line no-unused-vars
    return n;
  }

  /** Splits a query into groups: {cjk: "run"} or {parts: [...], seps: [...]}. */
  function groups(q) {
    var out = [];
    var run = "";
    var word = null;
    var joiner = null;
    function endRun() {
      if (run) out.push({ cjk: run });
      run = "";
    }
    function endWord() {
      if (word) out.push(word);
      word = null;
    }
    for (var ch of q) {
      var c = ch.codePointAt(0);
      if (c >= 0xff01 && c <= 0xff5e) {
        c -= 0xfee0;
        ch = String.fromCharCode(c);
      }
      if (isCjk(c)) {
        endWord();
        joiner = null;
        run += ch;
        continue;
      }
      endRun();
      if (WORD.test(ch)) {
        if (joiner !== null) {
          word.seps.push(joiner);
          word.parts.push("");
          joiner = null;
        } else if (!word) {
          word = { parts: [""], seps: [] };
        }
        word.parts[word.parts.length - 1] += ch;
      } else if ((ch === "-" || ch === "." || ch === "_") && word && joiner === null) {
        joiner = ch;
      } else {
        endWord();
        joiner = null;
      }
    }
    endRun();
    endWord();
    return out;
  }

  function shardKey(token) {
    var first = String.fromCodePoint(token.codePointAt(0));
    if (isCjk(first.codePointAt(0))) return first;
    var out = "";
    var n = 0;
    for (var ch of token) {
      if (n++ === 2) break;
      out += ch;
    }
    return out;
  }

  /**
   * The query's search terms: {token, key, prefix, exactOnly} — and the strings to highlight.
   */
  function parse(q) {
    var gs = groups(q);
    var terms = [];
    var marks = [];
    var seen = {};
    function add(token, prefix) {
      var id = (prefix ? "*" : "=") + token;
      if (has.call(seen, id) || terms.length >= MAX_TERMS) return;
      seen[id] = true;
      terms.push({ token: token, key: shardKey(token), prefix: prefix });
    }
    gs.forEach(function (g, i) {
      var last = i === gs.length - 1;
      if (g.cjk) {
        var chars = Array.from(g.cjk);
        marks.push(g.cjk);
        if (chars.length === 1) {
          add(g.cjk, true);
        } else {
          for (var j = 0; j + 1 < chars.length; j++) {
            var bigram = chars[j] + chars[j + 1];
            add(bigram, false);
            if (chars.length > 2) marks.push(bigram);
          }
        }
        return;
      }
      var parts = g.parts.map(function (p) { return p.toLowerCase(); });
      var whole = parts[0];
      for (var k = 1; k < parts.length; k++) whole += g.seps[k - 1] + parts[k];
      var words = charCount(whole) <= MAX_WORD ? [whole] : parts.filter(function (p) {
        return charCount(p) <= MAX_WORD;
      });
      words.forEach(function (w, n) {
        marks.push(w);
        add(w, last && n === words.length - 1 && charCount(w) >= 2);
      });
    });
    return { terms: terms, marks: marks };
  }

  /* ---------- index files ---------- */

  function fnv1a(s) {
    var bytes = new TextEncoder().encode(s);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  var manifestPromise = null;
  var files = {};

  function getJson(url, opts) {
    return fetch(url, opts).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  function manifest() {
    if (!manifestPromise) {
      manifestPromise = getJson(base + "search/manifest.json", { cache: "no-cache" }).then(function (m) {
        if (m.version !== VERSION) throw new Error("search index version " + m.version);
        return m;
      });
      manifestPromise.catch(function () { manifestPromise = null; });
    }
    return manifestPromise;
  }

  function file(m, path) {
    if (!has.call(files, path)) {
      files[path] = getJson(base + "search/" + path + "?v=" + m.stamp);
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }

  /** Shard files that can hold a term's tokens. */
  function shardFiles(m, term) {
    var split = has.call(m.split, term.key) ? m.split[term.key] : null;
    if (!split) return ["shards/" + (fnv1a(term.key) % m.shards) + ".json"];
    if (!term.prefix) return ["shards/" + (split[0] + fnv1a(term.token) % split[1]) + ".json"];
    var out = [];
    for (var i = 0; i < split[1]; i++) out.push("shards/" + (split[0] + i) + ".json");
    return out;
  }

  /** Calls fn(doc, bits) for each posting of an encoded list (src/search/postings.rs). */
  function decode(s, fn) {
    var i = 0;
    var next = 0;
    function num() {
      var v = 0;
      var mul = 1;
      for (;;) {
        var d = DIGIT[s.charCodeAt(i++)];
        if (!(d >= 0)) throw new Error("bad posting list");
        v += (d & 31) * mul;
        if (d < 32) return v;
        mul *= 32;
      }
    }
    while (i < s.length) {
      var v = num();
      var doc = next + Math.floor(v / 4);
      var code = v % 4;
      fn(doc, code === 3 ? num() : (code + 1) << 2);
      next = doc + 1;
    }
  }

  function weight(bits) {
    return ((bits & 2) ? 8 : 0) + ((bits & 1) ? 4 : 0) + (bits >> 2);
  }

  /** Scores of the docs matching one term: Map doc → score. */
  function termScores(term, shards) {
    var scores = new Map();
    shards.forEach(function (shard) {
      if (!term.prefix) {
        if (has.call(shard, term.token)) {
          decode(shard[term.token], function (doc, bits) { scores.set(doc, weight(bits)); });
        }
        return;
      }
      var cjk = isCjk(term.token.codePointAt(0));
      Object.keys(shard).forEach(function (tok) {
        if (tok.lastIndexOf(term.token, 0) !== 0) return;
        var factor = cjk || tok === term.token ? 1 : 0.5;
        decode(shard[tok], function (doc, bits) {
          var w = weight(bits) * factor;
          if (!(scores.get(doc) >= w)) scores.set(doc, w);
        });
      });
    });
    return scores;
  }

  /** Ranked doc ids for a parsed query. */
  function rank(m, parsed) {
    var terms = parsed.terms;
    return Promise.all(terms.map(function (t) {
      return Promise.all(shardFiles(m, t).map(function (p) { return file(m, p); }));
    })).then(function (shardsPerTerm) {
      var sets = terms.map(function (t, i) { return termScores(t, shardsPerTerm[i]); });
      sets.sort(function (x, y) { return x.size - y.size; });
      var hits = [];
      sets[0].forEach(function (score, doc) {
        for (var i = 1; i < sets.length; i++) {
          var s = sets[i].get(doc);
          if (s === undefined) return;
          score += s;
        }
        hits.push({ doc: doc, score: score });
      });
      hits.sort(function (x, y) { return y.score - x.score || x.doc - y.doc; });
      return hits;
    });
  }

  function docs(m, ids) {
    return Promise.all(ids.map(function (id) {
      return file(m, "docs/" + Math.floor(id / m.chunk) + ".json").then(function (rows) {
        return rows[id % m.chunk];
      });
    }));
  }

  /* ---------- rendering ---------- */

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function markRegExp(marks) {
    var uniq = marks.filter(function (s, i) { return s && marks.indexOf(s) === i; });
    if (!uniq.length) return null;
    uniq.sort(function (x, y) { return y.length - x.length; });
    return new RegExp(uniq.map(function (s) {
      return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|"), "giu");
  }

  /** Escapes `text` and wraps every match of `re` in <mark>. */
  function highlight(text, re) {
    if (!re) return escapeHtml(text);
    var out = "";
    var last = 0;
    re.lastIndex = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (!m[0]) { re.lastIndex++; continue; }
      out += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>";
      last = m.index + m[0].length;
    }
    return out + escapeHtml(text.slice(last));
  }

  /** The excerpt, starting shortly before the first match if that is far in. */
  function snippet(text, re) {
    if (re) {
      re.lastIndex = 0;
      var m = re.exec(text);
      if (m && m.index > 60) {
        var cut = m.index - 20;
        var c = text.charCodeAt(cut);
        if (c >= 0xdc00 && c <= 0xdfff) cut++; // not inside a surrogate pair
        text = "…" + text.slice(cut);
      }
    }
    return highlight(text, re);
  }

  /** Whether `re` matches somewhere in `text`. */
  function matches(text, re) {
    if (!re) return false;
    re.lastIndex = 0;
    return re.test(text);
  }

  /**
   * The excerpt in the index holds only the start of an article. When the query's words are
   * in neither it nor the title, fetch the article page itself and cut the snippet around the
   * first match in its text (the theme's `.post-content`, else `<article>`, `<main>` or the
   * body). Title hits keep the excerpt: their highlighted title already shows the match, and
   * a typical query then downloads no article pages.
   */
  function deepSnippet(url, re, target) {
    return fetch(url).then(function (r) {
      if (!r.ok) return;
      return r.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var root = doc.querySelector(".post-content") || doc.querySelector("article") ||
          doc.querySelector("main") || doc.body;
        if (!root) return;
        root.querySelectorAll("pre, script, style").forEach(function (e) { e.remove(); });
        var text = (root.textContent || "").replace(/\s+/g, " ").trim();
        re.lastIndex = 0;
        var m = re.exec(text);
        if (!m) return;
        var chars = Array.from(text);
        var at = Array.from(text.slice(0, m.index)).length;
        var start = Math.max(0, at - 40);
        var cut = chars.slice(start, start + SNIPPET).join("");
        target.innerHTML = (start > 0 ? "…" : "") + highlight(cut, re) +
          (start + SNIPPET < chars.length ? "…" : "");
      });
    }).catch(function () { /* keep the excerpt */ });
  }

  function renderItem(row, re) {
    var title = row[0], url = row[1], date = row[2], tags = row[3], excerpt = row[4];
    var li = document.createElement("li");
    li.className = "search-result";
    var tagHtml = tags.length ? ' · <span class="search-result-tags">' +
      tags.map(function (t) { return highlight(t, re); }).join("、") + "</span>" : "";
    li.innerHTML =
      '<h2 class="search-result-title"><a href="' + escapeHtml(base + url) + '">' +
      highlight(title, re) + "</a></h2>" +
      '<p class="search-result-meta"><time datetime="' + escapeHtml(date) + '">' +
      escapeHtml(date) + "</time>" + tagHtml + "</p>" +
      '<p class="search-result-snippet">' + snippet(excerpt, re) + "</p>";
    if (re && !matches(excerpt, re) && !matches(title, re)) {
      deepSnippet(base + url, re, li.querySelector(".search-result-snippet"));
    }
    return li;
  }

  /* ---------- controller ---------- */

  var seq = 0;
  var state = null;

  function setStatus(text) {
    status.textContent = text;
  }

  function showPage() {
    var my = seq;
    var s = state;
    var ids = s.hits.slice(s.shown, s.shown + PAGE).map(function (h) { return h.doc; });
    return docs(s.m, ids).then(function (rows) {
      if (my !== seq) return;
      rows.forEach(function (row) {
        if (row) list.appendChild(renderItem(row, s.re));
      });
      s.shown += ids.length;
      if (more) more.hidden = s.shown >= s.hits.length;
    });
  }

  function run(q) {
    var my = ++seq;
    q = q.trim().slice(0, 200);
    var parsed = parse(q);
    if (!parsed.terms.length) {
      list.textContent = "";
      if (more) more.hidden = true;
      setStatus(q ? "没有找到可搜索的关键词。" : "");
      return Promise.resolve();
    }
    setStatus("正在搜索…");
    return manifest().then(function (m) {
      return rank(m, parsed).then(function (hits) {
        if (my !== seq) return;
        list.textContent = "";
        state = { m: m, hits: hits, shown: 0, re: markRegExp(parsed.marks) };
        if (!hits.length) {
          if (more) more.hidden = true;
          setStatus("没有找到与“" + q + "”相关的文章。");
          return;
        }
        setStatus("找到 " + hits.length + " 篇相关文章");
        return showPage();
      });
    }).catch(function (e) {
      if (my !== seq) return;
      setStatus("搜索暂时不可用：" + e.message);
    });
  }

  function syncUrl(q) {
    if (!window.history || !history.replaceState) return;
    var url = location.pathname + (q ? "?q=" + encodeURIComponent(q) : "");
    history.replaceState(null, "", url);
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      syncUrl(input.value.trim());
      run(input.value);
    }, DEBOUNCE);
  });
  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      syncUrl(input.value.trim());
      run(input.value);
    });
  }
  if (more) {
    more.addEventListener("click", function () { if (state) showPage(); });
  }

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
