export type RegistryErrorCode =
  | "invalid_name"
  | "version_exists"
  | "version_not_found"
  | "alias_not_set"
  | "alias_conflict"
  | "no_previous_version"
  | "hash_mismatch"
  | "manifest_invalid"
  | "unsafe_store"
  | "registry_unset";

import { ClassifiedError } from "../../shared/jobs/classified-error.js";
import type { ExitClass } from "../../shared/jobs/exit-codes.js";

/** How a job fails on each registry error. */
export const REGISTRY_EXIT: Record<RegistryErrorCode, ExitClass> = {
  invalid_name: "invalidSpec",
  version_exists: "internal",
  version_not_found: "inputMissing",
  alias_not_set: "inputMissing",
  alias_conflict: "transient", // another writer moved the alias first: a retry re-reads it
  no_previous_version: "inputMissing",
  hash_mismatch: "integrity",
  manifest_invalid: "integrity",
  unsafe_store: "usage", // configuration: the registry's store cannot do compare-and-swap
  registry_unset: "usage",
};

export class RegistryError extends ClassifiedError<RegistryErrorCode> {
  override readonly name = "RegistryError";
  constructor(code: RegistryErrorCode, message: string) {
    super(code, REGISTRY_EXIT[code], message);
  }
}
