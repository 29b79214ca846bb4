import type { Principal } from "./auth/principal.js";

/** Hono environment of the edge: bindings plus per-request variables set by middleware. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    principal: Principal;
    /** Raw body bytes, read once by the internal-signature middleware. */
    rawBody: Uint8Array;
  };
}
