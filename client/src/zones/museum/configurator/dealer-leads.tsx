import { useQuery } from '@tanstack/react-query';
import { CATEGORY_LABELS } from '../../../ui/configurator-options';
import type { VariantCategory } from '../../../../../protocol/src/catalogue';
import { buildQueries } from './build-client';
import './museum-configurator.css';

/** Props of {@link DealerLeads}. */
export interface DealerLeadsProps {
  /** The signed-in dealer's wallet and session token. */
  dealer: string;
  token: string;
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The dealer console's list of builds visitors sent to this dealer from the museum's configurator:
 * who, how to reach them, their message, the build (every code by name, and its link) and when
 * they gave their consent. Newest first, refreshed while the console is open. No prices.
 */
export function DealerLeads({ dealer, token }: DealerLeadsProps) {
  const leads = useQuery(buildQueries.dealerLeads(dealer, () => token));
  const count = leads.data?.length ?? 0;
  return (
    <details className="dealer-leads" data-testid="dealer-leads" open={count > 0}>
      <summary>Builds sent to you{leads.data ? ` (${count})` : ''}</summary>
      {leads.error && <p className="owner-problem" role="alert">The requests could not be loaded: {leads.error.message}</p>}
      {leads.data && count === 0 && <p className="owner-note">No visitor has sent you a build yet.</p>}
      <ol className="dealer-lead-list">
        {leads.data?.map((lead) => (
          <li key={lead.id} className="dealer-lead" data-lead={lead.id}>
            <p className="dealer-lead-who">
              <strong>{lead.name}</strong>
              {lead.contact.email && (
                <>
                  {' · '}
                  <a href={`mailto:${lead.contact.email}`}>{lead.contact.email}</a>
                </>
              )}
              {lead.contact.phone && (
                <>
                  {' · '}
                  <a href={`tel:${lead.contact.phone.replace(/[^+0-9]/g, '')}`}>{lead.contact.phone}</a>
                </>
              )}
            </p>
            {lead.message && <p className="dealer-lead-message">“{lead.message}”</p>}
            <p className="dealer-lead-build">
              <a href={lead.build.url} target="_blank" rel="noreferrer">
                {lead.build.modelName} · build {lead.build.id}
              </a>
              :{' '}
              {Object.entries(lead.build.names)
                .map(([category, name]) => `${CATEGORY_LABELS[category as VariantCategory] ?? category} ${name}`)
                .join(', ')}
            </p>
            <p className="owner-note">
              Sent {when.format(new Date(lead.createdAt))}; consent given {when.format(new Date(lead.consent.at))}.
            </p>
          </li>
        ))}
      </ol>
    </details>
  );
}
