/** A refusal's message taken apart: who refused, and what they said. */
export interface UnitMessage {
  unit: string;
  shortMessage: string;
}

/**
 * Takes apart a message the server wrote as `unit: short message` (every MarqueError it answers
 * with reads so), so that the client's own error keeps the server's unit and text; a message
 * without a unit (a network failure's, a proxy's page) is put under `fallbackUnit`.
 */
export function splitUnitMessage(message: string, fallbackUnit: string): UnitMessage {
  const match = /^([a-z][\w./-]*): ([\s\S]+)$/.exec(message);
  return match ? { unit: match[1]!, shortMessage: match[2]! } : { unit: fallbackUnit, shortMessage: message };
}
