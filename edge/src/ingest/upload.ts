import type { ResultManifestLine } from "../../../shared/api/index.js";

/** One uploaded file of a job's item, as the internal API received it. */
export interface Upload {
  itemIndex: number;
  line: ResultManifestLine;
  contentType: string;
  bytes: Uint8Array;
}
