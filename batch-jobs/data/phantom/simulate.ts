/**
 * simulate(config, seed): one phantom film with its report and exact ground truth.
 * Every random choice draws from a stream forked from the seed by a fixed label, so adding a
 * finding does not shift the posture or the noise of the same seed.
 */
import { PHANTOM_SIMULATOR_VERSION } from "../../../shared/model/phantom-simulator.js";
import { createRng } from "../../../shared/random.js";
import type { PatientPosition, Projection } from "../../../shared/report/types.js";
import { SEED_RANGE } from "../../../shared/sampler/seed.js";
import { expose, resampleThroughPosture } from "./acquire.js";
import { sampleAnatomy } from "./anatomy.js";
import type { PhantomConfig } from "./config.js";
import { pickWeighted, sampleFindings } from "./findings.js";
import { makeCanvas } from "./raster.js";
import { renderCanonical } from "./render.js";
import { factDetails } from "./render-facts.js";
import { writeReport } from "./report/writer.js";
import type { PhantomSample, Posture } from "./sample.js";

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export function supersampleFor(config: PhantomConfig): number {
  return config.supersample === "auto" ? (config.size <= 128 ? 2 : 1) : config.supersample;
}

export function simulate(config: PhantomConfig, seed: number): PhantomSample {
  if (!Number.isInteger(seed) || seed < SEED_RANGE.min || seed > SEED_RANGE.max) {
    throw new RangeError(`simulate: seed must be an integer in [0, 2^32 − 1], got ${seed}`);
  }
  const rng = createRng(seed);
  const viewRng = rng.fork("view");
  const projection: Projection = pickWeighted(viewRng, { PA: config.views.PA, AP: config.views.AP });
  const ap = projection === "AP";
  const position: PatientPosition = ap
    ? (({ erect: "erect", semiErect: "semi-erect", supine: "supine" }) as const)[pickWeighted(viewRng, config.apPosition)]
    : "erect";
  const portable = ap && (position === "supine" || viewRng.chance(config.apPortable));
  const supine = position === "supine";

  const pr = rng.fork("posture");
  const p = config.posture;
  const posture: Posture = {
    sx: round(pr.uniform(p.sx[0], p.sx[1])),
    sy: round(pr.uniform(p.sy[0], p.sy[1])),
    tx: round(pr.uniform(p.tx[0], p.tx[1])),
    ty: round(pr.uniform(p.ty[0], p.ty[1])),
    theta: round(pr.uniform(p.theta[0], p.theta[1])),
  };

  const ar = rng.fork("acquisition");
  const a = config.acquisition;
  const acquisition = {
    exposure: ar.uniform(a.exposure[0], a.exposure[1]),
    photonsPerPixel: a.photonsPerPixel,
    blur: ar.uniform(a.blur[0], a.blur[1]),
    contrast: ar.uniform(a.contrast[0], a.contrast[1]),
  };
  const inspirationRibs = ar.uniform(a.inspirationRibs[0], a.inspirationRibs[1]);
  const patientRotation = ar.uniform(a.patientRotation[0], a.patientRotation[1]);

  const findings = sampleFindings(config, rng.fork("findings"), ap);
  const fr = rng.fork("finding-geometry");
  const cm = findings.get("Cardiomegaly");
  const ctr = !cm
    ? fr.uniform(0.39, 0.47)
    : cm.certainty === "uncertain"
      ? fr.uniform(0.5, 0.52)
      : cm.severity === "mild"
        ? fr.uniform(0.53, 0.57)
        : cm.severity === "moderate"
          ? fr.uniform(0.58, 0.63)
          : fr.uniform(0.64, 0.7);
  const anatomy = sampleAnatomy(rng.fork("anatomy"), {
    ap,
    supine,
    inspirationRibs,
    patientRotation,
    ctr,
    mediastinumScale: findings.has("Enlarged Cardiomediastinum") ? fr.uniform(1.5, 1.8) : 1,
  });
  // Atelectasis means volume loss: the hemidiaphragm on its side rises.
  const atel = findings.get("Atelectasis");
  if (atel) {
    if (atel.laterality !== "left") anatomy.domeRightV -= 0.02;
    if (atel.laterality !== "right") anatomy.domeLeftV -= 0.02;
  }

  const drawn: Record<string, number | string | boolean> = {
    ctr: round(anatomy.ctr),
    apparentCtr: round(anatomy.apparentCtr),
    posteriorRibsAboveDiaphragm: round(anatomy.inspirationRibs),
    patientRotation: round(patientRotation),
    exposure: round(acquisition.exposure),
    blur: round(acquisition.blur),
    drawn: [...findings.values()].map((f) => (f.certainty === "uncertain" ? `${f.name}?` : f.name)).join(","),
  };

  const ss = supersampleFor(config);
  const canvas = makeCanvas(config.size * ss);
  const canonical = renderCanonical(canvas, anatomy, findings, supine, rng.fork("render"));
  const film = resampleThroughPosture(canonical.atten, canvas, posture, config.size, ss);
  const pixels = expose(film, config.size, acquisition, rng.fork("noise"));

  const report = writeReport(findings, { projection, position, portable }, config.report, rng.fork("report"), canonical.facts);
  const laterality: PhantomSample["truth"]["laterality"] = {};
  const severity: PhantomSample["truth"]["severity"] = {};
  const details = { ...drawn, ...factDetails(canonical.facts) };
  for (const f of findings.values()) {
    if (f.laterality) laterality[f.name] = f.laterality;
    if (f.severity) severity[f.name] = f.severity;
  }
  return {
    width: config.size,
    height: config.size,
    pixels,
    report: report.text,
    truth: { labels: report.labels, laterality, severity, projection, position, portable, posture, details },
    seed,
    simulatorVersion: PHANTOM_SIMULATOR_VERSION,
  };
}
