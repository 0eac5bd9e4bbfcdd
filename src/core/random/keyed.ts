/**
 * A keyed generator, for what a candidate must not be able to work out: the order an attempt shows
 * an item's options in and the ids it delivers them under. Its words are HMAC-SHA-256 of a counter
 * under a secret key (the attempt's seed, which never leaves the server), so the outputs a client
 * sees say nothing of the ones it does not — unlike xoshiro (`seeded.ts`), whose state could in
 * principle be solved for from enough of its output. Reproducible like the other: same key and
 * label, same stream.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { type Random, randomFromWords } from "./seeded.js";

const encoder = new TextEncoder();

/** A generator for `label` (e.g. "options:<item id>") under the secret `key`. */
export function keyedRandom(key: string, label: string): Random {
  const mac = hmac.create(sha256, encoder.encode(key));
  let counter = 0;
  let block = new DataView(new ArrayBuffer(0));
  let at = 0;
  const nextU32 = (): number => {
    if (at === block.byteLength) {
      const digest = mac
        .clone()
        .update(encoder.encode(`${label}\u0000${counter++}`))
        .digest();
      block = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
      at = 0;
    }
    const word = block.getUint32(at, false);
    at += 4;
    return word;
  };
  return randomFromWords(nextU32);
}
