/**
 * Public types of the report library. Everything here is JSON-serialisable so a parse can
 * cross the edge / batch boundary unchanged.
 */

/** The 14 CheXpert observations, in CheXpert's column order. */
export const CHEXPERT_LABELS = [
  "No Finding",
  "Enlarged Cardiomediastinum",
  "Cardiomegaly",
  "Lung Opacity",
  "Lung Lesion",
  "Edema",
  "Consolidation",
  "Pneumonia",
  "Atelectasis",
  "Pneumothorax",
  "Pleural Effusion",
  "Pleural Other",
  "Fracture",
  "Support Devices",
] as const;
export type ChexpertLabel = (typeof CHEXPERT_LABELS)[number];

/** positive / negative / uncertain / not mentioned = CheXpert's 1 / 0 / -1 / blank. */
export type MentionStatus = "positive" | "negative" | "uncertain" | "absent";
export type ChexpertValue = 1 | 0 | -1 | null;

export type Laterality = "left" | "right" | "bilateral";
export type Severity = "trace" | "minimal" | "small" | "mild" | "moderate" | "large" | "severe";

/** Half-open character range [start, end) into the original input string. */
export interface Span {
  start: number;
  end: number;
}

export type SectionName =
  | "findings"
  | "impression"
  | "indication"
  | "history"
  | "comparison"
  | "technique"
  | "examination"
  | "recommendation"
  | "other"
  /** Text outside any recognised header (a report without headers is one "body" section). */
  | "body";

export interface Section {
  name: SectionName;
  /** The header as written ("FINDINGS:"), or null for headerless text. */
  header: Span | null;
  content: Span;
}

export interface Mention {
  /** The words that named the observation ("effusion"). */
  span: Span;
  status: Exclude<MentionStatus, "absent">;
  /** The negation or uncertainty cue that decided the status, when there was one. */
  cue: Span | null;
  section: SectionName;
}

export interface Observation {
  status: MentionStatus;
  mentions: Mention[];
  laterality: Laterality | null;
  severity: Severity | null;
}

export type Projection = "PA" | "AP" | "lateral";
export type PatientPosition = "erect" | "semi-erect" | "supine";

export interface ViewInfo {
  /** Frontal projection stated or implied (portable and supine films are AP). */
  projection: Projection | null;
  /** A lateral view is part of the study. */
  lateral: boolean;
  portable: boolean;
  position: PatientPosition | null;
  rotated: boolean;
  limitedInspiration: boolean;
  evidence: Span[];
}

/** The structured condition the generator is conditioned on and the cache is keyed by. */
export interface ReportCondition {
  labels: Record<ChexpertLabel, ChexpertValue>;
  laterality: Partial<Record<ChexpertLabel, Laterality>>;
  severity: Partial<Record<ChexpertLabel, Severity>>;
  view: Omit<ViewInfo, "evidence">;
}

export interface CanonicalReport {
  /** Sections in a fixed order, lower-cased, whitespace collapsed. */
  text: string;
  condition: ReportCondition;
}

export interface ParsedReport {
  sections: Section[];
  observations: Record<ChexpertLabel, Observation>;
  /** Shorthand for observations[label].status in CheXpert's 1 / 0 / -1 / blank convention. */
  labels: Record<ChexpertLabel, ChexpertValue>;
  view: ViewInfo;
  canonical: CanonicalReport;
}

export type ReportErrorCode =
  | "report_missing"
  | "report_not_text"
  | "report_empty"
  | "report_too_long"
  | "report_binary"
  | "report_not_chest_radiograph"
  | "report_contains_phi";

export type PhiKind =
  | "person_name"
  | "date"
  | "record_number"
  | "phone_number"
  | "email"
  | "street_address"
  | "age_over_89";

export interface ReportError {
  code: ReportErrorCode;
  message: string;
  /** For PHI: where it was found and what kind; never the text itself. */
  spans?: Array<Span & { kind: PhiKind }>;
}

export type ReportValidation =
  | { ok: true; report: ParsedReport }
  | { ok: false; errors: ReportError[] };
