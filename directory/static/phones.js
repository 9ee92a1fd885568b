/* UK phone numbers checked in the browser as `directory validate` checks them
   (directory/phones.py `parse`, on phonenumbers, the Python port of libphonenumber), from
   the numbering plan's own patterns, which the build puts in the form's data
   (phones.browser_rules). tests/test_form.py runs this file in Node and phones.parse in
   Python on the same numbers and requires the same verdict for each.

   checker(rules) -> function (text) -> "" for a number the validator accepts, or the
   validator's words for what is wrong ("is not a valid UK phone number"). */
(function (root) {
  "use strict";

  var NOT_A_NUMBER = "is not a phone number";
  var NOT_UK = "is not a UK number (only UK numbers are listed)";
  var SHORT_WITH_EXTENSION = "is a short number, which has no extension";
  var PLACEHOLDER = "looks like a placeholder, not a real number";
  var INVALID = "is not a valid UK phone number";
  /* An extension as the service schema writes one: "ext 204", "extension 204", "x204". */
  var EXTENSION = /[ ()\-]*(?:ext(?:ension)?\.?|x)[ ()\-]*([0-9]{1,6})[ ()\-]*$/i;
  var MAX_NSN = 17; /* libphonenumber's longest national number */
  /* libphonenumber's VALID_PHONE_NUMBER, for the characters a UK number is written with. */
  var VIABLE = /^\+*(?:[\-x()\[\]./~* ]*[0-9]){3,}[\-x()\[\]./~* A-Za-z0-9]*$|^[0-9]{2}$/;
  var KEYS = { A: 2, B: 2, C: 2, D: 3, E: 3, F: 3, G: 4, H: 4, I: 4, J: 5, K: 5, L: 5, M: 6,
    N: 6, O: 6, P: 7, Q: 7, R: 7, S: 7, T: 8, U: 8, V: 8, W: 9, X: 9, Y: 9, Z: 9 };

  function keypad(letter) { return String(KEYS[letter]); }

  function whole(pattern) { return new RegExp("^(?:" + pattern + ")$"); }

  /* [possible lengths, pattern] -> a test of a national number, as libphonenumber's
     _is_number_matching_desc: the length first, then the whole pattern. */
  function desc(d) {
    if (!d) return function () { return false; };
    var re = whole(d[1]);
    return function (n) { return (!d[0].length || d[0].indexOf(n.length) !== -1) && re.test(n); };
  }

  function checker(rules) {
    var regions = rules.regions.map(function (r) {
      return {
        leading: r.leading ? new RegExp("^(?:" + r.leading + ")") : null,
        general: desc(r.general),
        types: r.types.map(desc)
      };
    });
    var gbGeneral = regions[0].general;
    var gbPattern = whole(rules.regions[0].general[1]);
    var nationalPrefix = new RegExp("^(?:" + rules.national_prefix + ")");
    var idd = new RegExp("^(?:" + rules.idd + ")");
    var shortGeneral = desc(rules.short[0]);
    var shortCode = desc(rules.short[1]);
    var codes = Object.create(null);
    rules.country_codes.forEach(function (c) { codes[String(c)] = true; });
    var relay = new RegExp(rules.relay);
    var drama = new RegExp(rules.drama);
    var placeholder = new RegExp(rules.placeholder);

    function typeOf(region, n) {
      if (!region.general(n)) return false;
      return region.types.some(function (t) { return t(n); });
    }

    /* phonenumbers.is_valid_number for a +44 number: the first region that claims it (by
       its leading digits, or else by any of its types matching) must have a matching type. */
    function valid(n) {
      for (var i = 0; i < regions.length; i++) {
        var r = regions[i];
        if (r.leading) {
          if (r.leading.test(n)) return typeOf(r, n);
        } else if (typeOf(r, n)) {
          return true;
        }
      }
      return false;
    }

    /* libphonenumber's _test_number_length against GB's general lengths. */
    function lengthResult(n) {
      var len = n.length;
      if (rules.local_lengths.indexOf(len) !== -1) return "local";
      var lengths = rules.lengths;
      if (len === lengths[0]) return "possible";
      if (len < lengths[0]) return "short";
      if (len > lengths[lengths.length - 1]) return "long";
      return lengths.indexOf(len) !== -1 ? "possible" : "invalid";
    }

    /* Strip the trunk prefix ("0") unless that turns a possible number into an impossible
       one (_maybe_strip_national_prefix_carrier_code). */
    function stripPrefix(n) {
      var m = nationalPrefix.exec(n);
      if (!m) return n;
      var rest = n.slice(m[0].length);
      if (gbPattern.test(n) && !gbPattern.test(rest)) return n;
      return rest;
    }

    function countryCode(digits) {
      if (digits.charAt(0) === "0") return null;
      for (var i = 1; i <= Math.min(3, digits.length); i++) {
        if (codes[digits.slice(0, i)]) return [Number(digits.slice(0, i)), digits.slice(i)];
      }
      return null;
    }

    /* phonenumbers.parse(text, "GB") -> {cc, nsn, ext}, or the words for a parse error. */
    function parse(text) {
      var ext = "";
      var m = EXTENSION.exec(text);
      if (m && /[0-9].*[0-9]/.test(text.slice(0, m.index))) {
        ext = m[1];
        text = text.slice(0, m.index);
      }
      var start = text.search(/[+0-9]/);
      if (start === -1) return NOT_A_NUMBER;
      text = text.slice(start);
      /* Letters only after three digits, as a word on a keypad ("0800 FLOWERS"): from three
         letters on they are read as the keypad's digits, fewer are ignored. */
      if (!VIABLE.test(text)) return NOT_A_NUMBER;
      var letters = (text.match(/[A-Za-z]/g) || []).length;
      var digits = (letters >= 3 ? text.toUpperCase().replace(/[A-Z]/g, keypad) : text)
        .replace(/[^0-9]/g, "");
      if (digits.length < 2) return NOT_A_NUMBER;
      var cc = 44;
      var national = digits;
      var international = text.charAt(0) === "+";
      if (!international) {
        var i = idd.exec(digits);
        if (i && digits.charAt(i[0].length) !== "0" && digits.length > i[0].length) {
          international = true;
          digits = digits.slice(i[0].length);
        }
      }
      if (international) {
        if (digits.length <= 2) return NOT_A_NUMBER;
        var found = countryCode(digits);
        if (!found) return NOT_A_NUMBER;
        cc = found[0];
        national = found[1];
      } else if (digits.indexOf("44") === 0) {
        /* A number that starts with 44 without a plus: the country code only if that
           makes a possible number of one that was not. */
        var without = stripPrefix(digits.slice(2));
        if ((!gbPattern.test(digits) && gbPattern.test(without)) || lengthResult(digits) === "long") {
          national = without;
        }
      }
      if (national.length < 2) return NOT_A_NUMBER;
      if (cc !== 44) return { cc: cc, nsn: national, ext: ext };
      var stripped = stripPrefix(national);
      var result = lengthResult(stripped);
      if (result !== "short" && result !== "local" && result !== "invalid") national = stripped;
      if (national.length > MAX_NSN) return NOT_A_NUMBER;
      return { cc: cc, nsn: national, ext: ext };
    }

    return function (text) {
      var isRelay = "";
      var m = relay.exec(text);
      var rest = text;
      if (m) {
        isRelay = m[1];
        rest = text.slice(m[0].length);
      }
      var number = parse(rest);
      if (typeof number === "string") return number;
      if (number.cc !== 44) return NOT_UK;
      var n = number.nsn;
      if (!isRelay && shortGeneral(n) && shortCode(n)) return number.ext ? SHORT_WITH_EXTENSION : "";
      if (placeholder.test(n) || rules.placeholders.indexOf(n) !== -1) return PLACEHOLDER;
      if (!(valid(n) || drama.test(n))) return INVALID;
      return "";
    };
  }

  var api = { checker: checker, INVALID: INVALID };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.directoryPhones = api;
})(this);
