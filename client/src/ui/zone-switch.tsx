import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomName } from '../net/world-connection';
import './zone-switch.css';

// The map and the controls' help open on demand, each in its own chunk.
const WorldMap = lazy(() => import('./world-map').then((m) => ({ default: m.WorldMap })));
const HelpOverlay = lazy(() => import('./help-overlay').then((m) => ({ default: m.HelpOverlay })));

/** What a key press asks of the page: the map, the help, a zone by its number (0-based), or closing what is open. */
export type Shortcut = { kind: 'map' } | { kind: 'help' } | { kind: 'zone'; index: number } | { kind: 'close' };

/**
 * The page's shortcut for a key press, if any: M the map, ? or H the help, 1–5 a zone, Escape
 * closes. None while typing (a text field, a contentEditable) or with Ctrl, Alt or Meta held,
 * so the browser's and the chat's keys stay theirs.
 */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'target'>): Shortcut | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
  const target = event.target as (EventTarget & { tagName?: string; isContentEditable?: boolean }) | null;
  if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName ?? ''))) return undefined;
  const key = event.key;
  if (key === 'Escape') return { kind: 'close' };
  if (key === 'm' || key === 'M') return { kind: 'map' };
  if (key === '?' || key === 'h' || key === 'H') return { kind: 'help' };
  if (/^[1-5]$/.test(key)) return { kind: 'zone', index: Number(key) - 1 };
  return undefined;
}

/** Props of {@link ZoneSwitch}. */
export interface ZoneSwitchProps {
  /** The zones' names as shown, in order. */
  labels: Readonly<Record<RoomName, string>>;
  /** The zone the visitor is in. */
  zone: RoomName;
  /** The visitor picked a zone. */
  onZone: (zone: RoomName) => void;
  /** A touch screen: the help lists the touch controls first. */
  touch?: boolean;
}

/**
 * The zone switch: a row of zone buttons where there is room, with a map button (M); on a small
 * screen one "Zones" button (with the current zone) that opens the world map. The map offers
 * the controls' help, which ? or H opens too; the keys 1–5 go to a zone, Escape closes what is
 * open. Every zone is a button with `aria-pressed`, in a navigation landmark named "Zones".
 */
export function ZoneSwitch({ labels, zone, onZone, touch = false }: ZoneSwitchProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'map' | 'help'>();
  const mapId = useId();
  const nav = useRef<HTMLElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const latest = useRef({ labels, zone, onZone, open });
  latest.current = { labels, zone, onZone, open };

  const show = (next: 'map' | 'help' | undefined) => {
    if (next) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(next);
  };
  const close = () => {
    setOpen(undefined);
    // Back where the visitor was, if that is still on the page.
    if (opener.current?.isConnected) opener.current.focus();
  };
  const choose = (name: RoomName) => {
    setOpen(undefined);
    if (name !== latest.current.zone) onZone(name);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      const { labels: names, zone: here, onZone: go, open: showing } = latest.current;
      if (shortcut.kind === 'close') {
        if (showing) close();
        return;
      }
      event.preventDefault();
      if (shortcut.kind === 'zone') {
        const name = (Object.keys(names) as RoomName[])[shortcut.index];
        setOpen(undefined);
        if (name && name !== here) go(name);
      } else show(showing === shortcut.kind ? undefined : shortcut.kind);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      if (!nav.current?.contains(event.target as Node)) setOpen(undefined);
    };
    window.addEventListener('pointerdown', outside);
    return () => window.removeEventListener('pointerdown', outside);
  }, [open]);

  return (
    <nav ref={nav} className="zones" aria-label={t('zoneSwitch.nav')} data-open={open === 'map'}>
      <button type="button" className="zones-menu" aria-expanded={open === 'map'} aria-controls={mapId} aria-keyshortcuts="M" onClick={() => show(open === 'map' ? undefined : 'map')}>
        <span className="zones-menu-icon" aria-hidden="true">
          ☰
        </span>
        <span className="zones-menu-word">{t('zoneSwitch.menu')}</span> <span className="zones-current">{labels[zone]}</span>
      </button>
      <ul className="zones-list">
        {(Object.keys(labels) as RoomName[]).map((name, i) => (
          <li key={name}>
            <button type="button" aria-pressed={zone === name} aria-keyshortcuts={String(i + 1)} onClick={() => choose(name)}>
              {labels[name]}
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="zones-extra"
        aria-label={t('zoneSwitch.worldMap')}
        title={t('zoneSwitch.worldMapKey')}
        aria-expanded={open === 'map'}
        aria-controls={mapId}
        aria-keyshortcuts="M"
        onClick={() => show(open === 'map' ? undefined : 'map')}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path d="M3 6.5 9 4l6 2.5L21 4v13.5L15 20l-6-2.5L3 20z M9 4v13.5 M15 6.5V20" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        </svg>
      </button>
      {open === 'map' && (
        <Suspense fallback={null}>
          <WorldMap id={mapId} labels={labels} zone={zone} onZone={choose} onHelp={() => setOpen('help')} onClose={close} />
        </Suspense>
      )}
      {open === 'help' && (
        <Suspense fallback={null}>
          <HelpOverlay labels={labels} touch={touch} onClose={close} />
        </Suspense>
      )}
    </nav>
  );
}
