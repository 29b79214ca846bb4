/** What every command gets (injectable streams, environment and fetch, so tests run it in-process) and returns. */
import { ApiClient } from "../api-client.js";
import { connection, type Connection } from "../options.js";

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  fetch: typeof fetch;
  /** Unix seconds (injectable for webhook verification tests). */
  now: () => number;
}

export interface Command {
  /** "datasets create", "usage", … */
  name: string;
  summary: string;
  help: string;
  /** Resolves to the exit code; throws CliError for anything the user can fix. */
  run(args: string[], io: CliIo): Promise<number>;
}

export function clientFor(values: { "api-url"?: string | undefined; "api-key"?: string | undefined }, io: CliIo): ApiClient {
  const conn: Connection = connection(values, io.env);
  return new ApiClient(conn, io.fetch);
}

export const CONNECTION_HELP = `Connection (every command):
  --api-url <url>      API base URL (env CXR_API_URL; default http://127.0.0.1:8787)
  --api-key <key>      partner API key cxr_… (env CXR_API_KEY)`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
