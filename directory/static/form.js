/* The "Suggest a service" form. The page's questions are made from the one schema when the
   site is built; this builds the record from the answers, checks it against the service
   JSON Schema (embedded in the page) with @cfworker/json-schema, which interprets schemas
   without eval, so the strict Content Security Policy holds, and words each problem as
   `directory validate` does, from the validator's message templates (in the page too).
   It then makes the YAML record with js-yaml and offers three ways to send it: a prefilled
   GitHub issue, a new file on GitHub, or an email. Nothing is sent anywhere by this script:
   the only requests it makes are for a service's own page on this site, to prefill a change,
   and for this site's list of languages (suggest/languages.json), to check those typed. */
import { Validator } from "./json-schema-4.1.6/validator.js";
import { format } from "./json-schema-4.1.6/format.js";

const DATA = JSON.parse(document.getElementById("form-data").textContent);
const form = document.getElementById("suggest-form");
const summary = document.getElementById("form-errors");
const send = document.getElementById("send");
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LEAF_KEYWORDS = new Set([
  "required", "type", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
  "enum", "const", "minItems", "maxItems", "uniqueItems", "additionalProperties"
]);

/* In draft 2020-12 `format` is an annotation unless a vocabulary asks for it (JSON Schema
   Validation, section 7.2). The patterns beside each format say what `directory validate`
   accepts, so only "date" (a real calendar date) is asserted here. */
format.email = () => true;
format.uri = () => true;
const validator = new Validator(DATA.schema, "2020-12", false);
/* The validator's own check of UK numbers (phonenumbers), from the numbering plan's
   patterns the build put in DATA.phones (static/phones.js). */
const phoneProblem = window.directoryPhones.checker(DATA.phones);

let change = null; /* {id, district} when reporting a change to a listed service */
let original = "";

/* -- the form's structure ---------------------------------------------------------------- */

function groupOf(container, name) {
  for (const el of container.querySelectorAll("[data-name]")) {
    if (el.getAttribute("data-name") === name) return el;
  }
  return null;
}

function itemsOf(repeat) {
  return Array.from(repeat.querySelector("[data-items]").children);
}

function renumber(repeat) {
  itemsOf(repeat).forEach((item, i) => {
    item.querySelector("[data-number]").textContent = String(i + 1);
  });
}

/* Copy a repeat's item template with the next free position in every name and id (never
   reused, so a removed item's label cannot point at another). */
function replaceAll(node, from, to) {
  if (node.nodeType !== 1) return;
  for (const attr of Array.from(node.attributes)) {
    if (attr.value.indexOf(from) !== -1) node.setAttribute(attr.name, attr.value.split(from).join(to));
  }
  if (node.tagName === "TEMPLATE") {
    for (const child of Array.from(node.content.childNodes)) replaceAll(child, from, to);
  }
  for (const child of Array.from(node.children)) replaceAll(child, from, to);
}

function addItem(repeat) {
  const depth = repeat.getAttribute("data-depth");
  const next = Number(repeat.getAttribute("data-next") || "0");
  repeat.setAttribute("data-next", String(next + 1));
  const template = repeat.querySelector(":scope > template[data-item-template]");
  const fragment = template.content.cloneNode(true);
  const item = fragment.querySelector("[data-item]");
  replaceAll(item, "__i" + depth + "__", String(next));
  repeat.querySelector("[data-items]").appendChild(fragment);
  renumber(repeat);
  return item;
}

form.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.hasAttribute("data-add")) {
    const repeat = button.closest("[data-kind=repeat]");
    const item = addItem(repeat);
    const first = item.querySelector("input, select, textarea");
    if (first) first.focus();
  } else if (button.hasAttribute("data-remove")) {
    const item = button.closest("[data-item]");
    const repeat = item.closest("[data-kind=repeat]");
    item.remove();
    renumber(repeat);
    repeat.querySelector(":scope > [data-add]").focus();
  }
});

/* -- answers -> record --------------------------------------------------------------------- */

function convert(text, schema) {
  const type = schema.type;
  if (type === "integer" && /^\s*-?\d+\s*$/.test(text)) return parseInt(text, 10);
  if (type === "number" && /^\s*£?\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(text)) {
    return parseFloat(text.replace("£", ""));
  }
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

/* A group of answers, or a single one, as the record holds it; undefined when empty. A
   required group is kept even when empty, so the problem is named on the question inside
   it ("free is missing", "add at least one way to get in touch"). */
function collect(schema, container, name, required) {
  if (schema.type === "object") {
    const out = {};
    const needed = schema.required || [];
    for (const key of Object.keys(schema.properties || {})) {
      const child = name ? name + "." + key : key;
      const value = collect(schema.properties[key], container, child, needed.indexOf(key) !== -1);
      if (value !== undefined) out[key] = value;
    }
    return Object.keys(out).length || (required && name) ? out : undefined;
  }
  const el = groupOf(container, name);
  if (!el) return undefined;
  if (schema.type === "array") {
    let values;
    if (el.getAttribute("data-kind") === "repeat") {
      values = itemsOf(el)
        .map((item) => collect(schema.items, item, item.getAttribute("data-prefix")))
        .filter((v) => v !== undefined);
    } else {
      values = Array.from(el.querySelectorAll("input:checked")).map((i) => i.value);
    }
    return values.length ? values : undefined;
  }
  const kind = el.getAttribute("data-kind");
  let text;
  if (kind === "radios" || kind === "boolean") {
    const checked = el.querySelector("input:checked");
    text = checked ? checked.value : "";
  } else {
    text = el.querySelector("input, select, textarea").value;
  }
  text = kind === "textarea" ? text.replace(/\r\n?/g, "\n").trim() : text.trim();
  if (text === "__new") text = slugify(newOrganisation());
  return text === "" ? undefined : convert(text, schema);
}

/* -- record -> answers (for a change) ------------------------------------------------------ */

function fill(schema, container, name, value) {
  if (value === undefined || value === null) return;
  if (schema.type === "object") {
    for (const key of Object.keys(schema.properties || {})) {
      fill(schema.properties[key], container, name ? name + "." + key : key, value[key]);
    }
    return;
  }
  const el = groupOf(container, name);
  if (!el) return;
  if (schema.type === "array") {
    const list = Array.isArray(value) ? value : [value];
    if (el.getAttribute("data-kind") === "repeat") {
      for (const entry of list) {
        const item = addItem(el);
        fill(schema.items, item, item.getAttribute("data-prefix"), entry);
      }
    } else {
      for (const input of el.querySelectorAll("input")) input.checked = list.indexOf(input.value) !== -1;
    }
    return;
  }
  const text = typeof value === "string" ? value : String(value);
  const kind = el.getAttribute("data-kind");
  if (kind === "radios" || kind === "boolean") {
    for (const input of el.querySelectorAll("input")) input.checked = input.value === text;
  } else {
    const input = el.querySelector("input, select, textarea");
    input.value = text;
  }
}

/* -- problems, in the validator's words ------------------------------------------------------ */

/* Python's repr() of a string, as validate.py quotes what it found. */
function pyRepr(value) {
  if (typeof value !== "string") return String(value);
  const quote = value.indexOf("'") !== -1 && value.indexOf('"') === -1 ? '"' : "'";
  let out = "";
  for (const ch of value) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else out += ch;
  }
  return quote + out + quote;
}

/* The validator's words; the backticks it puts round file names and code are for
   Markdown readers, so they are left out here. */
function template(key, values) {
  return DATA.messages[key]
    .replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m))
    .replace(/`/g, "");
}

function num(v) {
  return v === undefined ? "any" : String(v);
}

function urlProblem(text) {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  const scheme = m ? m[1].toLowerCase() : "";
  if (scheme !== "http" && scheme !== "https") {
    if (!scheme && text.indexOf(".") !== -1 && text.indexOf(" ") === -1) return "url_scheme";
    return "url_not_web";
  }
  return "url_incomplete";
}

function messageFor(error, schemaAt, value, path) {
  const kind = DATA.kinds[path] || "";
  const shown = pyRepr(value);
  switch (error.keyword) {
    case "required":
      return DATA.missing[path] || "Answer this question";
    case "maxLength":
      return template("too_long", { length: Array.from(value).length, max: schemaAt.maxLength });
    case "minLength":
      return DATA.missing[path] || "Answer this question";
    case "pattern": {
      const key = {
        text: "one_line", email: "email", phone: "phone", postcode: "postcode", time: "time",
        date: "date", reference: "slug"
      }[kind];
      if (kind === "url") return template(urlProblem(value), { value: shown });
      return template(key || "one_line", { value: shown });
    }
    case "format":
      return template("real_date", { value: shown });
    case "type":
      if (schemaAt.type === "integer") return template("integer", { value: shown });
      if (schemaAt.type === "number") return template("number", { value: shown });
      return error.error;
    case "minimum":
    case "maximum":
      return template("range", { number: value, min: num(schemaAt.minimum), max: num(schemaAt.maximum) });
    case "enum":
      return template("choice", { value: shown, choices: schemaAt.enum.join(", ") });
    case "minItems":
      return template("min_items", { n: schemaAt.minItems });
    case "uniqueItems":
      return template("unique", { value: shown });
    default:
      return error.error;
  }
}

/* A JSON pointer in the record -> {element, path (dotted, no positions), schema, value}. */
function locate(pointer, record) {
  const parts = pointer.replace(/^#\/?/, "").split("/").filter((p) => p !== "").map(decodeURIComponent);
  let schema = DATA.schema;
  let container = form;
  let name = "";
  let path = "";
  let value = record;
  let el = null;
  for (const raw of parts) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (schema.type === "array") {
      const items = el && el.getAttribute("data-kind") === "repeat" ? itemsOf(el) : [];
      value = value ? value[Number(part)] : undefined;
      schema = schema.items;
      if (items[Number(part)]) {
        container = items[Number(part)];
        name = container.getAttribute("data-prefix");
      }
      if (schema.type !== "object" && items[Number(part)]) {
        path += ".*";
        el = groupOf(container, name) || el;
      }
      continue;
    }
    schema = (schema.properties || {})[part] || {};
    value = value ? value[part] : undefined;
    name = name ? name + "." + part : part;
    path = path ? path + "." + part : part;
    el = groupOf(container, name) || el;
  }
  return { el, path, schema, value };
}

/* The rules across fields that a JSON Schema cannot say, as validate.check_service has
   them: [JSON pointer, message key, values]. */
function minutes(time) {
  const m = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(time || "");
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function hhmm(time) {
  const m = /^(\d+)[:.](\d\d)$/.exec(time);
  return String(Number(m[1])).padStart(2, "0") + ":" + m[2];
}

function crossField(record) {
  const out = [];
  const contacts = record.contacts;
  const ways = ["phones", "email", "emails", "website", "links", "people"];
  const withheld = change && change.withheld.length; /* the listed ones are kept */
  if (contacts && !withheld && !ways.some((way) => contacts[way])) {
    out.push(["#/contacts", "no_contact", {}]);
  }
  const cost = record.cost || {};
  if (cost.free === true && cost.options) out.push(["#/cost/options", "free_with_prices", {}]);
  const elig = record.eligibility || {};
  if (Number.isInteger(elig.min_age) && Number.isInteger(elig.max_age) && elig.min_age > elig.max_age) {
    out.push(["#/eligibility/max_age", "ages", { hi: elig.max_age, lo: elig.min_age }]);
  }
  const areas = record.areas_served || [];
  if (areas.indexOf("county") !== -1 && areas.length > 1) {
    out.push(["#/areas_served", "county_and_districts", {}]);
  }
  (record.schedule || []).forEach((slot, i) => {
    const opens = minutes(slot.opens);
    const closes = minutes(slot.closes);
    // A closing time before the opening time is the next morning (20:00 to 08:00).
    if (opens !== null && closes !== null && closes === opens) {
      out.push(["#/schedule/" + i + "/closes", "closes_at_opening", { closes: hhmm(slot.closes) }]);
    }
    if (slot.frequency === "monthly" && !slot.weeks && !slot.dates && !slot.date_varies) {
      out.push(["#/schedule/" + i + "/weeks", "monthly_weeks", {}]);
    }
    if (slot.weeks && slot.frequency !== "monthly") out.push(["#/schedule/" + i + "/frequency", "weeks_monthly", {}]);
  });
  return out;
}

/* What the validator refuses beyond the JSON Schema, value by value: phone numbers the
   numbering plan does not have ("01632 96099" is a digit short), stand-in email addresses
   (test@example.org) and dates before 1900. -> [[JSON pointer, message], ...] */
function placeholderEmail(address) {
  const rules = DATA.placeholder_email;
  const at = address.lastIndexOf("@");
  const local = address.slice(0, at).toLowerCase();
  const domain = address.slice(at + 1).toLowerCase();
  return rules.local.indexOf(local) !== -1 || rules.domain_start.indexOf(domain.split(".")[0]) !== -1 ||
    rules.domain.indexOf(domain) !== -1;
}

/* The languages the validator accepts (records/languages.py browser_names), from this site's
   suggest/languages.json; until it has come (or if it cannot), every language passes here and
   the validator checks it when the record arrives. */
let LANGUAGES = null;
fetch("languages.json", { credentials: "omit" })
  .then((r) => (r.ok ? r.json() : null))
  .then((data) => {
    if (data) LANGUAGES = { names: new Set(data.names), codes: new Set(data.codes) };
  })
  .catch(() => {});

function isLanguage(text) {
  if (!LANGUAGES) return true;
  const key = text.split(/\s+/).filter(Boolean).join(" ").toLowerCase();
  if (!key || key.length > 80) return false;
  if (LANGUAGES.names.has(key)) return true;
  return (key.length === 2 || key.length === 3) && LANGUAGES.codes.has(key);
}

function valueProblems(schema, value, pointer, path, out) {
  if (value === undefined || value === null) return out;
  if (schema.type === "object" && typeof value === "object") {
    for (const key of Object.keys(schema.properties || {})) {
      valueProblems(schema.properties[key], value[key], pointer + "/" + key, path ? path + "." + key : key, out);
    }
    return out;
  }
  if (schema.type === "array" && Array.isArray(value)) {
    const itemPath = schema.items && schema.items.type === "object" ? path : path + ".*";
    value.forEach((v, i) => valueProblems(schema.items || {}, v, pointer + "/" + i, itemPath, out));
    return out;
  }
  if (typeof value !== "string") return out;
  const kind = DATA.kinds[path];
  const text = value.trim();
  if (kind === "phone") {
    const problem = phoneProblem(value);
    if (problem) out.push([pointer, template("phone", { value: pyRepr(value), problem: problem })]);
  } else if (kind === "email" && text.indexOf("@") > 0 && placeholderEmail(text)) {
    out.push([pointer, template("placeholder_email", { value: pyRepr(text) })]);
  } else if (path === "languages.*" && text && !isLanguage(text)) {
    out.push([pointer, template("language", { value: pyRepr(text) })]);
  } else if (kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(text) && Number(text.slice(0, 4)) < 1900) {
    out.push([pointer, template("too_long_ago", { date: text })]);
  }
  return out;
}

function problems(record) {
  const result = validator.validate(record);
  const found = [];
  const seen = new Set();
  for (const error of result.errors) {
    if (!LEAF_KEYWORDS.has(error.keyword)) continue;
    let pointer = error.instanceLocation;
    if (error.keyword === "required") {
      const m = /"([^"]+)"/.exec(error.error);
      if (!m) continue;
      pointer = pointer.replace(/\/$/, "") + "/" + m[1];
    }
    const at = locate(pointer, record);
    if (!at.el || seen.has(at.el)) continue;
    /* The schema's pattern is a quick check for editors; phones.js is the validator's own
       (it accepts "0800 1111" and 101, which the pattern does not), so it decides. */
    if (error.keyword === "pattern" && DATA.kinds[at.path] === "phone") continue;
    seen.add(at.el);
    found.push({ el: at.el, message: messageFor(error, at.schema, at.value, at.path) });
  }
  const more = valueProblems(DATA.schema, record, "#", "", []).concat(
    crossField(record).map(([pointer, key, values]) => [pointer, template(key, values)]));
  for (const [pointer, message] of more) {
    const at = locate(pointer, record);
    if (at.el && !seen.has(at.el)) {
      seen.add(at.el);
      found.push({ el: at.el, message: message });
    }
  }
  return found;
}

/* -- showing problems (GOV.UK error summary and error messages) ---------------------------- */

function labelOf(el) {
  const own = el.querySelector(":scope > label, :scope > fieldset > legend, :scope > legend");
  return own ? own.textContent.replace(/\s*\(optional\)\s*$/, "").trim() : "";
}

function clearProblems() {
  for (const el of form.querySelectorAll(".form-group-error")) el.classList.remove("form-group-error");
  for (const p of form.querySelectorAll(".error-message")) {
    p.hidden = true;
    p.textContent = "";
  }
  summary.hidden = true;
  summary.querySelector("ul").textContent = "";
}

function showProblems(found) {
  clearProblems();
  const list = summary.querySelector("ul");
  found.sort((a, b) => (a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  for (const { el, message } of found) {
    el.classList.add("form-group-error");
    const p = el.querySelector(".error-message");
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = "Error: ";
    p.textContent = "";
    p.appendChild(hidden);
    p.appendChild(document.createTextNode(message));
    p.hidden = false;
    const target = el.querySelector("input, select, textarea, button");
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = "#" + (target ? target.id : "");
    /* "Enter the postcode" says which question; "'PR1' is not a UK postcode" needs it. */
    const whole = /^[A-Z]/.test(message);
    a.textContent = whole ? message : labelOf(el) + (/^(is|should|needs) /.test(message) ? " " : ": ") + message;
    a.addEventListener("click", (event) => {
      event.preventDefault();
      if (target) {
        target.focus();
        el.scrollIntoView();
      }
    });
    li.appendChild(a);
    list.appendChild(li);
  }
  summary.hidden = false;
  document.title = "Error: " + original;
  summary.focus();
}

/* -- the record and where to send it ---------------------------------------------------------- */

function yamlOf(record) {
  /* Every string quoted: YAML 1.1 readers (ours included) would otherwise read "12:00" as a
     number and "no" as false. */
  const text = window.jsyaml.dump(record, {
    forceQuotes: true, quotingType: '"', lineWidth: -1, noRefs: true
  });
  return DATA.modeline + "\n" + text;
}

function query(params) {
  return Object.keys(params)
    .map((k) => encodeURIComponent(k) + "=" + encodeURIComponent(params[k]))
    .join("&");
}

/* A name -> an id: lowercase letters, digits and hyphens, at most 60 characters. */
function slugify(text) {
  return (text || "")
    .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/&/g, " and ").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60)
    .replace(/-+$/, "");
}

function fileName(record) {
  if (change) return change.id;
  return slugify(record.name) || "service";
}

/* An organisation not listed yet: its name, or "" when one from the list is chosen. */
function newOrganisation() {
  const select = form.querySelector("select[name=organisation]");
  if (!select || select.value !== "__new") return "";
  return form.querySelector("[name=__organisation_name]").value.trim();
}

form.addEventListener("change", (event) => {
  const select = event.target;
  if (select.tagName !== "SELECT") return;
  const reveal = form.querySelector('[data-reveal-for="' + select.id + '"]');
  if (reveal) reveal.hidden = select.value !== "__new";
});

/* The addresses for each way of sending, and whether each is short enough to use. */
function links(record, yaml, district, notes, organisation) {
  const repo = DATA.repository;
  const id = fileName(record);
  const title = change ? "Change to " + (record.name || id) + " (" + id + ")" : "Suggest a service: " + (record.name || id);
  const out = {};
  if (repo) {
    const fields = { template: DATA.issue_template, title: title, district: district, file_name: id };
    if (change) fields.changes = change.id;
    if (notes) fields.notes = notes;
    if (organisation) fields.organisation_name = organisation;
    out.issueBlank = repo + "/issues/new?" + query(fields);
    out.issue = out.issueBlank + "&" + query({ record: yaml });
    const folder = repo + "/new/" + DATA.branch + "/content/services/" + district;
    out.newFileBlank = folder + "?" + query({ filename: id + ".yaml" });
    out.newFile = folder + "?" + query({ filename: id + ".yaml", value: yaml });
    out.newOrganisation = repo + "/new/" + DATA.branch + "/content/organisations?" + query({
      filename: record.organisation + ".yaml",
      value: window.jsyaml.dump({ name: organisation }, { forceQuotes: true, quotingType: '"', lineWidth: -1 })
    });
    if (change) out.editFile = repo + "/edit/" + DATA.branch + "/content/services/" + change.district + "/" + id + ".yaml";
  }
  const body = yaml + (organisation ? "\nNew organisation: " + organisation + "\n" : "") +
    (notes ? "\n" + notes + "\n" : "");
  out.email = "mailto:" + DATA.email + "?" + query({ subject: title, body: body });
  out.issueFits = out.issue ? out.issue.length <= DATA.limits.github : false;
  out.newFileFits = out.newFile ? out.newFile.length <= DATA.limits.github : false;
  out.emailFits = out.email.length <= DATA.limits.email;
  return out;
}

function showSend(record, district) {
  const yaml = yamlOf(record);
  const notes = form.querySelector("[name=__notes]").value.trim();
  const organisation = newOrganisation();
  const made = links(record, yaml, district, notes, organisation);
  document.getElementById("record").value = yaml;
  const github = document.getElementById("send-github");
  github.hidden = !DATA.repository;
  if (DATA.repository) {
    document.getElementById("issue-link").href = made.issue;
    document.getElementById("issue-link-para").hidden = !made.issueFits;
    document.getElementById("issue-too-long").hidden = made.issueFits;
    document.getElementById("issue-blank-link").href = made.issueBlank;
    document.getElementById("issue-blank-link-2").href = made.issueBlank;
    document.getElementById("links-long").hidden = !made.issueFits || made.issue.length <= DATA.limits.browser;
    document.getElementById("new-file-link").href = made.newFile;
    document.getElementById("new-file-blank-link").href = made.newFileBlank;
    document.getElementById("new-file-para").hidden = !!change || !made.newFileFits;
    document.getElementById("new-file-too-long").hidden = !!change || made.newFileFits;
    document.getElementById("new-org-para").hidden = !organisation || !!change;
    document.getElementById("new-org-link").href = made.newOrganisation;
    const edit = document.getElementById("edit-file-para");
    edit.hidden = !change;
    if (change) document.getElementById("edit-file-link").href = made.editFile;
  }
  document.getElementById("email-link").href = made.email;
  document.getElementById("email-link-para").hidden = !made.emailFits;
  document.getElementById("email-too-long").hidden = made.emailFits;
  document.getElementById("copy-status").textContent = "";
  form.hidden = true;
  send.hidden = false;
  document.title = "Your answers are ready to send - " + original.split(" - ").slice(1).join(" - ");
  send.focus();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const record = collect(DATA.schema, form, "") || {};
  /* Where an import found the record is not asked (form.py SKIP): a change keeps it. */
  if (change && change.imported) record.imported = change.imported;
  const found = problems(record);
  const district = form.querySelector("[name=__district]").value;
  if (!district) {
    const el = groupOf(form, "__district");
    found.unshift({ el, message: DATA.missing.__district });
  }
  const select = form.querySelector("select[name=organisation]");
  if (select && select.value === "__new" && !newOrganisation()) {
    const el = groupOf(form, "__organisation_name");
    const at = found.findIndex((f) => f.el === groupOf(form, "organisation"));
    const problem = { el, message: DATA.missing.__organisation_name };
    if (at === -1) found.push(problem);
    else found.splice(at, 1, problem);
  }
  if (found.length) {
    showProblems(found);
    return;
  }
  clearProblems();
  document.title = original;
  showSend(record, district);
});

document.getElementById("edit-answers").addEventListener("click", () => {
  send.hidden = true;
  form.hidden = false;
  document.title = original;
  const first = form.querySelector("input, select, textarea");
  if (first) first.focus();
});

document.getElementById("copy-record").addEventListener("click", () => {
  const box = document.getElementById("record");
  const status = document.getElementById("copy-status");
  const done = () => { status.textContent = "Copied. You can now paste the record."; };
  box.focus();
  box.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(box.value).then(done, () => {
      status.textContent = "Press Ctrl and C (or Cmd and C) to copy the selected record.";
    });
  } else {
    status.textContent = "Press Ctrl and C (or Cmd and C) to copy the selected record.";
  }
});

/* -- start: a new suggestion, or a change to a listed service ------------------------------ */

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
}

function ready() {
  document.getElementById("form-needs-script").hidden = true;
  form.hidden = false;
  original = document.title;
}

function startChange(id) {
  const status = document.getElementById("form-status");
  return fetch("../services/" + id + "/", { credentials: "omit" })
    .then((r) => {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    })
    .then((html) => {
      const page = new DOMParser().parseFromString(html, "text/html");
      const block = page.getElementById("service-record");
      if (!block) throw new Error("no record");
      const data = JSON.parse(block.textContent);
      change = { id: data.id, district: data.district, withheld: data.withheld || [], reviewed: String(data.record.reviewed || ""), imported: data.record.imported };
      document.getElementById("form-withheld").hidden = !change.withheld.length;
      fill(DATA.schema, form, "", data.record);
      form.querySelector("[name=__district]").value = data.district;
      const h1 = document.getElementById("form-title");
      h1.textContent = h1.getAttribute("data-change-title") + ": " + (data.record.name || id);
      const lead = document.getElementById("form-lead");
      lead.textContent = lead.getAttribute("data-change-lead");
      document.title = h1.textContent + " - " + document.title.split(" - ").slice(1).join(" - ");
    })
    .catch(() => {
      status.textContent = "The service's current details could not be loaded, so the form is empty. You can still fill it in.";
      status.hidden = false;
    });
}

/* A new suggestion was checked today. A change keeps the record's checked date (someone
   correcting one phone number has not checked the rest) unless the person ticks that they
   checked all of it; unticking puts the record's date back. A record an import brought in
   has no checked date until someone checks it: then the date is optional, and left empty. */
const wanted = new URLSearchParams(window.location.search).get("service");
const reviewedGroup = groupOf(form, "reviewed");
const reviewed = reviewedGroup ? reviewedGroup.querySelector("input") : null;
if (reviewed) reviewed.value = today();
if (wanted && SLUG.test(wanted)) {
  startChange(wanted).then(() => {
    const checkedAll = document.getElementById("f-checked-all");
    if (change && reviewed) {
      const before = change.reviewed;
      reviewed.value = before;
      document.getElementById("checked-all").hidden = false;
      if (!before) {
        const label = reviewedGroup.querySelector("label[for='" + reviewed.id + "']");
        if (label) label.textContent += " (optional)";
        const hint = document.getElementById("f-checked-all-hint");
        hint.textContent = hint.getAttribute("data-unchecked");
      }
      checkedAll.addEventListener("change", () => {
        reviewed.value = checkedAll.checked ? today() : before;
      });
    }
    ready();
  });
} else {
  ready();
}
