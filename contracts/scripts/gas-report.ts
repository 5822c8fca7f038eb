import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hash,
  type Hex,
  http,
  keccak256,
  sha256,
  stringToBytes,
  stringToHex,
} from 'viem';
import { type HDAccount, mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { ANVIL_DEFAULTS, startAnvil } from '../../server/src/chain/anvil';
import { loadArtifact } from './compile';
import {
  BADGE_CLAIM_TYPES,
  eventPassDomain,
  passportDomain,
  SERVICE_KINDS,
  SERVICE_RECORD_TYPES,
  type ServiceRecord,
} from '../../protocol/src/contracts/contract-types';
import { deployContract, deployMarque, MARQUE_ROLES } from './deploy';
import { MarqueError } from '../../protocol/src/errors';
import { encodePasskeySignature, parseDerSignature, passkeyExecuteDigest } from '../../protocol/src/passkey-signature';
import { SoftwareAuthenticator } from '../test/software-authenticator';

/**
 * Gas used by each state-changing call the product makes, measured on a fresh anvil with the
 * contracts as `compile.ts` builds them (optimizer on, 200 runs, EVM cancun), against a plain ETH
 * transfer (21 000) sent in the same run. Prints a table and writes `bench/results/gas.json`.
 *
 *     npx tsx contracts/scripts/gas-report.ts
 */

/** One measured call. */
export interface GasRow {
  contract: string;
  call: string;
  gasUsed: number;
  /** What makes this figure what it is (the first of its kind, storage already written…). */
  note: string;
}

const RESULTS_FILE = path.resolve(import.meta.dirname, '..', '..', 'bench', 'results', 'gas.json');
const CONTRACTS = ['MarqueTwin', 'MarquePassport', 'MarqueOwnerProfile', 'MarqueEventPass'] as const;
const account = (addressIndex: number) => mnemonicToAccount(ANVIL_DEFAULTS.mnemonic, { addressIndex });
const [deployer, alice, bob, carol, dealer, relayer] = [account(0), account(1), account(2), account(3), account(4), account(5)];

/** Runs every measured call on a fresh anvil and returns the rows in the order they ran. */
export async function measureGas(): Promise<GasRow[]> {
  const anvil = await startAnvil();
  try {
    const publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl), pollingInterval: 50 });
    const walletOf = (account: HDAccount) => createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) });
    const abis = Object.fromEntries(
      await Promise.all(CONTRACTS.map(async (name) => [name, (await loadArtifact(name)).abi] as const)),
    ) as Record<(typeof CONTRACTS)[number], Abi>;
    const rows: GasRow[] = [];

    const mined = async (hash: Hash, what: string) => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new MarqueError('contracts', `gas report: ${what} reverted (${hash})`);
      return receipt;
    };
    const record = async (contract: string, call: string, note: string, hash: Hash) => {
      const { gasUsed } = await mined(hash, `${contract}.${call}`);
      rows.push({ contract, call, gasUsed: Number(gasUsed), note });
    };
    /** Calls of one contract: `measure` records the gas, `prepare` only sets the scene (as the deployer). */
    const on = (contract: (typeof CONTRACTS)[number], address: Address) => {
      const send = (account: HDAccount, functionName: string, args: readonly unknown[]) =>
        walletOf(account).writeContract({ address, abi: abis[contract], functionName, args });
      return {
        measure: async (account: HDAccount, functionName: string, args: readonly unknown[], note: string, label = functionName) =>
          record(contract, label, note, await send(account, functionName, args)),
        prepare: async (functionName: string, args: readonly unknown[]) =>
          mined(await send(deployer, functionName, args), `${contract}.${functionName}`),
      };
    };

    const transfer = await walletOf(deployer).sendTransaction({ to: bob.address, value: 1n });
    await record('(reference)', 'ETH transfer', 'intrinsic cost of any transaction', transfer);

    const deployment = await deployMarque({
      walletClient: walletOf(deployer),
      publicClient,
      admin: deployer.address,
      operator: deployer.address,
      twinBaseURI: 'https://marque.example/api/twins/',
      eventPassURI: 'https://marque.example/api/passes/{id}.json',
    });
    for (const [contract, { transactionHash }] of [
      ['MarqueTwin', deployment.twin],
      ['MarquePassport', deployment.passport],
      ['MarqueOwnerProfile', deployment.profile],
      ['MarqueEventPass', deployment.eventPass],
    ] as const) {
      await record(contract, 'deploy', 'once', transactionHash);
    }
    const twin = on('MarqueTwin', deployment.twin.address);
    const passport = on('MarquePassport', deployment.passport.address);
    const profile = on('MarqueOwnerProfile', deployment.profile.address);
    const eventPass = on('MarqueEventPass', deployment.eventPass.address);

    // Twins: the order confirmed, the car built, add-ons, a resale.
    const configuration = keccak256(stringToHex('astrale-2025|P-BLEU-MINUIT|ivory-leather'));
    const addOn = (code: string) => stringToHex(code, { size: 32 });
    await twin.measure(deployer, 'mint', [alice.address, 'astrale-2025', configuration], 'first twin of the collection', 'mint (first)');
    await twin.measure(deployer, 'mint', [bob.address, 'celeste-1988', configuration], 'typical: the counter already set');
    const firstStageNote = 'Ordered → BodyShop: the stage slot written the first time';
    await twin.measure(deployer, 'advanceStage', [1n, 1], firstStageNote, 'advanceStage (first)');
    await twin.prepare('advanceStage', [1n, 2]);
    await twin.measure(deployer, 'advanceStage', [1n, 3], 'Paint → Assembly');
    await twin.prepare('advanceStage', [1n, 4]);
    await twin.measure(deployer, 'advanceStage', [1n, 5], 'Quality → Delivered: version 2.0', 'advanceStage (delivery)');
    await twin.measure(deployer, 'approveAddOn', [addOn('A-TRACK-TELEMETRY')], 'admin, once per add-on');
    await twin.prepare('approveAddOn', [addOn('A-HERITAGE-LIVERY')]);
    await twin.measure(alice, 'applyAddOn', [1n, addOn('A-TRACK-TELEMETRY')], "the twin's first add-on", 'applyAddOn (first)');
    const secondAddOnNote = 'a second one, sorted in before the first';
    await twin.measure(alice, 'applyAddOn', [1n, addOn('A-HERITAGE-LIVERY')], secondAddOnNote, 'applyAddOn (second)');
    await twin.measure(alice, 'removeAddOn', [1n, addOn('A-HERITAGE-LIVERY')], 'one of two add-ons');
    await twin.measure(alice, 'transferFrom', [alice.address, carol.address, 1n], 'resale to a new owner');
    await twin.measure(carol, 'safeTransferFrom', [carol.address, alice.address, 1n], 'to an EOA (no receiver hook)');

    // Passport: a dealer signs, anyone relays.
    await passport.measure(deployer, 'grantRole', [MARQUE_ROLES.dealer, dealer.address], 'a new dealer');
    const signedRecord = async (signer: HDAccount, dealerAddress: Address, mileage: number) => {
      const serviceRecord: ServiceRecord = {
        tokenId: 1n,
        kind: SERVICE_KINDS.service,
        mileage,
        recordHash: keccak256(stringToHex(`work order at ${mileage} km`)),
        dealer: dealerAddress,
        nonce: (await publicClient.readContract({
          address: deployment.passport.address,
          abi: abis.MarquePassport,
          functionName: 'nonces',
          args: [dealerAddress],
        })) as bigint,
        deadline: BigInt(Math.floor(Date.now() / 1000) + 3600),
      };
      const signature: Hex = await signer.signTypedData({
        domain: passportDomain(anvil.chainId, deployment.passport.address),
        types: SERVICE_RECORD_TYPES,
        primaryType: 'ServiceRecord',
        message: serviceRecord,
      });
      return [serviceRecord, signature] as const;
    };
    const walletClients = { walletClient: walletOf(deployer), publicClient };
    const contractWallet = await deployContract('TestErc1271Wallet', [carol.address], walletClients);
    await passport.prepare('grantRole', [MARQUE_ROLES.dealer, contractWallet.address]);
    const first = await signedRecord(dealer, dealer.address, 1500);
    await passport.measure(relayer, 'record', first, "the car's first record, the dealer's first nonce", 'record (first)');
    const later = await signedRecord(dealer, dealer.address, 16000);
    await passport.measure(relayer, 'record', later, 'typical: a later record of the same car by the same dealer');
    const viaWallet = await signedRecord(carol, contractWallet.address, 31000);
    const walletNote = 'an ERC-1271 contract-wallet dealer (its first nonce)';
    await passport.measure(relayer, 'record', viaWallet, walletNote, 'record (ERC-1271 dealer)');

    // Owner profiles.
    await profile.measure(deployer, 'mint', [alice.address], 'first profile of the collection', 'mint (first)');
    await profile.measure(deployer, 'mint', [bob.address], 'typical');
    await profile.measure(alice, 'addFamilyMember', [carol.address], 'by the primary holder: link and count written too');
    await profile.measure(carol, 'removeFamilyMember', [3n], 'the member leaves (burn)');

    // Launches: passes and badges.
    const guests = Array.from({ length: 10 }, (_, i) => account(10 + i).address);
    await eventPass.measure(deployer, 'createEvent', [600], 'first event');
    await eventPass.measure(deployer, 'mintAccessPasses', [1n, [alice.address]], 'one guest', 'mintAccessPasses (1)');
    await eventPass.measure(deployer, 'mintAccessPasses', [1n, guests], 'ten guests in one transaction', 'mintAccessPasses (10)');
    const giveAway = [alice.address, carol.address, 2n, 1n, '0x'];
    await eventPass.measure(alice, 'safeTransferFrom', giveAway, 'a pass given to a friend', 'safeTransferFrom (pass)');
    await eventPass.measure(deployer, 'mintBadge', [1n, bob.address], 'by the brand team');
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
    const claim = { eventId: 1n, attendee: alice.address, issuer: deployer.address, deadline };
    const claimSignature = await deployer.signTypedData({
      domain: eventPassDomain(anvil.chainId, deployment.eventPass.address),
      types: BADGE_CLAIM_TYPES,
      primaryType: 'BadgeClaim',
      message: claim,
    });
    await eventPass.measure(alice, 'claimBadge', [claim, claimSignature], 'a brand-team-signed claim, redeemed by the attendee');

    // Passkey accounts: the same owner's actions, signed by a passkey and paid by the marque's relayer.
    await record('MarquePasskeyAccountFactory', 'deploy', 'once (with the account implementation)', deployment.accountFactory.transactionHash);
    const factoryAbi = (await loadArtifact('MarquePasskeyAccountFactory')).abi;
    const accountAbi = (await loadArtifact('MarquePasskeyAccount')).abi;
    const passkey = new SoftwareAuthenticator();
    const { qx, qy } = passkey.publicKey;
    const passkeyAccount = (await publicClient.readContract({ address: deployment.accountFactory.address, abi: factoryAbi, functionName: 'accountAddress', args: [qx, qy] })) as Address;
    await twin.prepare('mint', [passkeyAccount, 'astrale-2025', configuration]);
    const accountTwin = (await publicClient.readContract({ address: deployment.twin.address, abi: abis.MarqueTwin, functionName: 'totalMinted' })) as bigint;
    await record(
      'MarquePasskeyAccountFactory',
      'createAccount',
      "the owner's account (an ERC-1167 clone and its first passkey), paid by the marque",
      await walletOf(relayer).writeContract({ address: deployment.accountFactory.address, abi: factoryAbi, functionName: 'createAccount', args: [qx, qy] }),
    );
    const sponsored = async (call: string, note: string, target: Address, data: Hex) => {
      const nonce = (await publicClient.readContract({ address: passkeyAccount, abi: accountAbi, functionName: 'nonce' })) as bigint;
      const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
      const calls = [{ target, value: 0n, data }];
      const signature = encodePasskeySignature(passkey.publicKey, passkey.assert(passkeyExecuteDigest(passkeyAccount, anvil.chainId, calls, nonce, deadline)));
      const hash = await walletOf(relayer).writeContract({ address: passkeyAccount, abi: accountAbi, functionName: 'execute', args: [calls, deadline, signature] });
      await record('MarquePasskeyAccount', call, note, hash);
    };
    await sponsored(
      'execute: applyAddOn (first, sponsored)',
      'the same first add-on, signed by a passkey (WebAuthn, P-256 through the precompile), sent and paid by the relayer',
      deployment.twin.address,
      encodeFunctionData({ abi: abis.MarqueTwin, functionName: 'applyAddOn', args: [accountTwin, addOn('A-TRACK-TELEMETRY')] }),
    );
    const accountClaim = { eventId: 1n, attendee: passkeyAccount, issuer: deployer.address, deadline };
    const accountClaimSignature = await deployer.signTypedData({
      domain: eventPassDomain(anvil.chainId, deployment.eventPass.address),
      types: BADGE_CLAIM_TYPES,
      primaryType: 'BadgeClaim',
      message: accountClaim,
    });
    await sponsored(
      'execute: claimBadge (sponsored)',
      'the badge claim above, by a passkey account (ERC-1155 receiver hook included)',
      deployment.eventPass.address,
      encodeFunctionData({ abi: abis.MarqueEventPass, functionName: 'claimBadge', args: [accountClaim, accountClaimSignature] }),
    );

    // One P-256 verification, with the chain's precompile (RIP-7212 / EIP-7951 at 0x100) and in Solidity.
    const verifier = await deployContract('TestP256Verifier', [], walletClients);
    const verifierAbi = (await loadArtifact('TestP256Verifier')).abi;
    const message = stringToBytes('a passkey signature');
    const digest = sha256(message);
    const { r, s } = parseDerSignature(passkey.signBytes(message));
    for (const [functionName, call, note] of [
      ['verifyNative', 'P-256 verify (precompile)', "eth_estimateGas of a call that verifies once through 0x100 (anvil's default hardfork has it); 21,000 intrinsic included"],
      ['verifySolidity', 'P-256 verify (Solidity)', "the same without a precompile: OpenZeppelin's P256.verifySolidity; 21,000 intrinsic included"],
    ] as const) {
      const args = [digest, r, s, qx, qy] as const;
      const valid = await publicClient.readContract({ address: verifier.address, abi: verifierAbi, functionName, args });
      if (valid !== true) throw new MarqueError('contracts', `gas report: ${functionName} refused a valid P-256 signature`);
      const gas = await publicClient.estimateGas({ to: verifier.address, data: encodeFunctionData({ abi: verifierAbi, functionName, args }) });
      rows.push({ contract: '(P-256)', call, gasUsed: Number(gas), note });
    }
    return rows;
  } finally {
    await anvil.stop();
  }
}

/** The rows as a Markdown table, each figure also relative to the run's ETH transfer. */
export function formatGasTable(rows: GasRow[]): string {
  const reference = rows.find((row) => row.contract === '(reference)')?.gasUsed ?? 21_000;
  const lines = ['| contract | call | gas | × ETH transfer | note |', '| --- | --- | ---: | ---: | --- |'];
  for (const { contract, call, gasUsed, note } of rows) {
    lines.push(`| ${contract} | ${call} | ${gasUsed.toLocaleString('en-US')} | ${(gasUsed / reference).toFixed(1)} | ${note} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const rows = await measureGas();
  const solcManifest = createRequire(import.meta.url).resolve('solc/package.json');
  const solc = JSON.parse(await readFile(solcManifest, 'utf8')).version as string;
  const results = { measuredAt: new Date().toISOString(), chain: 'anvil (fresh)', solc, optimizerRuns: 200, evmVersion: 'cancun', rows };
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(formatGasTable(rows));
  console.log(`\ncontracts: gas of ${rows.length} calls → ${path.relative(process.cwd(), RESULTS_FILE)}`);
}
