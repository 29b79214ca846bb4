/**
 * Longest report accepted, in UTF-16 code units. Real chest radiograph reports run 200–3,000
 * characters (MIMIC-CXR's longest are about 10,000); 20,000 leaves room for any real report while
 * bounding the parser's CPU time on the edge (about linear in length).
 */
export const REPORT_MAX_CHARS = 20_000;

/** Share of non-printable characters above which a text is treated as binary. */
export const BINARY_MAX_NONPRINTABLE_SHARE = 0.01;
