/**
 * The "generate" job: reports → films with the generator bundle named in the spec. Shard k of N
 * takes the contiguous block of reports shardRange(reports, k, N) and writes a dataset of its own
 * under <outputUri>shards/<k>/ (as the phantom job does); item i = reportIndex × samplesPerReport
 * + sampleIndex has seed itemSeed(seed, reportIndex, sampleIndex) — the edge derives the same.
 * With the edge configured, each film is uploaded through the signed internal API. Restartable:
 * films already committed by an earlier attempt are kept and re-uploaded (a no-op at the edge).
 * Reports are sampled in batches that share one session; SIGTERM stops between batches.
 */
import { FILE_CONTENT_TYPE, formatsOf, type ResultManifestLine } from "../../shared/api/index.js";
import { itemSeed } from "../../shared/keys/index.js";
import { shardRange } from "../../shared/jobs/sharding.js";
import { validateReport } from "../../shared/report/index.js";
import type { CanonicalReport } from "../../shared/report/types.js";
import { DatasetWriter } from "../data/dataset/dataset-writer.js";
import { loadGenerator } from "../generator/index.js";
import { loadQualityScorer } from "./generate-quality.js";
import { ObjectStoreSink } from "../storage/object-store-sink.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { readSpecReports } from "./generate-reports.js";
import { openRegistry } from "../registry/open-registry.js";
import { generatedItem } from "./generated-item.js";
import type { JobModule } from "./job-context.js";
import { JobError } from "./job-error.js";
import { shardPrefix } from "./phantom.js";
import { resolveModelVersion, samplerFromSpec } from "./generate-settings.js";

interface Work {
  itemIndex: number;
  reportText: string;
  canonical: CanonicalReport;
  seed: number;
  id: string;
}

export const runGenerateJob: JobModule<"generate"> = async (ctx) => {
  const { spec, shard, reporter } = ctx;
  const registry = openRegistry(ctx.env);
  const version = await resolveModelVersion(registry, spec.model);
  const provider = ctx.env["CXR_EXECUTION_PROVIDER"] === "cuda" ? "cuda" : "cpu";
  const { model } = await loadGenerator(registry, { name: spec.model.name, version }, { provider });
  const scorer = await loadQualityScorer(registry, provider);
  try {
    const settings = samplerFromSpec(spec, model.architecture);
    const reports = await readSpecReports(spec, ctx.env);
    if (reports.length === 0) throw new JobError("invalidSpec", "reports_empty", "the spec lists no reports to generate from.");
    const { start, end } = shardRange(reports.length, shard);
    const spr = spec.samplesPerReport;
    const work: Work[] = [];
    for (let r = start; r < end; r++) {
      const checked = validateReport(reports[r]!.text);
      if (!checked.ok) throw new JobError("invalidSpec", "report_invalid", `report ${reports[r]!.id} is not usable: ${checked.errors.map((e) => e.code).join(", ")}`);
      for (let s = 0; s < spr; s++) {
        const itemIndex = r * spr + s;
        work.push({ itemIndex, reportText: reports[r]!.text, canonical: checked.report.canonical, seed: itemSeed(spec.seed, r, s, spr), id: `gen-${String(itemIndex).padStart(6, "0")}` });
      }
    }
    const store = openObjectStore(spec.outputUri, ctx.env);
    const sink = new ObjectStoreSink(store, shardPrefix(shard.index));
    const formats = formatsOf(spec.format);
    const writer = await DatasetWriter.open(sink, { formats, bitDepth: 16 });
    let done = 0;
    for (let b = 0; b < work.length; b += model.maxBatch) {
      if (ctx.signal.aborted) throw new JobError("terminated", "terminated", `stopped after ${done} of ${work.length} films; a retry keeps them and continues.`);
      const batch = work.slice(b, b + model.maxBatch);
      const todo = batch.filter((w) => !writer.reuse(w.id));
      if (todo.length) {
        const { films } = await model.sample(todo.map((w) => w.canonical), todo.map((w) => w.seed), settings);
        const quality = await scorer.score(films, model.architecture.size, todo.map((w) => w.reportText));
        for (const [i, w] of todo.entries()) {
          await writer.add(generatedItem({ id: w.id, ordinal: w.itemIndex, size: model.architecture.size, films, index: i, report: w.reportText, canonical: w.canonical, seed: w.seed, modelVersion: version, quality: quality[i] ?? null }));
        }
      }
      for (const w of batch) {
        if (ctx.callback) await uploadFilm(ctx.callback, sink, writer, w, version, spec.jobId);
        done++;
      }
      await reporter.progress(done, work.length, "images");
    }
    await writer.finalize({
      title: `Generated chest X-rays, shard ${shard.index + 1} of ${shard.count} (${work.length} images, ${model.architecture.size}x${model.architecture.size})`,
      provenance: `Diffusion generator ${spec.model.name} ${version}, DDIM ${settings.steps} steps, guidance ${settings.guidance}, eta ${settings.eta}; job ${spec.jobId}, reports ${start}..${end - 1}.`,
    });
    reporter.note({ shard: shard.index, images: work.length, model: `${spec.model.name}/${version}`, qualityScores: scorer.describe });
  } finally {
    await scorer.dispose();
    await model.dispose();
  }
};

async function uploadFilm(callback: NonNullable<Parameters<JobModule<"generate">>[0]["callback"]>, sink: ObjectStoreSink, writer: DatasetWriter, w: Work, version: string, jobId: string): Promise<void> {
  const record = writer.record(w.id);
  if (!record) throw new JobError("internal", "record_missing", `film ${w.itemIndex} has no committed record to upload.`);
  for (const file of [{ file: record.file, format: record.format }, ...record.alternates]) {
    const bytes = await sink.getFile(file.file);
    if (!bytes) throw new JobError("internal", "output_missing", `${file.file} of film ${w.itemIndex} vanished before its upload.`);
    const line: ResultManifestLine = { itemIndex: w.itemIndex, seed: w.seed, format: file.format, modelVersion: version, ...(record.quality ? { quality: record.quality } : {}) };
    await callback.uploadItem(jobId, w.itemIndex, bytes, FILE_CONTENT_TYPE[file.format], line);
  }
}
