/**
 * The spelling of a model's registry name and of an exact version — one rule for the registry
 * (batch-jobs/registry), the job specs (shared/jobs/kinds.ts) and the edge's production-version
 * route, so a name one side accepts is never refused by the other.
 */
import { z } from "zod";

/** Lowercase letters, digits and -, at most 64 (a registry folder, e.g. "cxrl"). */
export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Letters, digits, . _ -, at most 64 (e.g. "cxr64-v1"); never an alias such as "production". */
export const MODEL_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const modelNameSchema = z.string().regex(MODEL_NAME_PATTERN, "lowercase letters, digits and - (at most 64)");
export const modelVersionSchema = z.string().regex(MODEL_VERSION_PATTERN, "letters, digits, '.', '_' and '-' (at most 64)");
