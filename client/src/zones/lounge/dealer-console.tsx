import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { Address } from 'viem';
import { SERVICE_KINDS } from '../../../../protocol/src/contracts/contract-types';
import type { PassportEntry } from '../../../../protocol/src/twin-api';
import { fileServiceRecord } from '../../owner/dealer-record';
import { formatMileage, PASSPORT_KINDS } from '../../owner/owner-journey';
import { isTwinId } from '../../owner/twin-client';
import { twinQueries } from '../../owner/twin-queries';
import type { WorldInfo } from '../../wallet/world-info';
import { OwnerPanel } from '../../ui/owner-panel';
import { DealerAppointments } from '../../journey/dealer-appointments';
import { formatSlot } from '../../journey/appointment-flow';
import { useAppointments } from '../../journey/use-appointments';
import { PanelStatus } from '../../ui/panel-status';
import { PassportRecords, usePassport } from './passport-panel';
import { DealerLeads } from '../museum/configurator/dealer-leads';

/** Props of {@link DealerConsole}. */
export interface DealerConsoleProps {
  world: WorldInfo;
  /** The signed-in dealer's wallet and session token. */
  dealer: Address;
  token: string;
}

type Kind = PassportEntry['kind'];

/**
 * The dealer's console in the service lounge: open any car's passport by its twin number, read its
 * history, and file a new record — kind, mileage, workshop, parts, summary — signed as EIP-712
 * typed data in the dealer's wallet and relayed on chain by the server. The form refuses a
 * mileage below the last record's before anything is signed; the server checks everything again.
 */
export function DealerConsole({ world, dealer, token }: DealerConsoleProps) {
  const id = useId();
  const [draftId, setDraftId] = useState('1');
  const [tokenId, setTokenId] = useState<string>('1');
  const twin = useQuery(twinQueries.metadata(tokenId));
  const passport = usePassport(twin.data ? tokenId : undefined, token);

  const [kind, setKind] = useState<Kind>('service');
  const [mileage, setMileage] = useState('');
  const [workshop, setWorkshop] = useState('');
  const [parts, setParts] = useState('');
  const [summary, setSummary] = useState('');
  const [appointment, setAppointment] = useState('');
  // The confirmed appointments of the car opened: its record may name the one the visit was booked as.
  const appointments = useAppointments('dealer', token);
  const booked = (appointments.list.data ?? []).filter((a) => a.tokenId === tokenId && a.state === 'confirmed');
  const [status, setStatus] = useState<{ busy?: boolean; text?: string; problem?: string }>({});

  const lastMileage = Math.max(0, ...(passport?.view?.entries.map((e) => e.mileage) ?? []));

  const open = (event: FormEvent) => {
    event.preventDefault();
    const wanted = draftId.trim();
    if (!isTwinId(wanted)) {
      setStatus({ problem: `"${wanted}" is not a twin number: twins are numbered from 1.` });
      return;
    }
    setStatus({});
    setTokenId(wanted);
  };

  const file = async (event: FormEvent) => {
    event.preventDefault();
    const km = Number(mileage);
    if (!Number.isInteger(km) || km < 0) return setStatus({ problem: 'Mileage must be a whole number of kilometres.' });
    if (km < lastMileage) {
      return setStatus({ problem: `Mileage ${formatMileage(km)} is below the last record's ${formatMileage(lastMileage)}: a car's mileage never goes down.` });
    }
    if (!summary.trim()) return setStatus({ problem: 'Write a summary of the work done.' });
    const partList = parts
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const details = {
      summary: summary.trim(),
      ...(workshop.trim() ? { workshop: workshop.trim() } : {}),
      ...(partList.length > 0 ? { parts: partList } : {}),
      ...(appointment && booked.some((a) => a.id === appointment) ? { appointment } : {}),
    };
    try {
      setStatus({ busy: true, text: 'Preparing the record…' });
      const relayed = await fileServiceRecord({
        world,
        dealer,
        tokenId,
        kind: SERVICE_KINDS[kind],
        mileage: km,
        details,
        onPhase: (phase) => setStatus({ busy: true, text: phase === 'wallet' ? 'Sign the record in your wallet…' : 'Relaying the signed record to the chain…' }),
      });
      setStatus({ text: `Record #${relayed.index + 1} filed on chain (transaction ${relayed.transactionHash.slice(0, 10)}…).` });
      setSummary('');
      setParts('');
      setMileage('');
      setAppointment('');
      passport?.reload();
      appointments.reload();
    } catch (error) {
      const message = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
      setStatus({ problem: `The record was not filed: ${message.split('\n')[0]}` });
    }
  };

  const current = { metadata: twin.data, error: twin.error?.message };
  return (
    <OwnerPanel className="dealer-console" kicker="Dealer console" title={current?.metadata ? current.metadata.name : `Twin #${tokenId}`} subtitle="Read a car's passport and certify a visit">
      <DealerAppointments token={token} />
      <form className="dealer-open" onSubmit={open}>
        <label htmlFor={`${id}-twin`}>Twin number</label>
        <input id={`${id}-twin`} inputMode="numeric" value={draftId} onChange={(e) => setDraftId(e.target.value)} />
        <button type="submit">Open</button>
      </form>
      {current?.error && <p className="owner-problem">{current.error}</p>}
      {current?.metadata && (
        <>
          <PassportRecords passport={passport} empty="No service records yet: this car's first visit will be its first record." />
          <form className="dealer-record" aria-label="New service record" noValidate onSubmit={file}>
            <h3>New record</h3>
            <label htmlFor={`${id}-kind`}>Kind</label>
            <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {(Object.keys(SERVICE_KINDS) as Kind[]).map((k) => (
                <option key={k} value={k}>
                  {PASSPORT_KINDS[k]}
                </option>
              ))}
            </select>
            <label htmlFor={`${id}-mileage`}>Mileage (km)</label>
            <input
              id={`${id}-mileage`}
              type="number"
              inputMode="numeric"
              min={lastMileage}
              step={1}
              required
              placeholder={lastMileage > 0 ? `at least ${lastMileage}` : undefined}
              value={mileage}
              onChange={(e) => setMileage(e.target.value)}
            />
            <label htmlFor={`${id}-workshop`}>Workshop</label>
            <input id={`${id}-workshop`} maxLength={200} value={workshop} onChange={(e) => setWorkshop(e.target.value)} />
            <label htmlFor={`${id}-parts`}>Parts (comma-separated)</label>
            <input id={`${id}-parts`} value={parts} onChange={(e) => setParts(e.target.value)} />
            {booked.length > 0 && (
              <>
                <label htmlFor={`${id}-appointment`}>Appointment</label>
                <select id={`${id}-appointment`} value={appointment} onChange={(e) => setAppointment(e.target.value)}>
                  <option value="">None</option>
                  {booked.map((a) => (
                    <option key={a.id} value={a.id}>
                      #{a.id} · {a.slot ? formatSlot(a.slot) : a.reason}
                    </option>
                  ))}
                </select>
              </>
            )}
            <label htmlFor={`${id}-summary`}>Summary</label>
            <textarea id={`${id}-summary`} rows={3} maxLength={2000} required value={summary} onChange={(e) => setSummary(e.target.value)} />
            <button type="submit" className="primary" disabled={status.busy}>
              Sign and file
            </button>
          </form>
        </>
      )}
      <PanelStatus text={status.text} problem={status.problem} />
      <DealerLeads dealer={dealer} token={token} />
    </OwnerPanel>
  );
}
