/* Uploading the scans a scanner queued offline, so that one bad item can never jam a door.
 *
 * The server answers a batch item by item (POST /api/checkin/scans/). An item it answers with a
 * door decision is done. An item it refuses for good (not a badge code, a field it cannot read)
 * is set aside: kept on the device and shown to staff with the server's reason, and the queue
 * goes on. If a whole batch is refused (a server error, an old server that fails the batch on
 * one bad item), its items are sent again one at a time, in scan order, so the good ones go
 * through; an item refused on its own is set aside at once when the server says why (4xx), or
 * after MAX_REFUSALS refusals (5xx) in rounds where the server accepted other scans, so that a
 * server outage never sets aside good scans.
 *
 * No DOM and no IndexedDB here (scanner.js applies the outcome), so that it runs in
 * `node --test` (tests/checkin/node/upload.test.mjs) against a fake server.
 */

export const BATCH_SIZE = 200;
export const MAX_REFUSALS = 3;
// The server could not be reached or asked us to wait: try the same later, count nothing.
const UNREACHABLE = new Set([0, 408, 425, 429, 502, 503, 504]);
// Answers of an item that may succeed if sent again.
const RETRYABLE_ITEM = new Set(["busy"]);

/** Whether the server's answer to one item means it will never record it. */
function refusal(answer) {
  if (!answer || typeof answer !== "object") return {code: "no_answer", message: ""};
  if (answer.result === "malformed") return {code: "malformed", message: answer.message || ""};
  if (answer.result) return null;
  if (RETRYABLE_ITEM.has(answer.code)) return undefined;
  return {code: answer.code || "refused", message: answer.message || ""};
}

/**
 * One upload round over ``items`` (the queue, any order): sends batches with ``send(batch)``,
 * which resolves to {status, body} (status 0 when the network failed), until everything was
 * tried once or the server cannot be reached.
 *
 * Resolves to {done, setAside, updated, stopped, accepted}: ``done`` the nonces the server
 * answered (they leave the queue), ``setAside`` [{item, code, message}] the items refused for
 * good (they leave the queue too, into the refused list), ``updated`` the items whose
 * ``suspect``/``refusals`` changed (to store back), ``stopped`` the status that ended the round
 * early (unreachable server, revoked device) or null, ``accepted`` how many batches succeeded.
 * ``healthy``: the server accepted other requests lately (a refusal then counts even in a round
 * with nothing else to send).
 */
export async function uploadRound(items, send,
                                  {size = BATCH_SIZE, maxRefusals = MAX_REFUSALS, healthy = false} = {}) {
  const queue = items.slice().sort((a, b) => a.seq - b.seq);
  const done = [];
  const setAside = [];
  const updated = new Map();
  const refusedAlone = [];
  let accepted = 0;
  let stopped = null;
  let index = 0;
  while (index < queue.length) {
    // A suspect goes alone; others go together, up to the next suspect.
    let batch;
    if (queue[index].suspect) {
      batch = [queue[index]];
    } else {
      let end = index;
      while (end < queue.length && end - index < size && !queue[end].suspect) end += 1;
      batch = queue.slice(index, end);
    }
    index += batch.length;
    let status = 0;
    let body = null;
    try {
      ({status, body} = await send(batch));
    } catch (error) {
      status = 0;
    }
    if (status >= 200 && status < 300 && body && Array.isArray(body.answers)
        && body.answers.length === batch.length) {
      accepted += 1;
      batch.forEach((item, i) => {
        const refused = refusal(body.answers[i]);
        if (refused === undefined) return;  // retryable: stays queued as it is
        if (refused) setAside.push({item, ...refused});
        done.push(item.nonce);
      });
      continue;
    }
    if (UNREACHABLE.has(status) || status === 401 || status === 403) {
      stopped = status;
      break;
    }
    if (batch.length > 1) {
      // Which item does the server refuse? Each is sent on its own, from the next round on.
      batch.forEach((item) => updated.set(item.nonce, {...item, suspect: true}));
      continue;
    }
    const item = batch[0];
    const reason = {
      code: (body && body.code) || "http_" + status,
      message: (body && body.message) || "HTTP " + status,
    };
    if (status >= 400 && status < 500) {
      // The server says why, and would say it again: no use sending it again.
      setAside.push({item, ...reason});
      done.push(item.nonce);
    } else {
      refusedAlone.push({item, reason});
    }
  }
  // A server error on one item counts against it only if the server accepted other scans in
  // the same round (or lately): otherwise the server, not the item, is what failed.
  refusedAlone.forEach(({item, reason}) => {
    if (!accepted && !healthy) return;
    const refusals = (item.refusals || 0) + 1;
    if (refusals >= maxRefusals) {
      setAside.push({item, ...reason});
      done.push(item.nonce);
      updated.delete(item.nonce);
    } else {
      updated.set(item.nonce, {...item, suspect: true, refusals, lastReason: reason.message});
    }
  });
  return {done, setAside, updated: [...updated.values()], stopped, accepted};
}

/** What a refused code looks like to staff: control characters shown, and not too long. */
export function displayCode(code) {
  const text = String(code == null ? "" : code).replace(/[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/g, "\ufffd");
  return text.length > 40 ? text.slice(0, 39) + "…" : text;
}
