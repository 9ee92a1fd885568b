/* Search for the directory. The index is built when the site is built (one shard per
   district, one for the county, each also cut into pieces by word) and only read here.
   Everything happens in this browser: the query is never sent anywhere; only index files
   are fetched from this site. */
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  if (!form || typeof lunr === "undefined") return;
  var input = document.getElementById("q");
  var district = document.getElementById("district");
  var category = document.getElementById("category");
  var all = document.getElementById("all");
  var statusBox = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var BUCKETS = JSON.parse(form.getAttribute("data-buckets") || "{}");
  var LABELS = {
    open: "Taking new people",
    limited: "Small group: expect a slow reply",
    waitlist: "Waiting list",
    full: "Full: not taking new people",
    paused: "Paused: not taking new people",
    closed: "Temporarily closed"
  };
  var PAGE = 20; /* results shown at first, and added by "Show more" */
  var shown = [];
  var more = document.getElementById("search-more");
  var EDGE = /^[^\p{L}\p{N}\p{M}_]+|[^\p{L}\p{N}\p{M}_]+$/gu;
  var shards = {};

  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function once(holder, key, make) {
    if (!holder[key]) {
      holder[key] = make();
      holder[key].catch(function () { delete holder[key]; });
    }
    return holder[key];
  }

  /* A shard: its documents (result rows, field lengths, list order), the pieces of its
     index fetched so far, its full index. */
  function shard(name) {
    return shards[name] || (shards[name] = { name: name, files: {} });
  }

  function rows(sh) {
    return once(sh.files, "rows", function () {
      return getJSON(sh.name + ".docs.json").then(function (docs) {
        /* Each field's average length, as lunr.Builder#calculateAverageFieldLengths. */
        docs.average = docs.fields.map(function (_, f) {
          var total = 0;
          docs.lengths.forEach(function (lengths) { total += lengths[f]; });
          return total / docs.rows.length;
        });
        return docs;
      });
    });
  }

  function piece(sh, i) {
    return once(sh.files, i, function () { return getJSON(sh.name + "/" + i + ".json"); });
  }

  function termSet(sh) {
    return once(sh.files, "terms", function () {
      return getJSON(sh.name + ".terms.json").then(function (terms) { return lunr.TokenSet.fromArray(terms); });
    });
  }

  /* The piece the build put a term in: the CRC-32 of its UTF-16 code units, little-endian
     (search.py term_hash, which uses zlib's). */
  var CRC = [];
  for (var c, n = 0; n < 256; n++) {
    c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    CRC[n] = c >>> 0;
  }
  function bucketOf(term, n) {
    var h = 0xFFFFFFFF;
    for (var i = 0; i < term.length; i++) {
      var u = term.charCodeAt(i);
      h = CRC[(h ^ u) & 0xFF] ^ (h >>> 8);
      h = CRC[(h ^ (u >>> 8)) & 0xFF] ^ (h >>> 8);
    }
    return ((h ^ 0xFFFFFFFF) >>> 0) % n;
  }

  function stem(word) {
    return lunr.stemmer(new lunr.Token(word, {})).toString();
  }

  /* A lunr index made of some pieces of a shard's index. The pieces hold each word's term
     frequencies; they are weighed here exactly as lunr.Builder#createFieldVectors weighs
     them (BM25, with lunr.idf over the whole shard and the field lengths from the shard's
     documents), so the index holds every weight the full index has for their words and a
     query on those words scores exactly as it would on the full index (lunr divides by the
     length of the query's vector, not the document's). */
  function assemble(pieces, docs) {
    var entries = [].concat.apply([], pieces);
    entries.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    var k1 = 1.2, b = 0.75, n = docs.rows.length;
    var fields = docs.fields.map(function (f) { return f[0]; });
    var vectors = {}, order = [], inverted = [];
    entries.forEach(function (entry, i) {
      var posting = { _index: i }, withTerm = 0;
      for (var f = 0; f < fields.length; f++) withTerm += entry[f + 1].length / 2;
      var idf = Math.log(1 + Math.abs((n - withTerm + 0.5) / (withTerm + 0.5)));
      fields.forEach(function (field, f) {
        var found = {}, postings = entry[f + 1];
        for (var k = 0; k < postings.length; k += 2) {
          var ref = postings[k], tf = postings[k + 1], key = field + "/" + ref;
          var length = docs.lengths[ref][f];
          var score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / docs.average[f])) + tf);
          score *= docs.fields[f][1];
          found[ref] = {};
          if (!vectors[key]) { vectors[key] = []; order.push(key); }
          vectors[key].push(i, Math.round(score * 1000) / 1000);
        }
        posting[field] = found;
      });
      inverted.push([entry[0], posting]);
    });
    return lunr.Index.load({
      version: lunr.version,
      fields: fields,
      fieldVectors: order.map(function (key) { return [key, vectors[key]]; }),
      invertedIndex: inverted,
      pipeline: ["stemmer"]
    });
  }

  function fuzzy(t) {
    return t.length >= 5 ? 1 : 0;
  }

  /* The pieces holding the query's words (for close matches, every word of the shard within
     one letter of them, found in the shard's word list as lunr itself would), put together
     into an index: a few kilobytes instead of the whole shard. */
  function indexFor(sh, terms, close) {
    if (sh.whole) return Promise.resolve(sh.whole);
    var n = BUCKETS[sh.name] || 1;
    var stems = terms.map(stem);
    var wanted = close ? termSet(sh).then(function (all) {
      var found = [];
      stems.forEach(function (s, i) {
        /* The word list first: lunr's intersect takes the fuzzy set as its argument. */
        found = found.concat(all.intersect(lunr.TokenSet.fromFuzzyString(s, fuzzy(terms[i]))).toArray());
      });
      return found;
    }) : Promise.resolve(stems);
    return wanted.then(function (words) {
      var ids = {};
      words.forEach(function (w) { ids[bucketOf(w, n)] = true; });
      var pieces = Promise.all(Object.keys(ids).map(function (i) { return piece(sh, i); }));
      return Promise.all([pieces, rows(sh)]).then(function (got) { return assemble(got[0], got[1]); });
    });
  }

  /* The same cleaning the index had: lower case, split on spaces and hyphens, trim
     punctuation from the ends, drop "'s" and common words such as "the". */
  function words(text) {
    return text.normalize("NFC").toLowerCase().split(/[\s\-]+/).map(function (w) {
      return w.replace(EDGE, "").replace(/['\u2019]s$/, "");
    }).filter(function (w) {
      return w && lunr.stopWordFilter(new lunr.Token(w, {}));
    });
  }

  function run(index, terms, close, required) {
    return index.query(function (q) {
      terms.forEach(function (t) {
        var opts = { presence: required ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL };
        if (close && fuzzy(t)) opts.editDistance = fuzzy(t);
        q.term(t, opts);
      });
    });
  }

  /* i: the place in list order (capacity, then the daily rotation). */
  function hits(docs, found) {
    return found.map(function (r) { var ref = +r.ref; return { row: docs.rows[ref], score: r.score, i: docs.rank[ref] }; });
  }

  /* All the query's words must match. If none do: close matches (one letter out, for words
     of five letters or more) from the full index; if still none, any of the words. */
  function search(sh, text) {
    var terms = words(text);
    if (!terms.length) {
      return rows(sh).then(function (docs) {
        return { hits: docs.rows.map(function (row, ref) { return { row: row, score: 0, i: docs.rank[ref] }; }), how: "all" };
      });
    }
    return Promise.all([rows(sh), indexFor(sh, terms, false)]).then(function (parts) {
      var docs = parts[0], found = run(parts[1], terms, false, true);
      if (found.length) return { hits: hits(docs, found), how: "exact" };
      return indexFor(sh, terms, true).then(function (index) {
        var how = "close";
        found = run(index, terms, true, true);
        if (!found.length && terms.length > 1) { how = "some"; found = run(index, terms, true, false); }
        return { hits: hits(docs, found), how: how };
      });
    });
  }

  /* After the first results in a district, fetch the rest of its pieces in the background
     and put the whole index together once, so later searches need no network at all. (Not
     for the county: its index is too big for a phone to hold for that.) */
  function warm(sh) {
    if (sh.name === "county" || sh.warming) return;
    sh.warming = true;
    var ids = [];
    for (var i = 0; i < (BUCKETS[sh.name] || 1); i++) ids.push(i);
    Promise.all([Promise.all(ids.map(function (i) { return piece(sh, i); })), rows(sh)]).then(function (got) {
      sh.whole = assemble(got[0], got[1]);
    }, function () { sh.warming = false; });
  }

  function params() {
    var p = new URLSearchParams(window.location.search);
    return { q: p.get("q") || "", district: p.get("district") || "", category: p.get("category") || "", all: p.get("all") === "1" };
  }

  function fill(p) {
    input.value = p.q;
    district.value = p.district;
    if (district.value !== p.district) district.value = "";
    category.value = p.category;
    if (category.value !== p.category) category.value = "";
    all.checked = p.all;
  }

  function tag(text, cls) {
    var el = document.createElement("strong");
    el.className = "tag " + cls;
    el.textContent = text;
    return el;
  }

  function item(row) {
    var li = document.createElement("li");
    li.className = "result";
    var h = document.createElement("h2");
    h.className = "result-title";
    var a = document.createElement("a");
    a.href = "../services/" + encodeURIComponent(row[0]) + "/";
    a.textContent = row[1];
    h.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "result-meta";
    meta.textContent = row[2] + " · " + row[4];
    var summary = document.createElement("p");
    summary.textContent = row[3];
    var tags = document.createElement("p");
    tags.className = "result-tags";
    // No badge when the record does not say whether it is taking new people.
    if (LABELS[row[5]]) tags.appendChild(tag(LABELS[row[5]], "tag-" + (row[5] === "closed" ? "paused" : row[5])));
    if (row[7] & 2) tags.appendChild(tag("Free", "tag-free"));
    if (row[7] & 4) tags.appendChild(tag("May be out of date", "tag-stale"));
    li.append(h, meta, summary, tags);
    return li;
  }

  function show(p) {
    var sh = shard(p.district || "county");
    statusBox.textContent = "Searching…";
    return search(sh, p.q).then(function (result) {
      var found = result.hits.filter(function (h) {
        return !p.category || h.row[8].indexOf(p.category) !== -1;
      });
      var held = found.filter(function (h) { return !(h.row[7] & 1); }).length;
      if (!p.all) found = found.filter(function (h) { return h.row[7] & 1; });
      /* Relevance first; among results of about the same relevance, services with room
         before those with a wait; then the build's daily rotation (the rows' order). */
      found.sort(function (x, y) {
        var sx = Math.round(x.score * 10), sy = Math.round(y.score * 10);
        return (sy - sx) || (x.row[6] - y.row[6]) || (x.i - y.i);
      });
      shown = found;
      list.replaceChildren.apply(list, found.slice(0, PAGE).map(function (h) { return item(h.row); }));
      more.hidden = found.length <= PAGE;
      var where = p.district ? " in " + district.options[district.selectedIndex].text : "";
      var n = found.length;
      var msg = n + (n === 1 ? " service" : " services") + (p.q ? " found for ‘" + p.q + "’" : "") + where + ".";
      if (result.how === "close") msg = "No exact matches. " + n + " close " + (n === 1 ? "match" : "matches") + " for ‘" + p.q + "’" + where + ".";
      if (result.how === "some") msg = "No services match all your words. " + n + " " + (n === 1 ? "service matches" : "services match") + " some of them" + where + ".";
      if (!p.all && held) msg += " " + held + (held === 1 ? " more is" : " more are") + " not taking new people: tick ‘Include services not taking new people’ to see " + (held === 1 ? "it." : "them.");
      statusBox.textContent = msg;
      warm(sh);
    }).catch(function () {
      statusBox.textContent = "Sorry, search is not working just now. You can browse by district or type of support from the home page.";
    });
  }

  /* Long lists are shown 20 at a time: quicker on a phone, and easier to read. */
  more.addEventListener("click", function () {
    var start = list.children.length;
    var next = shown.slice(start, start + PAGE).map(function (h) { return item(h.row); });
    list.append.apply(list, next);
    more.hidden = list.children.length >= shown.length;
    if (next.length) next[0].querySelector("a").focus();
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var p = { q: input.value.trim(), district: district.value, category: category.value, all: all.checked };
    var qs = new URLSearchParams();
    if (p.q) qs.set("q", p.q);
    if (p.district) qs.set("district", p.district);
    if (p.category) qs.set("category", p.category);
    if (p.all) qs.set("all", "1");
    var url = "?" + qs.toString();
    if (url !== window.location.search) history.pushState(null, "", url === "?" ? "./" : url);
    show(p);
  });

  window.addEventListener("popstate", function () {
    var p = params();
    fill(p);
    show(p);
  });

  /* For tests and for anyone checking how search works from the browser's console. */
  window.directorySearch = { words: words, shard: shard, indexFor: indexFor, run: run, bucketOf: bucketOf };

  var start = params();
  fill(start);
  if (start.q || start.district || start.category) show(start);
})();
