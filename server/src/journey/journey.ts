import type { Database } from '../db/database';
import type { IndexQueries } from '../indexer/index-queries';
import type { PersonalDataRegistry } from '../privacy/personal-data';
import { Appointments } from './appointments';
import { PassportLinks } from './passport-links';
import type { VerificationChain } from './passport-verification';

/** The owner's journey beyond the garage: passport verification links and service appointments. */
export interface Journey {
  links: PassportLinks;
  appointments: Appointments;
  /** The chain and contracts the verification page reads and checks against. */
  chain: VerificationChain;
}

/** Builds {@link Journey} on the database and the chain index, and registers its personal data with `privacy`. */
export function createJourney(options: { db: Database; index: IndexQueries; chain: VerificationChain; privacy?: PersonalDataRegistry }): Journey {
  const chainId = () => options.chain.chainId;
  const journey: Journey = {
    links: new PassportLinks(options.db, chainId),
    appointments: new Appointments(options.db, () => options.index, chainId),
    chain: options.chain,
  };
  options.privacy?.register({
    name: 'appointments',
    what: 'Service appointments you asked a dealer for: the car, the dealer, the reason, the times you preferred, your note, and each step',
    where: "Marque's database (tables appointments and appointment_events)",
    why: 'To arrange the visit with the dealer you chose, at your request',
    retention: 'Until you erase it',
    export: (subject, db) =>
      db.query(
        `select a.id::text as id, a.token_id::text as token_id, a.dealer, a.reason, a.preferred_times, a.note, a.state, a.slot, a.created_at,
           coalesce((select json_agg(json_build_object('at', e.at, 'by', e.actor, 'action', e.action, 'slot', e.slot, 'note', e.note) order by e.id)
                     from appointment_events e where e.appointment_id = a.id), '[]'::json) as history
         from appointments a where a.owner = $1 order by a.id`,
        [subject.address],
      ),
    async erase(subject, tx) {
      // The events go with their appointment (on delete cascade).
      return (await tx.query('delete from appointments where owner = $1 returning 1 as gone', [subject.address])).length;
    },
  });
  options.privacy?.register({
    name: 'passport-links',
    what: "The passport verification links you made for your car: when, until when, whether withdrawn, how often opened (never who opened them)",
    where: "Marque's database (table passport_links)",
    why: "To let a prospective buyer read your car's certified history, at your request, for as long as you chose",
    retention: 'Until you erase it; a link stops working when it expires, when you withdraw it, or when the car is sold',
    export: (subject, db) =>
      db.query(
        'select id::text as id, token_id::text as token_id, created_at, expires_at, revoked_at, opened from passport_links where owner = $1 order by id',
        [subject.address],
      ),
    async erase(subject, tx) {
      return (await tx.query('delete from passport_links where owner = $1 returning 1 as gone', [subject.address])).length;
    },
  });
  return journey;
}
