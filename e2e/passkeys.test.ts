import path from 'node:path';
import type { Page } from 'playwright-core';
import { type Address, createPublicClient, createWalletClient, http, parseEventLogs } from 'viem';
import { foundry } from 'viem/chains';
import { describe, expect, it, vi } from 'vitest';
import { marqueTwinAbi } from '../protocol/src/contracts/abis';
import { keepPicture, setUpWorld, TEST_OUTPUT_DIR } from './world';
import { callApi, chainAccount, signInThroughApi } from './api';

// 2D pages only (no WebGL): each step waits on what the page shows, with room for a loaded machine.
vi.setConfig({ testTimeout: 240_000 });

const harness = setUpWorld();
const staff = chainAccount(0);
const ASTRALE = { paint: 'P-BLANC-NACRE', wheel: 'W-FORGED-21', caliper: 'C-ROUGE', interior: 'I-COGNAC', trim: 'T-TITANE-BROSSE' };

/** A call on the API as the order desk (the staff wallet, which holds MarqueTwin's ISSUER_ROLE). */
async function asOrderDesk<T>(route: string, body: unknown): Promise<T> {
  const { token } = await signInThroughApi(harness, staff);
  return callApi<T>(harness, route, { auth: token, body });
}

/** A page whose browser holds a platform authenticator (Face ID, Touch ID …) of its own, through the DevTools protocol. */
async function pageWithAuthenticator(): Promise<Page> {
  const page = await harness.newPage({ viewport: { width: 480, height: 720 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return page;
}

describe('an owner without a wallet', () => {
  it('accepts an invitation with a passkey, finds the twin in the garage, applies an add-on with no ETH, signs in again, and pairs a second device', async () => {
    const { rpcUrl, deployment } = harness.stack;
    const chain = createPublicClient({ chain: foundry, transport: http(rpcUrl), pollingInterval: 50 });

    // The order desk confirms an order: an invitation, and the twin minted to its account before any passkey exists.
    const invitation = await asOrderDesk<{ url: string; account: Address }>('/api/owner-invitations', { orderRef: `e2e-${Date.now()}` });
    const { configurationHash } = await asOrderDesk<{ configurationHash: `0x${string}` }>('/api/configurations', { model: 'astrale-2025', configuration: ASTRALE });
    const desk = createWalletClient({ account: staff, chain: foundry, transport: http(rpcUrl) });
    const receipt = await chain.waitForTransactionReceipt({
      hash: await desk.writeContract({ address: deployment.twin.address, abi: marqueTwinAbi, functionName: 'mint', args: [invitation.account, 'astrale-2025', configurationHash] }),
    });
    const [minted] = parseEventLogs({ abi: marqueTwinAbi, logs: receipt.logs, eventName: 'Transfer' });
    const tokenId = minted!.args.tokenId.toString();

    // The owner opens the link on their laptop and creates a passkey: the garage, with the twin, no address anywhere.
    const laptop = await pageWithAuthenticator();
    await laptop.goto(invitation.url);
    const create = laptop.getByRole('button', { name: 'Create my passkey' });
    await laptop.waitForFunction(() => !document.querySelector<HTMLButtonElement>('section[aria-label="Your invitation"] button')?.disabled, undefined, { timeout: 60_000 });
    await keepPicture(laptop, path.join(TEST_OUTPUT_DIR, 'passkeys-invitation.png'));
    await create.click();
    const car = laptop.getByRole('article', { name: `Astrale GT #${tokenId}` });
    await car.getByTestId('twin-stage').filter({ hasText: 'Ordered' }).waitFor({ timeout: 60_000 });
    expect(await laptop.locator('body').innerText()).not.toMatch(/0x[0-9a-fA-F]{8}/);
    await keepPicture(laptop, path.join(TEST_OUTPUT_DIR, 'passkeys-garage.png'));

    // An add-on, signed with the passkey and paid by the marque: the account never holds ETH.
    await car.getByRole('button', { name: 'Apply Orange Solaire livery' }).click();
    await car.getByTestId('twin-addons').filter({ hasText: 'Orange Solaire livery' }).waitFor({ timeout: 60_000 });
    expect(await chain.getBalance({ address: invitation.account })).toBe(0n);

    // Signed out and back in with the same passkey.
    await laptop.getByRole('button', { name: 'Sign out' }).click();
    await laptop.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await car.getByTestId('twin-addons').filter({ hasText: 'Orange Solaire livery' }).waitFor({ timeout: 60_000 });

    // A second device (a phone with its own authenticator) opens the pairing link; the laptop confirms it.
    await laptop.getByRole('button', { name: 'Add another device' }).click();
    const pairing = await laptop.getByTestId('pairing-link').getAttribute('href');
    const phone = await pageWithAuthenticator();
    await phone.goto(pairing!);
    await phone.getByRole('button', { name: 'Create a passkey on this device' }).click();
    await phone.getByRole('heading', { name: 'Almost there' }).waitFor({ timeout: 60_000 });
    await laptop.getByRole('button', { name: 'Confirm the new device' }).click({ timeout: 60_000 });
    await laptop.getByTestId('device-count').filter({ hasText: /^2 device/ }).waitFor({ timeout: 60_000 });

    // The phone signs in with its own passkey and applies an add-on of its own.
    await phone.getByRole('button', { name: 'Sign in with a passkey' }).click();
    const onPhone = phone.getByRole('article', { name: `Astrale GT #${tokenId}` });
    await onPhone.getByRole('button', { name: 'Apply Argent Lunaire livery' }).click({ timeout: 60_000 });
    await onPhone.getByTestId('twin-addons').filter({ hasText: 'Argent Lunaire livery' }).waitFor({ timeout: 60_000 });
    expect(await chain.getBalance({ address: invitation.account })).toBe(0n);
    await keepPicture(phone, path.join(TEST_OUTPUT_DIR, 'passkeys-second-device.png'));
  });
});
