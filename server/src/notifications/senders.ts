import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import webpush from 'web-push';
import { MarqueError } from '../../../protocol/src/errors';
import type { OutboxMail, PushMessage } from '../../../protocol/src/notifications-api';
import type { Database } from '../db/database';

/** Why a send failed: `retry` later, or `permanent` (the target is gone or refuses for good). */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** For push: the subscription is gone (404/410) and is forgotten. */
    readonly gone = false,
  ) {
    super(message);
  }
}

/** The server's VAPID key pair. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The VAPID key pair: from the environment when both keys are set, else the one kept in the
 * database, made once (under `npm start` the embedded database lives in the data folder; on
 * PostgreSQL every process shares it).
 */
export async function vapidKeys(db: Database, env: { VAPID_PUBLIC_KEY?: string; VAPID_PRIVATE_KEY?: string }): Promise<VapidKeys> {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY };
  if (env.VAPID_PUBLIC_KEY || env.VAPID_PRIVATE_KEY) {
    throw new MarqueError('config', `VAPID_${env.VAPID_PUBLIC_KEY ? 'PRIVATE' : 'PUBLIC'}_KEY is unset while its pair is set`, {
      reason: 'bad-config',
      details: 'set both VAPID keys (npx web-push generate-vapid-keys makes a pair), or neither to use the pair kept in the database',
    });
  }
  const made = webpush.generateVAPIDKeys();
  await db.query('insert into vapid_keys (id, public_key, private_key) values (1, $1, $2) on conflict (id) do nothing', [made.publicKey, made.privateKey]);
  const [row] = await db.query<{ public_key: string; private_key: string }>('select public_key, private_key from vapid_keys where id = 1');
  return { publicKey: row!.public_key, privateKey: row!.private_key };
}

/** Sends Web Push messages signed with the server's VAPID key. */
export class PushSender {
  constructor(
    private readonly keys: VapidKeys,
    /** `mailto:` or `https:` contact the push services may use (VAPID's `sub`). */
    private readonly contact: string,
    private readonly timeoutMs = 10_000,
  ) {}

  get publicKey(): string {
    return this.keys.publicKey;
  }

  /**
   * Sends `message` to one subscription; `key` is the delivery's idempotency key (the push topic:
   * a resend replaces one the push service has not delivered yet). web-push encrypts and signs;
   * fetch sends, so a push service on loopback over plain HTTP (web-push-testing) works too.
   */
  async send(subscription: { endpoint: string; p256dh: string; auth: string }, message: PushMessage, key: string): Promise<void> {
    let request: ReturnType<typeof webpush.generateRequestDetails>;
    try {
      request = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, JSON.stringify(message), {
        vapidDetails: { subject: this.contact, publicKey: this.keys.publicKey, privateKey: this.keys.privateKey },
        TTL: 7 * 86_400,
        // Topics are at most 32 base64url characters.
        topic: key.replace(/[^A-Za-z0-9_-]/g, '').slice(-32),
      });
    } catch (error) {
      throw new SendFailure(`push: the message could not be encrypted for this subscription: ${(error as Error).message}`, true);
    }
    let response: Response;
    try {
      response = await fetch(request.endpoint, {
        method: request.method,
        headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
        body: request.body ? new Uint8Array(request.body) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SendFailure(`push: could not reach the push service: ${(error as Error).message}`, false);
    }
    if (response.ok) return;
    const status = response.status;
    const answer = (await response.text().catch(() => '')).slice(0, 200);
    if (status === 404 || status === 410) throw new SendFailure(`push: the push service says the subscription is gone (${status})`, true, true);
    if (status === 429 || status >= 500) throw new SendFailure(`push: the push service answered ${status}; trying again later`, false);
    throw new SendFailure(`push: the push service refused the message (${status}: ${answer})`, true);
  }
}

/** A mail as the outbox sends it. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Where mails go: an SMTP server, or the local outbox folder. */
export interface MailSender {
  readonly kind: 'smtp' | 'folder';
  /** Sends once per `key` as far as the sender can tell (the folder: exactly once; SMTP: the same Message-ID on a resend). */
  send(mail: Mail, key: string, subject: string): Promise<void>;
  close(): void;
}

/** Mails through the SMTP server of `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…`). */
export function smtpSender(url: string, from: string, messageIdDomain: string): MailSender {
  const transport = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(mail, key) {
      try {
        await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, messageId: `<${key}@${messageIdDomain}>` });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx: the server refuses this mail for good (no such mailbox); else try again later.
        throw new SendFailure(`email: ${(error as Error).message}`, code !== undefined && code >= 500 && code < 600);
      }
    },
    close() {
      transport.close();
    },
  };
}

/** The local outbox: one JSON file per mail in `dir`, written once (a resend of the same key finds it there). */
export function folderSender(dir: string): MailSender & { list(limit?: number): Promise<OutboxMail[]> } {
  return {
    kind: 'folder',
    async send(mail, key, subject) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, `${key}.json`);
      const record: OutboxMail & { person: string } = { key, to: mail.to, subject: mail.subject, text: mail.text, createdAt: new Date().toISOString(), person: subject };
      try {
        // Written aside and renamed: a crash never leaves half a mail under its name.
        const partial = `${file}.${process.pid}.part`;
        await writeFile(partial, JSON.stringify(record), { mode: 0o600 });
        // link() fails if the name exists: exactly one mail per key.
        await link(partial, file).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
        await rm(partial, { force: true });
      } catch (error) {
        throw new SendFailure(`email: could not write the local outbox ${dir}: ${(error as Error).message}`, false);
      }
    },
    async list(limit = 100) {
      const names = await readdir(dir).catch(() => [] as string[]);
      const mails = await Promise.all(
        names
          .filter((n) => n.endsWith('.json'))
          .map(async (n) => {
            try {
              const { person: _person, ...mail } = JSON.parse(await readFile(path.join(dir, n), 'utf8')) as OutboxMail & { person?: string };
              return mail;
            } catch {
              return undefined;
            }
          }),
      );
      return mails.filter((m): m is OutboxMail => m !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
    },
    close() {},
  };
}

/** The local outbox's mails naming `subject` are erased (privacy). */
export async function eraseFolderMails(dir: string, subject: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let erased = 0;
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = path.join(dir, name);
    const person = await readFile(file, 'utf8').then((t) => (JSON.parse(t) as { person?: string }).person, () => undefined);
    if (person === subject) {
      await rm(file, { force: true });
      erased++;
    }
  }
  return erased;
}

/** The `mailto:` contact VAPID needs, from MAIL_FROM (`Marque <news@example>`). */
export function vapidContact(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
    throw new MarqueError('notifications', `MAIL_FROM ${JSON.stringify(mailFrom)} holds no mail address`, {
      reason: 'bad-config',
      details: 'set MAIL_FROM to an address, as "Marque <news@marque.example>"',
    });
  }
  return `mailto:${address}`;
}
