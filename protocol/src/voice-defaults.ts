/** Plain values of the room's voice, apart from its message schemas (the page reads them at start). */

/** Defaults of the room's voice, mirrored by the server's environment (README "Configuration"). */
export const VOICE_DEFAULTS = {
  /** Most speakers one listener receives at once: the slots of each connection. */
  maxSpeakers: 6,
  /** Metres beyond which a speaker is not heard (and not forwarded). */
  radius: 12,
} as const;
