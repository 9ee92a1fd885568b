/* Search for the directory: reads a prebuilt lunr index (one shard per district, one for the
   county) and shows results. Everything happens in this browser: the query is never sent
   anywhere, only the index files are fetched from this site. */
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
  var shards = {};
  var LABELS = {
    open: "Taking new people",
    limited: "Small group: expect a slow reply",
    waitlist: "Waiting list",
    full: "Full: not taking new people",
    paused: "Paused: not taking new people",
    closed: "Temporarily closed"
  };
  var EDGE = /^[^\p{L}\p{N}\p{M}_]+|[^\p{L}\p{N}\p{M}_]+$/gu;

  function load(name) {
    if (!shards[name]) {
      var get = function (kind) {
        return fetch(name + "." + kind + ".json").then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        });
      };
      shards[name] = Promise.all([get("index"), get("docs")]).then(function (parts) {
        return { index: lunr.Index.load(parts[0]), rows: parts[1] };
      });
      shards[name].catch(function () { delete shards[name]; });
    }
    return shards[name];
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

  function run(index, terms, fuzzy, required) {
    return index.query(function (q) {
      terms.forEach(function (t) {
        var opts = { presence: required ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL };
        if (fuzzy && t.length >= 5) opts.editDistance = 1;
        q.term(t, opts);
      });
    });
  }

  function search(shard, text) {
    var terms = words(text);
    if (!terms.length) {
      return { hits: shard.rows.map(function (row, i) { return { row: row, score: 0, i: i }; }), how: "all" };
    }
    var how = "exact";
    var found = run(shard.index, terms, false, true);
    if (!found.length) { how = "close"; found = run(shard.index, terms, true, true); }
    if (!found.length && terms.length > 1) { how = "some"; found = run(shard.index, terms, true, false); }
    return {
      hits: found.map(function (r) { var i = +r.ref; return { row: shard.rows[i], score: r.score, i: i }; }),
      how: how
    };
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
    var shardName = p.district || "county";
    statusBox.textContent = "Searching…";
    return load(shardName).then(function (shard) {
      var result = search(shard, p.q);
      var hits = result.hits.filter(function (h) {
        return !p.category || h.row[8].indexOf(p.category) !== -1;
      });
      var held = hits.filter(function (h) { return !(h.row[7] & 1); }).length;
      if (!p.all) hits = hits.filter(function (h) { return h.row[7] & 1; });
      /* Relevance first; among results of about the same relevance, services with room
         before those with a wait; then the build's daily rotation (the rows' order). */
      hits.sort(function (x, y) {
        var sx = Math.round(x.score * 10), sy = Math.round(y.score * 10);
        return (sy - sx) || (x.row[6] - y.row[6]) || (x.i - y.i);
      });
      list.replaceChildren.apply(list, hits.map(function (h) { return item(h.row); }));
      var where = p.district ? " in " + district.options[district.selectedIndex].text : "";
      var n = hits.length;
      var msg = n + (n === 1 ? " service" : " services") + (p.q ? " found for ‘" + p.q + "’" : "") + where + ".";
      if (result.how === "close") msg = "No exact matches. " + n + " close " + (n === 1 ? "match" : "matches") + " for ‘" + p.q + "’" + where + ".";
      if (result.how === "some") msg = "No services match all your words. " + n + " " + (n === 1 ? "service matches" : "services match") + " some of them" + where + ".";
      if (!p.all && held) msg += " " + held + (held === 1 ? " more is" : " more are") + " not taking new people: tick ‘Include services not taking new people’ to see " + (held === 1 ? "it." : "them.");
      statusBox.textContent = msg;
    }).catch(function () {
      statusBox.textContent = "Sorry, search is not working just now. You can browse by district or type of support from the home page.";
    });
  }

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

  var start = params();
  fill(start);
  if (start.q || start.district || start.category) show(start);
})();
