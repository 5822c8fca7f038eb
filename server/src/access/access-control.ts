import type { Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import type { RoomName } from '../../../protocol/src/messages';
import type { ChainFacts } from './chain-facts';
import { evaluateRule, readsChain, type Visitor } from './evaluate';
import { describeRule, type AccessRule, type Role } from '../../../protocol/src/access-rules';

/** A zone as admission sees it: its rule and what it is called in refusals (rooms/policies.ts). */
export interface ZoneAccess {
  title: string;
  access: AccessRule;
}

/** A room whose members may lose access while inside; see {@link AccessControl.watch}. */
export interface GuardedRoom {
  readonly zone: RoomName;
  /** Signed-in members, by session id, as they were admitted (wallet and invitation scopes). */
  signedIn(): { sessionId: string; visitor: Visitor & { address: Address } }[];
  /** Moves a member out with a message saying why. */
  revoke(sessionId: string, message: string): void;
}

/**
 * Admits visitors to zones by their rules, gives them their badge, and follows the chain:
 * when a transfer takes away what a member needed, they are moved out of the room with the
 * reason (the indexer reports transfers within a poll of being mined).
 */
export class AccessControl {
  private readonly rooms = new Set<GuardedRoom>();

  constructor(
    private readonly facts: ChainFacts,
    /** Each zone's rule and title: the rooms' policies (rooms/policies.ts `ROOM_POLICIES`). */
    private readonly zones: Record<RoomName, ZoneAccess>,
  ) {}

  /**
   * Lets a visitor in, or refuses with a message that says what is missing and what to do.
   * @throws MarqueError 401 (a guest where a wallet is needed), 403 (the wallet lacks it),
   * 503 (the chain cannot be read).
   */
  async admit(zone: RoomName, visitor: Visitor): Promise<void> {
    await this.admitByRule(this.zones[zone].access, visitor, { unit: zone, title: `the ${this.zones[zone].title}` });
  }

  /**
   * Lets a visitor in where `rule` allows it (a launch event's rule), or refuses like {@link admit};
   * `title` names the place in the refusal (`the launch "Astrale reveal"`).
   */
  async admitByRule(rule: AccessRule, visitor: Visitor, { unit, title }: { unit: string; title: string }): Promise<void> {
    const decision = await evaluateRule(rule, visitor, this.facts);
    if (decision.allowed) return;
    if (!visitor.address) {
      throw new MarqueError(unit, `${title} is for visitors with ${describeRule(rule)} — sign in with the wallet that holds it`, {
        status: 401,
        reason: 'sign-in-required',
      });
    }
    throw new MarqueError(unit, `this wallet does not hold ${decision.missing}, which ${title} asks for`, {
      status: 403,
      reason: 'not-allowed',
    });
  }

  /** Whether the wallet holds an on-chain role (dealer, brand team). */
  hasRole(role: Role, address: Address): Promise<boolean> {
    return this.facts.hasRole(role, address);
  }

  /** The name-tag badge of a signed-in wallet: brand team, dealer, owner, or none. */
  async badge(address: Address): Promise<string> {
    if (await this.facts.hasRole('brand-team', address)) return 'brand-team';
    if (await this.facts.hasRole('dealer', address)) return 'dealer';
    return (await this.facts.balanceOf('twin', address)) > 0n ? 'owner' : '';
  }

  /** Follows a room whose rule reads the chain; returns the function that stops following it. */
  watch(room: GuardedRoom): () => void {
    if (!readsChain(this.zones[room.zone].access)) return () => {};
    this.rooms.add(room);
    return () => this.rooms.delete(room);
  }

  /**
   * A token moved from `from` to `to`: answers about both are forgotten, and every member
   * who was `from` is checked again and moved out if the zone no longer admits them.
   */
  async transferred(from: Address, to: Address): Promise<void> {
    this.facts.forget(from, to);
    const checks: Promise<void>[] = [];
    for (const room of this.rooms) {
      for (const member of room.signedIn()) {
        if (member.visitor.address.toLowerCase() !== from.toLowerCase()) continue;
        checks.push(
          evaluateRule(this.zones[room.zone].access, member.visitor, this.facts).then(
            (decision) => {
              if (decision.allowed) return;
              room.revoke(
                member.sessionId,
                `You left the ${this.zones[room.zone].title}: this wallet no longer holds ${decision.missing} (it was just transferred).`,
              );
            },
            // The chain did not answer: the member stays; the next transfer or join checks again.
            () => {},
          ),
        );
      }
    }
    await Promise.all(checks);
  }
}
