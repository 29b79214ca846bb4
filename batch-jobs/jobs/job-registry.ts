/** The registry of a job, with its errors mapped to job exit classes. */
import type { ModelRegistry } from "../registry/model-registry.js";
import { openRegistry } from "../registry/open-registry.js";
import { RegistryError } from "../registry/registry-error.js";
import { JobError } from "./job-error.js";

export function jobRegistry(env: Record<string, string | undefined>): ModelRegistry {
  try {
    return openRegistry(env);
  } catch (err) {
    if (err instanceof RegistryError) throw new JobError("usage", err.code, err.message);
    throw err;
  }
}

/** Runs a registry read; a corrupt bundle is an integrity failure, a missing one an input failure. */
export async function fromRegistry<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof RegistryError) {
      if (err.code === "hash_mismatch") throw new JobError("integrity", "model_corrupt", err.message, err);
      if (err.code === "version_not_found" || err.code === "alias_not_set") throw new JobError("inputMissing", "model_not_found", err.message, err);
      throw new JobError("invalidSpec", err.code, err.message, err);
    }
    throw err;
  }
}
