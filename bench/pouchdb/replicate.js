// The upload figure's side-by-side: PouchDB replicating the bench's events.
//
//   node replicate.js serve DIR PORT       a CouchDB-compatible server (express-pouchdb)
//                                          on 127.0.0.1:PORT, databases in DIR (leveldb)
//   node replicate.js push EVENTS DIR URL  load EVENTS (JSON lines) into a local PouchDB
//                                          in DIR (leveldb), then time its replication
//                                          to URL; prints one JSON line
//
// Both ends use PouchDB's durable default adapter, leveldb, as the station and the hub
// keep theirs in files (SQLite). The server runs in its own process, as the hub does,
// so the two sides never share one event loop. Only the replication is timed, as the
// station's figure times only `run_sync` and not the sales that filled its outbox.
"use strict";

const path = require("path");
const fs = require("fs");
const readline = require("readline");
const PouchDB = require("pouchdb-node");

// One replication round trip carries this many documents: the station's batch size
// (MAX_EVENTS_PER_BATCH), so both sides do the same number of round trips.
const BATCH_SIZE = Number(process.env.BATCH_SIZE || 200);

async function serve(dir, port) {
  const express = require("express");
  const expressPouchdb = require("express-pouchdb");
  fs.mkdirSync(dir, { recursive: true });
  const ServerPouch = PouchDB.defaults({ prefix: dir + path.sep });
  const app = express();
  // "minimumForPouchDB": only the routes replication needs, no admin UI or logging to disk.
  app.use(
    "/",
    expressPouchdb(ServerPouch, {
      mode: "minimumForPouchDB",
      configPath: path.join(dir, "config.json"),
      logPath: path.join(dir, "log.txt"),
    })
  );
  app.listen(port, "127.0.0.1", () => console.log("listening"));
}

async function readEvents(file) {
  const docs = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) {
      const event = JSON.parse(line);
      docs.push({
        _id: event.event_id,
        seq: event.seq,
        kind: event.kind,
        created_at: event.created_at,
        payload: event.payload,
      });
    }
  }
  return docs;
}

async function push(file, dir, url) {
  fs.mkdirSync(dir, { recursive: true });
  const local = new PouchDB(path.join(dir, "outbox"));
  const docs = await readEvents(file);
  let started = process.hrtime.bigint();
  for (let i = 0; i < docs.length; i += 1000) {
    await local.bulkDocs(docs.slice(i, i + 1000));
  }
  const loadS = Number(process.hrtime.bigint() - started) / 1e9;
  const remote = new PouchDB(url);
  await remote.info(); // creates the database: setup, not replication
  started = process.hrtime.bigint();
  const result = await local.replicate.to(remote, { batch_size: BATCH_SIZE });
  const replicateS = Number(process.hrtime.bigint() - started) / 1e9;
  const info = await remote.info();
  console.log(
    JSON.stringify({
      docs: docs.length,
      docs_written: result.docs_written,
      remote_docs: info.doc_count,
      batch_size: BATCH_SIZE,
      load_s: loadS,
      replicate_s: replicateS,
      pouchdb: PouchDB.version,
      adapter: local.adapter,
    })
  );
  await local.close();
}

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === "serve" && args.length === 2) {
    await serve(args[0], Number(args[1]));
  } else if (mode === "push" && args.length === 3) {
    await push(args[0], args[1], args[2]);
  } else {
    console.error("usage: replicate.js serve DIR PORT | push EVENTS DIR URL");
    process.exit(2);
  }
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
