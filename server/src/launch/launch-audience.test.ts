import { describe, expect, it } from 'vitest';
import { banKeys } from './launch-audience';

describe('banKeys', () => {
  it("follows a wallet's session only", () => {
    expect(banKeys('wallet:0xAa', { network: '10.0.0.1', device: 'd'.repeat(16) })).toEqual(['wallet:0xAa']);
  });

  it("follows a guest's session, its network and its device, skipping what is unknown", () => {
    expect(banKeys('guest:1', { network: '10.0.0.1', device: 'd'.repeat(16) })).toEqual(['guest:1', 'network:10.0.0.1', `device:${'d'.repeat(16)}`]);
    expect(banKeys('guest:1', { network: 'unknown' })).toEqual(['guest:1']);
    expect(banKeys('guest:1')).toEqual(['guest:1']);
  });
});
