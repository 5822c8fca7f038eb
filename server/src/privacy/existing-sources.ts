import type { Queryable } from '../db/database';
import { tableSource, type PersonalDataSource, type PersonalDataSubject } from './personal-data';

/**
 * The personal-data sources of the tables that existed before the privacy registry (migrations
 * 001–009): sign-ins, showcases, launch attendance, questions and bans, passkey accounts and
 * invitations, operations' records that name a customer, and webhook outboxes. Each matches a person
 * by their address, bare or as a session subject (`wallet:0x…`), in any case.
 */

/** SQL true when `column` names the subject ($1, lowercase): the address or its session subject. */
const names = (column: string) => `lower(${column}) in ($1, 'wallet:' || $1)`;
/** SQL true when a text (or JSON as text) mentions the address anywhere. */
const mentions = (expression: string) => `position($1 in lower(${expression})) > 0`;

async function rows(db: Queryable, sql: string, subject: PersonalDataSubject) {
  return db.query(sql, [subject.address]);
}

async function count(tx: Queryable, sql: string, subject: PersonalDataSubject): Promise<number> {
  return (await tx.query(`${sql} returning 1 as gone`, [subject.address])).length;
}

/** Every source of the tables of migrations 001–009, in the order erasure must run (children first). */
export function existingSources(): PersonalDataSource[] {
  return [
    tableSource({
      name: 'sign-in',
      what: 'Your address, when you first and last signed in, and how many times.',
      where: "Marque's database, table accounts.",
      why: 'To keep you signed in and to refuse abuse of sign-in.',
      retention: 'Until you erase your data.',
      table: 'accounts',
      columns: ['address', 'first_seen', 'last_seen', 'sign_ins'],
      match: names('address'),
    }),
    tableSource({
      name: 'showcases',
      what: "Whether your twins' showcase pages are public.",
      where: "Marque's database, table twin_showcases.",
      why: 'To show your car publicly only when you chose to.',
      retention: 'While you own the twin; erasing makes every showcase private again.',
      table: 'twin_showcases',
      columns: ['chain_id', 'token_id', 'public', 'updated_at'],
      match: names('owner'),
    }),
    tableSource({
      name: 'launch-attendance',
      what: 'When you joined and left each launch event, and in which tier (in the room or watching).',
      where: "Marque's database, table launch_visits.",
      why: "To count honest attendance and to grant a launch's badge for staying.",
      retention: 'Until you erase your data.',
      table: 'launch_visits',
      columns: ['event_id', 'tier', 'joined_at', 'left_at'],
      match: `${names('subject')} or ${names("coalesce(person, '')")}`,
    }),
    {
      name: 'launch-questions',
      what: 'Questions you asked at launches, with the name you gave, and the questions you voted for.',
      where: "Marque's database, tables launch_questions and launch_votes.",
      why: 'To run the Q&A of a launch.',
      retention: 'Until you erase your data.',
      export: async (s, db) => ({
        questions: await rows(db, `select event_id, name, text, at, answered from launch_questions where ${names('subject')}`, s),
        votes: await rows(db, `select question_id from launch_votes where ${names('subject')}`, s),
      }),
      async erase(s, tx) {
        // Votes for the person's questions go with them; then the person's own votes.
        const others = await count(tx, `delete from launch_votes where question_id in (select id from launch_questions where ${names('subject')})`, s);
        const votes = await count(tx, `delete from launch_votes where ${names('subject')}`, s);
        return others + votes + (await count(tx, `delete from launch_questions where ${names('subject')}`, s));
      },
    },
    tableSource({
      name: 'launch-moderation',
      what: 'Removals and bans from launch events that concern you.',
      where: "Marque's database, table launch_bans.",
      why: 'To keep a removed or banned person out of that event.',
      retention: 'Until you erase your data.',
      table: 'launch_bans',
      columns: ['event_id', 'kind', 'at'],
      match: names('subject'),
    }),
    {
      name: 'passkey-account',
      what: 'Your passkey account: its address, the public keys of your passkeys, when each was last used, pending sign-in challenges, your owner invitation and the daily count of sponsored transactions.',
      where: "Marque's database, tables passkey_accounts, passkey_credentials, passkey_challenges, owner_invitations, sponsorship_usage.",
      why: 'To let you sign in with a passkey and to pay for your transactions.',
      retention: 'Until you erase your data. Erasing forgets your passkeys here: move your twin to a wallet first if you want to keep using it.',
      export: async (s, db) => ({
        accounts: await rows(db, `select account, kind, created_at from passkey_accounts where ${names('account')}`, s),
        credentials: await rows(db, `select credential_id, created_at, last_used_at from passkey_credentials where ${names('account')}`, s),
        invitations: await rows(db, `select id, order_ref, created_at, accepted_at from owner_invitations where ${names('account')}`, s),
        sponsorship: await rows(db, `select day, calls from sponsorship_usage where ${names('account')}`, s),
      }),
      async erase(s, tx) {
        let n = 0;
        n += await count(tx, `delete from passkey_credentials where ${names('account')}`, s);
        n += await count(tx, `delete from passkey_challenges where ${names('coalesce(account, \'\')')}`, s);
        n += await count(tx, `delete from owner_invitations where ${names('account')}`, s);
        n += await count(tx, `delete from sponsorship_usage where ${names('account')}`, s);
        n += await count(tx, `delete from passkey_accounts where ${names('account')}`, s);
        return n;
      },
    },
    tableSource({
      name: 'operations-requests',
      what: 'Requests you made to the operations API and their answers (kept to answer a retry the same).',
      where: "Marque's database, table idempotent_requests.",
      why: 'So that a request sent twice is done once.',
      retention: 'Until you erase your data.',
      table: 'idempotent_requests',
      columns: ['idempotency_key', 'status', 'created_at'],
      match: `${names('caller')} or ${mentions("coalesce(response::text, '')")}`,
    }),
    {
      name: 'operations-audit',
      what: "Entries of the staff's audit log about you (an order for you, a profile minted to you).",
      where: "Marque's database, table audit_log.",
      why: 'Accountability of what staff did; on erasure the entries stay without your address.',
      retention: 'Your address is removed from them when you erase your data.',
      export: (s, db) => rows(db, `select at, action, subject, details from audit_log where ${mentions('subject')} or ${mentions('details::text')} or ${names('actor')}`, s),
      async erase(s, tx) {
        return count(
          tx,
          `update audit_log set
             actor = case when ${names('actor')} then 'erased' else actor end,
             subject = regexp_replace(subject, $1, 'erased', 'gi'),
             details = regexp_replace(details::text, $1, 'erased', 'gi')::jsonb
           where ${mentions('subject')} or ${mentions('details::text')} or ${names('actor')}`,
          s,
        );
      },
    },
    tableSource({
      name: 'webhook-outbox',
      what: "Notifications about you waiting for, or already sent to, the brand's own systems (a twin minted to you, an invitation you accepted).",
      where: "Marque's database, table webhook_deliveries.",
      why: "To tell the brand's order and CRM systems what happened.",
      retention: 'Until delivered and then until you erase your data.',
      table: 'webhook_deliveries',
      columns: ['event_type', 'state', 'created_at', 'delivered_at'],
      match: mentions('body'),
    }),
  ];
}

/**
 * What stays after an erasure, and why (the privacy page and README say the same): each a table and
 * the column that may still hold the address. The erasure test allows exactly these.
 */
export const RETAINED_AFTER_ERASURE: ReadonlyArray<{ table: string; columns: string[]; why: string }> = [
  {
    table: 'chain_logs / twins / twin_stages / passport_records / owner_profiles / event_pass_balances / event_pass_events',
    columns: [],
    why: 'A mirror of the public chain (token ownership and hashes only), read again from the chain at any time; no personal data is ever written on chain.',
  },
  {
    table: 'tx_jobs',
    columns: ['data', 'attempts', 'label'],
    why: 'The transactions the server sent, exactly as they are public on chain (an address and hashes in their calldata).',
  },
  {
    table: 'orders',
    columns: ['owner'],
    why: "The order desk's record of a sale: the address the twin was minted to, which the chain shows publicly as the twin's owner.",
  },
  {
    table: 'staff records (invites, launch_events, api_keys, webhook_subscriptions, stage_dates, dealers)',
    columns: ['issued_by', 'created_by', 'hosts', 'revoked_by', 'recorded_by', 'registered_by', 'address', 'dealer'],
    why: "What a brand-team member, host or dealer did in that role, kept for accountability; never a customer's data.",
  },
];
