/** Who is calling: a partner through an API key, or an anonymous demo client identified by IP. */
export const API_SCOPES = ["generations", "datasets", "usage", "billing"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export type Principal =
  | { kind: "partner"; partnerId: string; keyId: string; scopes: ApiScope[] }
  | { kind: "demo"; clientIp: string };

/** The owner column of records created by this principal ('demo' rows are public-by-id). */
export function ownerOf(principal: Principal): string {
  return principal.kind === "partner" ? principal.partnerId : "demo";
}
