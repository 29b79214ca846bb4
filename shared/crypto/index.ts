export * from "./encoding.js";
export * from "./hash.js";
export * from "./subtle.js";
export * from "./signature-header.js";
export * from "./request-signature.js";
