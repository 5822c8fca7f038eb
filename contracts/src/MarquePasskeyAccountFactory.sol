// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {MarquePasskeyAccount} from "./MarquePasskeyAccount.sol";

/**
 * @title MarquePasskeyAccountFactory
 * @notice Deploys owners' passkey accounts at addresses known in advance (CREATE2 of ERC-1167 clones),
 * so a twin can be minted to an account before its owner ever signs in.
 * @dev Two kinds of address:
 *
 * - {accountAddress}: from the passkey's public key alone; anyone may deploy it ({createAccount}).
 * - {invitedAccountAddress}: from an owner invitation's account id, chosen by the marque when an order
 *   is confirmed, before any passkey exists. Its first passkey is the one that accepted the invitation:
 *   {createInvitedAccount} needs the inviter's EIP-712 `InvitationBinding(accountId, qx, qy)`
 *   signature, which the marque's server gives once per invitation. Once deployed, the inviter has no
 *   power over the account.
 *
 * Both creations return the existing account when it is already deployed, so an ERC-6492 signature
 * (which carries the creation call) stays valid after the deployment.
 */
contract MarquePasskeyAccountFactory is EIP712 {
    bytes32 private constant BINDING_TYPEHASH = keccak256("InvitationBinding(bytes32 accountId,bytes32 qx,bytes32 qy)");

    /// @notice The account implementation every clone delegates to.
    address public immutable implementation;

    /// @notice Who binds an invited account to the passkey that accepted the invitation (the marque's server).
    address public immutable inviter;

    /// @notice An account was deployed with its first passkey.
    event PasskeyAccountCreated(address indexed account, bytes32 indexed salt, bytes32 qx, bytes32 qy);

    /// @notice The inviter is the zero address.
    error MarquePasskeyAccountFactoryInvalidInviter();
    /// @notice The key is not a point of P-256.
    error MarquePasskeyAccountFactoryInvalidKey(bytes32 qx, bytes32 qy);
    /// @notice The inviter did not sign this binding of `accountId` to the passkey.
    error MarquePasskeyAccountFactoryInvalidBinding(bytes32 accountId);

    /// @param inviter_ Signs invitation bindings; immutable, so nobody can later re-bind accounts.
    constructor(address inviter_) EIP712("Marque Passkey Account Factory", "1") {
        if (inviter_ == address(0)) revert MarquePasskeyAccountFactoryInvalidInviter();
        inviter = inviter_;
        implementation = address(new MarquePasskeyAccount(address(this)));
    }

    /// @notice Deploys (or returns) the account of passkey (`qx`, `qy`).
    function createAccount(bytes32 qx, bytes32 qy) external returns (address) {
        return _create(keySalt(qx, qy), qx, qy);
    }

    /**
     * @notice Deploys (or returns) the invited account `accountId`, controlled by passkey (`qx`, `qy`).
     * @param binding The inviter's EIP-712 signature of `InvitationBinding(accountId, qx, qy)`.
     */
    function createInvitedAccount(bytes32 accountId, bytes32 qx, bytes32 qy, bytes calldata binding) external returns (address) {
        bytes32 salt = invitationSalt(accountId);
        address account = Clones.predictDeterministicAddress(implementation, salt);
        if (account.code.length > 0) return account;
        if (!SignatureChecker.isValidSignatureNow(inviter, bindingDigest(accountId, qx, qy), binding)) {
            revert MarquePasskeyAccountFactoryInvalidBinding(accountId);
        }
        return _create(salt, qx, qy);
    }

    /// @notice The address of passkey (`qx`, `qy`)'s account, deployed or not.
    function accountAddress(bytes32 qx, bytes32 qy) external view returns (address) {
        return Clones.predictDeterministicAddress(implementation, keySalt(qx, qy));
    }

    /// @notice The address of invited account `accountId`, deployed or not.
    function invitedAccountAddress(bytes32 accountId) external view returns (address) {
        return Clones.predictDeterministicAddress(implementation, invitationSalt(accountId));
    }

    /// @notice The digest the inviter signs to bind invited account `accountId` to passkey (`qx`, `qy`).
    function bindingDigest(bytes32 accountId, bytes32 qx, bytes32 qy) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(BINDING_TYPEHASH, accountId, qx, qy)));
    }

    /// @notice CREATE2 salt of a passkey's own account.
    function keySalt(bytes32 qx, bytes32 qy) public pure returns (bytes32) {
        return keccak256(abi.encode("passkey", qx, qy));
    }

    /// @notice CREATE2 salt of an invited account.
    function invitationSalt(bytes32 accountId) public pure returns (bytes32) {
        return keccak256(abi.encode("invitation", accountId));
    }

    function _create(bytes32 salt, bytes32 qx, bytes32 qy) private returns (address account) {
        account = Clones.predictDeterministicAddress(implementation, salt);
        if (account.code.length > 0) return account;
        if (!P256.isValidPublicKey(qx, qy)) revert MarquePasskeyAccountFactoryInvalidKey(qx, qy);
        Clones.cloneDeterministic(implementation, salt);
        MarquePasskeyAccount(payable(account)).initialize(qx, qy);
        emit PasskeyAccountCreated(account, salt, qx, qy);
    }
}
