/**
 * Chooses the BatchBackend the consumer submits through (shared/jobs/backend.ts). Inside a
 * Worker only fetch-based backends can run, so both speak the runner protocol over HTTP:
 * - "local":   the local batch runner (BATCH_RUNNER_URL, unsigned, loopback only);
 * - "gateway": the AWS Batch gateway (infra/, a Lambda function URL in front of AWS Batch) at
 *              BATCH_RUNNER_URL, every call signed with INTERNAL_HMAC_SECRET;
 * - "none":    no backend: submissions fail as retryable and end in the dead-letter queue.
 */
import { BackendError, type BatchBackend } from "../../../shared/jobs/index.js";
import { LocalBatchBackend } from "../../../shared/jobs/local-backend-client.js";
import { requireSecret } from "../secrets.js";

export function backendFromEnv(env: Env): BatchBackend {
  const fetchFn = (url: string, init: Parameters<typeof fetch>[1]) => fetch(url, init);
  switch (env.BATCH_BACKEND) {
    case "local":
      return new LocalBatchBackend({ baseUrl: env.BATCH_RUNNER_URL, fetch: fetchFn });
    case "gateway":
      if (!env.BATCH_RUNNER_URL) return unavailableBackend("BATCH_BACKEND is \"gateway\" but BATCH_RUNNER_URL (the gateway's function URL) is not set");
      return new LocalBatchBackend({ baseUrl: env.BATCH_RUNNER_URL, fetch: fetchFn, signingSecret: requireSecret(env, "INTERNAL_HMAC_SECRET") });
    case "none":
      return unavailableBackend("BATCH_BACKEND is \"none\": no batch backend is configured");
    default:
      return unavailableBackend(`unknown BATCH_BACKEND "${env.BATCH_BACKEND}" (use "local", "gateway" or "none")`);
  }
}

function unavailableBackend(message: string): BatchBackend {
  const fail = (): never => {
    throw new BackendError("unavailable", message);
  };
  return { submit: async () => fail(), describe: async () => fail(), cancel: async () => fail() };
}
