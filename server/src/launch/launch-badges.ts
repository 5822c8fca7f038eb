import { getAddress, type Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import type { BadgeClaimGrant, LaunchEvent } from '../../../protocol/src/launch';
import type { EventPassChain } from '../chain/event-pass-chain';
import type { EventStore } from './event-store';
import type { VisitLog } from './visit-log';

/** Options of {@link LaunchBadges}. */
export interface LaunchBadgesOptions {
  store: EventStore;
  /** How long each attendee stayed. */
  visits: VisitLog;
  /** Badges are signed with the server's relayer; absent without MarqueEventPass or a relayer. */
  eventPass?: EventPassChain;
}

/** Attendance badges: a signed claim on MarqueEventPass for a wallet that stayed long enough. */
export class LaunchBadges {
  /** Badge events being created, by launch: one creation at a time per launch. */
  private readonly creatingChainEvents = new Map<string, Promise<string>>();

  constructor(private readonly options: LaunchBadgesOptions) {}

  /**
   * A signed claim to the event's attendance badge for a wallet that stayed at least the event's
   * minimum; the event is created on MarqueEventPass the first time a badge is claimed.
   * @throws MarqueError 403 `stay-too-short` saying how long they stayed, 503 without a signer.
   */
  async badge(id: string, wallet: Address): Promise<BadgeClaimGrant> {
    const event = await this.options.store.require(id);
    const eventPass = this.options.eventPass;
    if (!eventPass) {
      throw new MarqueError('events', 'badges are not configured on this server (EVENT_PASS_ADDRESS and a relayer with BRAND_TEAM_ROLE)', {
        status: 503,
        reason: 'badge-unavailable',
      });
    }
    const stayed = Math.floor(await this.options.visits.stayedSeconds(id, `wallet:${getAddress(wallet)}`));
    if (stayed < event.minimumStaySeconds) {
      throw new MarqueError(
        'events',
        `the badge of "${event.title}" is for attendees who stayed ${formatSeconds(event.minimumStaySeconds)}; you have stayed ${formatSeconds(stayed)}`,
        { status: 403, reason: 'stay-too-short' },
      );
    }
    const chainEventId = await this.chainEventOf(event, eventPass);
    const { claim, signature } = await eventPass.signClaim(BigInt(chainEventId), wallet);
    return {
      claim: { eventId: claim.eventId.toString(), attendee: claim.attendee, issuer: claim.issuer, deadline: claim.deadline.toString() },
      signature,
      eventPassAddress: eventPass.address,
      stayedSeconds: stayed,
    };
  }

  /**
   * The launch's event on MarqueEventPass (created at its first use): access passes for it are minted under it.
   * @throws MarqueError 503 without a signer.
   */
  async chainEventFor(id: string): Promise<bigint> {
    const event = await this.options.store.require(id);
    if (!this.options.eventPass) {
      throw new MarqueError('events', 'event passes are not configured on this server (EVENT_PASS_ADDRESS and a relayer with BRAND_TEAM_ROLE)', {
        status: 503,
        reason: 'badge-unavailable',
      });
    }
    return BigInt(await this.chainEventOf(event, this.options.eventPass));
  }

  /**
   * The launch's badge event on chain: the stored one if the chain still has it as this launch's
   * (the transaction that created it is still there), else a new one, stored. A chain that lost
   * its last blocks may have given the stored id to another launch since; ids stay unique to a
   * launch (see EventStore.setChainEvent). One creation at a time per launch.
   */
  private chainEventOf(event: LaunchEvent, eventPass: EventPassChain): Promise<string> {
    const running = this.creatingChainEvents.get(event.id);
    if (running) return running;
    const work = (async () => {
      const stored = await this.options.store.chainEventOf(event.id);
      if (stored) {
        const held = await eventPass.holdsEvent(BigInt(stored.chainEventId), stored.transactionHash).catch((cause: unknown) => {
          throw new MarqueError('events', 'the chain did not answer whether the badge\'s event exists; try again shortly', {
            status: 503,
            reason: 'badge-unavailable',
            cause,
          });
        });
        if (held) return stored.chainEventId;
        console.warn(`launch: the chain no longer has event ${stored.chainEventId}, the badge of "${event.title}" (${event.id}); it lost its last blocks. Creating it again`);
        await this.options.store.clearChainEvent(event.id, stored.chainEventId);
      }
      // Keyed by the launch and the lost event it replaces, if any: a restart finds the job already sent.
      const created = await eventPass.createEvent(`${event.id}:${stored?.chainEventId ?? 'first'}`, event.minimumStaySeconds);
      const chainEventId = created.eventId.toString();
      const cleared = await this.options.store.setChainEvent(event.id, chainEventId, created.transactionHash);
      for (const other of cleared) {
        console.warn(`launch: the chain gave event ${chainEventId} to "${event.title}" (${event.id}); launch ${other} held that id from before a chain rollback and will create its own at its next claim`);
      }
      return chainEventId;
    })().finally(() => this.creatingChainEvents.delete(event.id));
    this.creatingChainEvents.set(event.id, work);
    return work;
  }
}

/** `10 min 5 s`, `45 s`. */
export function formatSeconds(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes === 0 ? `${rest} s` : rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
