/** What a message handler decided; the consumer maps it to ack / retry / dead-letter. */
export type MessageOutcome =
  | { kind: "done" }
  | { kind: "retry"; reason: string; delaySeconds?: number }
  | { kind: "dead"; reason: string };

export const DONE: MessageOutcome = { kind: "done" };
