/* Search for the directory. The index is built when the site is built (one shard per
   district, one for the county, each also cut into pieces by word) and only read here.
   Everything happens in this browser: the query is never sent anywhere; only index files
   are fetched from this site. */
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  var N = window.directoryNormalise;
  if (!form || typeof lunr === "undefined" || !N) return;
  var input = document.getElementById("q");
  var district = document.getElementById("district");
  var category = document.getElementById("category");
  var all = document.getElementById("all");
  var statusBox = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var BUCKETS = JSON.parse(form.getAttribute("data-buckets") || "{}");
  var FIELDS = form.getAttribute("data-fields").split(",");
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

  /* A shard: its result rows, the pieces of its index fetched so far, its full index. */
  function shard(name) {
    return shards[name] || (shards[name] = { name: name, files: {} });
  }

  function rows(sh) {
    return once(sh.files, "rows", function () { return getJSON(sh.name + ".docs.json"); });
  }

  function piece(sh, i) {
    return once(sh.files, i, function () { return getJSON(sh.name + "/" + i + ".json"); });
  }

  function termSet(sh) {
    return once(sh.files, "terms", function () {
      return getJSON(sh.name + ".terms.json").then(function (terms) { return lunr.TokenSet.fromArray(terms); });
    });
  }

  /* The piece the build put a term in: a hash of its UTF-16 code units. */
  function bucketOf(term, n) {
    var h = 0;
    for (var i = 0; i < term.length; i++) h = (Math.imul(h, 31) + term.charCodeAt(i)) >>> 0;
    return h % n;
  }

  function stem(word) {
    return lunr.stemmer(new lunr.Token(word, {})).toString();
  }

  /* A lunr index made of some pieces of a shard's index. It holds every weight the full
     index has for their words, so a query on those words scores exactly as it would on the
     full index (lunr divides by the length of the query's vector, not the document's). */
  function assemble(pieces) {
    var entries = [].concat.apply([], pieces);
    entries.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    var vectors = {}, order = [], inverted = [];
    entries.forEach(function (entry, i) {
      var posting = { _index: i };
      FIELDS.forEach(function (field, f) {
        var docs = {}, postings = entry[f + 1];
        for (var k = 0; k < postings.length; k += 2) {
          var key = field + "/" + postings[k];
          docs[postings[k]] = {};
          if (!vectors[key]) { vectors[key] = []; order.push(key); }
          vectors[key].push(i, postings[k + 1]);
        }
        posting[field] = docs;
      });
      inverted.push([entry[0], posting]);
    });
    return lunr.Index.load({
      version: lunr.version,
      fields: FIELDS,
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
      return Promise.all(Object.keys(ids).map(function (i) { return piece(sh, i); })).then(assemble);
    });
  }

  /* The same normalisation the index had (normalise.js): accents, punctuation, invisible
     and look-alike characters make no difference; postcodes are written one way. A
     hyphenated word is looked up joined ("drop-in" as "dropin"), or with `split` as its
     parts. */
  function words(text, split) {
    return N.queryTokens(text, split);
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

  function hits(rowList, found) {
    return found.map(function (r) { var i = +r.ref; return { row: rowList[i], score: r.score, i: i }; });
  }

  /* All the query's words must match. If none do: a hyphenated word as its parts; then
     close matches (one letter out, for words of five letters or more) from the full index;
     if still none, any of the words. */
  function search(sh, text) {
    var terms = words(text), split = words(text, true);
    if (!terms.length) {
      return rows(sh).then(function (rowList) {
        return { hits: rowList.map(function (row, i) { return { row: row, score: 0, i: i }; }), how: "all" };
      });
    }
    function exact(ts) {
      return indexFor(sh, ts, false).then(function (index) { return run(index, ts, false, true); });
    }
    return Promise.all([rows(sh), exact(terms)]).then(function (parts) {
      var rowList = parts[0], found = parts[1];
      if (found.length) return { hits: hits(rowList, found), how: "exact" };
      var again = split.join(" ") !== terms.join(" ") && split.length ? exact(split) : Promise.resolve([]);
      return again.then(function (found) {
        if (found.length) return { hits: hits(rowList, found), how: "exact" };
        return indexFor(sh, terms, true).then(function (index) {
          var how = "close";
          found = run(index, terms, true, true);
          if (!found.length && terms.length > 1) { how = "some"; found = run(index, terms, true, false); }
          return { hits: hits(rowList, found), how: how };
        });
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
    Promise.all(ids.map(function (i) { return piece(sh, i); })).then(function (pieces) {
      sh.whole = assemble(pieces);
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
    tags.appendChild(tag(LABELS[row[5]], "tag-" + (row[5] === "closed" ? "paused" : row[5])));
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
  window.directorySearch = { words: words, shard: shard, indexFor: indexFor, run: run };

  var start = params();
  fill(start);
  if (start.q || start.district || start.category) show(start);
})();
