// Uploading the offline queue (static/checkin/upload.js), against a fake server: one bad item
// never holds back the others, and a server outage never sets aside good scans.
import assert from "node:assert/strict";
import { test } from "node:test";

import { displayCode, uploadRound } from "../../../static/checkin/upload.js";

const GOOD_A = "ACDEFGHJKMNPQRTUVWXY34";
const GOOD_B = "CDEFGHJKMNPQRTUVWXY346";
const BAD = "AB\u0000CD";

function item(seq, code) {
  return { nonce: "nonce-" + seq, seq, code, point: 1, scanned_at: "2024-10-25T05:00:00Z" };
}

// A server as today's fixed one answers: item by item, a code with a NUL is malformed.
function fixedServer() {
  const recorded = [];
  const send = async (batch) => {
    const answers = batch.map((it) => {
      if (it.code.includes("\u0000")) {
        recorded.push(it.nonce);
        return { result: "malformed", code: "malformed", message: "not a badge code" };
      }
      if (!recorded.includes(it.nonce)) recorded.push(it.nonce);
      return { result: "admitted", code: "admitted", message: "" };
    });
    return { status: 200, body: { answers } };
  };
  return { send, recorded };
}

// The server before the fix: any batch holding the bad code is a 500, and nothing after it in
// the batch is recorded.
function oldServer() {
  const recorded = new Set();
  const requests = [];
  const send = async (batch) => {
    requests.push(batch.map((it) => it.seq));
    const answers = [];
    for (const it of batch) {
      if (it.code.includes("\u0000")) return { status: 500, body: null };
      recorded.add(it.nonce);
      answers.push({ result: "admitted", code: "admitted" });
    }
    return { status: 200, body: { answers } };
  };
  return { send, recorded, requests };
}

// Plays rounds as scanner.js does: the outcome is applied to the queue between rounds, and the
// server counts as healthy once it has accepted an upload.
async function drain(queue, send, rounds, options = {}) {
  let items = queue.slice();
  const refused = [];
  let healthy = false;
  for (let i = 0; i < rounds && items.length; i += 1) {
    const outcome = await uploadRound(items, send, { ...options, healthy });
    healthy = healthy || outcome.accepted > 0;
    const updated = new Map(outcome.updated.map((it) => [it.nonce, it]));
    items = items.filter((it) => !outcome.done.includes(it.nonce))
      .map((it) => updated.get(it.nonce) || it);
    refused.push(...outcome.setAside);
  }
  return { items, refused };
}

test("a malformed answer is set aside with its reason, the good scans are done", async () => {
  const server = fixedServer();
  const outcome = await uploadRound([item(1, GOOD_A), item(2, BAD), item(3, GOOD_B)], server.send);
  assert.deepEqual(outcome.done, ["nonce-1", "nonce-2", "nonce-3"]);
  assert.equal(outcome.setAside.length, 1);
  assert.equal(outcome.setAside[0].item.nonce, "nonce-2");
  assert.equal(outcome.setAside[0].code, "malformed");
  assert.equal(outcome.setAside[0].message, "not a badge code");
});

test("an item the server cannot read is set aside; a busy one stays queued", async () => {
  const send = async (batch) => ({
    status: 200,
    body: { answers: [{ code: "bad_field", field: "point", message: "point must be a number" },
                      { code: "busy", message: "try again" },
                      { result: "admitted" }].slice(0, batch.length) },
  });
  const outcome = await uploadRound([item(1, GOOD_A), item(2, GOOD_B), item(3, GOOD_A)], send);
  assert.deepEqual(outcome.done, ["nonce-1", "nonce-3"]);
  assert.deepEqual(outcome.setAside.map((r) => [r.item.nonce, r.code, r.message]),
                   [["nonce-1", "bad_field", "point must be a number"]]);
});

test("a server that fails the whole batch on one item: the good ones still get through", async () => {
  const server = oldServer();
  const { items, refused } = await drain([item(1, GOOD_A), item(2, BAD), item(3, GOOD_B)],
                                         server.send, 5);
  assert.deepEqual([...server.recorded].sort(), ["nonce-1", "nonce-3"]);
  assert.deepEqual(items, []);
  assert.deepEqual(refused.map((r) => [r.item.nonce, r.code]), [["nonce-2", "http_500"]]);
  // Round 1 the whole batch, then each item on its own, in scan order.
  assert.deepEqual(server.requests.slice(0, 4), [[1, 2, 3], [1], [2], [3]]);
});

test("an item refused on its own with a reason (4xx) is set aside at once", async () => {
  const send = async (batch) => (batch.length > 1
    ? { status: 400, body: { code: "bad_json", message: "not JSON" } }
    : batch[0].code === BAD ? { status: 400, body: { code: "bad_field", message: "bad code" } }
      : { status: 200, body: { answers: [{ result: "admitted" }] } });
  const { items, refused } = await drain([item(1, GOOD_A), item(2, BAD)], send, 2);
  assert.deepEqual(items, []);
  assert.deepEqual(refused.map((r) => [r.item.nonce, r.code, r.message]),
                   [["nonce-2", "bad_field", "bad code"]]);
});

test("a server outage sets nothing aside, and the queue uploads once it is back", async () => {
  let down = true;
  const recorded = [];
  const send = async (batch) => {
    if (down) return { status: 500, body: null };
    recorded.push(...batch.map((it) => it.nonce));
    return { status: 200, body: { answers: batch.map(() => ({ result: "admitted" })) } };
  };
  const queue = [item(1, GOOD_A), item(2, GOOD_B)];
  const during = await drain(queue, send, 10);
  assert.deepEqual(during.refused, []);
  assert.equal(during.items.length, 2);
  down = false;
  const after = await drain(during.items, send, 1);
  assert.deepEqual(after.items, []);
  assert.deepEqual(recorded, ["nonce-1", "nonce-2"]);
});

test("no network or a revoked device ends the round and changes nothing", async () => {
  for (const status of [0, 502, 503, 429, 401, 403]) {
    const outcome = await uploadRound([item(1, GOOD_A), item(2, GOOD_B)],
                                      async () => ({ status, body: null }));
    assert.deepEqual([outcome.done, outcome.setAside, outcome.updated, outcome.stopped],
                     [[], [], [], status]);
  }
  const thrown = await uploadRound([item(1, GOOD_A)], async () => { throw new TypeError("offline"); });
  assert.equal(thrown.stopped, 0);
});

test("batches hold at most the batch size, in scan order", async () => {
  const sizes = [];
  const send = async (batch) => {
    sizes.push(batch.map((it) => it.seq));
    return { status: 200, body: { answers: batch.map(() => ({ result: "admitted" })) } };
  };
  const queue = [5, 1, 4, 2, 3].map((n) => item(n, GOOD_A));
  const outcome = await uploadRound(queue, send, { size: 2 });
  assert.deepEqual(sizes, [[1, 2], [3, 4], [5]]);
  assert.equal(outcome.done.length, 5);
});

test("refused codes are shown with their control characters visible", () => {
  assert.equal(displayCode("AB\u0000CD\u001b"), "AB\ufffdCD\ufffd");
  assert.equal(displayCode("X".repeat(60)).length, 40);
});
