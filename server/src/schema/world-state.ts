import { schema, t, type SchemaType } from '@colyseus/schema';

/**
 * One visitor as everyone else sees them. Only what changes rarely lives here (the
 * roster); poses travel apart, as binary `poses` messages chosen per receiver (see
 * rooms/pose-fanout.ts), and name the avatar by its `slot`.
 */
export const Avatar = schema(
  {
    name: t.string(),
    /** `vr`, `desktop` or `mobile`: how the visitor is here. */
    device: t.string(),
    /** Shown on the name tag: `owner`, `dealer`, `brand-team`, or empty. */
    badge: t.string(),
    /** Number of this avatar in the room's `poses` messages. */
    slot: t.uint16(),
    /** True while the visitor's connection is down and their seat is held for them. */
    away: t.boolean(),
    /** At a launch: a raised hand for the Q&A. */
    hand: t.boolean(),
    /** At a launch: brought onto the stage by the host. */
    stage: t.boolean(),
  },
  'Avatar',
);
export type Avatar = SchemaType<typeof Avatar>;

/** State shared by every world room (museum, garage …). */
export const WorldState = schema(
  {
    avatars: t.map(Avatar),
    /** Most visitors this instance seats; a full instance sends newcomers to another. */
    capacity: t.uint16(),
  },
  'WorldState',
);
export type WorldState = SchemaType<typeof WorldState>;
