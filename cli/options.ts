/**
 * Flag parsing shared by every command: node:util parseArgs (strict, so a typo is an error),
 * the connection settings from flags or environment, and typed number flags with their ranges.
 */
import { parseArgs } from "node:util";
import { usageError } from "./errors.js";

export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
}

/** The parsed values of a flag table: strings for string flags, booleans for switches. */
export type FlagValues<O extends Record<string, FlagSpec>> = { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string };

export const CONNECTION_OPTIONS = {
  "api-url": { type: "string" },
  "api-key": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies Record<string, FlagSpec>;

/** Where the API is and who is calling: flag, then environment, then the local default. */
export interface Connection {
  apiUrl: string;
  apiKey: string | null;
}

export const DEFAULT_API_URL = "http://127.0.0.1:8787";

export function connection(values: { "api-url"?: string | undefined; "api-key"?: string | undefined }, env: NodeJS.ProcessEnv): Connection {
  const apiUrl = (values["api-url"] ?? env.CXR_API_URL ?? DEFAULT_API_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(apiUrl)) throw usageError(`--api-url / CXR_API_URL must be an http(s) URL, got "${apiUrl}"`);
  return { apiUrl, apiKey: values["api-key"] ?? env.CXR_API_KEY ?? null };
}

export function parse<O extends Record<string, FlagSpec>>(args: string[], options: O): { values: FlagValues<O & typeof CONNECTION_OPTIONS>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options: { ...CONNECTION_OPTIONS, ...options }, allowPositionals: true, strict: true });
    return parsed as unknown as { values: FlagValues<O & typeof CONNECTION_OPTIONS>; positionals: string[] };
  } catch (err) {
    // parseArgs' messages name the flag ("Unknown option '--sede'"); keep only the first line.
    throw usageError((err as Error).message.split("\n")[0]!.replace(/\. To specify a positional.*$/, ""));
  }
}

export function integerFlag(name: string, text: string | undefined, range: { min: number; max: number }): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < range.min || n > range.max) throw usageError(`--${name} must be an integer from ${range.min} to ${range.max}, got "${text}"`);
  return n;
}

export function numberFlag(name: string, text: string | undefined, range: { min: number; max: number }): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < range.min || n > range.max) throw usageError(`--${name} must be a number from ${range.min} to ${range.max}, got "${text}"`);
  return n;
}

export function choiceFlag<T extends string>(name: string, text: string | undefined, choices: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) throw usageError(`--${name} must be one of ${choices.join(", ")}, got "${text}"`);
  return text as T;
}

export function requireFlag<T>(name: string, value: T | undefined): T {
  if (value === undefined) throw usageError(`--${name} is required`);
  return value;
}

export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw usageError(positionals.length === 0 ? `give the ${what}` : `expected one ${what}, got ${positionals.length} arguments`);
  return positionals[0]!;
}
