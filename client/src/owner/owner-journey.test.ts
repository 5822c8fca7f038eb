import { describe, expect, it } from 'vitest';
import { FACTORY_STAGES } from '../../../protocol/src/factory-line';
import type { OwnerTwin, StageName } from '../../../protocol/src/twin-api';
import { offeredConfiguration } from '../world/shared/variants';
import {
  addOnFits,
  explainTransactionError,
  formatMileage,
  garageConfiguration,
  hasAddOn,
  ownerView,
  shortAddress,
  stageTimeline,
  STAGES,
  stationAnchor,
  twinsInProduction,
} from './owner-journey';

function twin(tokenId: string, model: string, stage: StageName, extra: Partial<OwnerTwin> = {}): OwnerTwin {
  const reached = STAGES.slice(0, STAGES.findIndex((s) => s.stage === stage) + 1);
  return {
    tokenId,
    model,
    modelName: model,
    orderedConfiguration: { paint: 'P-NOIR' },
    currentConfiguration: { paint: 'P-NOIR', wheel: 'W-ARGENT-20' },
    addOns: [],
    stage,
    stages: reached.map((s, i) => ({ stage: s.stage, at: `2026-01-0${i + 1}T10:00:00.000Z`, transactionHash: `0x${i}` })),
    version: stage === 'Delivered' ? '2.0' : '1.0',
    showcasePublic: false,
    showcaseUrl: `http://localhost/?showcase=${tokenId}`,
    modelUrl: `/api/twins/${tokenId}/model.glb`,
    configurationHash: '0x01',
    currentConfigurationHash: '0x01',
    ...extra,
  };
}

const car = { variants: { paint: ['P-BLEU-MINUIT', 'P-NOIR', 'P-ORANGE-SOLAIRE'], wheel: ['W-ARGENT-20', 'W-FORGED-21'] } };

describe('the production timeline', () => {
  it('marks the stages reached as done with their dates, the twin’s stage as current and the rest ahead', () => {
    const steps = stageTimeline(twin('2', 'aurore-1964', 'Paint'));
    expect(steps.map((s) => [s.stage, s.state])).toEqual([
      ['Ordered', 'done'],
      ['BodyShop', 'done'],
      ['Paint', 'current'],
      ['Assembly', 'ahead'],
      ['Quality', 'ahead'],
      ['Delivered', 'ahead'],
    ]);
    expect(steps[0]).toMatchObject({ label: 'Ordered', at: '2026-01-01T10:00:00.000Z', transactionHash: '0x0' });
    expect(steps[2]).toMatchObject({ label: 'Paint shop', at: '2026-01-03T10:00:00.000Z' });
    expect(steps[3]!.at).toBeUndefined();
  });

  it('keeps a stage the history lacks without a date', () => {
    const steps = stageTimeline({ stage: 'Assembly', stages: [{ stage: 'Ordered', at: '2026-01-01T00:00:00Z', transactionHash: '0x1' }] });
    expect(steps[1]).toMatchObject({ stage: 'BodyShop', state: 'done' });
    expect(steps[1]!.at).toBeUndefined();
  });

  it("names the factory environment's station anchors, in the same order as its stages", () => {
    expect(STAGES.map((s) => stationAnchor(s.stage))).toEqual(FACTORY_STAGES.map((station) => `anchor_station_${station}`));
  });
});

describe('configurations in the garage', () => {
  it('keeps only the codes the car offers', () => {
    expect(offeredConfiguration(car, { paint: 'P-ORANGE-SOLAIRE', wheel: 'W-CHROME-RAYONS', interior: 'I-COGNAC' })).toEqual({ paint: 'P-ORANGE-SOLAIRE' });
    expect(offeredConfiguration(car, undefined)).toEqual({});
  });

  it('layers the current configuration, the picks and the add-on tried', () => {
    const astrale = twin('1', 'astrale-2025', 'Delivered');
    expect(garageConfiguration(astrale)).toEqual({ paint: 'P-NOIR', wheel: 'W-ARGENT-20' });
    expect(garageConfiguration(astrale, { wheel: 'W-FORGED-21' }, { sets: { paint: 'P-ORANGE-SOLAIRE' } })).toEqual({ paint: 'P-ORANGE-SOLAIRE', wheel: 'W-FORGED-21' });
  });

  it('offers an add-on only to a car with every code it sets', () => {
    expect(addOnFits(car, { sets: { paint: 'P-ORANGE-SOLAIRE' } })).toBe(true);
    expect(addOnFits(car, { sets: { paint: 'P-ORANGE-SOLAIRE', caliper: 'C-ROUGE' } })).toBe(false);
    expect(addOnFits(car, { sets: {} })).toBe(false);
  });

  it('finds an applied add-on whatever the case of its hex id', () => {
    const withAddOn = twin('1', 'astrale-2025', 'Delivered', { addOns: ['0xABCDEF'] });
    expect(hasAddOn(withAddOn, '0xabcdef')).toBe(true);
    expect(hasAddOn(withAddOn, '0xabcd00')).toBe(false);
  });
});

describe('which twins a zone is about', () => {
  const delivered = twin('1', 'astrale-2025', 'Delivered');
  const paint = twin('2', 'aurore-1964', 'Paint');
  const assembly = twin('3', 'celeste-1988', 'Paint');
  const twins = [paint, delivered, assembly];

  it('offers every twin by default, the first unless one was picked', () => {
    expect(ownerView({}, twins)).toEqual({ choices: twins, twin: paint });
    expect(ownerView({}, twins, '1').twin).toBe(delivered);
    expect(ownerView({}, twins, '42').twin).toBe(paint);
  });

  it("follows the zone's choice of what to offer and where to start", () => {
    expect(twinsInProduction(twins)).toEqual([paint, assembly]);
    expect(ownerView({ offers: twinsInProduction }, twins, '1')).toEqual({ choices: [paint, assembly], twin: paint });
    expect(ownerView({ first: (choices) => choices[2] }, twins).twin).toBe(assembly);
    expect(ownerView({ first: (choices) => choices[2] }, twins, '2').twin).toBe(paint);
  });

  it('has nothing in a zone without owners\' cars or before the twins are known', () => {
    expect(ownerView(undefined, twins)).toEqual({ choices: [] });
    expect(ownerView({}, undefined)).toEqual({ choices: [] });
  });
});

describe('what an owner reads', () => {
  it('shortens addresses and formats mileage', () => {
    expect(shortAddress('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')).toBe('0xf39F…2266');
    expect(shortAddress('0x1234')).toBe('0x1234');
    expect(formatMileage(1500, 'en-US')).toBe('1,500 km');
  });

  it('explains a declined transaction, however deep viem nests it', () => {
    const declined = { name: 'ContractFunctionExecutionError', message: 'x', cause: { name: 'UserRejectedRequestError', message: 'User rejected the request.' } };
    expect(explainTransactionError(declined)).toBe('You declined the transaction in your wallet: nothing was applied.');
    expect(explainTransactionError({ name: 'Error', code: 4001, message: 'denied' })).toMatch(/declined/);
  });

  it("names the contract's refusal by its custom error", () => {
    const reverted = {
      name: 'ContractFunctionExecutionError',
      shortMessage: 'The contract function "applyAddOn" reverted.',
      cause: { name: 'ContractFunctionRevertedError', data: { errorName: 'MarqueTwinAddOnAlreadyApplied', args: [1n, '0x01'] } },
    };
    expect(explainTransactionError(reverted)).toBe('The contract refused the add-on: Your car already carries this add-on.');
    expect(explainTransactionError({ name: 'ContractFunctionRevertedError', data: { errorName: 'SomethingNew' } })).toBe('The contract refused the add-on: SomethingNew');
    expect(explainTransactionError({ name: 'TransactionRevertedError', message: 'The transaction 0x12 was reverted: nothing was applied.' })).toMatch(/reverted: nothing was applied/);
  });

  it('says when the wallet is not connected, and otherwise gives the first line of the error', () => {
    expect(explainTransactionError({ name: 'ConnectorNotConnectedError', message: 'Connector not connected.' })).toMatch(/sign in again/);
    expect(explainTransactionError(new Error('HTTP request failed.\n\nURL: /rpc'))).toBe('HTTP request failed.');
    expect(explainTransactionError('plain')).toBe('plain');
  });
});
