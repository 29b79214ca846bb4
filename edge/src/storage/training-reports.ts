/**
 * The fine-tune's partner prompts: canonical texts of the reports sent by partners who opted in
 * to training (PHI was refused before anything was stored). Only reports a partner wrote count —
 * generations and report-list datasets; demo generations, label-spec and phantom orders are not.
 */
export async function listTrainingReports(db: D1Database, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT text FROM (
         SELECT json_extract(g.findings, '$.canonical.text') AS text, g.created_at AS at
           FROM generations g JOIN partners p ON p.id = g.owner
          WHERE p.training_opt_in = 1
         UNION ALL
         SELECT json_extract(r.findings, '$.canonical.text') AS text, d.created_at AS at
           FROM dataset_reports r JOIN datasets d ON d.id = r.dataset_id JOIN partners p ON p.id = d.partner_id
          WHERE p.training_opt_in = 1 AND json_extract(d.settings, '$.source') = 'reports'
       )
       WHERE text IS NOT NULL AND text <> ''
       GROUP BY text
       ORDER BY MAX(at) DESC, text
       LIMIT ?`,
    )
    .bind(limit)
    .all<{ text: string }>();
  return results.map((r) => r.text);
}
