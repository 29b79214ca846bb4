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

export class RegistryError extends Error {
  override readonly name = "RegistryError";
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
  }
}
