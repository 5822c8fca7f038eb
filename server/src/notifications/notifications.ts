import type { NotificationChannel, NotificationKind } from '../../../protocol/src/notifications-api';
import type { Database } from '../db/database';
import type { ChainIndexer } from '../indexer/chain-indexer';
import type { IndexQueries } from '../indexer/index-queries';
import type { StageEvent } from '../indexer/indexer-events';
import { modelInfo } from '../twins/twin-views';
import { NotificationCenter, type NotificationCenterOptions, type NotifyPayload, type NotifyResult } from './notification-center';
import { NotificationOutbox, type NotificationOutboxOptions } from './notification-outbox';
import { AppointmentNews } from './appointment-news';
import { AddOnNews, tellLaunchInvitation } from './brand-news';
import type { TransferEvent } from '../indexer/indexer-events';
import { checkServiceDue, SERVICE_POLICY_DEFAULTS, type ServicePolicy } from './service-due';
import { folderSender, PushSender, smtpSender, vapidContact, vapidKeys, type MailSender } from './senders';

/** Options of {@link createNotifications}. */
export interface NotificationsOptions {
  db: Database;
  env: { SMTP_URL?: string; MAIL_FROM: string; VAPID_PUBLIC_KEY?: string; VAPID_PRIVATE_KEY?: string; PUBLIC_URL: string };
  /** The local outbox folder (mails kept there when SMTP_URL is unset); absent with no SMTP_URL: no email channel. */
  mailOutboxDir?: string;
  /** Stage changes of twins become notifications to their owners. */
  indexer?: ChainIndexer;
  index?: IndexQueries;
  /** A stage reached longer ago than this (the indexer reading old blocks) is not news. */
  stageNewsMaxAgeMs?: number;
  /** How often delivered cars are checked for a service due (default hourly; 0: never). */
  serviceCheckIntervalMs?: number;
  servicePolicy?: ServicePolicy;
  /** How often approved add-ons are looked for (default 5 s; 0: not followed). */
  addOnPollMs?: number;
  /** How often appointment steps (server/src/journey) are looked for (default 2 s; 0: not followed). */
  appointmentPollMs?: number;
  center?: Partial<Omit<NotificationCenterOptions, 'db' | 'available' | 'onQueued'>>;
  outbox?: Partial<Omit<NotificationOutboxOptions, 'db' | 'push' | 'mail' | 'publicUrl'>>;
}

/** The notification centre, its outbox and senders; `notify` is what other units call. */
export interface Notifications {
  center: NotificationCenter;
  outbox: NotificationOutbox;
  /** The server's VAPID public key (browsers subscribe with it). */
  pushPublicKey: string;
  /** The SMTP server or the local outbox folder. */
  mail?: MailSender;
  /** The local outbox's mails (no SMTP_URL), for the outbox page. */
  localOutbox?: ReturnType<typeof folderSender>;
  mailOutboxDir?: string;
  /** Appointment steps told to the other party; absent when not followed. */
  appointments?: AppointmentNews;
  /** Approved add-ons told to the owners of the cars they fit; absent when not followed. */
  addOns?: AddOnNews;
  /** Checks every delivered car now and tells owners whose service is due; answers how many were told. */
  checkServiceDue(now?: Date): Promise<number>;
  /** Tells `subject` about something; see {@link NotificationCenter.notify}. */
  notify(subject: string, kind: NotificationKind, payload: NotifyPayload): Promise<NotifyResult | undefined>;
  close(): Promise<void>;
}

const STAGE_NEWS: Record<string, string> = {
  BodyShop: 'is in the body shop',
  Paint: 'is in the paint shop',
  Assembly: 'is being assembled',
  Quality: 'is in quality control',
  Delivered: 'has been delivered — its twin is now version 2.0',
};

/**
 * Builds the notification centre: the VAPID key (env or made once and kept in the database), mail
 * through SMTP_URL or the local outbox folder, the outbox worker, and the chain indexer's stage
 * changes told to the twin's owner.
 */
export async function createNotifications(options: NotificationsOptions): Promise<Notifications> {
  const { db, env } = options;
  const keys = await vapidKeys(db, env);
  const push = new PushSender(keys, vapidContact(env.MAIL_FROM));
  const localOutbox = !env.SMTP_URL && options.mailOutboxDir ? folderSender(options.mailOutboxDir) : undefined;
  const mail: MailSender | undefined = env.SMTP_URL ? smtpSender(env.SMTP_URL, env.MAIL_FROM, new URL(env.PUBLIC_URL).hostname) : localOutbox;
  const available: NotificationChannel[] = mail ? ['push', 'email'] : ['push'];
  const outbox = new NotificationOutbox({ db, push, mail, publicUrl: env.PUBLIC_URL, ...options.outbox });
  const center = new NotificationCenter({ db, available: () => available, onQueued: () => outbox.kick(), ...options.center });
  outbox.start();

  const maxAge = options.stageNewsMaxAgeMs ?? 7 * 86_400_000;
  const onStage = (event: StageEvent) => {
    void (async () => {
      const twin = await options.index?.twin(event.tokenId);
      if (!twin || event.stage === 0) return;
      const reached = twin.stages.find((s) => s.stage === event.stage);
      if (reached && Date.now() - reached.at.getTime() > maxAge) return;
      const name = modelInfo(twin.model).name;
      await center.notify(twin.owner, 'stage', {
        key: `stage:${event.tokenId}:${event.stage}`,
        title: `Your ${name} ${STAGE_NEWS[event.stageName] ?? `reached ${event.stageName}`}`,
        body: event.stage === 5 ? 'Welcome to the owners\' garage: your car\'s twin shows its delivered configuration.' : 'Follow it on the factory line, where it stands at its station now.',
        link: event.stage === 5 ? '/?zone=garage' : '/?zone=factory',
        // What the page needs to say it in its own language (client/src/notifications/notification-text.ts).
        data: { tokenId: event.tokenId.toString(), stage: event.stage, stageName: event.stageName, modelName: name },
      });
    })().catch((error: unknown) => console.warn(`notifications: could not tell twin ${event.tokenId}'s owner of its stage: ${(error as Error).message}`));
  };
  options.indexer?.on('stage', onStage);

  // Invitations to launches: an access pass minted to a wallet.
  const onTransfer = (transfer: TransferEvent) => {
    if (transfer.contract !== 'eventPass') return;
    tellLaunchInvitation(db, transfer, (s, k, p) => center.notify(s, k, p)).catch((error: unknown) =>
      console.warn(`notifications: could not tell ${transfer.to} of their launch pass: ${(error as Error).message}`),
    );
  };
  options.indexer?.on('transfer', onTransfer);

  // New add-ons approved by the brand, told to the owners of the cars they fit.
  const addOnPollMs = options.addOnPollMs ?? 5_000;
  const indexer = options.indexer;
  const addOns = addOnPollMs > 0 && indexer ? new AddOnNews({ db, notify: (s, k, p) => center.notify(s, k, p), chainId: () => indexer.chainId, pollIntervalMs: addOnPollMs }) : undefined;
  addOns?.start();

  // Appointment steps (server/src/journey) told to the other party.
  const appointmentPollMs = options.appointmentPollMs ?? 2_000;
  const appointments = appointmentPollMs > 0 ? new AppointmentNews({ db, notify: (s, k, p) => center.notify(s, k, p), pollIntervalMs: appointmentPollMs }) : undefined;
  appointments?.start();

  // A service due by date or mileage, for every delivered car of the index.
  const serviceDue = (now = new Date()) =>
    options.indexer ? checkServiceDue(db, options.indexer.chainId, (s, k, p) => center.notify(s, k, p), now, options.servicePolicy ?? SERVICE_POLICY_DEFAULTS) : Promise.resolve(0);
  const serviceEvery = options.serviceCheckIntervalMs ?? 3_600_000;
  const serviceTimer =
    serviceEvery > 0 && options.indexer
      ? setInterval(() => void serviceDue().catch((error: unknown) => console.warn(`notifications: the service-due check failed: ${(error as Error).message}; trying again in an hour`)), serviceEvery)
      : undefined;
  serviceTimer?.unref();
  if (serviceTimer) void serviceDue().catch((error: unknown) => console.warn(`notifications: the service-due check failed: ${(error as Error).message}; trying again in an hour`));

  return {
    center,
    outbox,
    pushPublicKey: keys.publicKey,
    mail,
    localOutbox,
    mailOutboxDir: options.mailOutboxDir,
    appointments,
    addOns,
    checkServiceDue: serviceDue,
    notify: (subject, kind, payload) => center.notify(subject, kind, payload),
    async close() {
      options.indexer?.off('stage', onStage);
      options.indexer?.off('transfer', onTransfer);
      await addOns?.stop();
      clearInterval(serviceTimer);
      await appointments?.stop();
      await outbox.stop();
      mail?.close();
    },
  };
}
