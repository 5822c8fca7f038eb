import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { PASSPORT_LINK_DEFAULT_DAYS, type PassportLinkCreated } from '../../../protocol/src/journey-api';
import { formatDate } from '../owner/owner-journey';
import { PanelStatus } from '../ui/panel-status';
import { QrCode } from '../ui/qr-code';
import { createPassportLink, fetchPassportLinks, revokePassportLink } from './journey-client';
import './journey.css';

/** Props of {@link PassportShare}. */
export interface PassportShareProps {
  tokenId: string;
  /** The owner's session token. */
  token: string;
}

const STATES = { active: 'Active', expired: 'Expired', revoked: 'Withdrawn', 'owner-changed': 'Ended by a sale' } as const;

/**
 * The owner's verification links for a prospective buyer: make one (valid a few days, a link and
 * its QR code, shown once), see those made with their state and how often each was opened, and
 * withdraw one.
 */
export function PassportShare({ tokenId, token }: PassportShareProps) {
  const id = useId();
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const client = useQueryClient();
  const key = ['twins', tokenId, 'passport-links'];
  const links = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchPassportLinks(tokenId, tokenRef.current, signal) });
  const [days, setDays] = useState(String(PASSPORT_LINK_DEFAULT_DAYS));
  const [made, setMade] = useState<PassportLinkCreated>();
  const create = useMutation({
    mutationFn: () => createPassportLink(tokenId, Number(days), tokenRef.current),
    onSuccess: (link) => {
      setMade(link);
      void client.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (linkId: string) => revokePassportLink(linkId, tokenRef.current),
    onSuccess: (link) => {
      if (made?.id === link.id) setMade(undefined);
      void client.invalidateQueries({ queryKey: key });
    },
  });

  return (
    <section className="journey-section" aria-label="Share with a buyer">
      <h3>Share with a buyer</h3>
      <p className="owner-note">A link and QR code to this car's certified history: no name, no address, no price. It stops working when it expires, when you withdraw it, or when the car is sold.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <label htmlFor={`${id}-days`}>Valid for (days)</label>
        <select id={`${id}-days`} value={days} onChange={(e) => setDays(e.target.value)}>
          {[1, 7, 14, 30, 90].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={create.isPending}>
          Make a verification link
        </button>
      </form>
      {made && (
        <div className="journey-link" data-testid="verification-link">
          <QrCode value={made.url} label="QR code of the verification link" size={140} />
          <a href={made.url} target="_blank" rel="noreferrer">
            {made.url}
          </a>
          <span className="owner-note">Until {formatDate(made.expiresAt)}. Copy it now: it is shown only once.</span>
        </div>
      )}
      {links.data && links.data.length > 0 && (
        <ul className="journey-list" aria-label="Verification links">
          {links.data.map((link) => (
            <li key={link.id} data-state={link.state}>
              Link #{link.id} · {STATES[link.state]} · until {formatDate(link.expiresAt)} · opened {link.opened}×
              {link.state === 'active' && (
                <div className="journey-actions">
                  <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate(link.id)}>
                    Withdraw link #{link.id}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <PanelStatus problem={create.error?.message ?? revoke.error?.message ?? links.error?.message} />
    </section>
  );
}
