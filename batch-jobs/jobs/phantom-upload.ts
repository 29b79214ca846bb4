/**
 * Uploads one committed phantom film to the edge (PUT /internal/v1/jobs/:jobId/items/:i, signed by
 * the CallbackClient): every file of the film (PNG and/or DICOM) with its manifest line. The bytes
 * are re-read from the shard's store, so a film kept from an earlier attempt uploads exactly like a
 * new one; the edge treats a repeat as a no-op.
 */
import { FILE_CONTENT_TYPE, type ResultManifestLine } from "../../shared/api/index.js";
import type { ManifestLine } from "../../shared/dataset/manifest.js";
import type { CallbackClient } from "../../shared/jobs/callback-client.js";
import type { PhantomSpec } from "../../shared/jobs/kinds.js";
import { phantomContentKey } from "../../shared/keys/phantom-key.js";
import type { DatasetSink } from "../data/dataset/sink.js";
import { PHANTOM_SIMULATOR_VERSION } from "../../shared/model/phantom-simulator.js";
import { JobError } from "./job-error.js";

export async function uploadPhantomFilm(callback: CallbackClient, sink: DatasetSink, spec: PhantomSpec, record: ManifestLine | undefined, itemIndex: number): Promise<void> {
  if (!record) throw new JobError("internal", "record_missing", `film ${itemIndex} has no committed record to upload.`);
  // The key covers seed, side and bit depth only: the edge never sends simulator overrides.
  const contentKey = await phantomContentKey({ simulatorVersion: PHANTOM_SIMULATOR_VERSION, seed: record.seed, size: spec.size, bitDepth: spec.bitDepth });
  for (const file of [{ file: record.file, format: record.format }, ...record.alternates]) {
    const bytes = await sink.getFile(file.file);
    if (!bytes) throw new JobError("internal", "output_missing", `${file.file} of film ${itemIndex} vanished before its upload.`);
    const line: ResultManifestLine = {
      itemIndex,
      seed: record.seed,
      contentKey,
      format: file.format,
      modelVersion: PHANTOM_SIMULATOR_VERSION,
      report: record.report,
      ...(record.quality ? { quality: record.quality } : {}),
    };
    await callback.uploadItem(spec.jobId, itemIndex, bytes, FILE_CONTENT_TYPE[file.format], line);
  }
}
