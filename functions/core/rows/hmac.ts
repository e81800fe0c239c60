import { createHash } from 'node:crypto';

/**
 * HMAC-SHA-256 (RFC 2104) for many short messages under one key, identical to
 * `createHmac('sha256', key).update(message).digest()`. The key's inner and outer pad blocks are
 * compressed once; each message then costs two or three SHA-256 compressions in plain JavaScript, instead
 * of creating a native Hmac object (which re-derives the pads) per message: ingest pseudonymises every
 * distinct respondent of a file, up to hundreds of thousands. Node cannot copy a keyed HMAC state.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** One SHA-256 compression of the 64-byte block at `offset` of `block` into `state`. */
function compress(state: Int32Array, block: Uint8Array, offset: number, w: Int32Array): void {
  for (let i = 0; i < 16; i++) {
    const p = offset + i * 4;
    w[i] = (block[p]! << 24) | (block[p + 1]! << 16) | (block[p + 2]! << 8) | block[p + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

export class KeyedSha256 {
  private readonly inner = new Int32Array(8);
  private readonly outer = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly w = new Int32Array(64);
  private buffer = new Uint8Array(256);
  private readonly outerBlock = new Uint8Array(64);
  private readonly encoder = new TextEncoder();

  constructor(key: Uint8Array) {
    const block = new Uint8Array(64);
    block.set(key.length > 64 ? createHash('sha256').update(key).digest() : key);
    const pad = new Uint8Array(64);
    this.inner.set(IV);
    for (let i = 0; i < 64; i++) pad[i] = block[i]! ^ 0x36;
    compress(this.inner, pad, 0, this.w);
    this.outer.set(IV);
    for (let i = 0; i < 64; i++) pad[i] = block[i]! ^ 0x5c;
    compress(this.outer, pad, 0, this.w);
    // The outer message is always the 32-byte inner digest: its padding for 64 + 32 bytes never changes.
    this.outerBlock[32] = 0x80;
    this.outerBlock[62] = (96 * 8) >>> 8;
    this.outerBlock[63] = (96 * 8) & 0xff;
  }

  /** HMAC of the UTF-8 bytes of `message`, left in `this.state` (8 big-endian words). */
  private mac(message: string): Int32Array {
    let length = message.length;
    // UTF-8 is at most 3 bytes per UTF-16 unit; 9 more for the padding.
    if (this.buffer.length < length * 3 + 72) this.buffer = new Uint8Array(length * 3 + 72);
    const buffer = this.buffer;
    let ascii = true;
    for (let i = 0; i < length; i++) {
      const c = message.charCodeAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      buffer[i] = c;
    }
    if (!ascii) length = this.encoder.encodeInto(message, buffer).written;
    const blocks = ((length + 8) >>> 6) + 1;
    const end = blocks * 64;
    buffer[length] = 0x80;
    buffer.fill(0, length + 1, end);
    // Bit length of pad block + message; messages here are far below 2^29 bytes.
    const bits = (64 + length) * 8;
    buffer[end - 4] = bits >>> 24;
    buffer[end - 3] = bits >>> 16;
    buffer[end - 2] = bits >>> 8;
    buffer[end - 1] = bits;
    const state = this.state;
    state.set(this.inner);
    for (let b = 0; b < blocks; b++) compress(state, buffer, b * 64, this.w);
    const outerBlock = this.outerBlock;
    for (let i = 0; i < 8; i++) {
      const v = state[i]!;
      outerBlock[i * 4] = v >>> 24;
      outerBlock[i * 4 + 1] = v >>> 16;
      outerBlock[i * 4 + 2] = v >>> 8;
      outerBlock[i * 4 + 3] = v;
    }
    state.set(this.outer);
    compress(state, outerBlock, 0, this.w);
    return state;
  }

  digest(message: string): Buffer {
    const state = this.mac(message);
    const out = Buffer.alloc(32);
    for (let i = 0; i < 8; i++) out.writeInt32BE(state[i]!, i * 4);
    return out;
  }

  /** The first `chars` (≤ 42) characters of the base64url digest, as `digest('base64url').slice(0, chars)`. */
  base64urlPrefix(message: string, chars: number): string {
    const state = this.mac(message);
    let out = '';
    let bits = 0;
    let acc = 0;
    for (let i = 0; i < 8 && out.length < chars; i++) {
      const v = state[i]!;
      for (let shift = 24; shift >= 0 && out.length < chars; shift -= 8) {
        acc = (acc << 8) | ((v >>> shift) & 0xff);
        bits += 8;
        while (bits >= 6 && out.length < chars) {
          bits -= 6;
          out += BASE64URL[(acc >>> bits) & 63];
        }
        acc &= (1 << bits) - 1;
      }
    }
    return out;
  }
}
