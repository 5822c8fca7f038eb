import { schema, t, type SchemaType } from '@colyseus/schema';

/** One visitor as everyone else sees them: a head with a name tag. */
export const Avatar = schema(
  {
    name: t.string(),
    /** `vr`, `desktop` or `mobile`: how the visitor is here. */
    device: t.string(),
    /** Shown as a badge; true once the server has seen the wallet hold a twin. */
    owner: t.boolean(),
    x: t.float32(),
    y: t.float32(),
    z: t.float32(),
    yaw: t.float32(),
    pitch: t.float32(),
  },
  'Avatar',
);
export type Avatar = SchemaType<typeof Avatar>;

/** State shared by every world room (museum, garage …). */
export const WorldState = schema(
  {
    avatars: t.map(Avatar),
  },
  'WorldState',
);
export type WorldState = SchemaType<typeof WorldState>;
