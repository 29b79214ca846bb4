import { ApiError } from "./errors.js";

/** Prefix of the well-known development secrets committed in wrangler.toml's local [vars]. */
const LOCAL_SECRET_MARKER = "do-not-use-in-production";

type SecretName = "ADMIN_API_KEY" | "INTERNAL_HMAC_SECRET" | "URL_SIGNING_SECRET";

/**
 * Reads a secret binding. Outside ENVIRONMENT=local a missing secret or a committed development
 * value is refused, so a misconfigured deployment fails closed instead of trusting a public value.
 */
export function requireSecret(env: Env, name: SecretName): string {
  const value = env[name];
  const local = env.ENVIRONMENT === "local";
  if (!value || (!local && value.includes(LOCAL_SECRET_MARKER))) {
    console.error(`secret ${name} is not configured for environment ${env.ENVIRONMENT}`);
    throw new ApiError(503, "service_misconfigured", "The service is not fully configured. Please retry later.");
  }
  return value;
}
