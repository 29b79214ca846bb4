/**
 * Copies a model version from a registry into the repository's models/ folder (the committed
 * bundles that npm start serves) and, with --production, points models/<name>/aliases/production.json at it.
 *   npx tsx scripts/export-model.ts --from file:///…/registry/models/ --name cxrl --version cxr64-v1 [--production]
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { exportVersion, writeProductionAlias } from "../batch-jobs/registry/bundle-folder.js";
import { openRegistry } from "../batch-jobs/registry/open-registry.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { from: { type: "string" }, name: { type: "string" }, version: { type: "string" }, production: { type: "boolean", default: false } } });
if (!values.from || !values.name || !values.version) {
  console.error("usage: export-model.ts --from <registry models/ URI> --name <model> --version <version> [--production]");
  process.exit(64);
}
const modelsDir = path.join(root, "models");
const dir = await exportVersion(openRegistry({ CXR_REGISTRY_URI: values.from }), values.name, values.version, modelsDir);
if (values.production) writeProductionAlias(modelsDir, values.name, values.version, "export-model");
console.log(JSON.stringify({ exported: path.relative(root, dir), production: values.production }));
