/**
 * One measurement per process, so each peak RSS (ru_maxrss) belongs to one model alone.
 * Usage: worker.ts dit|unet <warmup> <reps>  |  worker.ts soak <steps>. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAdamW, initParameters, loadCheckpoint, saveCheckpoint, type Params } from "../../batch-jobs/ml/index.js";
import { round } from "./measure.js";
import { benchModel } from "./model-bench.js";
import { buildDit } from "./models/dit.js";
import { buildUnet } from "./models/unet.js";
import { rssSoak } from "./rss-soak.js";

const BATCH = 32;
const [what, a, b] = process.argv.slice(2);

/** Save + verified load of the DiT's weights and AdamW moments (3 × params float32). */
function checkpointTiming(): { mb: number; saveMs: number; loadMs: number } {
  const g = buildDit(1);
  const params = initParameters(g, 0) as Params;
  const opt = createAdamW(params);
  const dir = mkdtempSync(join(tmpdir(), "bench-ckpt-"));
  try {
    let t = performance.now();
    const saved = saveCheckpoint(dir, { step: 1, weights: params, optimizer: opt.state() });
    const saveMs = performance.now() - t;
    t = performance.now();
    loadCheckpoint(saved.dir);
    const loadMs = performance.now() - t;
    const mb = Object.values(saved.manifest.files).reduce((n, f) => n + f.bytes, 0) / 1024 / 1024;
    return { mb: round(mb, 1), saveMs: round(saveMs, 0), loadMs: round(loadMs, 0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (what === "dit" || what === "unet") {
  const result = await benchModel(what === "dit" ? buildDit : buildUnet, BATCH, Number(a ?? 1), Number(b ?? 3));
  console.log(JSON.stringify(what === "dit" ? { ...result, checkpoint: checkpointTiming() } : result));
} else if (what === "soak") {
  console.log(JSON.stringify(await rssSoak(Number(a ?? 1000))));
} else {
  console.error("usage: worker.ts dit|unet <warmup> <reps> | soak <steps>");
  process.exit(2);
}
