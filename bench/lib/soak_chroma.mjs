// The soak's Chroma writer and reader (bench/soak.sh, bench/lib/soak.py), through the real Chroma
// server and its JS client (npm chromadb; deploy/local/setup.sh --soak). Run with chroma_node
// (deploy/local/lib.sh) from the Chroma directory, where node_modules is.
//
//   soak_chroma.mjs seed  PORT SEED ROWS
//   soak_chroma.mjs write PORT SEED INCARNATION RATE LOG SUMMARY
//   soak_chroma.mjs dump  PORT OUT.jsonl
//
// Collections: soak_docs (l2, 32 dimensions, documents of which some are 2-6 kB, metadata with
// ints, floats, strings, booleans), soak_notes (ip, 8 dimensions), soak_heartbeat (one record,
// "hb", its metadata at_ms set to the wall clock every second: the soak's recovery probe; -1 once
// the writer stopped for good). `write` calls add, update, upsert and delete (batches of 50-150
// records) at RATE records/s until SIGTERM; every call that Chroma acknowledged is one line of LOG
// (`<epoch ms> <records> <op>:<collection>:<ids,...>`). Killed or cut off from the server (it is
// restarted by the soak), it reads the ids back from Chroma and goes on. Its choices come from a
// generator seeded by (seed, incarnation). `dump` writes every record of every soak collection as
// Chroma's own get() returns it, one JSON line each.
import { ChromaClient } from "chromadb";
import fs from "node:fs";
import crypto from "node:crypto";

const COLLECTIONS = {
  soak_docs: { space: "l2", dim: 32 },
  soak_notes: { space: "ip", dim: 8 },
};
const FINAL_MARK = -1;

// a small seeded generator (sfc32 over a SHA-256 of the seed string)
function rngFor(seedText) {
  const h = crypto.createHash("sha256").update(seedText).digest();
  let a = h.readUInt32LE(0), b = h.readUInt32LE(4), c = h.readUInt32LE(8), d = h.readUInt32LE(12);
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return {
    random: next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
  };
}

const letters = "abcdefghijklmnopqrstuvwxyz";
const word = (r) => Array.from({ length: r.int(3, 9) }, () => letters[r.int(0, 25)]).join("");
const words = (r, n) => Array.from({ length: n }, () => word(r)).join(" ");
const bigText = (r) => {
  const al = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from({ length: r.int(2600, 6000) }, () => al[r.int(0, al.length - 1)]).join("");
};
// float32 values, as the JS numbers that are exactly those float32
const vector = (r, dim) => Array.from(new Float32Array(Array.from({ length: dim }, () => r.random() * 2 - 1)));
const metadata = (r) => ({ n: r.int(0, 100000), f: r.int(0, 1000000) / 64 + 0.5, s: words(r, 2), b: r.random() < 0.5 });
const doc = (r) => (r.random() < 0.15 ? bigText(r) : words(r, r.int(3, 20)));

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

function client(port) {
  return new ChromaClient({ host: "127.0.0.1", port: Number(port) });
}

async function collection(c, name) {
  const spec = name === "soak_heartbeat" ? { space: "l2" } : COLLECTIONS[name];
  return c.getOrCreateCollection({ name, embeddingFunction: null, configuration: { hnsw: { space: spec.space } } });
}

async function allIds(col) {
  const ids = [];
  for (let offset = 0; ; offset += 5000) {
    const r = await col.get({ limit: 5000, offset, include: [] });
    ids.push(...r.ids);
    if (r.ids.length < 5000) return ids;
  }
}

async function seed(port, seedText, rows) {
  const r = rngFor(`${seedText}/chroma/seed`);
  const c = client(port);
  let next = 1;
  for (const [name, spec] of Object.entries(COLLECTIONS)) {
    const col = await collection(c, name);
    const n = name === "soak_docs" ? rows : Math.floor(rows / 4);
    for (let i = 0; i < n; i += 500) {
      const ids = [], embeddings = [], documents = [], metadatas = [];
      for (let j = i; j < Math.min(n, i + 500); j++) {
        ids.push(`r${next++}`);
        embeddings.push(vector(r, spec.dim));
        documents.push(doc(r));
        metadatas.push(metadata(r));
      }
      await col.add({ ids, embeddings, documents, metadatas });
    }
  }
  const hb = await collection(c, "soak_heartbeat");
  await hb.upsert({ ids: ["hb"], embeddings: [[0, 0]], metadatas: [{ at_ms: Date.now() }] });
  console.log(JSON.stringify({ seeded: { soak_docs: rows, soak_notes: Math.floor(rows / 4) } }));
}

async function write(port, seedText, incarnation, rate, logFile, summaryFile) {
  const r = rngFor(`${seedText}/chroma/writer/${incarnation}`);
  const log = fs.openSync(logFile, "a");
  const counts = { add: 0, update: 0, upsert: 0, delete: 0 };
  let stop = false, changes = 0, calls = 0, errors = 0, lastHb = 0;
  process.on("SIGTERM", () => { stop = true; });
  process.on("SIGINT", () => { stop = true; });
  let model = null; // name -> { col, ids: [], pos: Map }
  const c = client(port);
  const load = async () => {
    const m = {};
    for (const name of Object.keys(COLLECTIONS)) {
      const col = await collection(c, name);
      const ids = await allIds(col);
      m[name] = { col, ids, pos: new Map(ids.map((id, i) => [id, i])) };
    }
    m.hb = await collection(c, "soak_heartbeat");
    let max = 0;
    for (const name of Object.keys(COLLECTIONS)) for (const id of m[name].ids) max = Math.max(max, Number(id.slice(1)));
    m.next = max + 1;
    return m;
  };
  const addId = (e, id) => { e.pos.set(id, e.ids.length); e.ids.push(id); };
  const removeId = (e, id) => {
    const i = e.pos.get(id);
    if (i === undefined) return;
    e.pos.delete(id);
    const last = e.ids.pop();
    if (last !== id) { e.ids[i] = last; e.pos.set(last, i); }
  };
  const pickIds = (e, n) => {
    const s = new Set();
    for (let k = 0; k < n * 3 && s.size < n && e.ids.length; k++) s.add(e.ids[r.int(0, e.ids.length - 1)]);
    return [...s];
  };
  const start = Date.now();
  let done = 0;
  while (!stop) {
    try {
      if (!model) model = await load();
      const due = ((Date.now() - start) / 1000) * rate;
      if (done >= due) { await sleep(5); continue; }
      if (due - done > rate * 60) done = due - rate * 60; // a minute behind (the server was down): do not burst for ever
      const name = r.random() < 0.75 ? "soak_docs" : "soak_notes";
      const e = model[name], dim = COLLECTIONS[name].dim;
      const op = r.pick(["add", "add", "update", "update", "upsert", "delete"]);
      // a write call costs Chroma ~100 ms (two SQLite transactions on its rollback journal) plus
      // ~1 ms a record, measured on 2 loaded cores: 50-150 records a call for >= 500 records/s
      const n = r.int(50, 150);
      let ids = [], line;
      if (op === "add" || (op !== "upsert" && e.ids.length < 10)) {
        for (let k = 0; k < n; k++) ids.push(`r${model.next++}`);
        await e.col.add({ ids, embeddings: ids.map(() => vector(r, dim)), documents: ids.map(() => doc(r)), metadatas: ids.map(() => metadata(r)) });
        ids.forEach((id) => addId(e, id));
        line = `add:${name}`;
        counts.add += ids.length;
      } else if (op === "update") {
        ids = pickIds(e, n);
        // 0: vector + metadata, 1: metadata only, 2: document, vector and metadata (the JS client
        // refuses a document without its vector: it would compute one)
        const what = r.int(0, 2);
        const args = { ids, metadatas: ids.map(() => metadata(r)) };
        if (what !== 1) args.embeddings = ids.map(() => vector(r, dim));
        if (what === 2) args.documents = ids.map(() => doc(r));
        await e.col.update(args);
        line = `update:${name}`;
        counts.update += ids.length;
      } else if (op === "upsert") {
        ids = pickIds(e, Math.ceil(n / 2));
        for (let k = ids.length; k < n; k++) ids.push(`r${model.next++}`);
        await e.col.upsert({ ids, embeddings: ids.map(() => vector(r, dim)), documents: ids.map(() => doc(r)), metadatas: ids.map(() => metadata(r)) });
        ids.forEach((id) => { if (!e.pos.has(id)) addId(e, id); });
        line = `upsert:${name}`;
        counts.upsert += ids.length;
      } else {
        ids = pickIds(e, Math.ceil(n / 2));
        await e.col.delete({ ids });
        ids.forEach((id) => removeId(e, id));
        line = `delete:${name}`;
        counts.delete += ids.length;
      }
      let n2 = ids.length;
      if (Date.now() - lastHb >= 1000) { // a call of its own: once a second
        lastHb = Date.now();
        await model.hb.upsert({ ids: ["hb"], embeddings: [[0, 0]], metadatas: [{ at_ms: lastHb }] });
        n2 += 1;
      }
      changes += n2;
      calls += 1;
      done += ids.length;
      fs.writeSync(log, `${Date.now()} ${n2} ${line}:${ids.join(",")}\n`);
    } catch (err) {
      errors += 1;
      model = null; // read the ids back: a call cut off may or may not have been applied
      process.stderr.write(`chroma writer: ${String(err && err.message ? err.message : err).slice(0, 200)} (retrying)\n`);
      await sleep(500);
    }
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const hb = await collection(c, "soak_heartbeat");
      await hb.upsert({ ids: ["hb"], embeddings: [[0, 0]], metadatas: [{ at_ms: FINAL_MARK }] });
      changes += 1;
      break;
    } catch (err) {
      if (attempt > 120) throw err;
      await sleep(1000);
    }
  }
  fs.writeSync(log, `${Date.now()} 1 upsert:soak_heartbeat:final\n`);
  fs.closeSync(log);
  fs.writeFileSync(summaryFile, JSON.stringify({ changes, calls, errors, ops: counts }));
}

async function dump(port, out) {
  const c = client(port);
  const f = fs.openSync(out, "w");
  for (const name of [...Object.keys(COLLECTIONS), "soak_heartbeat"]) {
    const col = await collection(c, name);
    for (let offset = 0; ; offset += 2000) {
      const r = await col.get({ limit: 2000, offset, include: ["embeddings", "documents", "metadatas"] });
      for (let i = 0; i < r.ids.length; i++) {
        fs.writeSync(f, JSON.stringify({ collection: name, id: r.ids[i], document: r.documents[i], metadata: r.metadatas[i], embedding: Array.from(r.embeddings[i]) }) + "\n");
      }
      if (r.ids.length < 2000) break;
    }
  }
  fs.closeSync(f);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "seed") await seed(args[0], args[1], Number(args[2]));
else if (mode === "write") await write(args[0], args[1], Number(args[2]), Number(args[3]), args[4], args[5]);
else if (mode === "dump") await dump(args[0], args[1]);
else { console.error("usage: soak_chroma.mjs seed|write|dump ..."); process.exit(2); }
