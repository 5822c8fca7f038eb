import { useEffect, useId, useRef, useState } from 'react';
import type { RoomName } from '../net/world-connection';
import './zone-switch.css';

/** Props of {@link ZoneSwitch}. */
export interface ZoneSwitchProps {
  /** The zones' names as shown, in order. */
  labels: Readonly<Record<RoomName, string>>;
  /** The zone the visitor is in. */
  zone: RoomName;
  /** The visitor picked a zone. */
  onZone: (zone: RoomName) => void;
}

/**
 * The zone switch: a row of buttons where there is room; on a small screen a "Zones" button
 * (with the current zone) that opens the list under it, closed again by a choice or Escape.
 * Every zone is a button with `aria-pressed`, in a navigation landmark named "Zones".
 */
export function ZoneSwitch({ labels, zone, onZone }: ZoneSwitchProps) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const nav = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !nav.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', close);
    window.addEventListener('pointerdown', close);
    return () => {
      window.removeEventListener('keydown', close);
      window.removeEventListener('pointerdown', close);
    };
  }, [open]);

  return (
    <nav ref={nav} className="zones" aria-label="Zones" data-open={open}>
      <button type="button" className="zones-menu" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        <span className="zones-menu-icon" aria-hidden="true">
          ☰
        </span>
        Zones <span className="zones-current">{labels[zone]}</span>
      </button>
      <ul id={listId} className="zones-list">
        {(Object.keys(labels) as RoomName[]).map((name) => (
          <li key={name}>
            <button
              type="button"
              aria-pressed={zone === name}
              onClick={() => {
                setOpen(false);
                onZone(name);
              }}
            >
              {labels[name]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
