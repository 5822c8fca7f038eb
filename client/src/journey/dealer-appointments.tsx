import { PanelStatus } from '../ui/panel-status';
import { AppointmentList } from './appointment-list';
import { useAppointments } from './use-appointments';
import './journey.css';

/** Props of {@link DealerAppointments}. */
export interface DealerAppointmentsProps {
  /** The dealer's session token. */
  token: string;
}

/**
 * The dealer's appointment requests in the dealer console: each with the car, the reason, the
 * owner's preferred times and note, its state and history; confirm one of the times, propose
 * another, or cancel. After the visit, the record filed for the car names the appointment.
 */
export function DealerAppointments({ token }: DealerAppointmentsProps) {
  const { list, act } = useAppointments('dealer', token);
  const open = (list.data ?? []).filter((a) => a.state !== 'cancelled' && a.state !== 'completed');
  const past = (list.data ?? []).filter((a) => a.state === 'cancelled' || a.state === 'completed');
  return (
    <section className="journey-section" aria-label="Appointment requests">
      <h3>Appointment requests</h3>
      {list.data && list.data.length === 0 && <p className="owner-note">No appointment requests yet.</p>}
      {open.length > 0 && <AppointmentList label="Open appointments" appointments={open} as="dealer" busy={act.isPending} onAct={(id, action) => act.mutate({ id, action })} />}
      {open.some((a) => a.state === 'confirmed') && (
        <p className="owner-note">After a visit, open the car below and file its record with the appointment.</p>
      )}
      {past.length > 0 && (
        <details>
          <summary>Past appointments ({past.length})</summary>
          <AppointmentList label="Past appointments" appointments={past} as="dealer" onAct={() => {}} />
        </details>
      )}
      <PanelStatus problem={act.error?.message ?? list.error?.message} />
    </section>
  );
}
