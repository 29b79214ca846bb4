/** Public API of the phantom simulator (see README.md). */
export { phantomConfig, phantomConfigSchema, PhantomConfigError, PHANTOM_FINDINGS } from "./config.js";
export type { PhantomConfig, PhantomConfigInput, PhantomFinding } from "./config.js";
export { simulate, supersampleFor } from "./simulate.js";
export { canonicalToFilm, filmToCanonical } from "./acquire.js";
export type { PhantomSample, PhantomGroundTruth, Posture } from "./sample.js";
