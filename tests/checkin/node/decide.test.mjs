// The scanner's offline decision (static/checkin/decide.js), run with `node --test`.
// `make test` runs these; the answers must match what perform_scan answers online.
import assert from "node:assert/strict";
import { test } from "node:test";

import { codePattern, decideLocally, readManifest } from "../../../static/checkin/decide.js";

// As the scanner page's config carries them (checkin.views.badge_code_format).
const BADGE_CODE = { alphabet: "ACDEFGHJKMNPQRTUVWXY34679", length: 22 };
const pattern = codePattern(BADGE_CODE);
const strings = {
  malformedMessage: "not a badge", noManifest: "no list yet", revokedMessage: "revoked",
  categoryNotAdmitted: "category refused", notConfirmed: "not confirmed", tooEarly: "too early",
  tooLate: "too late", pointClosed: "point closed", not_admitted: "not admitted here",
  unknownMessage: "unknown", already_checked_in: "already in", exit: "exit", welcome: "welcome",
};
const NOON = new Date("2024-10-25T05:00:00Z");

const ANH = "ACDEFGHJKMNPQRTUVWXY34";
const BINH = "CDEFGHJKMNPQRTUVWXY346";
const REVOKED = "DEFGHJKMNPQRTUVWXY3467";
const PENDING = "EFGHJKMNPQRTUVWXY34679";
const STRANGER = "FGHJKMNPQRTUVWXY34679A";

function manifest(point = {}) {
  // The shape build_manifest (checkin/queries.py) sends.
  return readManifest({
    version: "v1",
    point: { id: 1, name: "Cửa chính", name_en: "Main entrance", direction: "entry", once: true,
             active: true, opens_at: null, closes_at: null, session: null, ...point },
    categories: [["Đại biểu", "Delegate", "#0B4F9C", "ĐẠI BIỂU", "DELEGATE"],
                 ["Diễn giả", "", "#C8102E", "", ""]],
    admit: [[ANH, "Nguyễn Thị Anh Thi", "Sở TT&TT Đà Nẵng", 0],
            [BINH, "Trần Văn Bình", "Bộ TT&TT", 1]],
    refuse: [[REVOKED, "revoked"], [PENDING, "not_confirmed"]],
    inside: [BINH],
  });
}

function decide(m, code, { language = "vi", now = NOON } = {}) {
  return decideLocally(m, code, { pattern, strings, language, now });
}

test("the code pattern is the server's alphabet and length", () => {
  assert.ok(pattern.test(ANH));
  assert.equal(pattern.test(ANH.slice(1)), false); // 21 characters
  assert.equal(pattern.test(ANH + "A"), false); // 23
  assert.equal(pattern.test("B" + ANH.slice(1)), false); // B is not in the alphabet
  assert.equal(pattern.test(ANH.toLowerCase()), false); // the scanner upper-cases first
  const other = codePattern({ alphabet: "AB-]", length: 2 });
  assert.ok(other.test("-]"));
  assert.equal(other.test("AC"), false);
});

test("a malformed code is red whatever the manifest", () => {
  assert.deepEqual(decide(manifest(), "HELLO"),
                   { result: "malformed", message: "not a badge", colour: "red" });
  assert.equal(decide(null, "https://example.com").result, "malformed");
});

test("without a manifest a well-formed code is unknown, and says why", () => {
  assert.deepEqual(decide(null, ANH), { result: "unknown", message: "no list yet", colour: "red" });
});

test("an admissible badge is green with who it is, then amber at an entry-once point", () => {
  const m = manifest();
  assert.deepEqual(decide(m, ANH), {
    attendee: { name: "Nguyễn Thị Anh Thi", organisation: "Sở TT&TT Đà Nẵng",
                category: "Đại biểu", colour: "#0B4F9C" },
    result: "admitted", message: "welcome", colour: "green",
  });
  assert.ok(m.inside.has(ANH));
  const again = decide(m, ANH);
  assert.equal(again.result, "already_checked_in");
  assert.equal(again.colour, "amber");
  assert.equal(again.message, "already in");
});

test("someone the manifest already counts inside is amber", () => {
  assert.equal(decide(manifest(), BINH).result, "already_checked_in");
});

test("a point that is not entry-once admits again and keeps nobody inside", () => {
  const m = manifest({ once: false });
  assert.equal(decide(m, ANH).result, "admitted");
  assert.equal(decide(m, ANH).result, "admitted");
  assert.equal(m.inside.has(ANH), false);
});

test("an exit is green with the exit message", () => {
  const m = manifest({ direction: "exit", once: false });
  const answer = decide(m, BINH);
  assert.equal(answer.result, "admitted");
  assert.equal(answer.message, "exit");
  assert.equal(answer.colour, "green");
});

test("revoked and refused badges are red with the reason", () => {
  const m = manifest();
  assert.deepEqual(decide(m, REVOKED), { result: "revoked", message: "revoked", colour: "red" });
  assert.deepEqual(decide(m, PENDING), {
    result: "not_admitted", reason: "not_confirmed", message: "not confirmed", colour: "red",
  });
});

test("a code that is not in the manifest is unknown", () => {
  assert.deepEqual(decide(manifest(), STRANGER),
                   { result: "unknown", message: "unknown", colour: "red" });
});

test("the point's window and state refuse, and nobody is counted inside", () => {
  const early = manifest({ opens_at: "2024-10-25T06:00:00+00:00" });
  assert.equal(decide(early, ANH).message, "too early");
  assert.equal(early.inside.has(ANH), false);
  const late = manifest({ closes_at: "2024-10-25T05:00:00+00:00" });
  assert.equal(decide(late, ANH).message, "too late"); // closes at noon: noon is too late
  const closed = manifest({ active: false });
  const answer = decide(closed, ANH);
  assert.equal(answer.result, "not_admitted");
  assert.equal(answer.message, "point closed");
  assert.equal(answer.attendee.name, "Nguyễn Thị Anh Thi");
});

test("the category is shown in English when there is an English name, else in Vietnamese", () => {
  assert.equal(decide(manifest({ once: false }), ANH, { language: "en" }).attendee.category,
               "Delegate");
  assert.equal(decide(manifest({ once: false }), BINH, { language: "en" }).attendee.category,
               "Diễn giả");
});

test("at a seated hall's door the offline answer carries the seat, in the staff's language", () => {
  const m = readManifest({
    version: "v2",
    point: { id: 2, name: "Hội trường", name_en: "Main hall", direction: "entry", once: true,
             active: true, opens_at: null, closes_at: null, session: null },
    categories: [["Đại biểu", "Delegate", "#0B4F9C", "", ""]],
    admit: [[ANH, "Nguyễn Thị Anh Thi", "Sở TT&TT Đà Nẵng", 0, ["A", 5, "Khu giữa", "Centre"]],
            [BINH, "Trần Văn Bình", "Bộ TT&TT", 0]],
    refuse: [],
    inside: [],
  });
  const seatStrings = { ...strings, seatLabel: "Hàng %(row)s, ghế %(number)s" };
  const seated = decideLocally(m, ANH, { pattern, strings: seatStrings, language: "vi", now: NOON });
  assert.equal(seated.result, "admitted");
  assert.deepEqual(seated.seat, { text: "Hàng A, ghế 5", section: "Khu giữa" });
  assert.equal(decideLocally(m, BINH, { pattern, strings: seatStrings, language: "vi",
                                        now: NOON }).seat, undefined);
  // Scanned again: amber, and no seat (the answer is about the refusal).
  assert.equal(decideLocally(m, ANH, { pattern, strings: seatStrings, language: "en",
                                       now: NOON }).seat, undefined);
  const english = readManifest({ ...JSON.parse(JSON.stringify({
    version: "v3", point: { id: 2, name: "Hội trường", name_en: "Main hall", direction: "entry",
                            once: false, active: true, opens_at: null, closes_at: null,
                            session: null },
    categories: [["Đại biểu", "Delegate", "#0B4F9C", "", ""]],
    admit: [[ANH, "Nguyễn Thị Anh Thi", "", 0, ["A", 5, "Khu giữa", "Centre"]]],
    refuse: [], inside: [] })) });
  const answer = decideLocally(english, ANH, { pattern, language: "en", now: NOON,
                                               strings: { ...strings, seatLabel: "Row %(row)s, seat %(number)s" } });
  assert.deepEqual(answer.seat, { text: "Row A, seat 5", section: "Centre" });
});
