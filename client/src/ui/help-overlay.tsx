import { useEffect, useId, useRef } from 'react';
import type { RoomName } from '../net/world-connection';
import './world-map.css';

/** Props of {@link HelpOverlay}. */
export interface HelpOverlayProps {
  /** The dialog's id (the button that opens it points at it). */
  id?: string;
  /** The zones' names, in the world's order (the keys 1–5). */
  labels: Readonly<Record<RoomName, string>>;
  /** A touch screen: its controls come first. */
  touch?: boolean;
  onClose: () => void;
}

/** One way of using the world: its name and its controls, each an action and what does it. */
interface ControlSet {
  title: string;
  controls: readonly (readonly [string, string])[];
}

function controlSets(labels: Readonly<Record<RoomName, string>>): { desktop: ControlSet; touch: ControlSet; vr: ControlSet } {
  const zones = (Object.keys(labels) as RoomName[]).map((zone, i) => `${i + 1} ${labels[zone]}`).join(' · ');
  return {
    desktop: {
      title: 'Keyboard and mouse',
      controls: [
        ['Walk', 'W A S D or the arrow keys'],
        ['Look around', 'drag with the mouse; or click to lock the pointer and move the mouse (Esc releases it)'],
        ['Go to a spot', 'click the floor there (with the pointer locked: the spot under the dot)'],
        ['Another zone', 'walk into a doorway, or click it'],
        ['World map', 'M'],
        ['Talk', 'hold T, or hold Hold to talk (open mic, Mute me and Voice off beside it)'],
        ['Zones', zones],
        ['This help', '? or H'],
        ['Close the map or this help', 'Esc'],
      ],
    },
    touch: {
      title: 'Touch screen',
      controls: [
        ['Walk', 'the stick at the bottom left'],
        ['Look around', 'drag on the view'],
        ['Go to a spot', 'tap the floor there'],
        ['Another zone', 'walk into a doorway or tap it; or the Zones button for the map'],
        ['Talk', 'hold the Hold to talk button'],
      ],
    },
    vr: {
      title: 'VR headset',
      controls: [
        ['Teleport', 'push the right stick forward, aim, release (or pinch)'],
        ['Turn', 'the right stick left or right'],
        ['Menu (comfort, zones)', 'X or Y on the left controller'],
        ['Talk', 'hold B on the right controller'],
        ['Another zone', 'walk or teleport into a doorway, point at it and pull the trigger, or Travel to in the menu'],
      ],
    },
  };
}

/**
 * The controls' help: how to walk, look, go somewhere and change zone with a keyboard and
 * mouse, a touch screen or a VR headset, and the page's shortcuts. A dialog opened with ? or H
 * (or its button), closed with Esc or its button.
 */
export function HelpOverlay({ id, labels, touch = false, onClose }: HelpOverlayProps) {
  const titleId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  const sets = controlSets(labels);
  const order = touch ? [sets.touch, sets.desktop, sets.vr] : [sets.desktop, sets.touch, sets.vr];
  return (
    <div id={id} className="help-overlay" role="dialog" aria-labelledby={titleId}>
      <div className="help-overlay-head">
        <h2 id={titleId}>Controls</h2>
        <button ref={closeButton} type="button" className="help-overlay-close" aria-label="Close the help" onClick={onClose}>
          ×
        </button>
      </div>
      {order.map((set) => (
        <section key={set.title} aria-label={set.title}>
          <h3>{set.title}</h3>
          <dl>
            {set.controls.map(([action, how]) => (
              <div key={action}>
                <dt>{action}</dt>
                <dd>{how}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
