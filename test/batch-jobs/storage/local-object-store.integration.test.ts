import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { LocalObjectStore } from "../../../batch-jobs/storage/local-object-store.js";
import { runObjectStoreContract } from "./object-store.contract.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

runObjectStoreContract("local folder", {
  async makeStore() {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cxr-store-"));
    dirs.push(dir);
    return new LocalObjectStore(dir);
  },
  async corrupt(store, key) {
    const file = path.join((store as LocalObjectStore).root, ...key.split("/"));
    const bytes = await readFile(file);
    bytes[0] = bytes[0]! ^ 0xff;
    await writeFile(file, bytes);
  },
  largeObjectBytes: 0,
  conditionalWrites: true,
});
