/**
 * Reads a job spec from where the submitter put it: `data:application/json;base64,…` (AWS Batch
 * command override, small specs), `file:///…` (local runner) or `s3://bucket/key`.
 */
import { ObjectStoreError } from "../storage/object-store.js";
import { openObjectUri } from "../storage/open-object-store.js";
import { JobError } from "./job-error.js";

export async function readSpecDocument(uri: string, env: Record<string, string | undefined>): Promise<unknown> {
  let text: string;
  if (uri.startsWith("data:")) {
    const m = /^data:application\/json(;base64)?,(.*)$/s.exec(uri);
    if (!m) throw new JobError("usage", "spec_uri_invalid", `--spec data URI must be data:application/json[;base64],<payload>`);
    text = m[1] ? Buffer.from(m[2]!, "base64").toString("utf8") : decodeURIComponent(m[2]!);
  } else {
    let object;
    try {
      const { store, key } = openObjectUri(uri, env);
      object = await store.get(key);
    } catch (err) {
      if (err instanceof ObjectStoreError && err.code === "invalid_uri") throw new JobError("usage", "spec_uri_invalid", err.message);
      if (err instanceof ObjectStoreError && err.code === "unavailable") throw new JobError("transient", "store_unavailable", err.message, err);
      throw err;
    }
    if (!object) throw new JobError("inputMissing", "spec_not_found", `No job spec at ${uri}.`);
    text = Buffer.from(object.body).toString("utf8");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new JobError("invalidSpec", "invalid_spec", `The job spec at ${uri.slice(0, 80)} is not valid JSON.`);
  }
}

/** The inverse for submitters: a compact data URI carrying the spec (AWS Batch command override). */
export function specToDataUri(spec: unknown): string {
  return `data:application/json;base64,${Buffer.from(JSON.stringify(spec)).toString("base64")}`;
}
