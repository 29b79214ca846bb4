/**
 * Sentences stating each drawn finding: positive ones plainly (with laterality, severity and
 * location words), uncertain ones hedged ("possible", "cannot exclude", "may represent"), each in
 * several phrasings. Every sentence names only the labels it asserts.
 */
import type { Rng } from "../../../../shared/random.js";
import type { DeviceKind, DrawnFinding, FindingSet, Lobe } from "../findings.js";
import { requireFact, type RenderFacts } from "../render-facts.js";
import { cap, type Sentence, type ViewFacts } from "./phrases.js";

const adverb = (sev: string | undefined): string => (sev === "severe" ? "severely" : sev === "moderate" ? "moderately" : "mildly");

function lobeName(side: string | undefined, lobe: Lobe | undefined): string {
  if (lobe === "middle") return "right middle lobe";
  if (lobe === "lingula") return "lingula";
  return `${side ?? "right"} ${lobe ?? "lower"} lobe`;
}

function zoneName(side: string | undefined, lobe: Lobe | undefined): string {
  if (lobe === "upper") return `${side} upper lung`;
  if (lobe === "lower") return `${side} lung base`;
  return lobe === "middle" ? "right mid lung" : "left mid lung";
}

function sideWords(f: DrawnFinding): string {
  return f.laterality === "bilateral" ? "bilateral" : (f.laterality ?? "right");
}

const ordinal = (n: number): string => ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"][n] ?? `${n}th`;

/** The ETT's tip-to-carina distance in whole cm (at least 2), as a report rounds it. */
const ettCm = (facts: RenderFacts): number => Math.max(2, Math.round(requireFact(facts.ettTipAboveCarina, "ettTipAboveCarina", "ETT sentence") * 40));

function deviceSentence(kind: DeviceKind, rng: Rng, facts: RenderFacts): string {
  switch (kind) {
    case "endotracheal tube": {
      const cm = ettCm(facts);
      return rng.pick([
        `Endotracheal tube tip terminates approximately ${cm} cm above the carina.`,
        `The endotracheal tube is in standard position, ${cm} cm above the carina.`,
        "Endotracheal tube in satisfactory position.",
      ]);
    }
    case "nasogastric tube":
      return rng.pick([
        "Nasogastric tube courses below the diaphragm with its tip in the stomach.",
        "An enteric tube is seen with tip in the stomach.",
        "Nasogastric tube tip projects over the gastric fundus.",
      ]);
    case "central line":
      return rng.pick([
        "Central venous catheter with tip in the superior vena cava.",
        "Central line tip projects over the SVC.",
        "A central venous catheter terminates in the mid SVC.",
      ]);
    case "pacemaker":
      return rng.pick([
        "Left chest wall pacemaker with leads in the right atrium and right ventricle.",
        "Dual-chamber pacemaker in place with leads in expected position.",
        "Cardiac pacemaker generator overlies the left chest with intact leads.",
      ]);
  }
}

/** The FINDINGS sentence(s) for one drawn finding. */
export function findingSentences(f: DrawnFinding, all: FindingSet, view: ViewFacts, rng: Rng, facts: RenderFacts): Sentence[] {
  const unc = f.certainty === "uncertain";
  const side = sideWords(f);
  const sev = f.severity ?? "small";
  const one = (text: string, asserts: Sentence["asserts"]): Sentence[] => [{ text, asserts }];
  switch (f.name) {
    case "Cardiomegaly":
      if (unc) return one(rng.pick(["Borderline cardiomegaly.", "Possible mild cardiomegaly.", "Mild cardiomegaly cannot be excluded."]), { Cardiomegaly: -1 });
      return one(
        rng.pick([`The heart is ${adverb(sev)} enlarged.`, `${cap(sev)} cardiomegaly.`, `There is ${sev} cardiomegaly.`, `${cap(sev)} enlargement of the cardiac silhouette.`]),
        { Cardiomegaly: 1 },
      );
    case "Enlarged Cardiomediastinum":
      return one(rng.pick(["The mediastinum is widened.", "Widening of the superior mediastinum.", "The mediastinal silhouette is widened."]), { "Enlarged Cardiomediastinum": 1 });
    case "Pleural Effusion": {
      const plural = f.laterality === "bilateral";
      const noun = plural ? "pleural effusions" : "pleural effusion";
      if (unc) {
        return one(
          rng.pick([
            `Possible small ${side} ${noun}.`,
            plural ? `Small ${side} ${noun} cannot be excluded.` : `A small ${side} ${noun} cannot be excluded.`,
            `Blunting of the ${plural ? "costophrenic angles" : `${side} costophrenic angle`} may represent ${plural ? "small" : "a small"} ${noun}.`,
          ]),
          { "Pleural Effusion": -1 },
        );
      }
      const layering = view.position === "supine" ? "layering " : "";
      return one(
        rng.pick([
          `${cap(sev)} ${side} ${layering}${noun}.`,
          `There ${plural ? "are" : "is a"} ${sev} ${side} ${layering}${noun}.`,
          `${cap(side)} ${noun} ${plural ? "are" : "is"} ${sev} in size.`,
        ]),
        { "Pleural Effusion": 1 },
      );
    }
    case "Pneumothorax": {
      const where = view.position === "supine" ? "basilar" : "apical";
      if (unc) return one(rng.pick([`Possible tiny ${side} ${where} pneumothorax.`, `A small ${side} pneumothorax cannot be excluded.`]), { Pneumothorax: -1 });
      return one(
        rng.pick([
          `${cap(sev)} ${side} pneumothorax.`,
          `There is a ${sev} ${side} ${where} pneumothorax.`,
          `A ${side} visceral pleural line with absent lung markings peripherally indicates a ${sev} pneumothorax.`,
        ]),
        { Pneumothorax: 1 },
      );
    }
    case "Consolidation": {
      const lobe = lobeName(f.laterality, f.lobe);
      if (unc) return one(rng.pick([`Possible early consolidation in the ${lobe}.`, `Consolidation in the ${lobe} cannot be excluded.`]), { Consolidation: -1 });
      const pna = all.get("Pneumonia");
      if (pna && pna.certainty === "positive") {
        return one(rng.pick([`Consolidation in the ${lobe} consistent with pneumonia.`, `Dense ${lobe} consolidation with air bronchograms, in keeping with pneumonia.`]), { Consolidation: 1, Pneumonia: 1 });
      }
      return one(rng.pick([`Consolidation in the ${lobe}.`, `Dense consolidation of the ${lobe} with air bronchograms.`, `There is ${lobe} consolidation.`]), { Consolidation: 1 });
    }
    case "Pneumonia": {
      const cons = all.get("Consolidation");
      if (cons && cons.certainty === "positive" && !unc) return []; // stated with the consolidation
      const lobe = lobeName(f.laterality, f.lobe);
      if (unc) {
        if (cons) return one(rng.pick(["This may represent pneumonia.", "Pneumonia cannot be excluded."]), { Pneumonia: -1 });
        return [
          { text: rng.pick([`Patchy opacity in the ${lobe}.`, `Hazy opacity in the ${lobe}.`]), asserts: { "Lung Opacity": 1 } },
          { text: rng.pick(["Early pneumonia cannot be excluded.", "This may represent pneumonia.", "Possible pneumonia."]), asserts: { Pneumonia: -1 } },
        ];
      }
      if (cons) return one(rng.pick([`Findings are consistent with pneumonia.`, `Pneumonia in the ${lobe}.`]), { Pneumonia: 1 });
      return one(rng.pick([`Patchy airspace opacity in the ${lobe} consistent with pneumonia.`, `${cap(lobe)} opacity representing pneumonia.`]), { "Lung Opacity": 1, Pneumonia: 1 });
    }
    case "Lung Opacity": {
      const zone = zoneName(f.laterality, f.lobe);
      if (unc) return one(rng.pick([`Possible subtle opacity in the ${zone}.`, `Questionable opacity in the ${zone}.`]), { "Lung Opacity": -1 });
      return one(rng.pick([`Patchy opacities in the ${zone}.`, `Ill-defined opacity in the ${zone}.`, `There is hazy airspace opacity in the ${zone}.`]), { "Lung Opacity": 1 });
    }
    case "Atelectasis": {
      const bil = f.laterality === "bilateral";
      if (unc) return one(rng.pick([`Possible subsegmental atelectasis at the ${bil ? "lung bases" : `${side} base`}.`, `Minimal atelectasis at the ${bil ? "bases" : `${side} base`} cannot be excluded.`]), { Atelectasis: -1 });
      return one(
        rng.pick(
          bil
            ? ["Bibasilar atelectasis.", "Plate-like atelectasis at both lung bases.", "There is bibasilar linear atelectasis."]
            : [`Plate-like atelectasis at the ${side} lung base.`, `${cap(side)} basilar atelectasis.`, `Linear atelectasis in the ${side} lower lung.`],
        ),
        { Atelectasis: 1 },
      );
    }
    case "Edema":
      if (unc) return one(rng.pick(["Possible mild pulmonary edema.", "Mild interstitial edema cannot be excluded."]), { Edema: -1 });
      // Perihilar haziness is itself an opacity statement, so that phrasing also asserts Lung Opacity.
      if (rng.chance(1 / 3)) return one(`Perihilar haziness and Kerley B lines consistent with ${sev} interstitial edema.`, { Edema: 1, "Lung Opacity": 1 });
      return one(rng.pick([`${cap(sev)} pulmonary edema.`, `There is ${sev} pulmonary edema with vascular congestion.`]), { Edema: 1 });
    case "Lung Lesion": {
      const cm = (Math.round(requireFact(facts.lesion, "lesion", "Lung Lesion sentence").diameter * 40 * 10) / 10).toFixed(1);
      const zone = zoneName(f.laterality, f.lobe);
      if (unc) return one(rng.pick([`Possible small nodule in the ${zone}.`, `A small nodule in the ${zone} cannot be excluded.`]), { "Lung Lesion": -1 });
      if (f.lesionKind === "mass") return one(rng.pick([`A ${cm} cm mass in the ${zone}.`, `There is a ${cm} cm mass in the ${zone}.`]), { "Lung Lesion": 1 });
      return one(rng.pick([`A ${cm} cm nodule in the ${zone}.`, `${cm} cm pulmonary nodule in the ${zone}.`, `There is a ${cm} cm nodule projecting over the ${zone}.`]), { "Lung Lesion": 1 });
    }
    case "Pleural Other":
      return one(rng.pick([`${cap(side)} pleural thickening.`, `Mild ${side} lateral pleural thickening.`, `There is ${side} pleural thickening.`]), { "Pleural Other": 1 });
    case "Fracture": {
      const rib = `${side} ${ordinal(f.rib ?? 6)} rib`;
      if (unc) return one(rng.pick([`Possible nondisplaced fracture of the ${rib}.`, `A fracture of the ${rib} cannot be excluded.`]), { Fracture: -1 });
      if (f.healing) return one(rng.pick([`Healing fracture of the ${rib} with callus formation.`, `Subacute ${rib} fracture with callus.`]), { Fracture: 1 });
      return one(rng.pick([`Acute fracture of the ${rib}.`, `Displaced fracture of the posterolateral ${rib}.`, `There is a mildly displaced ${rib} fracture.`]), { Fracture: 1 });
    }
    case "Support Devices": {
      return (f.devices ?? []).map((d) => ({ text: deviceSentence(d, rng, facts), asserts: { "Support Devices": 1 as const } }));
    }
  }
}
