import type { Presence } from '@colyseus/core';
import type { AccessControl } from '../access/access-control';
import type { EventPassChain } from '../chain/event-pass-chain';
import type { ChatModerator } from '../rooms/chat';
import type { AttendanceLedger } from './attendance-ledger';
import { EventDefinitions } from './event-definitions';
import type { EventStore } from './event-store';
import { LaunchAudience } from './launch-audience';
import { LaunchBadges } from './launch-badges';
import { LaunchBus } from './launch-bus';
import { LaunchQuestions } from './launch-questions';
import { LaunchShow } from './launch-show';
import type { VisitLog } from './visit-log';

/** Options of {@link LaunchService}. */
export interface LaunchServiceOptions {
  store: EventStore;
  visits: VisitLog;
  access: AccessControl;
  presence: Presence;
  /** Questions pass the chat's moderation. */
  moderator: ChatModerator;
  /** Badges are signed with the server's relayer; absent without MarqueEventPass or a relayer. */
  eventPass?: EventPassChain;
  /** Who is at each event now, on every process: quotas, seats kept for signed-in attendees, live figures. */
  ledger: AttendanceLedger;
}

/**
 * Live launch events, as their parts: definitions, the audience and its admission, the hosts'
 * show and moderation, questions, badges, and the bus that carries an event's changes to every
 * instance on every process (the presence layer, Redis when scaled out). Routes and rooms use
 * the parts directly.
 */
export class LaunchService {
  readonly store: EventStore;
  readonly visits: VisitLog;
  readonly ledger: AttendanceLedger;
  readonly bus: LaunchBus;
  readonly events: EventDefinitions;
  readonly audience: LaunchAudience;
  readonly show: LaunchShow;
  readonly questions: LaunchQuestions;
  readonly badges: LaunchBadges;

  constructor(options: LaunchServiceOptions) {
    const { store, visits, ledger, access } = options;
    this.store = store;
    this.visits = visits;
    this.ledger = ledger;
    this.bus = new LaunchBus(options.presence);
    this.events = new EventDefinitions({ store, access });
    this.audience = new LaunchAudience({ store, access, ledger, visits });
    this.show = new LaunchShow({ store, bus: this.bus, audience: this.audience });
    this.questions = new LaunchQuestions({ store, bus: this.bus, moderator: options.moderator });
    this.badges = new LaunchBadges({ store, visits, eventPass: options.eventPass });
  }
}
