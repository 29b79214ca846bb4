/**
 * The one formatter of zod validation issues: every parse error the platform reports (API
 * bodies, job specs, events, manifests, configs) names each field as a dotted path, or `root`
 * when the whole value is wrong.
 */
export interface ValidationIssues {
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>;
}

export interface IssueLine {
  path: string;
  message: string;
}

/** Each issue as { path, message } (for JSON error details). */
export function issueList(error: ValidationIssues, root = "(root)"): IssueLine[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || root, message: issue.message }));
}

/** Each issue as one "path: message" line. */
export function formatIssues(error: ValidationIssues, root = "(root)"): string[] {
  return issueList(error, root).map((i) => `${i.path}: ${i.message}`);
}
