import { describe, expect, it } from 'vitest';
import type { OwnerTwin, StageName } from '../../../../protocol/src/twin-api';
import { ownerView } from '../../owner/owner-journey';
import { FACTORY_OWNER, factoryCars } from './factory-owner';

const twin = (tokenId: string, model: string, stage: StageName) => ({ tokenId, model, stage, currentConfiguration: { paint: `P-${tokenId}` } }) as unknown as OwnerTwin;

describe("the factory's owner cars", () => {
  const delivered = twin('1', 'astrale-2025', 'Delivered');
  const paint = twin('2', 'aurore-1964', 'Paint');
  const assembly = twin('3', 'celeste-1988', 'Paint');
  const twins = [paint, delivered, assembly];

  it('offers only the cars being built, the first unless one was picked', () => {
    expect(ownerView(FACTORY_OWNER, twins, '1')).toEqual({ choices: [paint, assembly], twin: paint });
    expect(ownerView(FACTORY_OWNER, twins, '3').twin).toBe(assembly);
    expect(ownerView(FACTORY_OWNER, [delivered])).toEqual({ choices: [], twin: undefined });
  });

  it('stands each car at its station, the picked one first', () => {
    expect(factoryCars(ownerView(FACTORY_OWNER, twins, '3'))).toEqual([
      { model: 'celeste-1988', anchor: 'anchor_station_paint', configuration: assembly.currentConfiguration },
      { model: 'aurore-1964', anchor: 'anchor_station_paint', configuration: paint.currentConfiguration },
    ]);
  });

  it('shows the line as published when no car is being built', () => {
    expect(factoryCars(ownerView(FACTORY_OWNER, [delivered]))).toBeUndefined();
    expect(factoryCars(ownerView(FACTORY_OWNER, undefined))).toBeUndefined();
  });
});
