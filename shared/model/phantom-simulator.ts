/**
 * Version of the procedural phantom simulator (batch-jobs/data/phantom): the "model version" of
 * phantom films, part of their content keys. The simulator stamps it and the edge records it on
 * phantom orders, so bump it whenever the simulator's output changes (the golden test says when).
 */
export const PHANTOM_SIMULATOR_VERSION = "phantom-1.0.0";
