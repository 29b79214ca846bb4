/** The platform-neutral dataset contract (no Node APIs: the edge imports this too). */
export * from "./errors.js";
export * from "./layout.js";
export * from "./csv.js";
export * from "./manifest.js";
export * from "./labels-csv.js";
export * from "./card.js";
