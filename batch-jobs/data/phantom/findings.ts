/**
 * Which findings a film has: sampled from the configured prevalences and co-occurrence rules,
 * with laterality, severity, location and certainty. This is the ground truth both the renderer
 * and the report writer work from.
 */
import type { Rng } from "../../../shared/random.js";
import type { Laterality, Severity } from "../../../shared/report/types.js";
import { PHANTOM_FINDINGS, type PhantomConfig, type PhantomFinding } from "./config.js";

export type Side = "left" | "right";
export type Lobe = "upper" | "middle" | "lower" | "lingula";
export type DeviceKind = "endotracheal tube" | "central line" | "nasogastric tube" | "pacemaker";

export interface DrawnFinding {
  name: PhantomFinding;
  /** "uncertain" findings are drawn subtly and reported hedged (CheXpert −1). */
  certainty: "positive" | "uncertain";
  laterality?: Laterality;
  severity?: Severity;
  /** Lobe for airspace findings. */
  lobe?: Lobe;
  /** Nodule or mass for lesions; rib number for fractures. */
  lesionKind?: "nodule" | "mass";
  rib?: number;
  /** A healing rib fracture shows callus (visible even on small films); an acute one only a break. */
  healing?: boolean;
  devices?: DeviceKind[];
}

/** Findings in PHANTOM_FINDINGS order, at most one entry per name. */
export type FindingSet = Map<PhantomFinding, DrawnFinding>;

/** Findings that may be reported as uncertain (devices are always certain). */
const CAN_BE_UNCERTAIN: ReadonlySet<PhantomFinding> = new Set<PhantomFinding>([
  "Cardiomegaly", "Lung Opacity", "Lung Lesion", "Edema", "Consolidation", "Pneumonia",
  "Atelectasis", "Pneumothorax", "Pleural Effusion", "Fracture",
]);

function pickWeighted<T extends string>(rng: Rng, weights: Record<T, number>): T {
  const keys = Object.keys(weights) as T[];
  let total = 0;
  for (const k of keys) total += weights[k];
  let r = rng.next() * total;
  for (const k of keys) {
    r -= weights[k];
    if (r < 0) return k;
  }
  return keys[keys.length - 1]!;
}

const side = (rng: Rng): Side => (rng.chance(0.5) ? "left" : "right");

function severityFor(rng: Rng, cfg: PhantomConfig): "small" | "moderate" | "large" {
  return pickWeighted(rng, cfg.findings.severity);
}

/** Fill laterality / severity / location for a finding that is present. */
function describe(name: PhantomFinding, rng: Rng, cfg: PhantomConfig, uncertain: boolean, isAp: boolean): DrawnFinding {
  const f: DrawnFinding = { name, certainty: uncertain ? "uncertain" : "positive" };
  const sev = uncertain ? "small" : severityFor(rng, cfg);
  switch (name) {
    case "Cardiomegaly":
      f.severity = uncertain ? "mild" : sev === "small" ? "mild" : sev === "moderate" ? "moderate" : "severe";
      break;
    case "Edema":
      f.laterality = "bilateral";
      f.severity = uncertain ? "mild" : sev === "small" ? "mild" : sev === "moderate" ? "moderate" : "severe";
      break;
    case "Pleural Effusion":
      f.laterality = rng.chance(0.3) ? "bilateral" : side(rng);
      f.severity = uncertain ? "small" : rng.chance(0.12) ? "trace" : sev;
      break;
    case "Pneumothorax":
      f.laterality = side(rng);
      f.severity = sev;
      break;
    case "Consolidation":
    case "Pneumonia":
    case "Lung Opacity": {
      f.laterality = side(rng);
      const lobes: Lobe[] = f.laterality === "right" ? ["upper", "middle", "lower", "lower"] : ["upper", "lingula", "lower", "lower"];
      f.lobe = rng.pick(lobes);
      break;
    }
    case "Atelectasis":
      f.laterality = rng.chance(0.3) ? "bilateral" : side(rng);
      break;
    case "Lung Lesion":
      f.laterality = side(rng);
      f.lesionKind = !uncertain && rng.chance(0.3) ? "mass" : "nodule";
      f.lobe = rng.chance(0.6) ? "upper" : "lower";
      break;
    case "Pleural Other":
      f.laterality = side(rng);
      break;
    case "Fracture":
      f.laterality = side(rng);
      f.rib = 4 + rng.int(5);
      f.healing = !uncertain && rng.chance(0.5);
      break;
    case "Support Devices": {
      const all: DeviceKind[] = ["endotracheal tube", "central line", "nasogastric tube", "pacemaker"];
      const chosen = all.filter((d) => rng.chance(d === "pacemaker" ? (isAp ? 0.2 : 0.45) : isAp ? 0.55 : 0.25));
      f.devices = chosen.length > 0 ? chosen : [rng.pick(isAp ? all.slice(0, 3) : all)];
      break;
    }
    case "Enlarged Cardiomediastinum":
      break;
  }
  return f;
}

/**
 * Sample the findings of one film. A normal film (probability `normalRate`) has no pathology but
 * may carry support devices on AP films; otherwise at least one pathology is present (unless every
 * pathology prevalence is 0, e.g. a devices-only configuration).
 */
export function sampleFindings(cfg: PhantomConfig, rng: Rng, isAp: boolean): FindingSet {
  const present = new Set<PhantomFinding>();
  const normal = rng.chance(cfg.findings.normalRate);
  if (normal) {
    if (rng.chance(isAp ? 0.35 : 0.05) && cfg.findings.prevalence["Support Devices"] > 0) present.add("Support Devices");
  } else {
    for (const name of PHANTOM_FINDINGS) if (rng.chance(cfg.findings.prevalence[name])) present.add(name);
    for (const rule of cfg.findings.cooccurrence) {
      if (present.has(rule.given) && !present.has(rule.then) && rng.chance(rule.probability)) present.add(rule.then);
    }
    const pathologies = [...present].filter((n) => n !== "Support Devices");
    const anyPathologyPossible = PHANTOM_FINDINGS.some((n) => n !== "Support Devices" && cfg.findings.prevalence[n] > 0);
    if (pathologies.length === 0 && anyPathologyPossible) {
      // An abnormal film needs a pathology: draw one in proportion to the prevalences.
      const weights = {} as Record<PhantomFinding, number>;
      for (const name of PHANTOM_FINDINGS) weights[name] = name === "Support Devices" ? 0 : cfg.findings.prevalence[name];
      present.add(pickWeighted(rng, weights));
    }
  }
  const set: FindingSet = new Map();
  for (const name of PHANTOM_FINDINGS) {
    if (!present.has(name)) continue;
    const uncertain = CAN_BE_UNCERTAIN.has(name) && rng.chance(cfg.findings.uncertainRate);
    set.set(name, describe(name, rng, cfg, uncertain, isAp));
  }
  // Pneumonia seen as a consolidation shares its lobe and side (one opacity, two labels).
  const pna = set.get("Pneumonia");
  const cons = set.get("Consolidation");
  if (pna && cons) {
    cons.laterality = pna.laterality;
    cons.lobe = pna.lobe;
    if (pna.certainty === "positive") cons.certainty = "positive";
  }
  return set;
}

export { pickWeighted };
