import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { APPOINTMENT_REASONS, type AppointmentReason } from '../../../protocol/src/journey-api';
import { PanelStatus } from '../ui/panel-status';
import { AppointmentList } from './appointment-list';
import { appointmentRequestFor, localInputValue, REASON_LABELS, suggestedTime } from './appointment-flow';
import { fetchDealers, requestAppointment } from './journey-client';
import { useAppointments } from './use-appointments';
import './journey.css';

/** Props of {@link OwnerAppointments}. */
export interface OwnerAppointmentsProps {
  /** The car the request is for. */
  tokenId: string;
  /** The owner's session token. */
  token: string;
}

/**
 * The owner's service appointments in the lounge: ask a dealer (from the registry, or any in a
 * city) for a service, a repair, an inspection or an add-on fitted, with up to three times and a
 * note; then follow each request's state and history, accept a time the dealer proposed, or cancel.
 */
export function OwnerAppointments({ tokenId, token }: OwnerAppointmentsProps) {
  const id = useId();
  const dealers = useQuery({ queryKey: ['dealers'], queryFn: ({ signal }) => fetchDealers(signal) });
  const active = useMemo(() => (dealers.data ?? []).filter((d) => !d.revokedAt), [dealers.data]);
  const cities = useMemo(() => [...new Set(active.map((d) => d.city))].sort(), [active]);
  const { list, act, token: currentToken, reload } = useAppointments('owner', token);
  const [dealer, setDealer] = useState('');
  const [city, setCity] = useState('');
  const [reason, setReason] = useState<AppointmentReason>('service');
  const [times, setTimes] = useState(() => [localInputValue(suggestedTime(26)), '', '']);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const send = useMutation({
    mutationFn: (body: Parameters<typeof requestAppointment>[0]) => requestAppointment(body, currentToken()),
    onSuccess: () => {
      setNote('');
      reload();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = appointmentRequestFor({ tokenId, dealer, city, reason, times, note });
    if ('problem' in built) return setProblem(built.problem);
    setProblem(undefined);
    send.mutate(built.request);
  };

  const mine = (list.data ?? []).filter((a) => a.tokenId === tokenId);
  return (
    <section className="journey-section" aria-label="Service appointments">
      <h3>Service appointments</h3>
      <form aria-label="Request an appointment" noValidate onSubmit={submit}>
        <label htmlFor={`${id}-dealer`}>Dealer</label>
        <select id={`${id}-dealer`} value={dealer} onChange={(e) => setDealer(e.target.value)}>
          <option value="">Any dealer in a city…</option>
          {active.map((d) => (
            <option key={d.address} value={d.address}>
              {d.name}, {d.city}
            </option>
          ))}
        </select>
        {!dealer && (
          <>
            <label htmlFor={`${id}-city`}>City</label>
            <input id={`${id}-city`} list={`${id}-cities`} value={city} onChange={(e) => setCity(e.target.value)} />
            <datalist id={`${id}-cities`}>
              {cities.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </>
        )}
        <label htmlFor={`${id}-reason`}>Reason</label>
        <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value as AppointmentReason)}>
          {APPOINTMENT_REASONS.map((r) => (
            <option key={r} value={r}>
              {REASON_LABELS[r]}
            </option>
          ))}
        </select>
        {times.map((time, i) => (
          <div key={i}>
            <label htmlFor={`${id}-time-${i}`}>{i === 0 ? 'Preferred time' : `Or (${i + 1})`}</label>
            <input
              id={`${id}-time-${i}`}
              type="datetime-local"
              step={1800}
              value={time}
              onChange={(e) => setTimes(times.map((t, j) => (j === i ? e.target.value : t)))}
            />
          </div>
        ))}
        <label htmlFor={`${id}-note`}>Note for the dealer</label>
        <textarea id={`${id}-note`} rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" className="primary" disabled={send.isPending}>
          Request the appointment
        </button>
      </form>
      {dealers.data && active.length === 0 && <p className="owner-note">No dealer is registered yet.</p>}
      {mine.length > 0 && <AppointmentList label="Your appointments" appointments={mine} as="owner" busy={act.isPending} onAct={(aid, action) => act.mutate({ id: aid, action })} />}
      <PanelStatus
        text={send.isSuccess ? `Appointment #${send.data.id} requested from ${send.data.dealer.name}.` : undefined}
        problem={problem ?? send.error?.message ?? act.error?.message ?? list.error?.message ?? dealers.error?.message}
      />
    </section>
  );
}
