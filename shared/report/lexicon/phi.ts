import type { PhiKind } from "../types.js";

/**
 * Patterns for probable protected health information (HIPAA Safe Harbor identifiers that occur
 * in report text). Run on the original (not case-folded) text: names need their capitals.
 * Not PHI by decision: de-identification placeholders ("XXXX", "___", "Dr. ___"), clock times
 * ("5:30 p.m.", not a Safe Harbor identifier on their own), measurements, vertebral levels
 * ("T12", "C5-6"), years alone ("since 2019").
 */
const MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DAY = "(?:0?[1-9]|[12]\\d|3[01])";
const MONTH_NUM = "(?:0?[1-9]|1[0-2])";
const YEAR = "(?:19|20)\\d{2}";
const NAME = "[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?";
const OVER_89 = "(?:9\\d|1[0-1]\\d)";

export const PHI_PATTERNS: ReadonlyArray<readonly [PhiKind, RegExp]> = [
  ["person_name", new RegExp(`\\b(?:Dr|Drs|Mr|Mrs|Ms|Miss|Mx|Prof|Doctor)\\.?\\s+(?:${NAME}\\s+)?(?:[A-Z]\\.\\s+)?${NAME}\\b`, "g")],
  ["person_name", new RegExp(`\\b${NAME}\\s+(?:[A-Z]\\.\\s+)?${NAME},?\\s+(?:MD|M\\.D\\.|DO|D\\.O\\.|RN|NP|PhD|MBBS|FRCR)\\b`, "g")],
  ["person_name", new RegExp(`\\b(?:[Pp]atient|[Nn]ame|[Ss]igned by|[Dd]ictated by|[Rr]ead by|[Rr]eviewed by|[Dd]iscussed with|[Rr]eported to|[Cc]alled to)\\s*:?\\s+(?:Dr\\.?\\s+)?${NAME}\\s+${NAME}\\b`, "g")],
  ["date", new RegExp(`\\b${MONTH_NUM}[/.-]${DAY}[/.-](?:${YEAR}|\\d{2})\\b`, "g")],
  ["date", new RegExp(`\\b${YEAR}[/.-]${MONTH_NUM}[/.-]${DAY}\\b`, "g")],
  ["date", new RegExp(`\\b${MONTH}\\.?\\s+${DAY}(?:st|nd|rd|th)?,?\\s+${YEAR}\\b`, "gi")],
  ["date", new RegExp(`\\b${DAY}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\.?,?\\s+${YEAR}\\b`, "gi")],
  ["date", new RegExp(`\\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?,?\\s+${YEAR}\\b`, "gi")],
  ["record_number", /\b(?:MRN|MR#|medical record(?: number| no\.?)?|accession(?: number| no\.?)?|acc(?:ession)?\s?#|patient id|pt id|unit no\.?|record no\.?|case no\.?|ssn|social security(?: number)?)\s*[:#]?\s*#?\s*[A-Z]{0,3}-?\d[\d-]{3,}\b/gi],
  ["record_number", /(?<![\d.,x])\d{6,}(?![\d.,]|\s?(?:mm|cm|ml|mg|cc)\b)/g],
  ["phone_number", /(?:\(\d{3}\)\s?|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b/g],
  ["phone_number", /\b(?:phone|tel|telephone|pager|beeper|ext|extension|fax|cell)\.?\s*(?:#|no\.?|number)?\s*:?\s*\d[\d-]{3,}\b/gi],
  ["email", /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g],
  ["street_address", /\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Highway|Hwy)\b\.?/g],
  ["age_over_89", new RegExp(`\\b${OVER_89}\\s*-?\\s*(?:year|yr)s?\\s*-?\\s*old\\b`, "gi")],
  ["age_over_89", new RegExp(`\\b${OVER_89}\\s*(?:yo|y/o|y\\.o\\.|yrs?)\\b`, "gi")],
  ["age_over_89", new RegExp(`\\b(?:age|aged)\\s*:?\\s*${OVER_89}\\b`, "gi")],
];
