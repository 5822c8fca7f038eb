import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { LaunchEvent } from '../../../../protocol/src/launch';
import type { LaunchChannel } from '../../net/launch-channel';
import type { ShowFeed } from '../../net/show-feed';
import { serverNow } from './clock';
import type { KeynotePlayer } from './keynote-player';

/**
 * Where a guest brought onto the stage stands: on the stage floor (0.8 m up; see
 * assets/src/environments/launch-venue.ts) to the left of the turntable, facing the audience.
 */
export const STAGE_GUEST_SPOT: { position: [number, number, number]; yaw: number } = { position: [-5.6, 0.8, -3.4], yaw: Math.PI };

/**
 * The show on this page: the latest state from `feed` (for the page's inspection handle), the
 * keynote's player (loaded in its own chunk once the event is known, following the feed), and
 * where the visitor stands while the host has them on stage (`channel`: their launch room's).
 */
export function useLaunchShow(event: LaunchEvent | undefined, feed: ShowFeed | undefined, channel: LaunchChannel | undefined) {
  const [player, setPlayer] = useState<KeynotePlayer>();
  const videoUrl = event?.videoUrl;
  useEffect(() => {
    if (!videoUrl) return;
    let created: KeynotePlayer | undefined;
    let cancelled = false;
    import('./keynote-player').then(
      ({ KeynotePlayer }) => {
        if (cancelled) return;
        created = new KeynotePlayer(videoUrl, { now: serverNow });
        setPlayer(created);
      },
      (error: unknown) => console.warn(`launch: the keynote player could not be loaded (${String(error)})`),
    );
    return () => {
      cancelled = true;
      created?.dispose();
      setPlayer(undefined);
    };
  }, [videoUrl]);
  useEffect(() => (player && feed ? player.follow(feed) : undefined), [player, feed]);
  const show = useSyncExternalStore(
    useCallback((onChange: () => void) => feed?.on('show', onChange) ?? (() => {}), [feed]),
    () => feed?.show,
  );
  const onStage = useSyncExternalStore(
    useCallback((onChange: () => void) => channel?.on('own', onChange) ?? (() => {}), [channel]),
    () => channel?.own.stage ?? false,
  );
  return { show, player, standAt: onStage ? STAGE_GUEST_SPOT : undefined };
}
