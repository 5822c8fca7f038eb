import { lazy, Suspense } from 'react';
import type { ZoneDefinition, ZoneOutletProps } from '../zone-definition';

const UpcomingLaunches = lazy(() => import('./upcoming-launches'));

/** Without an event under way, the launches to come; during one, the page shows the event's panel. */
function LaunchPanels({ atLaunch }: ZoneOutletProps) {
  if (atLaunch) return null;
  return (
    <Suspense fallback={null}>
      <UpcomingLaunches />
    </Suspense>
  );
}

/** The launch venue: a stage, a big screen and a covered car on a turntable, where live launch events take place. */
export const LAUNCH: ZoneDefinition = {
  id: 'launch',
  label: 'zones.launch',
  summary: 'zones.launchSummary',
  mapAt: { x: 32, y: 15 },
  scene: { look: { background: '#050507', sky: '#c9d4ff', ground: '#0a0a0c', ambient: 0.25, key: 0.6, strips: '#dfe6ff', stripIntensity: 6, carSpot: 3500 } },
  Panels: LaunchPanels,
  launches: true,
};
