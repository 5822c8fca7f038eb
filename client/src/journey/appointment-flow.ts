import {
  APPOINTMENT_SLOT_MINUTES,
  type AppointmentAction,
  type AppointmentReason,
  type AppointmentRequest,
  type AppointmentState,
  type AppointmentView,
} from '../../../protocol/src/journey-api';

/** How each reason reads. */
export const REASON_LABELS: Readonly<Record<AppointmentReason, string>> = {
  service: 'Service',
  repair: 'Repair',
  inspection: 'Inspection',
  'add-on': 'An add-on fitted',
};

/** How each state reads, for the owner and the dealer alike. */
export const STATE_LABELS: Readonly<Record<AppointmentState, string>> = {
  requested: 'Requested — waiting for the dealer',
  proposed: 'New time proposed by the dealer',
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  completed: 'Completed — in the passport',
};

/** What the owner fills in: local date-times as `<input type="datetime-local">` gives them. */
export interface AppointmentDraft {
  tokenId: string;
  /** A dealer's address, or empty to pick by city. */
  dealer: string;
  city: string;
  reason: AppointmentReason;
  /** `YYYY-MM-DDTHH:mm` in the page's time zone; empty ones are ignored. */
  times: string[];
  note: string;
}

/**
 * The request for a draft, or the first problem with it in words: a dealer or a city, at least
 * one time, each to come and on the hour or half hour. The server checks all of it again.
 */
export function appointmentRequestFor(draft: AppointmentDraft, now = new Date()): { request: AppointmentRequest } | { problem: string } {
  if (!draft.dealer && !draft.city.trim()) return { problem: 'Choose a dealer, or a city.' };
  const times = draft.times.filter((t) => t.trim());
  if (times.length === 0) return { problem: 'Give at least one time that suits you.' };
  const parsed: string[] = [];
  for (const time of times) {
    const date = new Date(time);
    if (Number.isNaN(date.getTime())) return { problem: `"${time}" is not a date and time.` };
    if (date <= now) return { problem: `${formatSlot(date.toISOString())} has passed: choose a time to come.` };
    if (date.getTime() % (APPOINTMENT_SLOT_MINUTES * 60_000) !== 0) return { problem: `${formatSlot(date.toISOString())}: appointments start on the hour or the half hour.` };
    parsed.push(date.toISOString());
  }
  return {
    request: {
      tokenId: draft.tokenId,
      ...(draft.dealer ? { dealer: draft.dealer } : { city: draft.city.trim() }),
      reason: draft.reason,
      preferredTimes: parsed,
      note: draft.note.trim(),
    },
  };
}

/** The steps a party may take now: the dealer confirms a preferred time or proposes one; the owner accepts a proposal; either cancels an open one. */
export function availableActions(appointment: Pick<AppointmentView, 'state'>, as: 'owner' | 'dealer'): AppointmentAction['action'][] {
  const open = appointment.state === 'requested' || appointment.state === 'proposed' || appointment.state === 'confirmed';
  if (!open) return [];
  if (as === 'dealer') return appointment.state === 'confirmed' ? ['propose', 'cancel'] : ['confirm', 'propose', 'cancel'];
  return appointment.state === 'proposed' ? ['accept', 'cancel'] : ['cancel'];
}

/** A time as people read it, in the page's language and zone: `Thu 5 Mar 2030, 10:30`. */
export function formatSlot(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A `datetime-local` value (page's zone) for a time `hours` from now, on the next whole hour. */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The next whole hour at least `hours` from `now`, for a form's first suggestion. */
export function suggestedTime(hours: number, now = new Date()): Date {
  const time = new Date(now.getTime() + hours * 3_600_000);
  time.setMinutes(0, 0, 0);
  return time;
}
