import { describe, expect, it } from 'vitest';
import type { OwnerTwin, StageName } from '../../../../protocol/src/twin-api';
import { ownerView } from '../../owner/owner-journey';
import { GARAGE_OWNER, garageCars } from './garage-owner';

const twin = (tokenId: string, model: string, stage: StageName) => ({ tokenId, model, stage, currentConfiguration: { paint: `P-${tokenId}` } }) as unknown as OwnerTwin;

describe("the garage's owner car", () => {
  const delivered = twin('1', 'astrale-2025', 'Delivered');
  const paint = twin('2', 'aurore-1964', 'Paint');
  const twins = [paint, delivered];

  it('offers every twin, the first unless one was picked', () => {
    expect(ownerView(GARAGE_OWNER, twins)).toEqual({ choices: twins, twin: paint });
    expect(ownerView(GARAGE_OWNER, twins, '1').twin).toBe(delivered);
    expect(ownerView(GARAGE_OWNER, twins, '42').twin).toBe(paint);
  });

  it('puts the picked twin on the spot as previewed, else as it is', () => {
    expect(garageCars(ownerView(GARAGE_OWNER, twins, '1'), { paint: 'P-ORANGE-SOLAIRE' })).toEqual([{ model: 'astrale-2025', configuration: { paint: 'P-ORANGE-SOLAIRE' } }]);
    expect(garageCars(ownerView(GARAGE_OWNER, twins, '1'))).toEqual([{ model: 'astrale-2025', configuration: delivered.currentConfiguration }]);
    expect(garageCars(ownerView(GARAGE_OWNER, undefined))).toBeUndefined();
  });
});
