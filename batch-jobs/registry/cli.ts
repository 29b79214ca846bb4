/**
 * Operator CLI for the model registry (rollback at 3 a.m. should not need code):
 *   tsx batch-jobs/registry/cli.ts list     --registry <uri> --model cxr
 *   tsx batch-jobs/registry/cli.ts show     --registry <uri> --model cxr --version v3
 *   tsx batch-jobs/registry/cli.ts resolve  --registry <uri> --model cxr --alias production
 *   tsx batch-jobs/registry/cli.ts promote  --registry <uri> --model cxr --alias production --version v3 [--expect v2]
 *   tsx batch-jobs/registry/cli.ts rollback --registry <uri> --model cxr --alias production
 *   tsx batch-jobs/registry/cli.ts announce --registry <uri> --model cxr --alias production
 *   tsx batch-jobs/registry/cli.ts verify   --registry <uri> --model cxr --version v3
 * (`npm run registry -- <command> …` runs the same.) <uri> is the store root holding models/
 * (file:///… or s3://bucket/prefix/; default $CXR_REGISTRY_URI without its trailing models/).
 * A production rollback also tells the edge (CXR_EDGE_URL or CXR_CALLBACK_URL, signed with
 * CXR_CALLBACK_SECRET) to generate with the restored version; `announce` re-sends the alias's
 * version unconditionally, for when that failed. Output: one JSON line. Exit 0 ok, 64 usage,
 * 65 refused (conflict, missing version…), 67 hash mismatch, 75 store or edge unavailable.
 */
import { parseArgs } from "node:util";
import { EXIT, type ExitCode } from "../../shared/jobs/exit-codes.js";
import { EdgeCallError, type EdgeCallErrorCode } from "../edge-api/edge-connection.js";
import { ObjectStoreError } from "../storage/object-store.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { announceProduction } from "./announce-production.js";
import { ALIASES, type Alias } from "./manifest.js";
import { ModelRegistry } from "./model-registry.js";
import { RegistryError } from "./registry-error.js";
import { UsageError } from "../cli/options.js";

const COMMANDS = ["list", "show", "resolve", "promote", "rollback", "announce", "verify"] as const;
type Command = (typeof COMMANDS)[number];

/** The CLI's exit per edge failure, in the CLI's own terms (refused = 65, unavailable = 75). */
const EDGE_EXIT: Record<EdgeCallErrorCode, ExitCode> = {
  edge_secret_missing: EXIT.usage,
  edge_unavailable: EXIT.transient,
  edge_refused: EXIT.invalidSpec,
  edge_answer_invalid: EXIT.internal,
  production_version_conflict: EXIT.invalidSpec,
};

/** The registry moved but the edge was not told: both are reported, and the exit is non-zero. */
class EdgeNotTold extends Error {
  constructor(
    readonly done: Record<string, unknown>,
    override readonly cause: EdgeCallError,
  ) {
    super(`The registry moved, the edge was not told: ${cause.message} Re-send with \`announce\`.`);
  }
}

export async function registryCli(argv: string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command || !(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`first argument must be one of ${COMMANDS.join(", ")}`);
    let values;
    try {
      ({ values } = parseArgs({
        args: rest,
        options: { registry: { type: "string" }, model: { type: "string" }, alias: { type: "string" }, version: { type: "string" }, expect: { type: "string" }, by: { type: "string" } },
      }));
    } catch (err) {
      throw new UsageError((err as Error).message.split("\n")[0]!);
    }
    const root = values.registry ?? env["CXR_REGISTRY_URI"]?.replace(/models\/?$/, "");
    if (!root) throw new UsageError("--registry <uri> is required (or set CXR_REGISTRY_URI)");
    if (!values.model) throw new UsageError("--model <name> is required");
    const registry = new ModelRegistry(openObjectStore(root, env));
    const need = (name: "alias" | "version"): string => {
      const v = values[name];
      if (!v) throw new UsageError(`${command} needs --${name}`);
      return v;
    };
    const alias = (): Alias => {
      const a = need("alias");
      if (!(ALIASES as readonly string[]).includes(a)) throw new UsageError(`--alias must be one of ${ALIASES.join(", ")}`);
      return a as Alias;
    };
    const by = values.by ?? env["USER"] ?? "registry-cli";
    const result = await run(command as Command, { registry, model: values.model, alias, need, expectCurrent: values.expect, by, env });
    out(JSON.stringify({ ok: true, command, ...result }));
    return EXIT.ok;
  } catch (err) {
    if (err instanceof EdgeNotTold) {
      out(JSON.stringify({ ok: false, command: argv[0], ...err.done, error: { code: err.cause.code, message: err.message } }));
      return EDGE_EXIT[err.cause.code];
    }
    const [code, exit] =
      err instanceof UsageError ? ["usage", EXIT.usage]
      : err instanceof EdgeCallError ? [err.code, EDGE_EXIT[err.code]]
      : err instanceof RegistryError ? [err.code, err.code === "hash_mismatch" ? EXIT.integrity : EXIT.invalidSpec]
      : err instanceof ObjectStoreError ? [err.code, err.code === "unavailable" ? EXIT.transient : err.code === "integrity" ? EXIT.integrity : EXIT.usage]
      : ["internal", EXIT.internal];
    out(JSON.stringify({ ok: false, error: { code, message: (err as Error).message } }));
    return exit;
  }
}

interface RunInput {
  registry: ModelRegistry;
  model: string;
  alias: () => Alias;
  need: (name: "alias" | "version") => string;
  expectCurrent: string | undefined;
  by: string;
  env: Record<string, string | undefined>;
}

async function run(command: Command, { registry, model, alias, need, expectCurrent, by, env }: RunInput): Promise<Record<string, unknown>> {
  switch (command) {
    case "list":
      return { versions: await registry.listVersions(model), production: await registry.resolve(model, "production"), candidate: await registry.resolve(model, "candidate") };
    case "show": {
      const manifest = await registry.getManifest(model, need("version"));
      if (!manifest) throw new RegistryError("version_not_found", `Model ${model} has no version ${need("version")}.`);
      return { manifest };
    }
    case "resolve":
      return { version: await registry.resolve(model, alias()) };
    case "promote":
      return { alias: await registry.promote(model, alias(), need("version"), { by, ...(expectCurrent !== undefined ? { expectedCurrent: expectCurrent } : {}) }) };
    case "rollback": {
      const name = alias();
      const from = await registry.resolve(model, name);
      const record = await registry.rollback(model, name, { by });
      if (name !== "production") return { alias: record, edge: { announced: false, reason: "the edge serves only the production alias" } };
      try {
        return { alias: record, edge: await announceProduction(env, { name: model, version: record.version, previous: from }) };
      } catch (err) {
        throw err instanceof EdgeCallError ? new EdgeNotTold({ alias: record, edge: { announced: false } }, err) : err;
      }
    }
    case "announce": {
      if (alias() !== "production") throw new UsageError("announce needs --alias production (the edge serves only production)");
      const version = await registry.resolve(model, "production");
      if (!version) throw new RegistryError("alias_not_set", `${model}:production is not set; nothing to announce.`);
      return { version, edge: await announceProduction(env, { name: model, version, previous: null, force: true }) };
    }
    case "verify": {
      const loaded = await registry.load(model, need("version"));
      return { version: loaded.manifest.version, files: loaded.manifest.files.length, bytes: loaded.manifest.files.reduce((n, f) => n + f.bytes, 0) };
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await registryCli(process.argv.slice(2), process.env, (line) => process.stdout.write(line + "\n"));
}
