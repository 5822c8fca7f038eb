import { z } from 'zod';

/** Limits of a world room's floor, in metres; poses outside are clamped. */
export const WORLD_BOUNDS = { halfWidth: 30, halfDepth: 30, minY: 0, maxY: 3 } as const;

/** `pose`: where the sender's head is and where it looks. Sent up to 20 times a second. */
export const poseMessage = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  z: z.number().finite(),
  yaw: z.number().finite(),
  pitch: z.number().finite(),
});
export type PoseMessage = z.infer<typeof poseMessage>;

/** Options a client passes when joining a world room. */
export const joinOptions = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(24)
    .regex(/^[\p{L}\p{N} ._'-]+$/u, 'letters, digits, spaces and . _ \' - only')
    .optional(),
  device: z.enum(['vr', 'desktop', 'mobile']).default('desktop'),
});
export type JoinOptions = z.infer<typeof joinOptions>;

/** Room names clients may join: one per zone of the world. */
export const ROOM_NAMES = { museum: 'museum', factory: 'factory', arena: 'arena', garage: 'garage', lounge: 'lounge' } as const;
export type RoomName = keyof typeof ROOM_NAMES;
