export * from "./canonical-json.js";
export * from "./content-key.js";
export * from "./phantom-key.js";
