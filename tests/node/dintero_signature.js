// Dintero's callback signature, computed the way Dintero's guide
// "Validating callbacks" (https://docs.dintero.com/docs/checkout/validating-callbacks)
// publishes it: the WHATWG `URL` parses the callback URL, `searchParams.sort()`
// orders the query (a stable sort by key, in UTF-16 code units), and
// `searchParams.toString()` serialises it (application/x-www-form-urlencoded).
//
// Usage: node dintero_signature.js <seed> <count>
//
// Prints a JSON array of `count` cases built from `seed` (the same seed gives
// the same cases on every machine):
//   { url, method, timestamp, header, tampered }
// where `header` is Dintero's `Dintero-Signature` for the callback and
// `tampered` is the URL with one byte changed such that Dintero's own code
// signs something else. The differential test in `tests/tests/signature.rs`
// feeds them to our verifier.

"use strict";
const crypto = require("node:crypto");

const ACCOUNT_ID = "T12345678";
const SECRET = "whsec_differential";

// The guide's function, as published (account id and secret as parameters).
function createSignature(requestUrl, method, timestamp) {
    const dataUrl = new URL(requestUrl);
    const { hostname, pathname } = dataUrl;
    const params = dataUrl.searchParams;
    params.sort();
    const query = params.toString();
    const payload = `${timestamp}\n${ACCOUNT_ID}\n${method}` + `\n${hostname}\n${pathname}\n${query}`;
    const signature = crypto.createHmac("sha256", SECRET).update(payload, "utf8").digest("hex");
    return `t=${timestamp},` + `v0-hmac-sha256=${signature}`;
}

// mulberry32: a small, well-known seeded generator, so a failure is reproducible.
function generator(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const HOSTS = [
    "shop.example.com", "Shop.Example.COM", "SHOP.EXAMPLE.NO", "bücher.example", "xn--bcher-kva.example",
    "BÜCHER.example", "127.0.0.1", "[::1]", "localhost", "shop.example.com.",
];
const PORTS = ["", ":443", ":80", ":8080", ":3000"];
const SEGMENTS = [
    "callback", "dintero", "Callbacks", "ä", "%C3%A4", "a%20b", "a b", "~", "'", "(", ")", "*", "!", "%2520",
    "+", "%2B", "caf\u00e9", "\u{1F600}", ";x", "a=b", "%7E", "",
];
const KEYS = [
    "report_event", "report_event", "report_event", "transaction_id", "session_id", "sid", "merchant_reference",
    "time", "event", "event_id", "error", "method", "includes", "a", "A", "B", "b", "Z", "é", "%C3%A9", "a b",
    "a+b", "a%20b", "~k", "*", "(k)", "\u{FF61}", "\u{1F600}", "%F0%9F%98%80", "k%2520", "",
];
const VALUES = [
    "VOID", "CAPTURE", "REFUND", "AUTHORIZE", "T12345678.abc", "T12345678.5Sy6Kd6SfJ2OFAQKBw", "order-1",
    "order 1", "order+1", "order%201", "order%2B1", "~'()*!", "%7E%27%28%29%2A%21", "%2520", "æøå",
    "%C3%A6%C3%B8%C3%A5", "", "2023-11-14T22%3A13%3A20.000Z", "2023-11-14T22:13:20.000Z", "\u{1F600}", "a=b",
    "a%3Db", "%", "%zz", "x;y", "1.0", "true",
];

function pick(random, list) {
    return list[Math.floor(random() * list.length)];
}

function callbackUrl(random) {
    const scheme = random() < 0.8 ? "https" : "http";
    let path = "";
    for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) path += "/" + pick(random, SEGMENTS);
    const pairs = [];
    for (let i = 0, n = Math.floor(random() * 7); i < n; i++) {
        const key = pick(random, KEYS);
        const roll = random();
        // A key without `=`, a key with an empty value, or key=value.
        pairs.push(roll < 0.08 ? key : roll < 0.14 ? key + "=" : key + "=" + pick(random, VALUES));
    }
    const query = pairs.length || random() < 0.1 ? "?" + pairs.join("&") : "";
    return `${scheme}://${pick(random, HOSTS)}${pick(random, PORTS)}${path}${query}`;
}

// The URL with one byte after the scheme replaced so that Dintero's own code
// signs a different message (a change that normalises away is not a tamper).
function tamper(random, url, method, timestamp, header) {
    const start = url.indexOf("://") + 3;
    const replacements = "abcdefghijklmnopqrstuvwxyz0123456789XYZ";
    for (let attempt = 0; attempt < 200; attempt++) {
        const at = start + Math.floor(random() * (url.length - start));
        if (url.charCodeAt(at) > 0x7f) continue; // one byte: ASCII positions only
        const byte = pick(random, replacements);
        if (byte === url[at]) continue;
        const candidate = url.slice(0, at) + byte + url.slice(at + 1);
        try {
            if (createSignature(candidate, method, timestamp) !== header) return candidate;
        } catch (_) {
            // The change broke the URL; try another position.
        }
    }
    throw new Error(`no meaningful one-byte change found for ${url}`);
}

function main() {
    const seed = Number(process.argv[2]);
    const count = Number(process.argv[3]);
    if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
        process.stderr.write("usage: node dintero_signature.js <seed> <count>\n");
        process.exit(2);
    }
    const random = generator(seed);
    const cases = [];
    while (cases.length < count) {
        const url = callbackUrl(random);
        try {
            new URL(url);
        } catch (_) {
            continue; // A host that WHATWG refuses is not a URL Dintero calls.
        }
        const method = random() < 0.5 ? "GET" : "POST";
        const timestamp = 1700000000 + Math.floor(random() * 100000000);
        const header = createSignature(url, method, timestamp);
        cases.push({ url, method, timestamp, header, tampered: tamper(random, url, method, timestamp, header) });
    }
    process.stdout.write(JSON.stringify({ account_id: ACCOUNT_ID, secret: SECRET, cases }, null, 1) + "\n");
}

main();
