/* The scanner's offline decision: what the server's perform_scan (checkin/services/scans.py)
 * answers, decided on the device from the point's manifest while the network is gone.
 *
 * No DOM and no state of its own, so that it can be tested with `node --test`
 * (tests/checkin/node/). The badge alphabet and length come from the server (the scanner page's
 * config), never from a copy here.
 */

/** A RegExp matching a well-formed badge code: ``badgeCode`` is {alphabet, length}. */
export function codePattern(badgeCode) {
  const chars = String(badgeCode.alphabet).replace(/[\\\]^-]/g, "\\$&");
  return new RegExp("^[" + chars + "]{" + Number(badgeCode.length) + "}$");
}

/** The manifest as the server sends it (GET /api/checkin/points/<id>/manifest/), indexed. */
export function readManifest(data) {
  return {
    version: data.version,
    point: data.point,
    categories: data.categories,
    admit: new Map(data.admit.map((row) => [row[0], row])),
    refuse: new Map(data.refuse.map((row) => [row[0], row[1]])),
    inside: new Set(data.inside),
  };
}

const COLOURS = {admitted: "green", already_checked_in: "amber"};

/**
 * Decide on ``code`` (trimmed, upper case) at the manifest's point.
 *
 * ``options``: {pattern (from codePattern), strings (the page's translated strings), language,
 * now (a Date)}. Returns the answer the scanner shows: {result, reason?, message, attendee?,
 * colour}. An admission at an entry-once point marks the holder inside in ``manifest.inside``, so
 * that the same badge is amber the next time, as the server would answer.
 */
export function decideLocally(manifest, code, {pattern, strings, language, now}) {
  const answer = decide(manifest, code, pattern, strings, language, now);
  answer.colour = COLOURS[answer.result] || "red";
  return answer;
}

function decide(manifest, code, pattern, S, language, now) {
  if (!pattern.test(code)) return {result: "malformed", message: S.malformedMessage};
  if (!manifest) return {result: "unknown", message: S.noManifest};
  if (manifest.refuse.has(code)) {
    const why = manifest.refuse.get(code);
    if (why === "revoked") return {result: "revoked", message: S.revokedMessage};
    const reasons = {
      category: S.categoryNotAdmitted, not_confirmed: S.notConfirmed, too_early: S.tooEarly,
      too_late: S.tooLate, point_closed: S.pointClosed,
    };
    return {result: "not_admitted", reason: why, message: reasons[why] || S.not_admitted};
  }
  if (!manifest.admit.has(code)) return {result: "unknown", message: S.unknownMessage};

  const row = manifest.admit.get(code);
  const category = manifest.categories[row[3]] || [];
  const answer = {
    attendee: {
      name: row[1],
      organisation: row[2],
      category: (language === "en" && category[1]) || category[0] || "",
      colour: category[2] || "",
    },
  };
  const point = manifest.point;
  const opens = point.opens_at && new Date(point.opens_at);
  const closes = point.closes_at && new Date(point.closes_at);
  const once = point.direction === "entry" && point.once;
  if (!point.active) {
    return {...answer, result: "not_admitted", message: S.pointClosed};
  }
  if (opens && now < opens) return {...answer, result: "not_admitted", message: S.tooEarly};
  if (closes && now >= closes) return {...answer, result: "not_admitted", message: S.tooLate};
  if (once && manifest.inside.has(code)) {
    return {...answer, result: "already_checked_in", message: S.already_checked_in};
  }
  if (once) manifest.inside.add(code);
  if (row[4] && point.direction === "entry" && S.seatLabel) {
    // The seat in the hall behind this door: [row, number, section, section in English].
    const [seatRow, number, section, sectionEn] = row[4];
    answer.seat = {
      text: S.seatLabel.replace("%(row)s", seatRow).replace("%(number)s", number),
      section: (language === "en" && sectionEn) || section || "",
    };
  }
  return {...answer, result: "admitted", message: point.direction === "exit" ? S.exit : S.welcome};
}
