/**
 * Checks a SubmitRequest before any backend acts on it, so the local runner and AWS Batch reject
 * the same requests with the same messages. Returns the spec with defaults applied.
 */
import { BackendError, JOB_NAME_PATTERN, MAX_ARRAY_SIZE, type SubmitRequest } from "./backend.js";
import { isJobKind, parseJobSpec, type JobSpec } from "./kinds.js";

export function validateSubmitRequest(request: SubmitRequest): JobSpec {
  const problems: string[] = [];
  if (!isJobKind(request.kind)) problems.push(`kind: unknown job kind "${String(request.kind)}"`);
  if (!JOB_NAME_PATTERN.test(request.jobName)) problems.push("jobName: 1-128 chars of A-Z a-z 0-9 _ -, starting with a letter or digit");
  if (!Number.isInteger(request.arraySize) || request.arraySize < 1 || request.arraySize > MAX_ARRAY_SIZE) {
    problems.push(`arraySize: an integer 1..${MAX_ARRAY_SIZE}`);
  }
  if (typeof request.idempotencyToken !== "string" || request.idempotencyToken.length < 1 || request.idempotencyToken.length > 256) {
    problems.push("idempotencyToken: 1-256 characters");
  }
  if (request.timeoutSeconds !== undefined && (!Number.isInteger(request.timeoutSeconds) || request.timeoutSeconds < 60)) {
    problems.push("timeoutSeconds: an integer ≥ 60 (AWS Batch minimum)");
  }
  if (request.attempts !== undefined && (!Number.isInteger(request.attempts) || request.attempts < 1 || request.attempts > 10)) {
    problems.push("attempts: an integer 1..10");
  }
  let spec: JobSpec | undefined;
  if (isJobKind(request.kind)) {
    const parsed = parseJobSpec(request.kind, request.spec);
    if (parsed.ok) spec = parsed.spec;
    else problems.push(...parsed.issues.map((i) => `spec.${i}`));
  }
  if (spec && spec.kind !== request.kind) problems.push(`spec.kind "${spec.kind}" differs from kind "${request.kind}"`);
  if (problems.length > 0 || !spec) {
    throw new BackendError("invalid_request", `Submit request rejected: ${problems.join("; ")}`, { problems });
  }
  return spec;
}
