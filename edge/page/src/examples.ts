/** Example reports a visitor can start from: varied findings, views and one that shows the PHI guard. */
export interface ExampleReport {
  title: string;
  report: string;
}

export const EXAMPLES: ExampleReport[] = [
  { title: "Left effusion", report: "FINDINGS: PA and lateral views. Small left pleural effusion. No pneumothorax. Heart size is normal.\nIMPRESSION: Small left pleural effusion." },
  { title: "Normal chest", report: "FINDINGS: PA view. The lungs are clear. No pleural effusion or pneumothorax. The cardiomediastinal silhouette is normal.\nIMPRESSION: No acute cardiopulmonary process." },
  { title: "Cardiomegaly and edema", report: "FINDINGS: Portable AP view. Moderate cardiomegaly. Mild pulmonary edema. Possible small right pleural effusion.\nIMPRESSION: Cardiomegaly with mild edema." },
  { title: "Pneumothorax", report: "FINDINGS: PA view. Large right pneumothorax. No mediastinal shift. Left lung is clear.\nIMPRESSION: Large right pneumothorax." },
];
