import { encodeFunctionData, type Address, type Hash } from 'viem';
import { marqueOwnerProfileAbi } from '../../../protocol/src/contracts/abis';
import { sendSponsored } from '../wallet/passkey-account';
import { sendAndConfirm } from '../wallet/send-and-confirm';
import type { SignedInSession } from '../wallet/session-store';
import type { WorldInfo } from '../wallet/world-info';

/** A change to the profile's family: a member added (their address) or removed (their profile token). */
export type FamilyChange = { add: Address } | { remove: string };

/**
 * Sends `MarqueOwnerProfile.addFamilyMember(member)` or `removeFamilyMember(profileId)` as add-ons
 * are sent: sponsored through the marque for a passkey owner (signed with their passkey, no ETH),
 * from the browser wallet otherwise. Resolves with the transaction's hash once it is mined (the
 * contract's named error, such as a full family, comes back before anything is signed).
 */
export async function changeFamily(session: SignedInSession, world: WorldInfo, contract: Address, change: FamilyChange): Promise<Hash> {
  const call =
    'add'
      in change
      ? ({ functionName: 'addFamilyMember', args: [change.add] } as const)
      : ({ functionName: 'removeFamilyMember', args: [BigInt(change.remove)] } as const);
  if (session.via === 'passkey') {
    const data = encodeFunctionData({ abi: marqueOwnerProfileAbi, ...call } as Parameters<typeof encodeFunctionData>[0]);
    return sendSponsored(session, [{ target: contract, value: '0', data }]);
  }
  return 'add' in change
    ? sendAndConfirm(
        { address: contract, abi: marqueOwnerProfileAbi, functionName: 'addFamilyMember', args: [change.add] },
        { world, account: session.address, revertedOutcome: 'no family member was added.' },
      )
    : sendAndConfirm(
        { address: contract, abi: marqueOwnerProfileAbi, functionName: 'removeFamilyMember', args: [BigInt(change.remove)] },
        { world, account: session.address, revertedOutcome: 'no family member was removed.' },
      );
}
