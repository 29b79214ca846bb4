/**
 * The "phantom" job: simulates `count` films and writes them as datasets in the partner format.
 * Shard k of N takes the contiguous block shardRange(count, k, N) and writes a complete dataset
 * of its own under `<outputUri>shards/<k>/` (manifest, labels.csv, card): shards never touch each
 * other's files, so no coordination is needed and the union of the shards is exactly the
 * one-process dataset (image i always has seed baseSeed + i and id phantom-<seed>).
 *
 * Restartable: the dataset writer keeps a per-image commit record; a retried attempt re-opens the
 * shard's prefix, skips every image whose files verify, and writes only the missing ones — no
 * duplicates, nothing missing. On SIGTERM the shard stops between two films (ctx.signal), so
 * the retry finds every film before that point committed.
 *
 * With the edge configured (ctx.callback, from CXR_CALLBACK_URL) every film of the shard — new or
 * kept from an earlier attempt — is also uploaded to the edge's internal API with its manifest
 * line (seed, content key, simulator version, report). The edge completes each item once, so a
 * retried shard re-uploads harmlessly: no duplicate image, row or charge.
 */
import { DATASET_CARD_FILE, LABELS_CSV_FILE, MANIFEST_FILE } from "../../shared/dataset/layout.js";
import type { JobOutput } from "../../shared/jobs/events.js";
import { shardRange } from "../../shared/jobs/sharding.js";
import { PHANTOM_SIMULATOR_VERSION } from "../../shared/model/phantom-simulator.js";
import { formatsOf } from "../../shared/sampler/formats.js";
import { itemFromPhantomSample } from "../data/dataset/dataset-item.js";
import { DatasetWriter } from "../data/dataset/dataset-writer.js";
import { phantomId, phantomSeed } from "../data/dataset/generate-phantom-dataset.js";
import { PhantomConfigError, phantomConfig, simulate, type PhantomConfig } from "../data/phantom/index.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { ObjectStoreSink } from "../storage/object-store-sink.js";
import type { JobModule } from "./job-context.js";
import { uploadPhantomFilm } from "./phantom-upload.js";
import { JobError } from "./job-error.js";
import { throwIfStopped } from "./stop-on-signal.js";

export function shardPrefix(index: number): string {
  return `shards/${String(index).padStart(5, "0")}/`;
}

export const runPhantomJob: JobModule<"phantom"> = async (ctx) => {
  const { spec, shard, reporter } = ctx;
  let config: PhantomConfig;
  try {
    config = phantomConfig({ ...spec.simulator, size: spec.size });
  } catch (err) {
    if (err instanceof PhantomConfigError) throw new JobError("invalidSpec", "invalid_spec", `spec.simulator is invalid: ${err.issues.join("; ")}`);
    throw err;
  }
  const { start, end } = shardRange(spec.count, shard);
  const store = openObjectStore(spec.outputUri, ctx.env);
  const prefix = shardPrefix(shard.index);
  const sink = new ObjectStoreSink(store, prefix);
  const formats = formatsOf(spec.format);
  const writer = await DatasetWriter.open(sink, { formats, bitDepth: spec.bitDepth });
  const total = end - start;
  let written = 0;
  for (let i = start; i < end; i++) {
    // Safe point: every film before i is committed (and uploaded); a retry reuses them.
    throwIfStopped(ctx.signal, `after ${i - start} of ${total} films of shard ${shard.index}`);
    const seed = phantomSeed(spec.seed, i);
    const id = phantomId(seed);
    if (!writer.reuse(id)) {
      await writer.add(itemFromPhantomSample(simulate(config, seed), id, i));
      written++;
    }
    if (ctx.callback) await uploadPhantomFilm(ctx.callback, sink, spec, writer.record(id), i);
    await reporter.progress(i - start + 1, total, "images");
  }
  const firstSeed = phantomSeed(spec.seed, start);
  const lastSeed = phantomSeed(spec.seed, Math.max(start, end - 1));
  const result = await writer.finalize({
    title: `Phantom chest X-rays, shard ${shard.index + 1} of ${shard.count} (${total} images, ${spec.size}x${spec.size})`,
    provenance:
      `Procedural phantom simulator ${PHANTOM_SIMULATOR_VERSION}, job ${spec.jobId}, shard ${shard.index} of ${shard.count} ` +
      `(images ${start}..${end - 1} of ${spec.count}, seeds ${firstSeed}..${lastSeed}); ` +
      `${written} written by attempt ${ctx.attempt}, ${total - written} kept from earlier attempts.`,
  });
  const outputs: JobOutput[] = [];
  for (const [file, contentType] of [[MANIFEST_FILE, "application/x-ndjson"], [LABELS_CSV_FILE, "text/csv"], [DATASET_CARD_FILE, "text/markdown"]] as const) {
    const info = await store.head(prefix + file);
    if (!info?.sha256) throw new JobError("internal", "output_missing", `${prefix + file} was not written by finalize().`);
    outputs.push({ path: prefix + file, uri: store.rootUri + prefix + file, sha256: info.sha256, bytes: info.size, contentType });
  }
  await reporter.result(outputs);
  // One structured line for operators: what this attempt did.
  reporter.note({ shard: shard.index, images: result.summary.images, written, kept: total - written, orphansRemoved: result.orphansRemoved });
};
