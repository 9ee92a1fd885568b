/* My list: services a resident (or a librarian or link worker helping them) picks, to print
   on one sheet or share as a link. Kept in this browser's own storage (localStorage) on this
   device only: never sent anywhere, no cookie. */
(function () {
  "use strict";

  var KEY = "directory-my-list";
  var ID = /^[a-z0-9][a-z0-9-]*$/;
  var announce = document.getElementById("list-announce");

  function read() {
    try {
      var v = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(v) ? v.filter(function (x) { return x && ID.test(x.id); }) : [];
    } catch (e) {
      return [];
    }
  }

  function write(items) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(items));
      return true;
    } catch (e) {
      return false; /* storage turned off or full: the button says so */
    }
  }

  function has(id) { return read().some(function (x) { return x.id === id; }); }

  function label(button, on, name) {
    var which = document.createElement("span");
    which.className = "visually-hidden";
    which.textContent = " (" + name + ")";
    button.replaceChildren(on ? "Remove from my list" : "Add to my list", which);
  }

  function say(text) { if (announce) announce.textContent = text; }

  /* A button that adds a service to the list, or takes it off. */
  function button(id, name) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button-secondary list-button";
    label(b, has(id), name);
    b.addEventListener("click", function () {
      var items = read(), on = items.some(function (x) { return x.id === id; });
      items = on ? items.filter(function (x) { return x.id !== id; }) : items.concat([{ id: id, name: name }]);
      if (!write(items)) { say("Your browser is not letting this site keep a list."); return; }
      label(b, !on, name);
      say((on ? "Removed " + name + " from" : "Added " + name + " to") + " your list. " + items.length + (items.length === 1 ? " service" : " services") + " on it.");
    });
    return b;
  }

  window.directoryList = { button: function (row) { return button(row[0], row[1]); }, read: read };

  /* Service pages: a slot for the button. */
  Array.prototype.forEach.call(document.querySelectorAll(".list-slot"), function (slot) {
    slot.appendChild(button(slot.getAttribute("data-service"), slot.getAttribute("data-name")));
    slot.hidden = false;
  });

  /* The My list page. */
  var page = document.getElementById("my-list");
  if (!page) return;
  var root = page.getAttribute("data-root");
  var results = document.getElementById("my-list-items");
  var status = document.getElementById("my-list-status");
  var shareBox = document.getElementById("my-list-link");
  var shared = new URLSearchParams(window.location.search).get("ids");
  var ids = shared !== null
    ? shared.split(",").filter(function (id) { return ID.test(id); })
    : read().map(function (x) { return x.id; });

  function text(doc, selector) {
    var el = doc.querySelector(selector);
    return el ? el.textContent.trim() : "";
  }

  function lines(doc, selector) {
    return Array.prototype.map.call(doc.querySelectorAll(selector), function (el) {
      return el.innerText !== undefined && el.innerText !== "" ? el.innerText.trim() : el.textContent.trim();
    }).filter(Boolean);
  }

  function para(cls, value) {
    var p = document.createElement("p");
    p.className = cls;
    p.textContent = value;
    return p;
  }

  /* Each service's own page holds its details in full: the list reads them from there. */
  function entry(id) {
    return fetch(root + "services/" + id + "/").then(function (r) {
      if (!r.ok) throw new Error(id);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var li = document.createElement("li");
      li.className = "result";
      var h = document.createElement("h2");
      h.className = "result-title";
      var a = document.createElement("a");
      a.href = root + "services/" + id + "/";
      a.textContent = text(doc, "h1");
      h.appendChild(a);
      li.append(h, para("result-meta", text(doc, ".caption")), para("", text(doc, ".lead")));
      lines(doc, ".contact-list li").forEach(function (t) { li.appendChild(para("list-contact", t)); });
      Array.prototype.forEach.call(doc.querySelectorAll(".location"), function (loc) {
        var address = Array.prototype.map.call(loc.querySelector(".address").childNodes, function (n) { return n.textContent.trim(); }).filter(Boolean);
        li.appendChild(para("list-address", text(loc, "h3") + ", " + address.join(", ")));
      });
      Array.prototype.forEach.call(doc.querySelectorAll(".table tbody tr"), function (tr) {
        /* "Every Monday: 10am to midday", then the session's notes (bank holidays, a note). */
        var main = [], notes = [];
        Array.prototype.forEach.call(tr.cells, function (c) {
          var own = Array.prototype.map.call(c.childNodes, function (n) { return n.nodeType === 3 ? n.textContent.trim() : ""; }).join(" ").trim();
          if (own) main.push(own);
          Array.prototype.forEach.call(c.querySelectorAll(".hint"), function (h) { if (h.textContent.trim()) notes.push(h.textContent.trim()); });
        });
        li.appendChild(para("list-when", [main.join(": ")].concat(notes).filter(Boolean).join(". ")));
      });
      if (shared === null) li.appendChild(button(id, a.textContent));
      return li;
    }).catch(function () {
      return para("", "A service on this list is no longer in the directory.");
    });
  }

  function link() {
    return new URL("?ids=" + ids.join(","), window.location.href).href;
  }

  if (!ids.length) {
    status.textContent = "Your list is empty. Use ‘Add to my list’ on search results or service pages.";
    document.getElementById("my-list-actions").hidden = true;
    return;
  }
  status.textContent = "Loading " + ids.length + (ids.length === 1 ? " service…" : " services…");
  Promise.all(ids.map(entry)).then(function (items) {
    results.replaceChildren.apply(results, items);
    status.textContent = (shared !== null ? "A shared list of " : "Your list: ") + ids.length + (ids.length === 1 ? " service." : " services.");
    shareBox.value = link();
  });

  document.getElementById("my-list-print").addEventListener("click", function () { window.print(); });
  document.getElementById("my-list-copy").addEventListener("click", function () {
    shareBox.select();
    var done = function () { say("Link copied. Paste it into a message or an email."); };
    if (navigator.clipboard) navigator.clipboard.writeText(shareBox.value).then(done, function () { say("Select the link and copy it."); });
    else say("Select the link and copy it.");
  });
  var save = document.getElementById("my-list-save");
  if (shared !== null) {
    save.hidden = false;
    save.addEventListener("click", function () {
      var mine = read(), known = {};
      mine.forEach(function (x) { known[x.id] = true; });
      Array.prototype.forEach.call(results.querySelectorAll(".result-title a"), function (a, i) {
        if (!known[ids[i]]) mine.push({ id: ids[i], name: a.textContent });
      });
      say(write(mine) ? "Saved to your list on this device." : "Your browser is not letting this site keep a list.");
    });
  }
  document.getElementById("my-list-clear").hidden = shared !== null;
  document.getElementById("my-list-clear").addEventListener("click", function () {
    write([]);
    results.replaceChildren();
    status.textContent = "Your list is empty.";
    document.getElementById("my-list-actions").hidden = true;
  });
})();
