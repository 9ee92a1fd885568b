/* Search for the directory. The index is built when the site is built (one shard per
   district, one for the county, each also cut into pieces by word) and only read here.
   Everything happens in this browser: the query is never sent anywhere; only index files
   are fetched from this site. */
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  var N = window.directoryNormalise, W = window.directorySchedule;
  if (!form || typeof lunr === "undefined" || !N || !W) return;
  var input = document.getElementById("q");
  var district = document.getElementById("district");
  var category = document.getElementById("category");
  var all = document.getElementById("all");
  var near = document.getElementById("near");
  var miles = document.getElementById("miles");
  var sort = document.getElementById("sort");
  var locate = document.getElementById("use-location");
  var nearStatus = document.getElementById("near-status");
  var CHECKS = ["open", "free", "dropin", "stepfree"];
  var SELECTS = ["day", "time", "lang"];
  var ROW = { coords: 9 };
  var FLAG = { listed: 1, free: 2, stale: 4, placeless: 8, dropin: 16, stepfree: 32, unchecked: 64 };
  var here = null; /* the browser's location, only after "Use my location"; never stored */
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

  /* Ages, languages and opening times: only fetched when a filter needs them. */
  function facets(sh) {
    return once(sh.files, "facets", function () { return getJSON(sh.name + ".facets.json"); });
  }

  function needsFacets(p) {
    return !!(p.open || p.day || p.time || p.age || p.lang);
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

  /* Short words one letter short ("luch" for "lunch", "caf" for "cafe"): words of three or
     four letters get no close matches from lunr's edit distance (too many words are one
     letter away from them: "care", "card", "cars"), so a short word the shard does not
     have is looked up with one letter added anywhere, in the shard's word list (lunr
     wildcards, as lunr itself matches them). -> up to four queries (arrays of words, the
     added-to words as the index has them), [] when no short word needs it. */
  function shortFixes(sh, terms) {
    var short = terms.map(function (t, i) { return t.length >= 3 && !fuzzy(t) ? i : -1; }).filter(function (i) { return i >= 0; });
    if (!short.length) return Promise.resolve([]);
    return termSet(sh).then(function (all) {
      var variants = [terms.slice()];
      short.forEach(function (i) {
        var s = stem(terms[i]);
        if (all.intersect(lunr.TokenSet.fromString(s)).toArray().length) return;
        var found = {};
        for (var k = 0; k <= s.length; k++) {
          all.intersect(lunr.TokenSet.fromString(s.slice(0, k) + "*" + s.slice(k))).toArray().forEach(function (w) {
            if (w.length === s.length + 1 && stem(w) === w) found[w] = true;
          });
        }
        var ws = Object.keys(found).sort().slice(0, 4);
        if (!ws.length) return;
        var next = [];
        variants.forEach(function (v) {
          ws.forEach(function (w) { var c = v.slice(); c[i] = w; next.push(c); });
        });
        variants = next.slice(0, 4);
      });
      return variants.length === 1 && variants[0].join(" ") === terms.join(" ") ? [] : variants;
    }, function () { return []; });
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

  /* i: the place in list order (capacity, then the daily rotation). */
  function hits(docs, found) {
    return found.map(function (r) { var ref = +r.ref; return { row: docs.rows[ref], score: r.score, i: docs.rank[ref], ref: ref }; });
  }

  /* All the query's words must match. If none do: a hyphenated word as its parts; then
     close matches (one letter out, for words of five letters or more) from the full index;
     if still none, any of the words. */
  /* A long word split in two where both halves are words of the shard ("foodbank" as
     "food bank"; normalise.js querySplits): looked up when nothing else is found, with the
     word list close matches use. At most four ways, each of whose words is in the list. */
  function splits(sh, text) {
    var candidates = N.querySplits(text);
    if (!candidates.length) return Promise.resolve([]);
    return termSet(sh).then(function (all) {
      function known(w) { return all.intersect(lunr.TokenSet.fromString(stem(w))).toArray().length > 0; }
      return candidates.filter(function (ws) { return ws.every(known); }).slice(0, 4);
    }, function () { return []; });
  }

  /* Results of several queries as one list: each service once, with its best score. */
  function merge(lists) {
    var best = {};
    lists.forEach(function (list) {
      list.forEach(function (r) { if (!best[r.ref] || best[r.ref].score < r.score) best[r.ref] = r; });
    });
    return Object.keys(best).map(function (ref) { return best[ref]; })
      .sort(function (a, b) { return b.score - a.score || (+a.ref) - (+b.ref); });
  }

  /* The words as typed, and again with two neighbours joined (normalise.js queryJoins:
     "food bank" also as "foodbank"), so a record that writes them either way is found. */
  function search(sh, text) {
    var terms = words(text), split = words(text, true), joins = N.queryJoins(text).filter(function (j) { return j.length; });
    if (!terms.length) {
      return rows(sh).then(function (docs) {
        return { hits: docs.rows.map(function (row, ref) { return { row: row, score: 0, i: docs.rank[ref], ref: ref }; }), how: "all" };
      });
    }
    function exact(ts) {
      return indexFor(sh, ts, false).then(function (index) { return run(index, ts, false, true); });
    }
    return Promise.all([rows(sh), exact(terms), Promise.all(joins.map(exact))]).then(function (parts) {
      var docs = parts[0], found = parts[2].length ? merge([parts[1]].concat(parts[2])) : parts[1];
      if (found.length) return { hits: hits(docs, found), how: "exact" };
      var again = split.join(" ") !== terms.join(" ") && split.length ? exact(split) : Promise.resolve([]);
      return again.then(function (found) {
        if (found.length) return { hits: hits(docs, found), how: "exact" };
        return splits(sh, text).then(function (variants) { return Promise.all(variants.map(exact)); });
      }).then(function (found) {
        if (found.hits) return found;
        found = merge(found);
        if (found.length) return { hits: hits(docs, found), how: "exact" };
        return Promise.all([indexFor(sh, terms, true), shortFixes(sh, terms)]).then(function (got) {
          var index = got[0], variants = got[1];
          return Promise.all(variants.map(function (v) {
            return indexFor(sh, v, true).then(function (ix) { return run(ix, v, true, true); });
          })).then(function (fixed) {
            var how = "close";
            found = merge([run(index, terms, true, true)].concat(fixed));
            if (!found.length && terms.length > 1) { how = "some"; found = run(index, terms, true, false); }
            return { hits: hits(docs, found), how: how };
          });
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
    Promise.all([Promise.all(ids.map(function (i) { return piece(sh, i); })), rows(sh)]).then(function (got) {
      sh.whole = assemble(got[0], got[1]);
    }, function () { sh.warming = false; });
  }

  /* Everything a search is: all of it is in the address (but not "my location"), so a
     search can be shared or bookmarked and the back button works. */
  var PARAMS = ["q", "near", "miles", "sort", "district", "category", "day", "time", "age", "lang"];

  function params() {
    var u = new URLSearchParams(window.location.search), p = {};
    PARAMS.forEach(function (k) { p[k] = u.get(k) || ""; });
    CHECKS.concat(["all"]).forEach(function (k) { p[k] = u.get(k) === "1"; });
    return p;
  }

  function el(id) { return document.getElementById(id); }

  function readForm() {
    var p = {};
    PARAMS.forEach(function (k) { p[k] = el(k === "q" ? "q" : k).value.trim(); });
    CHECKS.concat(["all"]).forEach(function (k) { p[k] = el(k).checked; });
    return p;
  }

  function fill(p) {
    PARAMS.forEach(function (k) {
      var box = el(k);
      box.value = p[k];
      if (box.value !== p[k]) box.value = "";
    });
    CHECKS.concat(["all"]).forEach(function (k) { el(k).checked = p[k]; });
    var filtered = ["district", "category", "day", "time", "age", "lang"].some(function (k) { return p[k]; }) ||
      CHECKS.concat(["all"]).some(function (k) { return p[k]; });
    if (filtered) el("more-filters").open = true;
    /* Near a place: open when the address has a place, distance or order, and on screens
       wide enough to show it without pushing the results down. */
    if (p.near || p.miles || p.sort || WIDE.matches) el("near-options").open = true;
  }

  var WIDE = window.matchMedia("(min-width: 40em)");

  function address(p) {
    var qs = new URLSearchParams();
    PARAMS.forEach(function (k) { if (p[k]) qs.set(k, p[k]); });
    CHECKS.concat(["all"]).forEach(function (k) { if (p[k]) qs.set(k, "1"); });
    var url = "?" + qs.toString();
    return url === "?" ? "./" : url;
  }

  /* --- near me: places come from this site's own files, fetched only when asked for --- */

  var geo = {};

  function places() {
    return once(geo, "places", function () { return getJSON("../near/places.json"); });
  }

  /* A postcode district's file (geo.postcodes_file) -> {inward code: [lat, lon]}. */
  function postcodes(district) {
    return once(geo, district, function () {
      return getJSON("../near/" + district + ".json").then(function (f) {
        var out = {};
        for (var k = 0; k * 3 < f.i.length; k++) {
          out[f.i.substr(k * 3, 3)] = [f.c[0] + f.d[2 * k] / 1000, f.c[1] + f.d[2 * k + 1] / 1000];
        }
        return out;
      });
    });
  }

  /* A typed postcode, postcode district or town -> {lat, lon, label}, or null. */
  function resolve(text) {
    var t = N.fold(text), compact = t.replace(/ /g, "");
    if (!compact) return Promise.resolve(null);
    var full = N.isPostcode(compact), out = compact.slice(0, -3).toUpperCase();
    /* Both files at once: the postcode's own file is only there if the area has it. */
    var codesFile = full ? postcodes(out).catch(function () { return {}; }) : null;
    return places().then(function (pl) {
      if (full) {
        var inward = compact.slice(-3).toUpperCase();
        var label = out + " " + inward;
        if (!pl.districts[out]) return null;
        return codesFile.then(function (codes) {
          var p = codes[inward];
          if (p) return { lat: p[0], lon: p[1], label: label };
          p = pl.districts[out];
          return { lat: p[0], lon: p[1], label: out + " (we do not know " + label + ", so distances are from the middle of " + out + ")" };
        });
      }
      var p = pl.districts[compact.toUpperCase()];
      if (p) return { lat: p[0], lon: p[1], label: compact.toUpperCase() };
      p = pl.towns[t];
      if (p) return { lat: p[0], lon: p[1], label: text.trim() };
      return null;
    });
  }

  /* Miles between two points (haversine; plenty for distances within a county). */
  function distance(a, lat, lon) {
    var r = Math.PI / 180, dLat = (lat - a.lat) * r, dLon = (lon - a.lon) * r;
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(a.lat * r) * Math.cos(lat * r) * Math.pow(Math.sin(dLon / 2), 2);
    return 3958.8 * 2 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /* The distance to a service's nearest location, or null if it has no place to go to. */
  function nearest(origin, row) {
    var c = row[ROW.coords], best = null;
    for (var k = 0; k < c.length; k += 2) {
      var d = distance(origin, c[k], c[k + 1]);
      if (best === null || d < best) best = d;
    }
    return best;
  }

  function miles1(d) {
    return d < 0.1 ? "less than 0.1 miles away" : (Math.round(d * 10) / 10) + (d >= 0.95 && d < 1.05 ? " mile away" : " miles away");
  }

  /* --- filters ----------------------------------------------------------------------- */

  var calendarFile = {};

  /* England's bank holidays (from the holidays package) and the site's school terms, made
     at build time: {holidays: {date: true}, terms: [[first day, last day], ...]}. */
  function calendar() {
    return once(calendarFile, "c", function () {
      return getJSON("calendar.json").then(function (c) {
        var set = {};
        c.bank_holidays.forEach(function (d) { set[d] = true; });
        return { holidays: set, terms: c.terms };
      });
    });
  }

  function filterHits(found, p, now, hol) {
    var age = p.age === "" ? null : +p.age;
    var dow = p.day ? W.DAY_NAMES.indexOf(p.day) : -1;
    return found.filter(function (h) {
      var r = h.row, f = r[7];
      if (p.free && !(f & FLAG.free)) return false;
      if (p.dropin && !(f & FLAG.dropin)) return false;
      if (p.stepfree && !(f & FLAG.stepfree)) return false;
      var fc = h.facets || [0, 0, 0], slots = fc[2] || [];
      if (age !== null && !isNaN(age) && fc[0]) {
        if ((fc[0][0] !== null && age < fc[0][0]) || (fc[0][1] !== null && age > fc[0][1])) return false;
      }
      if (p.lang && (fc[1] || []).indexOf(p.lang) === -1) return false;
      if (p.open && !W.openAt(slots, now, hol)) return false;
      if ((p.day || p.time) && !W.onDay(slots, dow, p.time)) return false;
      return true;
    });
  }

  function tag(text, cls) {
    var el = document.createElement("strong");
    el.className = "tag " + cls;
    el.textContent = text;
    return el;
  }

  function item(h) {
    var row = h.row;
    var li = document.createElement("li");
    li.className = "result";
    var head = document.createElement("h2");
    head.className = "result-title";
    var a = document.createElement("a");
    a.href = "../services/" + encodeURIComponent(row[0]) + "/";
    a.textContent = row[1];
    head.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "result-meta";
    var where = row[4];
    if (h.at) where += " · at this postcode";
    else if (h.miles !== undefined && h.miles !== null) where += " · " + miles1(h.miles);
    meta.textContent = row[2] + " · " + where;
    var summary = document.createElement("p");
    summary.textContent = row[3];
    var tags = document.createElement("p");
    tags.className = "result-tags";
    // No badge when the record does not say whether it is taking new people.
    if (LABELS[row[5]]) tags.appendChild(tag(LABELS[row[5]], "tag-" + (row[5] === "closed" ? "paused" : row[5])));
    if (row[7] & FLAG.free) tags.appendChild(tag("Free", "tag-free"));
    if (row[7] & FLAG.dropin) tags.appendChild(tag("Just turn up", "tag-free"));
    if (row[7] & FLAG.stale) tags.appendChild(tag("May be out of date", "tag-stale"));
    if (h.holiday) tags.appendChild(tag("Bank holiday today: check before you go", "tag-stale"));
    li.append(head, meta, summary, tags);
    if (window.directoryList) li.appendChild(window.directoryList.button(row));
    return li;
  }

  /* Ways of saying "where I am" at the end of a search: "near me", "near you" (as if asking
     the site), "near here", "nearby", "close to me", "around my home"... */
  var HERE_RE = /(^|\s)(?:(?:near(?:\s+to)?|close\s+to|around|local\s+to)\s+(?:me|you|here|us|my\s+(?:home|house|area|location|flat)|where\s+i\s+(?:am|live))|near\s*by|close\s+by)[\s.?!]*$/i;

  /* A search typed as words and a place: "lunch club near PR1", "food bank in Preston",
     "... near PR1 8UH", "... near me" (HERE_RE). -> {words, place (the text after "near" or
     "in"), me},
     or null when no "near" or "in" is followed by a place this site knows (so "drop in
     centre" stays words). The last "near" or "in" that is followed by a place wins. */
  function placeInQuery(text) {
    var mine = HERE_RE.exec(text); /* not `here`: that is the location, once known */
    if (mine) return Promise.resolve({ words: text.slice(0, mine.index).trim(), me: true });
    var marks = [], re = /(^|\s)(near|in)(?=\s)/gi, m;
    while ((m = re.exec(text))) marks.push({ at: m.index + m[1].length, end: m.index + m[0].length });
    marks.reverse();
    function next(k) {
      if (k >= marks.length) return Promise.resolve(null);
      var before = text.slice(0, marks[k].at).trim(), after = text.slice(marks[k].end).trim();
      var marker = text.slice(marks[k].at, marks[k].end).toLowerCase();
      if (!after) return next(k + 1);
      return resolve(after).then(function (o) {
        if (o) return { words: before, place: after, found: o };
        /* "near" and a place this site does not know, or a postcode anywhere: still a
           place (outside the area), not words to search for. */
        if (marker === "near" || postcodeLike(after)) return { words: before, place: after, missing: true };
        return next(k + 1);
      }, function () { return next(k + 1); });
    }
    return next(0);
  }

  /* The browser's location, asked for when a search says "near me" (the browser asks the
     resident first); null if it cannot be had. Kept in the page only, as "Use my location". */
  function askLocation() {
    if (!navigator.geolocation) return Promise.resolve(null);
    nearStatus.textContent = "Finding your location…";
    return new Promise(function (done) {
      navigator.geolocation.getCurrentPosition(function (pos) {
        here = { lat: pos.coords.latitude, lon: pos.coords.longitude, label: "your location" };
        history.replaceState({ here: here }, "", window.location.href);
        done(here);
      }, function () { done(null); }, { maximumAge: 600000, timeout: 15000 });
    });
  }

  function withPostcode(o, text) {
    var pc = N.queryTokens(text).filter(N.isPostcode)[0];
    if (pc) o.postcode = pc;
    return o;
  }

  /* The place distances are from: the browser's location, a typed place, a place typed in
     the search box after "near" or "in" (then {..., words: the rest}, exactly as if the
     place had been typed in "Postcode or town"), or a full postcode typed in the search
     box. */
  function origin(p) {
    var fromQuery = p.near || !(/(^|\s)(near|in)\s/i.test(p.q) || HERE_RE.test(p.q)) ? Promise.resolve(null) : placeInQuery(p.q);
    return fromQuery.then(function (sp) {
      if (sp && sp.me) {
        return (here ? Promise.resolve(here) : askLocation()).then(function (h) {
          if (!h) return { nolocation: true, words: sp.words };
          return { lat: h.lat, lon: h.lon, label: h.label, words: sp.words };
        });
      }
      if (sp && sp.missing) return { missing: sp.place, words: sp.words };
      if (sp) {
        var o = withPostcode(sp.found, sp.place);
        o.words = sp.words;
        return o;
      }
      if (here && !p.near) return here;
      var text = p.near, rest;
      if (!text) {
        var pc = words(p.q).filter(N.isPostcode)[0];
        if (!pc) return null;
        text = pc;
        rest = words(p.q).filter(function (w) { return !N.isPostcode(w); }).join(" ");
      }
      function missing() { var m = { missing: text }; if (rest !== undefined) m.words = rest; return m; }
      return resolve(text).then(function (o) {
        return o ? withPostcode(o, text) : missing();
      }, missing);
    });
  }

  /* A full postcode or a postcode district, however typed ("sw1a1aa", "SW1A 1AA", "m1"). */
  var OUTWARD = /^[a-z]{1,2}[0-9][a-z0-9]?$/;
  function postcodeLike(text) {
    var compact = N.fold(text).replace(/ /g, "");
    return N.isPostcode(compact) || OUTWARD.test(compact);
  }

  /* A place as the resident would write it: a postcode in capitals with its space. */
  function placeName(text) {
    var compact = N.fold(text).replace(/ /g, "");
    if (N.isPostcode(compact)) return (compact.slice(0, -3) + " " + compact.slice(-3)).toUpperCase();
    if (OUTWARD.test(compact)) return compact.toUpperCase();
    return text.trim();
  }

  var AREA = form.getAttribute("data-area") || "area";

  /* Why there are no distances: a postcode outside the area, or a place not found. */
  function missingMessage(text) {
    if (postcodeLike(text)) {
      return placeName(text) + " is outside the " + AREA + " this directory covers, so results are not sorted by distance.";
    }
    return "We could not find the place ‘" + placeName(text) + "’ in the " + AREA + " this directory covers: try a full postcode, such as PR1 8UH, or a town.";
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* The rows holding a term exactly (no close matches): the services at a postcode. */
  function exactHits(sh, term) {
    return Promise.all([rows(sh), indexFor(sh, [term], false)]).then(function (parts) {
      return { how: "exact", hits: hits(parts[0], run(parts[1], [term], false, true)) };
    });
  }

  /* Which shards to search. Near a place with no district chosen: first the district whose
     services are nearest the place (one district's files, so the first results come as
     quickly as a district search), then the other districts within reach, added as they
     arrive. */
  function shardsFor(p, place, pl) {
    if (p.district) return [[p.district], []];
    if (!place || !pl || !pl.areas) return [["county"], []];
    var reach = p.miles ? +p.miles : 10, scored = [];
    Object.keys(pl.areas).forEach(function (slug) {
      var a = pl.areas[slug], d = distance(place, a[0], a[1]);
      scored.push([Math.max(0, d - a[2]), d, slug]);
    });
    scored.sort(function (x, y) { return (x[0] - y[0]) || (x[1] - y[1]); });
    if (!scored.length) return [["county"], []];
    var more = scored.slice(1).filter(function (x) { return x[0] <= reach; }).map(function (x) { return x[2]; });
    return [[scored[0][2]], more];
  }

  var generation = 0;

  function show(p) {
    var mine = ++generation;
    statusBox.textContent = "Searching…";
    return origin(p).then(function (o) {
      var place = o && !o.missing && !o.nolocation ? o : null;
      var q = p.q;
      /* A place typed in the search box is where to search near, not words to find. */
      if (o && o.words !== undefined) q = o.words;
      else if (place && !p.near && !(here && !p.near)) q = words(p.q).filter(function (w) { return !N.isPostcode(w); }).join(" ");
      var needHolidays = p.open ? calendar().catch(function () { return {}; }) : Promise.resolve({});
      var needPlaces = place ? places().catch(function () { return null; }) : Promise.resolve(null);
      return Promise.all([needHolidays, needPlaces]).then(function (parts) {
        var hol = parts[0], plan = shardsFor(p, place, parts[1]), done = [];
        function one(name, secondary) {
          var sh = shard(name);
          /* Services at a typed postcode (its index term) come first, at no distance. */
          var at = place && place.postcode ? exactHits(sh, place.postcode) : Promise.resolve(null);
          var fc = needsFacets(p) ? facets(sh) : Promise.resolve(null);
          return Promise.all([search(sh, q), at, fc]).then(function (r) {
            var atRows = {};
            if (r[2]) r[0].hits.forEach(function (h) { h.facets = r[2][h.ref]; });
            if (r[1] && r[1].how === "exact") r[1].hits.forEach(function (h) { atRows[h.row[0]] = true; });
            r[0].hits.forEach(function (h) { h.at = !!atRows[h.row[0]]; h.secondary = !!secondary; });
            done.push(r[0]);
            warm(sh);
          });
        }
        return Promise.all(plan[0].map(function (name) { return one(name, false); })).then(function () {
          if (mine !== generation) return;
          present(p, q, o, place, done, hol, plan[1].length > 0);
          if (!plan[1].length) return;
          return Promise.all(plan[1].map(function (name) { return one(name, true).catch(function () {}); })).then(function () {
            if (mine === generation) present(p, q, o, place, done, hol, false);
          });
        });
      });
    }).catch(function () {
      statusBox.textContent = "Sorry, search is not working just now. You can browse by district or type of support from the home page.";
    });
  }

  /* Each hit's distance in miles from the place: 0 at a typed postcode, null for services
     with no place to go to (county-wide, phone, online). */
  function measure(found, place) {
    found.forEach(function (h) { h.miles = h.at ? 0 : h.row[7] & FLAG.placeless ? null : nearest(place, h.row); });
  }

  /* Relevance first; among results of about the same relevance, services with room
     before those with a wait; then the build's daily rotation (the rows' order).
     Nearest first instead (byDistance): services with no place to go to after those with
     one, not as far away. (bench/near_probe.py times measure and order on every row.) */
  function order(found, byDistance) {
    found.sort(function (x, y) {
      if (byDistance) {
        var dx = x.miles === null ? Infinity : x.miles, dy = y.miles === null ? Infinity : y.miles;
        if (dx !== dy) return dx < dy ? -1 : 1;
      }
      var sx = Math.round(x.score * 10), sy = Math.round(y.score * 10);
      return (sy - sx) || (x.row[6] - y.row[6]) || (x.i - y.i);
    });
    return found;
  }

  /* Why services matching the search are left out, in plain English, and how to see them:
     not checked for too long (flag 64, PRODUCT.md "Freshness"), temporarily closed, or full
     or paused (not taking new people). */
  var HIDE_AFTER = +form.getAttribute("data-hide-after") || 0;
  var showHiddenRow = document.getElementById("show-hidden-row");
  var showHidden = document.getElementById("show-hidden");

  function heldMessage(held) {
    var unchecked = 0, closed = 0, full = 0;
    held.forEach(function (h) {
      if (h.row[7] & FLAG.unchecked) unchecked++;
      else if (h.row[5] === "closed") closed++;
      else full++;
    });
    var n = held.length, one = n === 1, why = [];
    var long = HIDE_AFTER ? "for over " + plural(HIDE_AFTER, "month", "months") : "for a long time";
    function who(k, is, are) { return one ? "it " + is : k + " " + (k === 1 ? is : are); }
    if (full) why.push(who(full, "is", "are") + " not taking new people");
    if (closed) why.push(who(closed, "is", "are") + " temporarily closed");
    if (unchecked) why.push(who(unchecked, "has", "have") + " not been checked " + long);
    var reasons = why.length > 1 ? why.slice(0, -1).join(", ") + " and " + why[why.length - 1] : why[0];
    return (one ? "1 more is hidden: " : n + " more are hidden: ") + reasons + ".";
  }

  /* Show what the shards searched so far found, filtered, limited and sorted. */
  function present(p, q, o, place, results, hol, pending) {
    var now = W.london(new Date()), seen = {}, found = [];
    var hows = results.map(function (r) { return r.how; });
    var how = ["all", "exact", "close", "some"].filter(function (h) { return hows.indexOf(h) !== -1; })[0];
    results.forEach(function (result) {
      result.hits.forEach(function (h) {
        var prev = seen[h.row[0]];
        if (!prev) { seen[h.row[0]] = h; found.push(h); }
        else if (h.score > prev.score) prev.score = h.score;
      });
    });
    /* From nearby districts, only services with a place to go to: a phone service for
       another district is not for someone here. */
    found = found.filter(function (h) { return !(h.secondary && (h.row[7] & FLAG.placeless)); });
    found = found.filter(function (h) { return !p.category || h.row[8].indexOf(p.category) !== -1; });
    found = filterHits(found, p, now, hol);
    var held = found.filter(function (h) { return !(h.row[7] & FLAG.listed); });
    if (!p.all) found = found.filter(function (h) { return h.row[7] & FLAG.listed; });
    found.forEach(function (h) { h.holiday = !!(p.open && W.holidayUnsure((h.facets || [])[2] || [], now, hol)); });
    var limit = place && p.miles ? +p.miles : 0, beyond = 0;
    if (place) {
      measure(found, place);
      if (limit) {
        var inRange = found.filter(function (h) { return h.miles === null || h.miles <= limit; });
        beyond = found.length - inRange.length;
        found = inRange;
      }
    }
    order(found, place && p.sort !== "relevance");
    shown = found;
    list.replaceChildren.apply(list, found.slice(0, PAGE).map(item));
    more.hidden = found.length <= PAGE;
    var where = p.district ? " in " + district.options[district.selectedIndex].text : "";
    if (place) where += (limit ? " within " + plural(limit, "mile", "miles") + " of " : " near ") + place.label;
    var n = found.length;
    var msg = plural(n, "service", "services") + (q ? " found for ‘" + q + "’" : "") + where + ".";
    if (how === "close" && n) msg = "No exact matches. " + plural(n, "close match", "close matches") + " for ‘" + q + "’" + where + ".";
    if (how === "some" && n) msg = "No services match all your words. " + n + " " + (n === 1 ? "service matches" : "services match") + " some of them" + where + ".";
    if (o && o.missing) msg = missingMessage(o.missing) + " " + msg;
    if (o && o.nolocation) msg = "We could not get your location, so these are not sorted by distance: type a postcode or town instead. " + msg;
    if (beyond) msg += " " + plural(beyond, "more is", "more are") + " further away.";
    var heldText = !p.all && held.length ? heldMessage(held) : "";
    if (pending) msg += " Looking in nearby districts…";
    /* The count in bold, why others are hidden after it in normal type (one status). */
    if (heldText) {
      var rest = document.createElement("span");
      rest.className = "status-more";
      rest.textContent = heldText;
      statusBox.replaceChildren(msg + " ", rest);
    } else {
      statusBox.textContent = msg;
    }
    showHiddenRow.hidden = p.all || !held.length;
    showHidden.textContent = held.length === 1 ? "Show the hidden service" : "Show the " + held.length + " hidden services";
    nearStatus.textContent = place ? "Distances are from " + place.label + "." : "";
    if (!pending) suggest(shard(p.district || "county"), n, q, p);
  }

  /* --- when nothing matches: never a dead end ---------------------------------------- */

  var help = document.getElementById("search-help");
  var CATEGORIES = JSON.parse(form.getAttribute("data-categories") || "[]");

  /* Levenshtein distance, giving up past `max`. */
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  function searchLink(text) {
    var a = document.createElement("a");
    a.href = "?q=" + encodeURIComponent(text);
    a.textContent = text;
    return a;
  }

  /* Close words (from the names of the services themselves, so they read as words), types
     of support whose names or synonyms start like a word typed, a way out of the filters,
     and always: browsing, the A to Z and how to ask the council. */
  function suggest(sh, n, q, p) {
    help.hidden = n > 0;
    if (n > 0) return;
    var typed = words(q), close = [], seen = {};
    rows(sh).then(function (docs) {
      var vocabulary = {};
      docs.rows.forEach(function (r) { N.fold(r[1] + " " + r[3]).split(" ").forEach(function (w) { if (w.length > 3) vocabulary[w] = true; }); });
      typed.forEach(function (t) {
        Object.keys(vocabulary).forEach(function (w) {
          if (!seen[w] && w !== t && editDistance(t, w, 2) <= (t.length > 6 ? 2 : 1)) { seen[w] = true; close.push(w); }
        });
      });
      var links = document.getElementById("suggest-word-links");
      links.replaceChildren();
      close.slice(0, 5).forEach(function (w, i) {
        if (i) links.append(", ");
        links.appendChild(searchLink(w));
      });
      document.getElementById("suggest-words").hidden = !close.length;
    });
    var cats = CATEGORIES.filter(function (c) {
      var ws = c[2].split(" ");
      return typed.some(function (t) {
        return t.length >= 3 && ws.some(function (w) { return w.slice(0, 3) === t.slice(0, 3) || editDistance(t, w, 2) <= 2; });
      });
    });
    var list = document.getElementById("suggest-categories");
    list.replaceChildren.apply(list, cats.slice(0, 6).map(function (c) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "?category=" + encodeURIComponent(c[0]);
      a.textContent = c[1];
      li.appendChild(a);
      return li;
    }));
    list.hidden = document.getElementById("suggest-categories-intro").hidden = !cats.length;
    var filtered = p.near || p.district || p.category || p.day || p.time || p.age || p.lang ||
      CHECKS.some(function (k) { return p[k]; });
    document.getElementById("suggest-filters").hidden = !filtered;
    document.getElementById("suggest-clear").href = q ? "?q=" + encodeURIComponent(q) : "./";
  }

  /* Long lists are shown 20 at a time: quicker on a phone, and easier to read. */
  more.addEventListener("click", function () {
    var start = list.children.length;
    var next = shown.slice(start, start + PAGE).map(item);
    list.append.apply(list, next);
    more.hidden = list.children.length >= shown.length;
    if (next.length) next[0].querySelector("a").focus();
  });

  function submit(state) {
    var p = readForm();
    var url = address(p);
    if (url !== window.location.search && !(url === "./" && !window.location.search)) history.pushState(state || null, "", url);
    else history.replaceState(state || null, "", url);
    return show(p);
  }

  /* Filters apply as soon as they change (the search box and "Postcode or town" wait for
     Search or Enter), and the status below says what changed, politely to screen readers. */
  form.addEventListener("change", function (e) {
    var t = e.target;
    if (t === input || t === near) return;
    submit(here ? { here: here } : null);
  });

  showHidden.addEventListener("click", function () {
    all.checked = true;
    el("more-filters").open = true;
    submit(here ? { here: here } : null);
    statusBox.focus();
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (near.value.trim()) here = null;
    submit(here ? { here: here } : null);
  });

  /* The browser asks the resident first; the place stays in this page (and its history
     entry), is never put in the address and never sent anywhere. */
  locate.addEventListener("click", function () {
    if (!navigator.geolocation) {
      nearStatus.textContent = "Your browser cannot share your location. Type a postcode or town instead.";
      return;
    }
    nearStatus.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      here = { lat: pos.coords.latitude, lon: pos.coords.longitude, label: "your location" };
      near.value = "";
      submit({ here: here });
    }, function () {
      nearStatus.textContent = "We could not get your location. Type a postcode or town instead.";
    }, { maximumAge: 600000, timeout: 15000 });
  });

  window.addEventListener("popstate", function (e) {
    here = e.state && e.state.here ? e.state.here : null;
    var p = params();
    fill(p);
    show(p);
  });

  /* For tests and for anyone checking how search works from the browser's console. */
  window.directorySearch = { words: words, shard: shard, indexFor: indexFor, shortFixes: shortFixes, run: run, bucketOf: bucketOf, resolve: resolve, nearest: nearest, measure: measure, order: order };

  var start = params();
  fill(start);
  if (window.location.search) show(start);
})();
