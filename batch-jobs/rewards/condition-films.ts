/**
 * Simulator films drawn from a report's parsed condition (what a perfect generator would draw
 * for that report): the simulator's finding prevalences are forced to 1 for the labels the report
 * states positive or uncertain and 0 for the rest, co-occurrence rules are off, and a stated
 * projection / position / severity fixes the view and severity weights. Used for the IU
 * robustness tables (real radiologists' phrasing, films from the parsed condition) and for the
 * MS-SSIM floor (several simulator films of one report).
 */
import { PHANTOM_FINDINGS, type PhantomConfigInput } from "../data/phantom/index.js";
import type { ReportCondition, Severity } from "../../shared/report/types.js";

const SEVERITY_CLASS: Record<Severity, "small" | "moderate" | "large"> = {
  trace: "small", minimal: "small", small: "small", mild: "small", moderate: "moderate", large: "large", severe: "large",
};

export function simulatorConfigFor(condition: ReportCondition): PhantomConfigInput {
  const present = PHANTOM_FINDINGS.filter((f) => condition.labels[f] === 1 || condition.labels[f] === -1);
  const pathologies = present.filter((f) => f !== "Support Devices");
  const uncertain = present.filter((f) => condition.labels[f] === -1).length;
  const severities = Object.values(condition.severity).map((s) => SEVERITY_CLASS[s]);
  const view = condition.view;
  const config: PhantomConfigInput = {
    findings: {
      normalRate: pathologies.length === 0 ? 1 : 0,
      prevalence: Object.fromEntries(PHANTOM_FINDINGS.map((f) => [f, present.includes(f) ? 1 : 0])) as NonNullable<NonNullable<PhantomConfigInput["findings"]>["prevalence"]>,
      cooccurrence: [],
      uncertainRate: present.length === 0 ? 0 : uncertain / present.length,
      ...(severities.length > 0 ? { severity: { small: severities.includes("small") ? 1 : 0, moderate: severities.includes("moderate") ? 1 : 0, large: severities.includes("large") ? 1 : 0 } } : {}),
    },
  };
  if (view.projection === "PA" || view.projection === "AP") config.views = { PA: view.projection === "PA" ? 1 : 0, AP: view.projection === "AP" ? 1 : 0, lateral: 0 };
  if (view.position === "supine" || view.position === "semi-erect") config.views = { PA: 0, AP: 1, lateral: 0 };
  if (view.position !== null) config.apPosition = { erect: view.position === "erect" ? 1 : 0, semiErect: view.position === "semi-erect" ? 1 : 0, supine: view.position === "supine" ? 1 : 0 };
  if (view.position === "erect" && view.projection === null) config.views = { PA: 1, AP: 1, lateral: 0 };
  return config;
}
