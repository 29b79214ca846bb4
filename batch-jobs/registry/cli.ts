/**
 * Operator CLI for the model registry (rollback at 3 a.m. should not need code):
 *   tsx batch-jobs/registry/cli.ts list     --registry <uri> --model cxr
 *   tsx batch-jobs/registry/cli.ts show     --registry <uri> --model cxr --version v3
 *   tsx batch-jobs/registry/cli.ts resolve  --registry <uri> --model cxr --alias production
 *   tsx batch-jobs/registry/cli.ts promote  --registry <uri> --model cxr --alias production --version v3 [--expect v2]
 *   tsx batch-jobs/registry/cli.ts rollback --registry <uri> --model cxr --alias production
 *   tsx batch-jobs/registry/cli.ts verify   --registry <uri> --model cxr --version v3
 * <uri> is the store root holding models/ (file:///… or s3://bucket/prefix/; default
 * $CXR_REGISTRY_URI without its trailing models/). Output: one JSON line. Exit 0 ok, 64 usage,
 * 65 refused (conflict, missing version…), 67 hash mismatch, 75 store unavailable.
 */
import { parseArgs } from "node:util";
import { EXIT } from "../../shared/jobs/exit-codes.js";
import { ObjectStoreError } from "../storage/object-store.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { ALIASES, type Alias } from "./manifest.js";
import { ModelRegistry } from "./model-registry.js";
import { RegistryError } from "./registry-error.js";

const COMMANDS = ["list", "show", "resolve", "promote", "rollback", "verify"] as const;
type Command = (typeof COMMANDS)[number];

class UsageError extends Error {}

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
    const result = await run(command as Command, registry, values.model, alias, need, values.expect, by);
    out(JSON.stringify({ ok: true, command, ...result }));
    return EXIT.ok;
  } catch (err) {
    const [code, exit] =
      err instanceof UsageError ? ["usage", EXIT.usage]
      : err instanceof RegistryError ? [err.code, err.code === "hash_mismatch" ? EXIT.integrity : EXIT.invalidSpec]
      : err instanceof ObjectStoreError ? [err.code, err.code === "unavailable" ? EXIT.transient : err.code === "integrity" ? EXIT.integrity : EXIT.usage]
      : ["internal", EXIT.internal];
    out(JSON.stringify({ ok: false, error: { code, message: (err as Error).message } }));
    return exit;
  }
}

async function run(
  command: Command,
  registry: ModelRegistry,
  model: string,
  alias: () => Alias,
  need: (name: "alias" | "version") => string,
  expectCurrent: string | undefined,
  by: string,
): Promise<Record<string, unknown>> {
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
    case "rollback":
      return { alias: await registry.rollback(model, alias(), { by }) };
    case "verify": {
      const loaded = await registry.load(model, need("version"));
      return { version: loaded.manifest.version, files: loaded.manifest.files.length, bytes: loaded.manifest.files.reduce((n, f) => n + f.bytes, 0) };
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await registryCli(process.argv.slice(2), process.env, (line) => process.stdout.write(line + "\n"));
}
