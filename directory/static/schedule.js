/* When a service is open, worked out in the resident's browser at the time of the search
   (never at build time), in the UK's time zone. Slots are the rows directory/search.py's
   schedule_rows writes: [days, opens, closes, frequency, weeks or anchor, flags]:
   days a bit mask (1 Monday ... 64 Sunday); opens and closes in minutes after midnight
   (a close at or before the opening runs past midnight; 0 to 1440 is all day);
   frequency 0 weekly, 1 fortnightly (anchor: a day number, days since 1970-01-01, in a week
   it runs), 2 monthly (weeks: 1 first ... 16 fifth, 32 last), 3 once (anchor: its day
   number); flags 1 not on bank holidays, 2 term time only.
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

  /* Whether a slot runs on a day (ignoring the time), given the day's facts. */
  function runsOn(slot, d, ctx) {
    if (!(slot[0] & (1 << d.dow))) return false;
    var flags = slot[5] || 0;
    if ((flags & 1) && ctx.holidays && ctx.holidays[d.iso]) return false;
    if ((flags & 2) && ctx.termDays && !ctx.termDays(d)) return false;
    switch (slot[3]) {
      case 1: return ((d.day - slot[4]) % 14 + 14) % 14 < 7;
      case 2: {
        var week = Math.ceil(d.date / 7);
        return !!((slot[4] & (1 << (week - 1))) || ((slot[4] & 32) && d.date + 7 > d.length));
      }
      case 3: return d.day === slot[4];
      default: return true;
    }
  }

  function openAt(slots, d, ctx) {
    ctx = ctx || {};
    var yesterday = shift(d, -1);
    return slots.some(function (s) {
      var overnight = s[2] <= s[1];
      if (runsOn(s, d, ctx) && d.minutes >= s[1] && (overnight || d.minutes < s[2])) return true;
      return overnight && d.minutes < s[2] && runsOn(s, yesterday, ctx);
    });
  }

  /* Whether any slot is on a weekday (0 Monday ... 6 Sunday, or -1 any) and overlaps a
     part of the day ("morning", "afternoon", "evening" or "" for any time). */
  function onDay(slots, dow, period) {
    var range = PERIODS[period] || [0, 1440];
    return slots.some(function (s) {
      var end = s[2] <= s[1] ? 1440 : s[2];
      return (dow < 0 || (s[0] & (1 << dow))) && s[1] < range[1] && end > range[0];
    });
  }

  var api = { london: london, civil: civil, openAt: openAt, onDay: onDay, DAY_NAMES: DAY_NAMES };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.directorySchedule = api;
})(this);
