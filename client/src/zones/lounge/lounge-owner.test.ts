import { describe, expect, it } from 'vitest';
import type { OwnerTwin, StageName } from '../../../../protocol/src/twin-api';
import { ownerView } from '../../owner/owner-journey';
import { LOUNGE_OWNER, loungeCars } from './lounge-owner';

const twin = (tokenId: string, model: string, stage: StageName) => ({ tokenId, model, stage, currentConfiguration: { paint: `P-${tokenId}` } }) as unknown as OwnerTwin;

describe("the lounge's owner cars", () => {
  const delivered = twin('1', 'astrale-2025', 'Delivered');
  const paint = twin('2', 'aurore-1964', 'Paint');
  const twins = [paint, delivered];

  it('offers every twin and starts with a delivered one', () => {
    expect(ownerView(LOUNGE_OWNER, twins)).toEqual({ choices: twins, twin: delivered });
    expect(ownerView(LOUNGE_OWNER, twins, '2').twin).toBe(paint);
    expect(ownerView(LOUNGE_OWNER, [paint]).twin).toBe(paint);
  });

  it('puts the picked car on the lift once delivered, and leaves the lift as published otherwise', () => {
    expect(loungeCars(ownerView(LOUNGE_OWNER, twins))).toEqual([{ model: 'astrale-2025', configuration: delivered.currentConfiguration }]);
    expect(loungeCars(ownerView(LOUNGE_OWNER, twins, '2'))).toBeUndefined();
    expect(loungeCars(ownerView(LOUNGE_OWNER, undefined))).toBeUndefined();
  });
});
