/* Proof of work for the public report form (core/proof_of_work.py says why).
 *
 * Find a nonce so that SHA-256("<challenge>:<nonce>") starts with `bits` zero bits.
 * The work starts as soon as the page opens, in a Web Worker (this same file) when the
 * browser has one, else in small slices on the page, so the reporter is still writing
 * when it ends. Sending before it ends waits for it. Without JavaScript nothing of this
 * runs and the form is sent as it is (the server then applies a stricter limit).
 * Pure JavaScript SHA-256: crypto.subtle is missing on plain-HTTP pages and is slow
 * for millions of tiny hashes.
 */
(function () {
  "use strict";

  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var W = new Uint32Array(64);

  // The first 32 bits of SHA-256 of an ASCII string (all the check needs, up to 32 bits).
  function sha256Head(text) {
    var length = text.length;
    var blocks = ((length + 8) >> 6) + 1;
    var words = new Uint32Array(blocks * 16);
    for (var i = 0; i < length; i++) {
      words[i >> 2] |= (text.charCodeAt(i) & 0xff) << (24 - (i & 3) * 8);
    }
    words[length >> 2] |= 0x80 << (24 - (length & 3) * 8);
    words[blocks * 16 - 1] = length * 8;
    var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
    var h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    for (var block = 0; block < blocks; block++) {
      var t;
      for (t = 0; t < 16; t++) W[t] = words[block * 16 + t];
      for (t = 16; t < 64; t++) {
        var w15 = W[t - 15], w2 = W[t - 2];
        var s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
        var s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
      for (t = 0; t < 64; t++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0;
        d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    return h0 >>> 0;
  }

  // Try `count` nonces from `start`; the nonce found, or -1.
  function search(challenge, bits, start, count) {
    var prefix = challenge + ":";
    var shift = 32 - bits;
    for (var nonce = start; nonce < start + count; nonce++) {
      if (sha256Head(prefix + nonce) >>> shift === 0) return nonce;
    }
    return -1;
  }

  if (typeof document === "undefined") {
    // Running as the Web Worker: solve and answer.
    self.onmessage = function (event) {
      var challenge = event.data.challenge;
      var bits = event.data.bits;
      var nonce = -1;
      for (var start = 0; nonce < 0; start += 100000) {
        nonce = search(challenge, bits, start, 100000);
      }
      self.postMessage(nonce);
    };
    return;
  }

  var script = document.currentScript;
  function start() {
    var form = document.querySelector("form[data-pow]");
    if (!form) return;
    var field = form.querySelector("[data-challenge]");
    var challenge = field.getAttribute("data-challenge");
    var bits = parseInt(field.getAttribute("data-bits"), 10);
    var nonceField = form.querySelector("input[name=pow_nonce]");
    var status = form.querySelector("[data-pow-status]");
    var waiting = false;
    if (!challenge || !(bits >= 1 && bits <= 32)) return;

    function solved(nonce) {
      nonceField.value = String(nonce);
      if (waiting) form.submit();
    }

    form.addEventListener("submit", function (event) {
      if (nonceField.value) return;
      event.preventDefault();
      waiting = true;
      if (status) status.textContent = form.getAttribute("data-pow-waiting");
    });

    try {
      var worker = new Worker(script.src);
      worker.onmessage = function (event) { solved(event.data); };
      worker.onerror = function () { slices(0); };
      worker.postMessage({ challenge: challenge, bits: bits });
    } catch (error) {
      slices(0);
    }

    // No worker: small slices on the page, so typing never stutters.
    function slices(from) {
      var nonce = search(challenge, bits, from, 5000);
      if (nonce >= 0) solved(nonce);
      else setTimeout(function () { slices(from + 5000); }, 0);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
