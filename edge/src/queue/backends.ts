/**
 * Chooses the BatchBackend the consumer submits through (shared/jobs/backend.ts). Inside a
 * Worker only fetch-based backends can run: the local runner's HTTP API. AWS Batch is reached
 * the same way in production through a submitter service speaking that API (see docs/api.md).
 */
import { BackendError, type BatchBackend } from "../../../shared/jobs/index.js";
import { LocalBatchBackend } from "../../../shared/jobs/local-backend-client.js";

export function backendFromEnv(env: Env): BatchBackend {
  switch (env.BATCH_BACKEND) {
    case "local":
      return new LocalBatchBackend({ baseUrl: env.BATCH_RUNNER_URL, fetch: (url, init) => fetch(url, init) });
    case "none":
      return unavailableBackend("BATCH_BACKEND is \"none\": no batch backend is configured");
    default:
      return unavailableBackend(`unknown BATCH_BACKEND "${env.BATCH_BACKEND}" (use "local" or "none")`);
  }
}

function unavailableBackend(message: string): BatchBackend {
  const fail = (): never => {
    throw new BackendError("unavailable", message);
  };
  return { submit: async () => fail(), describe: async () => fail(), cancel: async () => fail() };
}
