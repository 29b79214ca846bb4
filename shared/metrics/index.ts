/** Public API of the metrics library (platform-neutral: no Node APIs). See README.md. */
export { auroc, averagePrecision } from "./ranking.js";
export { fid, frechetDistance, gaussianOf, type Gaussian } from "./fid.js";
export { symmetricEigen, sqrtSymmetricPsd, type SymmetricEigen } from "./symmetric-eigen.js";
export { ssim, msSsim, ssimComponents, msSsimScales, MS_SSIM_WEIGHTS } from "./ms-ssim.js";
export { cosineSimilarity, clipScores } from "./clip-score.js";
export { postureError, postureMae, DEFAULT_POSTURE_WEIGHTS, IDENTITY, type PostureLike, type PostureWeights } from "./posture-error.js";
export { bootstrapCi, quantile, meanAt, type Interval, type BootstrapOptions } from "./bootstrap.js";
