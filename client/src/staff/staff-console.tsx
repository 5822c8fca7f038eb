import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { API_KEY_SCOPES, WEBHOOK_EVENTS, type StaffView } from '../../../protocol/src/operations-api';
import { PageShell } from '../ui/page-shell';
import { usePageSession } from '../wallet/use-page-session';
import WalletPanel from '../wallet/wallet-panel';
import type { WorldInfo } from '../wallet/world-info';
import { parseTokenIds, StaffApi } from './staff-api';
import './staff-console.css';
import { AnalyticsDashboard } from '../analytics/analytics-dashboard';

/** Props of {@link StaffConsole}. */
export interface StaffConsoleProps {
  world: WorldInfo;
}

/** How often the console's lists are read again while open. */
const POLL_MS = 2_000;

/**
 * The staff console (`?staff`), a 2D page: the order desk, the factory, people and places, event
 * passes, the integration's keys and webhooks, the transaction queue and the audit log. Each part
 * shows only to a wallet holding its role on the contracts (GET /api/ops/me); the server checks
 * the same roles on every call.
 */
export function StaffConsole({ world }: StaffConsoleProps) {
  const { session, problem, wallet } = usePageSession();
  const api = useMemo(() => (session ? new StaffApi(session.token) : undefined), [session]);
  const me = useQuery({ queryKey: ['staff', 'me', session?.address], queryFn: () => api!.me(), enabled: !!api });
  useEffect(() => {
    document.title = 'Staff console · Marque';
  }, []);

  const roles = me.data;
  return (
    <PageShell
      className="staff"
      kicker="Staff console"
      actions={<WalletPanel world={world} {...wallet} />}
      notice={
        problem && (
          <p className="staff-alert" role="alert">
            {problem}
          </p>
        )
      }
      mainClassName="staff-main"
    >
      {!api ? (
        <section className="staff-card">
          <h1>Sign in to the staff console</h1>
          <p>The order desk, the factory, dealers and passes are run by the marque's staff. Sign in with a staff wallet (on the local chain: “Marque staff”).</p>
        </section>
      ) : me.error ? (
        <p className="staff-alert" role="alert">
          {me.error.message}
        </p>
      ) : !roles ? (
        <p className="staff-note">Reading your roles on chain…</p>
      ) : !hasAnyRole(roles) ? (
        <section className="staff-card">
          <h1>No staff role</h1>
          <p>{roles.address} holds none of the marque's staff roles on chain (order desk, factory, add-ons, people, brand team).</p>
        </section>
      ) : (
        <>
          {roles.orders && <OrderDesk api={api} />}
          {roles.stages && <Factory api={api} />}
          {roles.addOns && <AddOns api={api} />}
          {roles.people && <PeopleAndPlaces api={api} />}
          {roles.brandTeam && <Passes api={api} />}
          {roles.brandTeam && <Integration api={api} />}
          <Jobs api={api} canRetry={roles.brandTeam} />
          {roles.brandTeam && <Audit api={api} />}
          {roles.brandTeam && session && <AnalyticsDashboard token={session.token} />}
        </>
      )}
    </PageShell>
  );
}

function hasAnyRole(roles: StaffView): boolean {
  return roles.orders || roles.stages || roles.addOns || roles.people || roles.brandTeam;
}

/** A form's run: busy while it runs, the server's refusal or the result's words after. */
function useAction() {
  const [state, setState] = useState<{ busy?: boolean; problem?: string; done?: ReactNode }>({});
  const run = useCallback(async (work: () => Promise<ReactNode>) => {
    setState({ busy: true });
    try {
      setState({ done: await work() });
    } catch (error) {
      setState({ problem: error instanceof Error ? error.message : String(error) });
    }
  }, []);
  const status = state.problem ? (
    <p className="staff-problem" role="alert">
      {state.problem}
    </p>
  ) : state.done ? (
    <p className="staff-done" role="status">
      {state.done}
    </p>
  ) : null;
  return { busy: !!state.busy, run, status };
}

const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const submit = (handler: (form: FormData) => void) => (event: FormEvent<HTMLFormElement>) => {
  event.preventDefault();
  handler(new FormData(event.currentTarget));
};

function OrderDesk({ api }: { api: StaffApi }) {
  const orders = useQuery({ queryKey: ['staff', 'orders'], queryFn: api.orders, refetchInterval: POLL_MS });
  const action = useAction();
  const confirm = submit((form) =>
    action.run(async () => {
      const owner = field(form, 'owner');
      const order = await api.confirmOrder({
        orderRef: field(form, 'orderRef'),
        model: field(form, 'model'),
        configuration: { paint: field(form, 'paint'), wheel: field(form, 'wheel'), caliper: field(form, 'caliper'), interior: field(form, 'interior'), trim: field(form, 'trim') },
        owner: owner === 'invite' ? 'invite' : owner,
      });
      await orders.refetch();
      return `Order ${order.orderRef} confirmed: the twin is being minted${order.invitationUrl ? `; owner invitation ${order.invitationUrl}` : ''}.`;
    }),
  );
  return (
    <section className="staff-card" aria-labelledby="staff-orders">
      <h2 id="staff-orders">Order desk</h2>
      <form className="staff-form" onSubmit={confirm}>
        <label>
          Order reference <input name="orderRef" required placeholder="SO-2026-0042" />
        </label>
        <label>
          Model <input name="model" required defaultValue="astrale-2025" />
        </label>
        <label>
          Paint <input name="paint" required defaultValue="P-ORANGE-SOLAIRE" />
        </label>
        <label>
          Wheels <input name="wheel" required defaultValue="W-FORGED-21" />
        </label>
        <label>
          Calipers <input name="caliper" required defaultValue="C-NOIR" />
        </label>
        <label>
          Interior <input name="interior" required defaultValue="I-ALCANTARA" />
        </label>
        <label>
          Trim <input name="trim" required defaultValue="T-CHROME-FONCE" />
        </label>
        <label>
          Owner (wallet, or “invite”) <input name="owner" required placeholder="0x… or invite" />
        </label>
        <button type="submit" disabled={action.busy}>
          Confirm the order
        </button>
      </form>
      {action.status}
      <table className="staff-table" aria-label="Orders">
        <thead>
          <tr>
            <th>Order</th>
            <th>Model</th>
            <th>Owner</th>
            <th>State</th>
            <th>Twin</th>
          </tr>
        </thead>
        <tbody>
          {(orders.data ?? []).map((o) => (
            <tr key={o.id} data-order={o.orderRef}>
              <td>{o.orderRef}</td>
              <td>{o.model}</td>
              <td title={o.owner}>{short(o.owner)}</td>
              <td className={`staff-state staff-state-${o.state}`}>
                {o.state}
                {o.error && <small> — {o.error}</small>}
              </td>
              <td>
                {o.tokenId ? `#${o.tokenId}` : o.state === 'failed' ? <button onClick={() => void action.run(async () => (await api.retryOrder(o.id), `Order ${o.orderRef} sent again.`))}>Retry</button> : '…'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Factory({ api }: { api: StaffApi }) {
  const [shown, setShown] = useState<string>();
  const history = useQuery({ queryKey: ['staff', 'stages', shown], queryFn: () => api.twinStages(shown!), enabled: !!shown, refetchInterval: POLL_MS });
  const action = useAction();
  const advance = submit((form) =>
    action.run(async () => {
      const ids = parseTokenIds(field(form, 'twins'));
      const date = field(form, 'happenedAt');
      const changes = await api.advance(ids, new Date(date || Date.now()).toISOString());
      setShown(ids[0]);
      return `Sent: ${changes.map((c) => `#${c.tokenId} → ${c.stage}`).join(', ')}.`;
    }),
  );
  return (
    <section className="staff-card" aria-labelledby="staff-factory">
      <h2 id="staff-factory">Factory</h2>
      <form className="staff-form" onSubmit={advance}>
        <label>
          Twins (numbers) <input name="twins" required placeholder="12, 13" />
        </label>
        <label>
          When it happened <input name="happenedAt" type="datetime-local" />
        </label>
        <button type="submit" disabled={action.busy}>
          Move to the next stage
        </button>
      </form>
      {action.status}
      {history.data && (
        <div className="staff-history" aria-label={`Stages of twin ${history.data.tokenId}`}>
          <h3>
            Twin #{history.data.tokenId}, {history.data.model}: {history.data.stage}
          </h3>
          <ol>
            {history.data.stages.map((s) => (
              <li key={s.stage}>
                <strong>{s.stage}</strong> on chain {formatTime(s.at)}
                {s.happenedAt && <> · happened {formatTime(s.happenedAt)}</>}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function AddOns({ api }: { api: StaffApi }) {
  const addOns = useQuery({ queryKey: ['staff', 'addons'], queryFn: api.addOns, refetchInterval: POLL_MS });
  const action = useAction();
  return (
    <section className="staff-card" aria-labelledby="staff-addons">
      <h2 id="staff-addons">Add-ons</h2>
      {action.status}
      <ul className="staff-list" aria-label="Add-ons">
        {(addOns.data ?? []).map((a) => (
          <li key={a.code}>
            <strong>{a.name}</strong> ({a.code}) sets {Object.entries(a.sets).map(([category, code]) => `${category} ${code}`).join(', ')} · fits {a.models.join(', ')} ·{' '}
            {a.approved ? 'approved' : 'not approved'}
            <button onClick={() => void action.run(async () => (await api.setAddOn(a.code, !a.approved), `${a.name}: ${a.approved ? 'withdrawal' : 'approval'} sent.`))}>
              {a.approved ? 'Withdraw' : 'Approve'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function PeopleAndPlaces({ api }: { api: StaffApi }) {
  const dealers = useQuery({ queryKey: ['staff', 'dealers'], queryFn: api.dealers, refetchInterval: POLL_MS });
  const action = useAction();
  return (
    <section className="staff-card" aria-labelledby="staff-people">
      <h2 id="staff-people">People and places</h2>
      <form
        className="staff-form"
        onSubmit={submit((form) =>
          action.run(async () => {
            const made = await api.registerDealer({ address: field(form, 'address'), name: field(form, 'name'), city: field(form, 'city'), kind: field(form, 'kind') as 'dealer' });
            await dealers.refetch();
            return `${made.dealer.name} registered; its dealer role is being granted.`;
          }),
        )}
      >
        <label>
          Dealer wallet <input name="address" required placeholder="0x…" />
        </label>
        <label>
          Name <input name="name" required placeholder="Marque Lyon Confluence" />
        </label>
        <label>
          City <input name="city" required placeholder="Lyon" />
        </label>
        <label>
          Kind
          <select name="kind" defaultValue="dealer">
            <option value="dealer">Dealer</option>
            <option value="service-centre">Service centre</option>
          </select>
        </label>
        <button type="submit" disabled={action.busy}>
          Register
        </button>
      </form>
      <form
        className="staff-form"
        onSubmit={submit((form) =>
          action.run(async () => {
            const address = field(form, 'wallet');
            if (form.get('what') === 'profile') await api.issueProfile(address);
            else if (form.get('what') === 'grant') await api.grantBrandTeam(address);
            else await api.revokeBrandTeam(address);
            return `Sent for ${address}.`;
          }),
        )}
      >
        <label>
          Wallet <input name="wallet" required placeholder="0x…" />
        </label>
        <label>
          Action
          <select name="what" defaultValue="profile">
            <option value="profile">Issue an owner profile</option>
            <option value="grant">Add to the brand team</option>
            <option value="revoke">Remove from the brand team</option>
          </select>
        </label>
        <button type="submit" disabled={action.busy}>
          Send
        </button>
      </form>
      {action.status}
      <ul className="staff-list" aria-label="Dealers">
        {(dealers.data ?? []).map((d) => (
          <li key={d.address}>
            <strong>{d.name}</strong>, {d.city} · {d.kind} · <span title={d.address}>{short(d.address)}</span>
            {d.revokedAt ? ' · revoked' : <button onClick={() => void action.run(async () => (await api.revokeDealer(d.address), `${d.name}'s role is being revoked.`))}>Revoke</button>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Passes({ api }: { api: StaffApi }) {
  const action = useAction();
  return (
    <section className="staff-card" aria-labelledby="staff-passes">
      <h2 id="staff-passes">Event passes</h2>
      <form
        className="staff-form"
        onSubmit={submit((form) =>
          action.run(async () => {
            const wallets = field(form, 'wallets').split(/[\s,;]+/).filter(Boolean);
            const made = await api.issuePasses(field(form, 'launchId'), wallets, Number(field(form, 'invitations') || 0));
            return (
              <>
                {wallets.length > 0 && `${wallets.length} pass${wallets.length === 1 ? '' : 'es'} being minted. `}
                {made.invitations.map((i) => (
                  <a key={i.code} href={i.url} className="staff-code">
                    {i.url}
                  </a>
                ))}
              </>
            );
          }),
        )}
      >
        <label>
          Launch id <input name="launchId" required />
        </label>
        <label>
          Wallets <input name="wallets" placeholder="0x…, 0x…" />
        </label>
        <label>
          Invitation codes <input name="invitations" type="number" min={0} max={100} defaultValue={0} />
        </label>
        <button type="submit" disabled={action.busy}>
          Issue
        </button>
      </form>
      {action.status}
    </section>
  );
}

function Integration({ api }: { api: StaffApi }) {
  const keys = useQuery({ queryKey: ['staff', 'keys'], queryFn: api.keys, refetchInterval: POLL_MS });
  const hooks = useQuery({ queryKey: ['staff', 'webhooks'], queryFn: api.webhooks, refetchInterval: POLL_MS });
  const deliveries = useQuery({ queryKey: ['staff', 'deliveries'], queryFn: api.deliveries, refetchInterval: POLL_MS });
  const action = useAction();
  return (
    <section className="staff-card" aria-labelledby="staff-integration">
      <h2 id="staff-integration">Integration API</h2>
      <p className="staff-note">
        Keys and webhooks for the brand's order, factory, dealer and CRM systems; the API is described at <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      <form
        className="staff-form"
        onSubmit={submit((form) =>
          action.run(async () => {
            const made = await api.createKey(field(form, 'name'), form.getAll('scopes').map(String));
            await keys.refetch();
            return (
              <>
                Key for {made.name} (shown once): <code className="staff-code">{made.key}</code>
              </>
            );
          }),
        )}
      >
        <label>
          Key name <input name="name" required placeholder="Order system" />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {API_KEY_SCOPES.map((scope) => (
            <label key={scope} className="staff-check">
              <input type="checkbox" name="scopes" value={scope} /> {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={action.busy}>
          Make a key
        </button>
      </form>
      <form
        className="staff-form"
        onSubmit={submit((form) =>
          action.run(async () => {
            const made = await api.subscribe(field(form, 'url'), form.getAll('events').map(String) as never);
            await hooks.refetch();
            return (
              <>
                Subscribed; signing secret (shown once): <code className="staff-code">{made.secret}</code>
              </>
            );
          }),
        )}
      >
        <label>
          Webhook URL <input name="url" type="url" required placeholder="https://crm.example.com/marque" />
        </label>
        <fieldset>
          <legend>Events</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="staff-check">
              <input type="checkbox" name="events" value={event} /> {event}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={action.busy}>
          Subscribe
        </button>
      </form>
      {action.status}
      <ul className="staff-list" aria-label="API keys">
        {(keys.data ?? []).map((k) => (
          <li key={k.id}>
            <strong>{k.name}</strong> ({k.scopes.join(', ')}) · last used {k.lastUsedAt ? formatTime(k.lastUsedAt) : 'never'}
            {k.revokedAt ? ' · revoked' : <button onClick={() => void action.run(async () => (await api.revokeKey(k.id), `Key ${k.name} revoked.`))}>Revoke</button>}
          </li>
        ))}
      </ul>
      <ul className="staff-list" aria-label="Webhooks">
        {(hooks.data ?? []).map((h) => (
          <li key={h.id}>
            {h.url} · {h.events.join(', ')}
            {h.revokedAt && ' · ended'}
          </li>
        ))}
      </ul>
      <table className="staff-table" aria-label="Deliveries">
        <tbody>
          {(deliveries.data ?? []).slice(0, 20).map((d) => (
            <tr key={d.id}>
              <td>{d.eventType}</td>
              <td className={`staff-state staff-state-${d.state}`}>{d.state}</td>
              <td>
                {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
                {d.responses.at(-1) && ` · last ${d.responses.at(-1)!.status ?? d.responses.at(-1)!.error}`}
              </td>
              <td>
                <button onClick={() => void action.run(async () => (await api.replay(d.id), `Delivery ${d.id} sent again.`))}>Replay</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Jobs({ api, canRetry }: { api: StaffApi; canRetry: boolean }) {
  const jobs = useQuery({ queryKey: ['staff', 'jobs'], queryFn: api.jobs, refetchInterval: POLL_MS });
  const action = useAction();
  const counts = jobs.data?.counts;
  return (
    <section className="staff-card" aria-labelledby="staff-jobs">
      <h2 id="staff-jobs">Chain transactions</h2>
      {counts && (
        <p className="staff-note">
          {counts.queued ?? 0} queued · {counts.sent ?? 0} sent · {counts.mined ?? 0} mined · {counts.reverted ?? 0} reverted · {counts.failed ?? 0} failed
        </p>
      )}
      {action.status}
      <table className="staff-table" aria-label="Transactions">
        <tbody>
          {(jobs.data?.jobs ?? []).slice(0, 30).map((j) => (
            <tr key={j.id}>
              <td>{j.label}</td>
              <td className={`staff-state staff-state-${j.state}`}>
                {j.state}
                {j.error && <small> — {j.error}</small>}
              </td>
              <td>{j.transactionHash ? <code title={j.transactionHash}>{short(j.transactionHash)}</code> : ''}</td>
              <td>{canRetry && (j.state === 'failed' || j.state === 'reverted') && <button onClick={() => void action.run(async () => (await api.retryJob(j.id), `Job ${j.id} queued again.`))}>Retry</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Audit({ api }: { api: StaffApi }) {
  const audit = useQuery({ queryKey: ['staff', 'audit'], queryFn: api.audit, refetchInterval: POLL_MS });
  return (
    <section className="staff-card" aria-labelledby="staff-audit">
      <h2 id="staff-audit">Audit log</h2>
      <table className="staff-table" aria-label="Audit log">
        <tbody>
          {(audit.data ?? []).slice(0, 30).map((a) => (
            <tr key={a.id}>
              <td>{formatTime(a.at)}</td>
              <td title={a.actor}>{a.actor.startsWith('key:') ? a.actor : short(a.actor)}</td>
              <td>{a.action}</td>
              <td>{a.subject}</td>
              <td>{a.transactionHash ? <code title={a.transactionHash}>{short(a.transactionHash)}</code> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function short(hex: string): string {
  return hex.length > 14 ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : hex;
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
