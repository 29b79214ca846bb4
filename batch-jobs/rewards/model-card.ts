/** The model card of a reward or judge bundle (card.md), written from measured figures only. */
import { CHEXPERT_LABELS } from "../../shared/report/types.js";
import { POSTURE_KEYS } from "./targets.js";

export interface CardInput {
  name: string;
  version: string;
  role: string;
  architecture: string;
  parameters: number;
  weightsBytes: number;
  training: string[];
  command: string;
  minutes: Record<string, number>;
  machine: string;
  metrics: Record<string, number>;
  blindSpots: string[];
}

const f3 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "n/a" : v.toFixed(3));

export function modelCard(c: CardInput): string {
  const lines = [
    `# ${c.name} ${c.version}`,
    "",
    c.role,
    "",
    "## Architecture",
    `${c.architecture} — ${c.parameters.toLocaleString("en-US")} parameters, weights ${(c.weightsBytes / 1024).toFixed(0)} KiB (float32 safetensors; the ONNX graph is rebuilt from batch-jobs/rewards/ at load).`,
    "",
    "## Training",
    ...c.training.map((t) => `- ${t}`),
    `- Command: \`${c.command}\``,
    `- Wall time: ${Object.entries(c.minutes).map(([k, v]) => `${k} ${v.toFixed(2)} min`).join(", ")} (${c.machine}).`,
    "",
    "## Held-out figures (simulator seeds never used in training)",
    ...heldOutTable(c.metrics),
    "",
    "## Known blind spots",
    ...c.blindSpots.map((b) => `- ${b}`),
    "",
  ];
  return lines.join("\n");
}

function heldOutTable(m: Record<string, number>): string[] {
  const rows: string[] = [`Films: ${m["held_out_films"] ?? "n/a"}.`, ""];
  if (m["mae_sx"] !== undefined) {
    rows.push("| ψ parameter | MAE |", "|---|---|");
    for (const k of POSTURE_KEYS) rows.push(`| ${k} | ${f3(m[`mae_${k}`])} |`);
  }
  if (m["mean_auroc"] !== undefined) {
    rows.push("| label | AUROC | support (positives) |", "|---|---|---|");
    for (const l of CHEXPERT_LABELS) {
      const key = l.toLowerCase().replace(/ /g, "_");
      rows.push(`| ${l} | ${f3(m[`auroc_${key}`])} | ${m[`support_${key}`] ?? "n/a"} |`);
    }
    rows.push(`| **mean** | **${f3(m["mean_auroc"])}** | |`, "", `Projection accuracy ${f3(m["projection_accuracy"])}, position accuracy ${f3(m["position_accuracy"])}.`);
  }
  if (m["retrieval_r1"] !== undefined) {
    rows.push(
      "| figure | value |",
      "|---|---|",
      `| image→report R@1 among 100 | ${f3(m["retrieval_r1"])} |`,
      `| image→report R@5 among 100 | ${f3(m["retrieval_r5"])} |`,
      `| report→image R@1 among 100 | ${f3(m["retrieval_t2i_r1"])} |`,
      `| zero-shot mean label AUROC (text prompts) | ${f3(m["zero_shot_mean_auroc"])} |`,
      `| mean CLIP score, matched pairs | ${f3(m["clip_score_matched"])} |`,
      `| mean CLIP score, shuffled pairs | ${f3(m["clip_score_shuffled"])} |`,
    );
  }
  return rows;
}
