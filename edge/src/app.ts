import { Hono } from "hono";
import type { AppEnv } from "./app-env.js";
import { handleError, handleNotFound } from "./errors.js";
import { adminRoutes } from "./routes/admin.js";
import { billingRoutes } from "./routes/billing.js";
import { datasetRoutes } from "./routes/datasets.js";
import { demoRoutes } from "./routes/demo.js";
import { fileRoutes } from "./routes/files.js";
import { generationRoutes } from "./routes/generations.js";
import { healthRoutes } from "./routes/health.js";
import { imageRoutes } from "./routes/images.js";
import { internalRoutes } from "./routes/internal.js";
import { internalModelRoutes } from "./routes/internal-models.js";
import { internalTrainingRoutes } from "./routes/internal-training.js";
import { openApiRoutes } from "./routes/openapi.js";
import { partnerRoutes } from "./routes/partner.js";
import { reportRoutes } from "./routes/reports.js";
import { usageRoutes } from "./routes/usage.js";

/** The edge's HTTP surface; every route module is mounted here and errors share one path. */
export function createApp() {
  return new Hono<AppEnv>()
    .route("/", healthRoutes)
    .route("/", reportRoutes)
    .route("/", generationRoutes)
    .route("/", imageRoutes)
    .route("/", datasetRoutes)
    .route("/", fileRoutes)
    .route("/", usageRoutes)
    .route("/", partnerRoutes)
    .route("/", billingRoutes)
    .route("/", demoRoutes)
    .route("/", adminRoutes)
    .route("/", internalRoutes)
    .route("/", internalModelRoutes)
    .route("/", internalTrainingRoutes)
    .route("/", openApiRoutes)
    .notFound(handleNotFound)
    .onError(handleError);
}
