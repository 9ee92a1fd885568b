/* Text normalisation for search: the twin of directory/normalise.py, which prepared the
   index the same way (tests/test_normalise.py runs both on every character). Each step is
   explained there. Used by search.js in the browser, and by Node in the tests. */
(function (root) {
  "use strict";

  var LUNR_STOP = ["a", "able", "about", "across", "after", "all", "almost", "also", "am",
    "among", "an", "and", "any", "are", "as", "at", "be", "because", "been", "but", "by", "can",
    "cannot", "could", "dear", "did", "do", "does", "either", "else", "ever", "every", "for",
    "from", "get", "got", "had", "has", "have", "he", "her", "hers", "him", "his", "how",
    "however", "i", "if", "in", "into", "is", "it", "its", "just", "least", "let", "like",
    "likely", "may", "me", "might", "most", "must", "my", "neither", "no", "nor", "not", "of",
    "off", "often", "on", "only", "or", "other", "our", "own", "rather", "said", "say", "says",
    "she", "should", "since", "so", "some", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "tis", "to", "too", "twas", "us", "wants", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "yet", "you", "your"];
  var KEPT = ["after", "am", "may", "off", "able"];
  var STOP = Object.create(null);
  LUNR_STOP.forEach(function (w) { if (KEPT.indexOf(w) === -1) STOP[w] = true; });

  var INVISIBLE = /[\u00ad\u034f\u061c\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;
  var DIACRITIC = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var LETTERS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th" };
  var LETTERS_RE = /[ßæœøłđðþ]/g;
  var APOSTROPHE = /[\u2018\u2019\u201b\u02bb\u02bc\u2032]/g;
  var DASH = /[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]/g;
  var POSTCODE = /(?<![a-z0-9])([a-z]{1,2}[0-9][a-z0-9]?) *([0-9][a-z]{2})(?![a-z0-9])/g;
  var FULL_POSTCODE = /^[a-z]{1,2}[0-9][a-z0-9]?[0-9][a-z]{2}$/;
  var POSSESSIVE = /'s(?=$|[^\p{L}\p{N}\p{M}])/gu;
  var OTHER = /[^\p{L}\p{N}\p{M}-]+/gu;

  function fold(text) {
    var s = String(text).replace(INVISIBLE, "").normalize("NFKC").toLowerCase();
    s = s.normalize("NFD").replace(DIACRITIC, "").normalize("NFC");
    s = s.replace(LETTERS_RE, function (c) { return LETTERS[c]; });
    s = s.replace(APOSTROPHE, "'").replace(DASH, "-");
    s = s.replace(POSTCODE, "$1$2");
    s = s.replace(POSSESSIVE, "").replace(/'/g, "");
    s = s.replace(OTHER, " ").trim();
    return s === "" ? "" : s.split(/ +/).join(" ");
  }

  function parts(word) {
    return word.split("-").filter(function (p) { return p !== ""; });
  }

  function keep(w) { return w !== "" && !STOP[w]; }

  var LETTERS_ONLY = /^[a-z]{2,}$/;

  function joinable(w) { return !STOP[w] && LETTERS_ONLY.test(w); }

  function joined(word) { return parts(word).join(""); }

  function indexTokens(text) {
    var out = [];
    fold(text).split(" ").forEach(function (word) {
      var p = parts(word);
      out.push.apply(out, p);
      if (p.length > 1) out.push(p.join(""));
    });
    return out.filter(keep);
  }

  /* The search's words again with one pair of neighbours joined, for each such pair:
     "food bank club" -> [["foodbank", "club"], ["food", "bankclub"]]. */
  function queryJoins(text) {
    var words = fold(text).split(" ").map(joined).filter(function (w) { return w !== ""; });
    var out = [];
    for (var i = 0; i + 1 < words.length; i++) {
      if (joinable(words[i]) && joinable(words[i + 1])) {
        out.push(words.slice(0, i).concat([words[i] + words[i + 1]], words.slice(i + 2)).filter(keep));
      }
    }
    return out;
  }

  function queryTokens(text, split) {
    var out = [];
    fold(text).split(" ").forEach(function (word) {
      var p = parts(word);
      if (split) out.push.apply(out, p); else out.push(p.join(""));
    });
    return out.filter(keep);
  }

  var SPLIT_MIN = 3;

  /* The search's words again with one word split in two, at each place it could split:
     "foodbank" -> [["foo", "dbank"], ["food", "bank"], ["foodb", "ank"]]. search.js keeps
     those whose halves are both in the shard's word list. */
  function querySplits(text) {
    var words = queryTokens(text), out = [];
    words.forEach(function (word, i) {
      if (!joinable(word)) return;
      for (var cut = SPLIT_MIN; cut <= word.length - SPLIT_MIN; cut++) {
        var halves = [word.slice(0, cut), word.slice(cut)].filter(keep);
        if (halves.length === 2) out.push(words.slice(0, i).concat(halves, words.slice(i + 1)));
      }
    });
    return out;
  }

  function isPostcode(token) { return FULL_POSTCODE.test(token); }

  var api = {
    fold: fold, indexTokens: indexTokens, queryTokens: queryTokens, queryJoins: queryJoins, querySplits: querySplits,
    isPostcode: isPostcode,
    stopWords: Object.keys(STOP).sort()
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.directoryNormalise = api;
})(this);
