import { Hono } from "hono";
import { handleError, handleNotFound } from "./errors.js";
import { healthRoutes } from "./routes/health.js";
import { reportRoutes } from "./routes/reports.js";

/** The edge's HTTP surface; every route module is mounted here and errors share one path. */
export function createApp() {
  return new Hono<{ Bindings: Env }>()
    .route("/", healthRoutes)
    .route("/", reportRoutes)
    .notFound(handleNotFound)
    .onError(handleError);
}
