/* When a service is open, worked out in the resident's browser at the time of the search
   (never at build time), in the UK's time zone. Slots are the rows directory/search.py's
   schedule_rows writes: [days, opens, closes, frequency, extra, term, valid from, valid to,
   bank holidays (1 closed on them, 2 runs on them too, absent not known)] (see there); the rules are those of directory/schedule.py's Slot.occurs_on and
   Slot.open_at, and tests/test_schedule_js.py checks they agree. ctx: {holidays: {iso date:
   true}, terms: [[first day, last day], ...]} from search/calendar.json.
   Used by search.js, and by Node in the tests. */
(function (root) {
  "use strict";

  var PERIODS = { morning: [0, 720], afternoon: [720, 1020], evening: [1020, 1440] };
  var DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

  /* The wall-clock date and time in London at an instant: {day (days since 1970-01-01),
     dow (0 Monday ... 6 Sunday), date (1-31), length (days in the month), minutes}. */
  function london(instant) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", hourCycle: "h23"
    }).formatToParts(instant).forEach(function (p) { parts[p.type] = +p.value; });
    return civil(parts.year, parts.month, parts.day, parts.hour * 60 + parts.minute);
  }

  function civil(year, month, date, minutes) {
    var day = Math.floor(Date.UTC(year, month - 1, date) / 86400000);
    return {
      day: day, dow: (day + 3) % 7, date: date, minutes: minutes || 0,
      length: new Date(Date.UTC(year, month, 0)).getUTCDate(),
      iso: new Date(day * 86400000).toISOString().slice(0, 10)
    };
  }

  function shift(d, days) {
    var t = new Date((d.day + days) * 86400000);
    return civil(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), d.minutes);
  }

  /* Whether a session starts on a day (ignoring the time). */
  function runsOn(slot, d, ctx) {
    if (slot[8] === 1 && holiday(d, ctx)) return false;
    if ((slot[6] && d.day < slot[6]) || (slot[7] && d.day > slot[7])) return false;
    if (slot[5]) {
      var inTerm = (ctx.terms || []).some(function (t) { return t[0] <= d.day && d.day <= t[1]; });
      if (inTerm !== (slot[5] === 1)) return false;
    }
    var onDay = !!(slot[0] & (1 << d.dow));
    switch (slot[3]) {
      case 3: return d.day === slot[4];
      case 4: return slot[4].some(function (n) { return n === d.date || (n === -1 && d.date === d.length); });
      case 2: {
        if (!onDay) return false;
        var nth = Math.floor((d.date - 1) / 7) + 1, last = d.date + 7 > d.length;
        return slot[4].some(function (w) { return w === nth || (w === -1 && last); });
      }
      case 1: return onDay && (((d.day - d.dow - slot[4]) / 7) % 2 + 2) % 2 === 0;
      default: return onDay;
    }
  }

  /* The sessions on at a moment: one that started that day, or the day before and runs past
     midnight. */
  function openSlots(slots, d, ctx) {
    ctx = ctx || {};
    var yesterday = shift(d, -1);
    return slots.filter(function (s) {
      var overnight = s[2] !== 1440 && s[2] <= s[1];
      if (overnight) {
        if (runsOn(s, d, ctx) && d.minutes >= s[1]) return true;
        return runsOn(s, yesterday, ctx) && d.minutes < s[2];
      }
      return runsOn(s, d, ctx) && s[1] <= d.minutes && d.minutes < s[2];
    });
  }

  function openAt(slots, d, ctx) { return openSlots(slots, d, ctx).length > 0; }

  /* Whether, on a bank holiday, a service open now should say "check before you go": unless
     a session on now is known to run on bank holidays. */
  function holidayUnsure(slots, d, ctx) {
    if (!holiday(d, ctx)) return false;
    return !openSlots(slots, d, ctx).some(function (s) { return s[8] === 2; });
  }

  /* Whether a bank holiday falls on the day. */
  function holiday(d, ctx) { return !!(ctx && ctx.holidays && ctx.holidays[d.iso]); }

  /* Whether any slot is on a weekday (0 Monday ... 6 Sunday, or -1 any) and overlaps a
     part of the day ("morning", "afternoon", "evening" or "" for any time). */
  function onDay(slots, dow, period) {
    var range = PERIODS[period] || [0, 1440];
    return slots.some(function (s) {
      var end = s[2] !== 1440 && s[2] <= s[1] ? 1440 : s[2];
      return (dow < 0 || (s[0] & (1 << dow))) && s[1] < range[1] && end > range[0];
    });
  }

  var api = {
    london: london, civil: civil, openAt: openAt, openSlots: openSlots, onDay: onDay,
    holiday: holiday, holidayUnsure: holidayUnsure, DAY_NAMES: DAY_NAMES
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.directorySchedule = api;
})(this);
