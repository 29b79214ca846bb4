/**
 * The registry root of the bundles committed with the repository (`models/` at the repo root is
 * a registry root): found by walking up from this file, so it works from source (tsx) and from
 * the compiled `dist/` alike.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export function committedRegistryRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(path.join(dir, "models", "judge-posture", "aliases", "production.json"))) return pathToFileURL(dir + "/").href;
    dir = path.dirname(dir);
  }
  return null;
}
