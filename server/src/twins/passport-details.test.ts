import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { recordDetailsHash } from '../../../protocol/src/twin-hashes';
import { PassportDetailsStore } from './passport-details';

/** Record details are kept before their record is relayed, then confirmed with its transaction. */

let db: Database;
beforeAll(async () => {
  db = await openDatabase();
});
afterAll(() => db.close());

const origin = { chainId: 31337, tokenId: 1n, dealer: '0x00000000000000000000000000000000000000aA' as const };

describe('PassportDetailsStore', () => {
  it('keeps details pending before the relay and notes the transaction once it is mined', async () => {
    const store = new PassportDetailsStore(db);
    const details = { summary: 'Annual service', parts: ['Oil filter'] };
    const hash = await store.savePending(details, origin);
    expect(hash).toBe(recordDetailsHash(details));
    // Readable as soon as kept: whatever happens after the relay, the record's details exist.
    expect((await store.detailsOf([hash])).get(hash)).toEqual(details);
    const row = async () => (await db.query<{ transaction_hash: string | null }>('select transaction_hash from passport_record_details where record_hash = $1', [hash]))[0];
    expect(await row()).toEqual({ transaction_hash: null });

    const tx = `0x${'ab'.repeat(32)}` as const;
    await store.confirm(hash, tx);
    expect(await row()).toEqual({ transaction_hash: tx });
    // A second relay attempt of the same details (a retry) changes nothing kept.
    await store.savePending(details, origin);
    await store.confirm(hash, `0x${'cd'.repeat(32)}`);
    expect(await row()).toEqual({ transaction_hash: tx });
  });
});
