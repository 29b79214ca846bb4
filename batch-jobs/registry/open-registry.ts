/**
 * The model registry a job uses: $CXR_REGISTRY_URI names the `models/` prefix of a store
 * (file:///…/models/ locally, s3://bucket/models/ on AWS). The repository's own models/ folder
 * is such a registry (the committed default bundles).
 */
import { openObjectStore } from "../storage/open-object-store.js";
import { ModelRegistry } from "./model-registry.js";
import { RegistryError } from "./registry-error.js";

export const REGISTRY_ENV = "CXR_REGISTRY_URI";

export function openRegistry(env: Record<string, string | undefined>): ModelRegistry {
  const uri = env[REGISTRY_ENV];
  if (!uri) throw new RegistryError("registry_unset", `${REGISTRY_ENV} is not set: point it at the registry's models/ prefix (file:///…/models/ or s3://bucket/models/).`);
  const m = /^(.*\/)models\/?$/.exec(uri);
  if (!m) throw new RegistryError("registry_unset", `${REGISTRY_ENV}=${uri} must end in /models/ (the registry prefix inside the store).`);
  return new ModelRegistry(openObjectStore(m[1]!, env));
}

/** Registry root of the repository's committed bundles (models/ beside package.json). */
export function repositoryRegistryUri(repoRoot: string): string {
  return `file://${repoRoot.replace(/\/$/, "")}/models/`;
}
