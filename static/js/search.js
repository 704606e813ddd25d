/*
 * kuaixun（快讯）站内搜索：只读取构建生成的静态索引文件，无需服务器、无依赖、无需构建步骤。
 *
 * Index format (see src/search/*.rs): search/manifest.json → shard files search/shards/N.json
 * ({token: postings}) chosen by an FNV-1a hash of each token's shard key, doc chunks
 * search/docs/N.json ([title, url, date, tags, categories] per doc), each doc's body text
 * search/text/ID.txt, the filters' search/facets.json (src/search/facets.rs) and, on a site with
 * script editions, the manifest's `fold` file search/fold.txt (Traditional → Simplified pairs as
 * alternating characters, src/search/tokenize.rs): queries and the texts they are matched in are
 * folded by it, the shown text is not. The query evaluation — units, groups, clauses, terms, the lazy check
 * of phrases, the score and the snippet — is src/search/query.rs line for line (its module
 * documentation has the formula); tests/search_queries.rs holds both to one set of answers.
 */
(function () {
  "use strict";

  var root = document.getElementById("search");
  if (!root || !window.fetch) return;

  var VERSION = 2;
  var MAX_WORD = 32;
  var MAX_TERMS = 12;
  var PAGE = 10;
  var DEBOUNCE = 150;
  var SNIPPET = 120;
  var K1 = 1.2;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;
  var WORD = /^[\p{Alphabetic}\p{N}]$/u;
  var has = Object.prototype.hasOwnProperty;

  var base = root.getAttribute("data-base") || "/";
  if (base.charAt(base.length - 1) !== "/") base += "/";
  var form = root.querySelector("form");
  var input = root.querySelector("input[name=q]");
  var sortSel = root.querySelector("select[name=sort]");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var more = root.querySelector(".search-more");

  /* ---------- units (mirror of src/search/query.rs `units`) ---------- */

  function isCjk(c) {
    return (c >= 0x1100 && c <= 0x11ff) || c === 0x3005 || c === 0x3007 ||
      (c >= 0x3041 && c <= 0x3096) || (c >= 0x309d && c <= 0x309f) ||
      (c >= 0x30a1 && c <= 0x30fa) || (c >= 0x30fc && c <= 0x30ff) ||
      (c >= 0x3131 && c <= 0x318e) || (c >= 0x31f0 && c <= 0x31ff) ||
      (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0x20000 && c <= 0x323af);
  }

  /** Traditional → Simplified (the manifest's `fold` file), once it is loaded; null without. */
  var FOLD = null;

  /** Full-width ASCII → ASCII, then the fold (query.rs `Fold::norm`). */
  function norm(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
    return FOLD !== null && FOLD.has(ch) ? FOLD.get(ch) : ch;
  }

  function wordChar(ch) {
    return ch !== undefined && WORD.test(ch) && !isCjk(ch.codePointAt(0));
  }

  function isAlpha(ch) {
    return ch !== undefined && /^[A-Za-z]$/.test(ch);
  }

  /** Light plural folding (src/search/tokenize.rs `fold`). */
  function fold(w) {
    var n = w.length;
    if (n < 4 || !/^[a-z]+$/.test(w) || w.charAt(n - 1) !== "s") return w;
    if ("suioa".indexOf(w.charAt(n - 2)) >= 0) return w;
    if (n > 4 && /ies$/.test(w)) return w.slice(0, n - 3) + "y";
    if (/(sses|shes|xes|zzes)$/.test(w)) return w.slice(0, n - 2);
    return w.slice(0, n - 1);
  }

  /** Units of a text: {text, cjk, start, end, gap}; offsets in code points. */
  function units(text, chars) {
    chars = chars || Array.from(text).map(norm);
    var out = [];
    var gap = "none";
    var n = chars.length;
    var i = 0;
    function at(k) { return k < n ? chars[k] : " "; }
    while (i < n) {
      var ch = chars[i];
      if (isCjk(ch.codePointAt(0))) {
        out.push({ text: ch, cjk: true, start: i, end: i + 1, gap: gap });
        gap = "none";
        i++;
        continue;
      }
      var dot = ch === "." && isAlpha(at(i + 1)) && !(i > 0 && wordChar(at(i - 1)));
      if (wordChar(ch) || dot) {
        var start = i;
        var j = dot ? i + 1 : i;
        while (j < n && wordChar(chars[j])) j++;
        var end = j;
        if (at(j) === "#" && !wordChar(at(j + 1))) end = j + 1;
        else if (at(j) === "+" && at(j + 1) === "+" && !wordChar(at(j + 2))) end = j + 2;
        out.push({ text: chars.slice(start, end).join("").toLowerCase(), cjk: false, start: start, end: end, gap: gap });
        gap = "none";
        i = end;
        if (end === j && (at(j) === "'" || at(j) === "\u2019") && (at(j + 1) === "s" || at(j + 1) === "S") && !wordChar(at(j + 2))) {
          i = j + 2;
          gap = "other";
          continue;
        }
        if (end === j && (at(j) === "-" || at(j) === "." || at(j) === "_") && wordChar(at(j + 1))) {
          gap = "join" + at(j);
          i = j + 1;
        }
        continue;
      }
      gap = (gap === "none" || gap === "space") && /\s/.test(ch) ? "space" : "other";
      i++;
    }
    return out;
  }

  function groupsOf(us) {
    var out = [];
    us.forEach(function (u) {
      var last = out[out.length - 1];
      if (last && last.cjk && u.cjk && u.gap === "none") { last.parts.push(u.text); return; }
      if (last && !last.cjk && !u.cjk && u.gap.lastIndexOf("join", 0) === 0) {
        last.parts.push(u.text);
        last.seps.push(u.gap.charAt(4));
        return;
      }
      out.push({ cjk: u.cjk, parts: [u.text], seps: [] });
    });
    return out;
  }

  function groupWord(g) {
    if (g.cjk) return g.parts.join("");
    var w = g.parts[0];
    for (var k = 1; k < g.parts.length; k++) w += g.seps[k - 1] + g.parts[k];
    return fold(w);
  }

  function charCount(s) { return Array.from(s).length; }

  /** [start, end] if group g matches units us at i. */
  function matchAt(g, us, i, prefix) {
    var k, u;
    if (i + g.parts.length > us.length) return null;
    if (g.cjk) {
      for (k = 0; k < g.parts.length; k++) {
        u = us[i + k];
        if (!u.cjk || u.text !== g.parts[k] || (k > 0 && u.gap !== "none")) return null;
      }
      return [us[i].start, us[i + g.parts.length - 1].end];
    }
    u = us[i];
    if (u.cjk) return null;
    if (g.parts.length === 1) {
      var p = g.parts[0];
      if (prefix) return u.text.lastIndexOf(p, 0) === 0 ? [u.start, u.end] : null;
      if (fold(u.text) === fold(p)) return [u.start, u.end];
      if (p.charAt(0) === "." && u.text === p.slice(1) && u.gap === "join.") return [u.start - 1, u.end];
      return null;
    }
    for (k = 0; k < g.parts.length; k++) {
      u = us[i + k];
      if (u.cjk || u.text !== g.parts[k] || (k > 0 && u.gap !== "join" + g.seps[k - 1])) return null;
    }
    return [us[i].start, us[i + g.parts.length - 1].end];
  }

  function clauseSpans(c, us) {
    var out = [];
    for (var i = 0; i < us.length; i++) {
      var k = i;
      var span = null;
      for (var n = 0; n < c.groups.length; n++) {
        if (n > 0 && !(k < us.length && (us[k].gap === "none" || us[k].gap === "space"))) { span = null; break; }
        var m = matchAt(c.groups[n], us, k, c.prefix);
        if (!m) { span = null; break; }
        span = [span ? span[0] : m[0], m[1]];
        k += c.groups[n].parts.length;
      }
      if (span) out.push(span);
    }
    return out;
  }

  /** The query → {clauses, terms} (src/search/query.rs `parse`). */
  function parse(q) {
    var clauses = [];
    q.split('"').forEach(function (seg, n) {
      var gs = groupsOf(units(seg));
      if (!gs.length) return;
      if (n % 2 === 1) clauses.push({ groups: gs, terms: [], checked: false, prefix: false });
      else gs.forEach(function (g) { clauses.push({ groups: [g], terms: [], checked: false, prefix: false }); });
    });
    var terms = [];
    clauses.forEach(function (c) {
      var tokens = [];
      c.groups.forEach(function (g) {
        if (g.cjk && g.parts.length === 1) tokens.push([g.parts[0], true]);
        else if (g.cjk) for (var j = 0; j + 1 < g.parts.length; j++) tokens.push([g.parts[j] + g.parts[j + 1], false]);
        else {
          var w = groupWord(g);
          if (charCount(w) <= MAX_WORD) tokens.push([w, false]);
          else g.parts.forEach(function (p) { if (charCount(p) <= MAX_WORD) tokens.push([fold(p), false]); });
        }
      });
      c.checked = c.groups.length > 1 || c.groups.some(function (g) { return g.cjk && g.parts.length >= 3; });
      tokens.forEach(function (t) {
        if (terms.length >= MAX_TERMS) return;
        var id = -1;
        for (var k = 0; k < terms.length; k++) if (terms[k].token === t[0] && terms[k].prefix === t[1]) id = k;
        if (id < 0) { terms.push({ token: t[0], prefix: t[1] }); id = terms.length - 1; }
        if (c.terms.indexOf(id) < 0) c.terms.push(id);
      });
    });
    clauses = clauses.filter(function (c) { return c.terms.length > 0; });
    return { clauses: clauses, terms: terms };
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

  function shardKey(token) {
    var cs = Array.from(token);
    if (isCjk(cs[0].codePointAt(0))) return cs[0];
    return cs.slice(0, 2).join("");
  }

  var manifestPromise = null;
  var files = {};

  function get(url, opts, text) {
    return fetch(url, opts).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return text ? r.text() : r.json();
    });
  }

  function manifest() {
    if (!manifestPromise) {
      manifestPromise = get(base + "search/manifest.json", { cache: "no-cache" }).then(function (m) {
        if (m.version !== VERSION) throw new Error("search index version " + m.version);
        return m;
      });
      manifestPromise.catch(function () { manifestPromise = null; });
    }
    return manifestPromise;
  }

  function file(m, path, text) {
    if (!has.call(files, path)) {
      files[path] = get(base + "search/" + path + "?v=" + m.stamp, undefined, text);
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }

  /** Loads the manifest's fold file (once) and sets FOLD (query.rs `load_fold`). */
  function loadFold(m) {
    if (!m.fold || FOLD !== null) return Promise.resolve();
    return file(m, m.fold, true).then(function (t) {
      var cs = Array.from(t);
      var map = new Map();
      for (var i = 0; i + 1 < cs.length; i += 2) map.set(cs[i], cs[i + 1]);
      FOLD = map;
    });
  }

  function shardFiles(m, term) {
    var key = shardKey(term.token);
    var split = has.call(m.split, key) ? m.split[key] : null;
    if (!split) return ["shards/" + (fnv1a(key) % m.shards) + ".json"];
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

  /** Map doc → {tf, title, tag} of one term. */
  function termHits(m, term) {
    return Promise.all(shardFiles(m, term).map(function (p) { return file(m, p); })).then(function (shards) {
      var out = new Map();
      shards.forEach(function (shard) {
        var lists = [];
        if (term.prefix) {
          Object.keys(shard).forEach(function (k) { if (k.lastIndexOf(term.token, 0) === 0) lists.push(shard[k]); });
        } else if (has.call(shard, term.token)) lists.push(shard[term.token]);
        lists.forEach(function (l) {
          decode(l, function (doc, bits) {
            var h = out.get(doc) || { tf: 0, title: false, tag: false };
            h.tf = Math.max(h.tf, bits >> 2);
            h.title = h.title || !!(bits & 2);
            h.tag = h.tag || !!(bits & 1);
            out.set(doc, h);
          });
        });
      });
      return out;
    });
  }

  /** The formula of src/search/query.rs. */
  function score(parsed, hs, idf, doc, n, titleAll, titlePhrase) {
    var s = 0;
    if (titlePhrase && titleAll) s += 100;
    else if (titleAll) s += 40;
    if (hs.every(function (h) { return h.tag; })) s += 20;
    parsed.clauses.forEach(function (c) {
      var sum = 0;
      c.terms.forEach(function (t) {
        var tf = hs[t].tf;
        sum += idf[t] * tf * (K1 + 1) / (tf + K1);
      });
      s += sum / Math.max(1, c.terms.length);
    });
    return s + 3 * (1 - doc / n);
  }

  function better(x, y) { return x.key > y.key || (x.key === y.key && x.doc < y.doc); }

  /** A binary max-heap of candidates. */
  function Heap() { this.a = []; }
  Heap.prototype.push = function (c) {
    var a = this.a;
    a.push(c);
    for (var i = a.length - 1; i > 0;) {
      var p = (i - 1) >> 1;
      if (!better(a[i], a[p])) break;
      var t = a[i]; a[i] = a[p]; a[p] = t; i = p;
    }
  };
  Heap.prototype.pop = function () {
    var a = this.a;
    if (!a.length) return undefined;
    var top = a[0];
    var last = a.pop();
    if (a.length) {
      a[0] = last;
      for (var i = 0; ;) {
        var l = 2 * i + 1, r = l + 1, b = i;
        if (l < a.length && better(a[l], a[b])) b = l;
        if (r < a.length && better(a[r], a[b])) b = r;
        if (b === i) break;
        var t = a[i]; a[i] = a[b]; a[b] = t; i = b;
      }
    }
    return top;
  };
  Heap.prototype.peek = function () { return this.a[0]; };

  /** The filter kinds after the year, with their labels (the manifest's `kinds`; an index
   * written before it had these three). */
  var DEFAULT_KINDS = [["section", "栏目"], ["category", "分类"], ["tag", "标签"]];
  function kindsOf(m) { return (m.kinds || DEFAULT_KINDS).map(function (k) { return k[0]; }); }
  var facetsPromise = null;

  /** search/facets.json (query.rs `load_facets`): the list and each doc's facet indices. */
  var NO_FACETS = { list: [], member: new Map() };
  var facetsLoaded = false;

  function loadFacets(m) {
    if (!m.facets) return Promise.resolve(NO_FACETS);
    if (!facetsPromise) {
      facetsPromise = file(m, "facets.json").then(function (rows) {
        var member = new Map();
        var list = rows.map(function (r, f) {
          var prev = 0;
          (r[3] ? r[3].split(",") : []).forEach(function (g, i) {
            var d = i === 0 ? parseInt(g, 36) : prev + parseInt(g, 36);
            prev = d;
            if (!member.has(d)) member.set(d, []);
            member.get(d).push(f);
          });
          return { kind: r[0], key: r[1], name: r[2] };
        });
        facetsLoaded = true;
        return { list: list, member: member };
      });
      facetsPromise.catch(function () { facetsPromise = null; });
    }
    return facetsPromise;
  }

  /** Looks every term up and ranks the candidates by their upper bounds (query.rs
   * `start_filtered`: `filter` is {year, section, category, tag, <other kind>: key}). */
  function start(m, parsed, sort, filter) {
    var year = filter.year;
    var facetData = null;
    // Parameters of kinds the index does not have (`utm_source`…) filter nothing.
    var KINDS = kindsOf(m);
    // The facets file waits for the first results unless a facet filter needs it now.
    var need = facetsLoaded || KINDS.some(function (k) { return filter[k]; });
    return (need ? loadFacets(m) : Promise.resolve(NO_FACETS)).then(function (fd) {
      facetData = fd;
      return Promise.all(parsed.terms.map(function (t) { return termHits(m, t); }));
    }).then(function (lists) {
      var last = parsed.clauses[parsed.clauses.length - 1];
      if (last && last.groups.length === 1 && !last.groups[0].cjk && last.terms.length === 1 &&
          last.groups[0].parts.length === 1 && lists[last.terms[0]].size === 0) {
        var t = parsed.terms[last.terms[0]];
        if (charCount(t.token) >= 2 && t.token.charAt(0) !== ".") {
          t.token = last.groups[0].parts[0];
          t.prefix = true;
          last.prefix = true;
          return termHits(m, t).then(function (l) { lists[last.terms[0]] = l; return lists; });
        }
      }
      return lists;
    }).then(function (lists) {
      var n = Math.max(1, m.docs);
      var idf = lists.map(function (l) { return Math.log(1 + (n - l.size + 0.5) / (l.size + 0.5)); });
      var anyChecked = parsed.clauses.some(function (c) { return c.checked; });
      var heap = new Heap();
      var flags = new Map();
      var years = (m.years || []).map(function (r) { return [r[0], 0]; });
      var range = null;
      if (year) {
        range = [0, 0];
        (m.years || []).forEach(function (r) { if (r[0] === year) range = [r[1], r[2]]; });
      }
      var wanted = KINDS.map(function (kind) {
        var key = filter[kind];
        if (!key) return undefined;
        for (var f = 0; f < facetData.list.length; f++) {
          if (facetData.list[f].kind === kind && facetData.list[f].key === key) return f;
        }
        return -1;
      });
      var counts = facetData.list.map(function () { return 0; });
      var alls = [0].concat(KINDS.map(function () { return 0; }));
      if (lists.length) {
        var smallest = lists.reduce(function (b, l) { return l.size < b.size ? l : b; }, lists[0]);
        smallest.forEach(function (_, d) {
          var hs = [];
          for (var i = 0; i < lists.length; i++) {
            var h = lists[i].get(d);
            if (!h) return;
            hs.push(h);
          }
          var ofDoc = facetData.member.get(d) || [];
          var refused = 0;
          if (range && (d < range[0] || d >= range[1])) refused |= 1;
          wanted.forEach(function (w, k) {
            if (w !== undefined && (w < 0 || ofDoc.indexOf(w) < 0)) refused |= 2 << k;
          });
          for (var b = 0; b < alls.length; b++) if ((refused & ~(1 << b)) === 0) alls[b]++;
          if ((refused & ~1) === 0) {
            (m.years || []).forEach(function (r, y) { if (r[1] <= d && d < r[2]) years[y][1]++; });
          }
          ofDoc.forEach(function (f) {
            var k = KINDS.indexOf(facetData.list[f].kind);
            if ((refused & ~(2 << k)) === 0) counts[f]++;
          });
          if (refused) return;
          var titleAll = hs.every(function (h) { return h.title; });
          var s = score(parsed, hs, idf, d, n, titleAll, titleAll);
          heap.push({ doc: d, score: s, key: sort === "date" ? -d : s, checked: !anyChecked });
          flags.set(d, hs);
        });
      }
      var facets = [];
      facetData.list.forEach(function (f, i) {
        if (counts[i] > 0) facets.push({ kind: f.kind, key: f.key, name: f.name, count: counts[i], i: i });
      });
      facets.sort(function (a, b) {
        return KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) ||
          (a.kind === "section" ? a.i - b.i : b.count - a.count || a.i - b.i);
      });
      return { m: m, parsed: parsed, sort: sort, heap: heap, total: heap.a.length, exact: !anyChecked,
        flags: flags, idf: idf, filter: filter, year: year, facets: facets, alls: alls,
        years: years.filter(function (y) { return y[1] > 0; }) };
    });
  }

  function row(m, doc) {
    return file(m, "docs/" + Math.floor(doc / m.chunk) + ".json").then(function (rows) { return rows[doc % m.chunk]; });
  }

  function text(m, doc) { return file(m, "text/" + doc + ".txt", true); }

  /** Checks a candidate: null if refuted, else its real score (query.rs `check`). */
  function check(run, doc) {
    var m = run.m;
    return row(m, doc).then(function (r) {
      if (!r) return null;
      var title = units(r[0]);
      var tags = r[3].concat(r[4]).map(function (t) { return units(t); });
      var inTitle = true;
      var need = [];
      run.parsed.clauses.forEach(function (c) {
        if (!c.checked) {
          inTitle = inTitle && c.terms.every(function (t) { return run.flags.get(doc)[t].title; });
          return;
        }
        if (clauseSpans(c, title).length) return;
        inTitle = false;
        if (tags.some(function (t) { return clauseSpans(c, t).length > 0; })) return;
        need.push(c);
      });
      var body = need.length ? text(m, doc) : Promise.resolve("");
      return body.then(function (t) {
        if (need.length) {
          var us = units(t);
          var whole = charCount(t) < m.text;
          for (var k = 0; k < need.length; k++) if (!clauseSpans(need[k], us).length && whole) return null;
        }
        var hs = run.flags.get(doc);
        var titleAll = hs.every(function (h) { return h.title; });
        return score(run.parsed, hs, run.idf, doc, Math.max(1, m.docs), titleAll, inTitle);
      });
    });
  }

  /** The next k checked results, in order (query.rs `next_page`). */
  function nextPage(run, k) {
    var out = [];
    function step() {
      while (out.length < k) {
        var top = run.heap.peek();
        if (!top) break;
        if (top.checked) { out.push(run.heap.pop()); continue; }
        var batch = [];
        while (batch.length < k - out.length) {
          var c = run.heap.pop();
          if (!c) break;
          batch.push(c);
        }
        return Promise.all(batch.map(function (c) {
          return c.checked ? Promise.resolve(c.score) : check(run, c.doc);
        })).then(function (scores) {
          batch.forEach(function (c, i) {
            if (c.checked) { run.heap.push(c); return; }
            if (scores[i] === null) { run.total--; return; }
            c.score = scores[i];
            if (run.sort !== "date") c.key = scores[i];
            c.checked = true;
            run.heap.push(c);
          });
          return step();
        });
      }
      if (run.heap.a.every(function (c) { return c.checked; })) run.exact = true;
      return Promise.resolve(out);
    }
    return step();
  }

  /* ---------- rendering ---------- */

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function allSpans(us, parsed) {
    var v = [];
    parsed.clauses.forEach(function (c, n) {
      clauseSpans(c, us).forEach(function (s) { v.push([s[0], s[1], n]); });
    });
    v.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    var out = [];
    v.forEach(function (s) { if (!out.length || s[0] >= out[out.length - 1][1]) out.push(s); });
    return out;
  }

  function marked(chars, a, b, spans) {
    var out = "";
    var at = a;
    spans.forEach(function (s) {
      if (s[0] < a || s[1] > b) return;
      out += escapeHtml(chars.slice(at, s[0]).join("")) + "<mark>" + escapeHtml(chars.slice(s[0], s[1]).join("")) + "</mark>";
      at = s[1];
    });
    return out + escapeHtml(chars.slice(at, b).join(""));
  }

  function highlight(t, parsed) {
    var chars = Array.from(t);
    return marked(chars, 0, chars.length, allSpans(units(t), parsed));
  }

  function isWord(ch) { return wordChar(norm(ch)); }

  function win(chars, s, e) {
    var len = chars.length;
    var w = Math.max(SNIPPET, e - s);
    var a = Math.max(0, s - Math.floor((w - (e - s)) / 2));
    var b = Math.min(len, a + w);
    a = Math.min(Math.max(0, b - w), a);
    while (a > 0 && a < s && isWord(chars[a - 1]) && isWord(chars[a])) a++;
    while (b < len && b > e && isWord(chars[b - 1]) && isWord(chars[b])) b--;
    while (a < s && /\s/.test(chars[a])) a++;
    while (b > e && /\s/.test(chars[b - 1])) b--;
    return [a, b];
  }

  function best(spans) {
    var bi = -1, bn = -1;
    for (var i = 0; i < spans.length && i < 200; i++) {
      var seen = {};
      var n = 0;
      for (var j = i; j < spans.length && spans[j][1] <= spans[i][0] + SNIPPET; j++) {
        if (!seen[spans[j][2]]) { seen[spans[j][2]] = true; n++; }
      }
      if (n > bn) { bi = i; bn = n; }
    }
    return bi;
  }

  /** The snippet (query.rs `snippet`). */
  function snippet(t, title, tags, parsed) {
    var chars = Array.from(t);
    var spans = allSpans(units(t, chars.map(norm)), parsed);
    var i = best(spans);
    var w;
    if (i < 0) {
      w = win(chars, 0, 0);
      // No match in the body: the title, else the tags, holds it.
      var head = !allSpans(units(title), parsed).length && tags.length ?
        "标签：" + tags.map(function (x) { return highlight(x, parsed); }).join("、") : highlight(title, parsed);
      return head + " — " + marked(chars, w[0], w[1], []) + (w[1] < chars.length ? "…" : "");
    }
    w = win(chars, spans[i][0], spans[i][1]);
    return (w[0] > 0 ? "…" : "") + marked(chars, w[0], w[1], spans) + (w[1] < chars.length ? "…" : "");
  }

  function renderItem(r, body, parsed) {
    var title = r[0], url = r[1], date = r[2], tags = r[3];
    var li = document.createElement("li");
    li.className = "search-result";
    var tagHtml = tags.length ? ' · <span class="search-result-tags">' +
      tags.map(function (t) { return highlight(t, parsed); }).join("、") + "</span>" : "";
    li.innerHTML =
      '<h2 class="search-result-title"><a href="' + escapeHtml(base + url) + '">' +
      highlight(title, parsed) + "</a></h2>" +
      '<p class="search-result-meta"><time datetime="' + escapeHtml(date) + '">' +
      escapeHtml(date) + "</time>" + tagHtml + "</p>" +
      '<p class="search-result-snippet">' + snippet(body, title, tags.concat(r[4]), parsed) + "</p>";
    return li;
  }

  /* ---------- controller ---------- */

  var seq = 0;
  var state = null;

  function setStatus(t) { status.textContent = t; }

  function countText(run) {
    return "找到" + (run.exact ? " " : "约 ") + run.total + " 篇相关文章";
  }

  function showPage() {
    var my = seq;
    var s = state;
    return nextPage(s, PAGE).then(function (cands) {
      return Promise.all(cands.map(function (c) {
        return Promise.all([row(s.m, c.doc), text(s.m, c.doc)]);
      }));
    }).then(function (items) {
      if (my !== seq) return;
      items.forEach(function (it) { if (it[0]) list.appendChild(renderItem(it[0], it[1], s.parsed)); });
      if (more) more.hidden = !s.heap.a.length;
      if (!list.children.length) setStatus("没有找到与“" + s.q + "”相关的文章。");
      else setStatus(countText(s));
    });
  }

  var facets = root.querySelector(".search-facets");
  var MAX_CHIPS = 12;
  /** Every filter the URL carries: each parameter but `q` and `sort` (year, section, tag,
   * category and the other taxonomies' kinds). */
  var currentFilter = (function () {
    var p = new URLSearchParams(location.search);
    var f = {};
    p.forEach(function (v, k) { if (k !== "q" && k !== "sort" && v) f[k] = v; });
    return f;
  })();

  /** The search URL of `q` with the current filters, `kind` set to `value` ("" clears it). */
  function link(q, kind, value) {
    var p = new URLSearchParams();
    p.set("q", q);
    var keys = Object.keys(currentFilter);
    if (keys.indexOf(kind) < 0) keys.push(kind);
    keys.forEach(function (k) {
      var v = k === kind ? value : currentFilter[k];
      if (v) p.set(k, v);
    });
    if (currentSort() === "date") p.set("sort", "date");
    return location.pathname + "?" + p.toString();
  }

  /** Chips per kind with counts for the current query (counts are upper bounds while
   * unchecked): a row shows when it offers a choice or its filter is active. */
  function renderFacets(r) {
    if (!facets) return;
    if (!r) { facets.innerHTML = ""; return; }
    var chip = function (kind, label, value, n, on) {
      return '<a class="search-chip' + (on ? ' is-active" aria-current="true' : "") + '" href="' +
        escapeHtml(link(r.q, kind, value)) + '">' + escapeHtml(label) + " <span>" + n + "</span></a>";
    };
    var rows = [];
    var labels = { year: "年份" };
    (r.m.kinds || DEFAULT_KINDS).forEach(function (k) { labels[k[0]] = k[1]; });
    ["year"].concat(kindsOf(r.m)).forEach(function (kind, b) {
      var values = kind === "year"
        ? r.years.map(function (y) { return { key: y[0], name: y[0] + "年", count: y[1] }; })
        : r.facets.filter(function (f) { return f.kind === kind; });
      var active = r.filter[kind] || "";
      if (values.length < 2 && !active) return;
      var shown = values.slice(0, MAX_CHIPS);
      if (active && !shown.some(function (v) { return v.key === active; })) {
        var found = values.filter(function (v) { return v.key === active; })[0];
        shown.push(found || { key: active, name: active, count: 0 });
      }
      var html = chip(kind, "全部", "", r.alls[b], !active) + shown.map(function (v) {
        return chip(kind, v.name, v.key, v.count, v.key === active);
      }).join("");
      rows.push('<span class="search-facet" data-kind="' + kind + '"><span class="search-facet-label">' +
        escapeHtml(labels[kind]) + "</span>" + html + "</span>");
    });
    facets.innerHTML = rows.join("");
  }

  function currentSort() { return sortSel && sortSel.value === "date" ? "date" : "relevance"; }

  function run(q) {
    var my = ++seq;
    q = q.trim().slice(0, 200);
    var parsed = parse(q);
    if (!parsed.terms.length) {
      list.textContent = "";
      renderFacets(null);
      if (more) more.hidden = true;
      setStatus(q ? "没有找到可搜索的关键词。" : "");
      return Promise.resolve();
    }
    setStatus("正在搜索…");
    var sort = currentSort();
    return manifest().then(function (m) {
      return loadFold(m).then(function () { return m; });
    }).then(function (m) {
      // Parsed again now that the fold is known (it changes no unit's kind, only its text).
      parsed = parse(q);
      return start(m, parsed, sort, currentFilter).then(function (r) {
        if (my !== seq) return;
        list.textContent = "";
        r.q = q;
        state = r;
        renderFacets(r);
        if (!r.total) {
          if (more) more.hidden = true;
          setStatus("没有找到与“" + q + "”相关的文章。");
          return;
        }
        return showPage().then(function () {
          if (!m.facets || facetsLoaded) return;
          // Now the chips: the terms' postings are cached, so this costs the facets file.
          return loadFacets(m).then(function () {
            return start(m, parse(q), sort, currentFilter);
          }).then(function (r2) {
            if (my !== seq) return;
            r2.q = q;
            renderFacets(r2);
          });
        });
      });
    }).catch(function (e) {
      if (my !== seq) return;
      setStatus("搜索暂时不可用：" + e.message);
    });
  }

  function syncUrl(q) {
    if (!window.history || !history.replaceState) return;
    var p = new URLSearchParams();
    if (q) p.set("q", q);
    if (q) Object.keys(currentFilter).forEach(function (k) { p.set(k, currentFilter[k]); });
    if (currentSort() === "date") p.set("sort", "date");
    var s = p.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
  }

  function go() {
    clearTimeout(timer);
    syncUrl(input.value.trim());
    run(input.value);
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(go, DEBOUNCE);
  });
  if (form) form.addEventListener("submit", function (e) { e.preventDefault(); go(); });
  if (sortSel) sortSel.addEventListener("change", go);
  if (more) more.addEventListener("click", function () { if (state) showPage(); });

  var params = new URLSearchParams(location.search);
  if (sortSel && params.get("sort") === "date") sortSel.value = "date";
  var initial = params.get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
