import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { t } from '../i18n/i18n';
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
  const zones = (Object.keys(labels) as RoomName[]).map((zone, i) => t('help.zoneKey', { key: i + 1, zone: labels[zone] })).join(' · ');
  return {
    desktop: {
      title: t('help.desktop'),
      controls: [
        [t('help.walk'), t('help.desktopWalk')],
        [t('help.look'), t('help.desktopLook')],
        [t('help.goTo'), t('help.desktopGoTo')],
        [t('help.otherZone'), t('help.desktopZone')],
        [t('help.worldMap'), 'M'],
        [t('help.talk'), t('help.desktopTalk')],
        [t('help.zones'), zones],
        [t('help.thisHelp'), '? · H'],
        [t('help.closeWhat'), 'Esc'],
      ],
    },
    touch: {
      title: t('help.touch'),
      controls: [
        [t('help.walk'), t('help.touchWalk')],
        [t('help.look'), t('help.touchLook')],
        [t('help.goTo'), t('help.touchGoTo')],
        [t('help.otherZone'), t('help.touchZone')],
        [t('help.talk'), t('help.touchTalk')],
      ],
    },
    vr: {
      title: t('help.vr'),
      controls: [
        [t('help.teleport'), t('help.vrTeleport')],
        [t('help.turn'), t('help.vrTurn')],
        [t('help.menu'), t('help.vrMenu')],
        [t('help.talk'), t('help.vrTalk')],
        [t('help.otherZone'), t('help.vrZone')],
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
  // Re-renders in a newly chosen language.
  useTranslation();
  const titleId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  const sets = controlSets(labels);
  const order = touch ? [sets.touch, sets.desktop, sets.vr] : [sets.desktop, sets.touch, sets.vr];
  return (
    <div id={id} className="help-overlay" role="dialog" aria-labelledby={titleId}>
      <div className="help-overlay-head">
        <h2 id={titleId}>{t('help.title')}</h2>
        <button ref={closeButton} type="button" className="help-overlay-close" aria-label={t('help.close')} onClick={onClose}>
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
