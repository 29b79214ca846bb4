/**
 * Reward and judge throughput: scored images/s at batch 32 on one ORT thread, per network and end
 * to end (RewardModels.score with report parsing; JudgeModels.judge), and the same networks in
 * PyTorch with the same weights (bench/rewards/reference_torch.py, when Debian's python3-torch is
 * installed) in one run, with the outputs checked to agree. Ends with one JSON line.
 *
 *   npm run bench:rewards [-- --films 320 --reps 5 --root <registry root, default the repository>]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { integerOption, runScript } from "../batch-jobs/cli/options.js";
import { ModelRegistry } from "../batch-jobs/registry/model-registry.js";
import { openObjectStore } from "../batch-jobs/storage/open-object-store.js";
import { BatchedSession, INFERENCE_BATCH } from "../batch-jobs/rewards/batched-session.js";
import { loadBundle } from "../batch-jobs/rewards/bundle.js";
import { buildDualEncoder, type DualEncoderShape } from "../batch-jobs/rewards/dual-encoder.js";
import { SEED_RANGES, renderFilmBank } from "../batch-jobs/rewards/film-bank.js";
import { buildFilmModel, type FilmModelShape } from "../batch-jobs/rewards/heads.js";
import { JudgeModels, RewardModels } from "../batch-jobs/rewards/index.js";
import { textFeatureBatch } from "../batch-jobs/rewards/text-features.js";
import { machineDescription } from "../batch-jobs/rewards/train-reward-model.js";
import { torchUnavailable } from "./engine/torch-reference.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MODELS = ["reward-posture", "reward-classifier", "reward-clip", "judge-posture", "judge-classifier", "judge-clip"];

async function best(reps: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  let min = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, (performance.now() - t0) / 1000);
  }
  return min;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { films: { type: "string" }, reps: { type: "string" }, root: { type: "string", default: REPO } } });
  const count = integerOption("films", values.films, 320, { min: 32, max: 100_000 });
  const reps = integerOption("reps", values.reps, 5, { min: 1, max: 1000 });
  const root = path.resolve(values.root);
  const registry = new ModelRegistry(openObjectStore(pathToFileURL(root + "/").href));
  const versions: Record<string, string> = {};
  const bank = renderFilmBank({ count, size: 64, firstSeed: SEED_RANGES.heldOut });
  const size = bank.size;
  const ort: Record<string, { imagesPerSec: number; outputs: Float32Array; perRow: number }> = {};
  let buckets = 0;
  for (const name of MODELS) {
    const b = await loadBundle(registry, name);
    versions[name] = b.manifest.version;
    const m = b.model as Record<string, unknown>;
    const sessions: [string, BatchedSession, Float32Array, number, (n: number) => number[]][] = [];
    if (m["family"] === "film") {
      const shape = m as unknown as FilmModelShape;
      const outputs = shape.kind === "posture" ? ["posture", "features"] : ["labels", "projection", "position", "features"];
      sessions.push([name, await BatchedSession.create(buildFilmModel(shape, INFERENCE_BATCH, false), b.params, { batch: INFERENCE_BATCH, input: "films", rowElements: size * size, outputs, intraOpThreads: 1 }), bank.pixels, size * size, (n) => [n, 1, size, size]]);
    } else {
      const shape = m as unknown as DualEncoderShape;
      buckets = shape.textBuckets;
      const pick = (p: string) => Object.fromEntries(Object.entries(b.params).filter(([k]) => k.startsWith(p)));
      sessions.push([`${name}:image`, await BatchedSession.create(buildDualEncoder(shape, INFERENCE_BATCH, "image"), pick("image."), { batch: INFERENCE_BATCH, input: "films", rowElements: size * size, outputs: ["embedding"], intraOpThreads: 1 }), bank.pixels, size * size, (n) => [n, 1, size, size]]);
      sessions.push([`${name}:text`, await BatchedSession.create(buildDualEncoder(shape, INFERENCE_BATCH, "text"), pick("text."), { batch: INFERENCE_BATCH, input: "text", rowElements: buckets, outputs: ["embedding"], intraOpThreads: 1 }), textFeatureBatch(bank.reports, buckets), buckets, (n) => [n, buckets]]);
    }
    for (const [key, session, input, , dims] of sessions) {
      let out: Record<string, Float32Array> = {};
      const seconds = await best(reps, async () => (out = await session.run(input, count, dims)));
      const parts = Object.values(out);
      const perRow = parts.reduce((s, p) => s + p.length / count, 0);
      const rows = new Float32Array(count * perRow);
      for (let i = 0; i < count; i++) {
        let o = i * perRow;
        for (const p of parts) {
          const w = p.length / count;
          rows.set(p.subarray(i * w, (i + 1) * w), o);
          o += w;
        }
      }
      ort[key] = { imagesPerSec: count / seconds, outputs: rows, perRow };
      await session.dispose();
    }
  }
  const rewards = await RewardModels.load(registry, { intraOpThreads: 1 });
  const judges = await JudgeModels.load(registry, { intraOpThreads: 1 });
  const rewardsPerSec = count / (await best(reps, () => rewards.score(bank.pixels, count, size, bank.reports)));
  const judgesPerSec = count / (await best(reps, () => judges.judge(bank.pixels, count, size)));
  await rewards.dispose();
  await judges.dispose();

  let torch: { torch: string; models: Record<string, { imagesPerSec: number }> } | null = null;
  const agreement: Record<string, number> = {};
  const why = torchUnavailable();
  if (why === null) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cxr-bench-rewards-"));
    writeFileSync(path.join(dir, "films.f32"), bank.pixels);
    writeFileSync(path.join(dir, "text.f32"), textFeatureBatch(bank.reports, buckets));
    const env = { ...process.env };
    delete env["OPENBLAS_CORETYPE"];
    delete env["OPENBLAS_L2_SIZE"];
    const folders = MODELS.map((n) => `${n}=${path.join(root, "models", n, versions[n]!)}`).join(",");
    const r = spawnSync("/usr/bin/python3", [path.join(REPO, "bench", "rewards", "reference_torch.py"), "--models", folders, "--films", path.join(dir, "films.f32"), "--text", path.join(dir, "text.f32"), "--count", String(count), "--size", String(size), "--buckets", String(buckets), "--threads", "1", "--reps", String(reps), "--out", dir], { env, encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`reference_torch.py failed: ${r.stderr.split("\n").slice(-4).join(" | ")}`);
    torch = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    for (const key of Object.keys(ort)) {
      const theirs = new Float32Array(readFileSync(path.join(dir, key.replace(":", "_") + ".f32")).buffer.slice(0));
      const ours = ort[key]!.outputs;
      agreement[key] = theirs.length === ours.length ? ours.reduce((m, v, i) => Math.max(m, Math.abs(v - theirs[i]!)), 0) : NaN;
    }
  }
  console.log(`rewards bench — ${count} films of 64×64, batch ${INFERENCE_BATCH}, 1 thread, best of ${reps}; ${machineDescription()}`);
  console.log("| network | ORT images/s | PyTorch images/s | ORT / PyTorch | max |Δ| of outputs |");
  console.log("|---|---|---|---|---|");
  for (const key of Object.keys(ort)) {
    const t = torch?.models[key]?.imagesPerSec;
    console.log(`| ${key} | ${ort[key]!.imagesPerSec.toFixed(0)} | ${t ? t.toFixed(0) : "n/a"} | ${t ? (ort[key]!.imagesPerSec / t).toFixed(2) : "n/a"} | ${agreement[key] !== undefined ? agreement[key]!.toExponential(1) : "n/a"} |`);
  }
  console.log(`| RewardModels.score (3 rewards + report parsing) | ${rewardsPerSec.toFixed(0)} | | | |`);
  console.log(`| JudgeModels.judge (judge-posture + judge-classifier) | ${judgesPerSec.toFixed(0)} | | | |`);
  if (why !== null) console.log(`PyTorch reference skipped: ${why}`);
  console.log(JSON.stringify({
    bench: "rewards",
    films: count,
    batch: INFERENCE_BATCH,
    threads: 1,
    rewardsScoreImagesPerSec: Math.round(rewardsPerSec),
    judgesImagesPerSec: Math.round(judgesPerSec),
    ort: Object.fromEntries(Object.entries(ort).map(([k, v]) => [k, Math.round(v.imagesPerSec)])),
    torch: torch ? Object.fromEntries(Object.entries(torch.models).map(([k, v]) => [k, Math.round(v.imagesPerSec)])) : null,
    ratio: torch ? Object.fromEntries(Object.keys(ort).map((k) => [k, Math.round((ort[k]!.imagesPerSec / torch!.models[k]!.imagesPerSec) * 100) / 100])) : null,
    maxAbsDiff: torch ? agreement : null,
    torchVersion: torch?.torch ?? null,
  }));
}

await runScript("npm run bench:rewards -- [--films 320 --reps 5 --root DIR]", main);
