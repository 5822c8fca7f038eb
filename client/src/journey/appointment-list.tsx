import { useId, useState } from 'react';
import type { AppointmentAction, AppointmentView } from '../../../protocol/src/journey-api';
import { availableActions, formatSlot, localInputValue, REASON_LABELS, STATE_LABELS, suggestedTime } from './appointment-flow';

/** Props of {@link AppointmentList}. */
export interface AppointmentListProps {
  appointments: readonly AppointmentView[];
  /** Whose view: the steps offered differ. */
  as: 'owner' | 'dealer';
  onAct: (id: string, action: AppointmentAction) => void;
  busy?: boolean;
  label: string;
}

/** Appointments with their state, times, history and the steps the viewer may take. */
export function AppointmentList({ appointments, as, onAct, busy, label }: AppointmentListProps) {
  return (
    <ul className="journey-list" aria-label={label}>
      {appointments.map((a) => (
        <AppointmentItem key={a.id} appointment={a} as={as} onAct={onAct} busy={busy} />
      ))}
    </ul>
  );
}

function AppointmentItem({ appointment: a, as, onAct, busy }: { appointment: AppointmentView; as: 'owner' | 'dealer'; onAct: AppointmentListProps['onAct']; busy?: boolean }) {
  const id = useId();
  const [proposal, setProposal] = useState(localInputValue(suggestedTime(48)));
  const actions = availableActions(a, as);
  return (
    <li data-testid={`appointment-${a.id}`} data-state={a.state}>
      <strong>
        #{a.id} · {REASON_LABELS[a.reason]} · {a.modelName} #{a.tokenId}
      </strong>
      <div>{as === 'owner' ? `${a.dealer.name}, ${a.dealer.city}` : null}</div>
      <div data-testid="appointment-state">
        {STATE_LABELS[a.state]}
        {a.slot && (a.state === 'confirmed' || a.state === 'proposed') ? `: ${formatSlot(a.slot)}` : ''}
      </div>
      {a.note && <div>Note: {a.note}</div>}
      {a.visit && <div>Passport record #{a.visit.recordIndex + 1}</div>}
      <ol className="journey-history" aria-label={`History of appointment #${a.id}`}>
        {a.history.map((h, i) => (
          <li key={i}>
            {formatSlot(h.at)} — {h.by === 'owner' ? 'Owner' : 'Dealer'} {h.action}
            {h.slot ? ` ${formatSlot(h.slot)}` : ''}
            {h.note ? ` (“${h.note}”)` : ''}
          </li>
        ))}
      </ol>
      {actions.length > 0 && (
        <div className="journey-actions">
          {actions.includes('confirm') &&
            [...a.preferredTimes, ...(a.state === 'proposed' && a.slot ? [a.slot] : [])]
              .filter((t, i, all) => all.indexOf(t) === i)
              .map((time) => (
                <button key={time} type="button" disabled={busy} onClick={() => onAct(a.id, { action: 'confirm', slot: time })}>
                  Confirm {formatSlot(time)}
                </button>
              ))}
          {actions.includes('accept') && (
            <button type="button" className="primary" disabled={busy} onClick={() => onAct(a.id, { action: 'accept' })}>
              Accept {a.slot ? formatSlot(a.slot) : ''}
            </button>
          )}
          {actions.includes('propose') && (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                onAct(a.id, { action: 'propose', slot: new Date(proposal).toISOString() });
              }}
            >
              <label htmlFor={`${id}-propose`}>Another time</label>
              <input id={`${id}-propose`} type="datetime-local" step={1800} value={proposal} onChange={(e) => setProposal(e.target.value)} />
              <button type="submit" disabled={busy}>
                Propose this time
              </button>
            </form>
          )}
          {actions.includes('cancel') && (
            <button type="button" disabled={busy} onClick={() => onAct(a.id, { action: 'cancel' })}>
              Cancel appointment #{a.id}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
