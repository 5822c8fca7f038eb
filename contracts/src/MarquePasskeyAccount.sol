// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {ERC721Holder} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Holder.sol";
import {ERC1155Holder} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Holder.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {WebAuthn} from "@openzeppelin/contracts/utils/cryptography/WebAuthn.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/**
 * @title MarquePasskeyAccount
 * @notice A smart account controlled by the owner's passkeys (WebAuthn, P-256): no seed phrase, no
 * browser wallet, and no ETH, since anyone (the marque's server) may submit a call the passkey signed
 * and pay its gas. It holds the owner's twin, profile and badges, and signs in through ERC-1271.
 * @dev Deployed as an ERC-1167 clone by {MarquePasskeyAccountFactory}, which initialises it with its
 * first passkey in the same transaction; its address is known before (CREATE2).
 *
 * Signed calls: the passkey signs an EIP-712 `Execute(bytes32 callsHash, uint256 nonce, uint256 deadline)`
 * digest as its WebAuthn challenge; the nonce increases by one per executed batch, so a signed batch
 * runs at most once. ERC-1271 signatures sign `PasskeyMessage(bytes32 hash)`, bound to this account
 * and chain by the domain, so the same passkey's signature never passes for another account.
 *
 * Recovery, when every device is lost: the owner (and nobody else) names a recovery contact and a
 * delay of at least {MIN_RECOVERY_DELAY}. The contact may propose a new passkey; it replaces every
 * passkey only once the delay has passed, and any of the owner's passkeys cancels it before then.
 * Neither the marque nor a dealer has any power over the account unless the owner named them.
 */
contract MarquePasskeyAccount is Initializable, EIP712, IERC1271, ERC721Holder, ERC1155Holder {
    using EnumerableSet for EnumerableSet.Bytes32Set;

    /// @notice One call of a signed batch.
    struct Call {
        address target;
        uint256 value;
        bytes data;
    }

    /// @notice A recovery the recovery contact started.
    struct PendingRecovery {
        bytes32 qx;
        bytes32 qy;
        uint64 readyAt;
    }

    /// @notice Shortest recovery delay an owner may choose: time to notice and cancel from any device.
    uint64 public constant MIN_RECOVERY_DELAY = 2 days;

    /// @notice Most passkeys one account holds, which bounds the gas of a completed recovery.
    uint256 public constant MAX_PASSKEYS = 8;

    bytes32 private constant EXECUTE_TYPEHASH = keccak256("Execute(bytes32 callsHash,uint256 nonce,uint256 deadline)");
    bytes32 private constant MESSAGE_TYPEHASH = keccak256("PasskeyMessage(bytes32 hash)");

    /// @notice The factory that deployed the account: the only caller of {initialize}.
    address public immutable factory;

    EnumerableSet.Bytes32Set private _keyIds;
    mapping(bytes32 keyId => bytes32[2] key) private _keys;
    uint256 private _nonce;
    address private _recoveryContact;
    uint64 private _recoveryDelay;
    PendingRecovery private _pendingRecovery;

    /// @notice A signed batch has run.
    event PasskeyAccountExecuted(uint256 indexed nonce, uint256 calls);
    /// @notice A passkey now controls the account.
    event PasskeyAdded(bytes32 indexed keyId, bytes32 qx, bytes32 qy);
    /// @notice A passkey no longer controls the account.
    event PasskeyRemoved(bytes32 indexed keyId);
    /// @notice The owner chose a recovery contact (zero: none) and delay.
    event RecoveryContactSet(address indexed contact, uint64 delay);
    /// @notice The recovery contact proposed a new passkey, which takes over at `readyAt`.
    event RecoveryStarted(address indexed contact, bytes32 qx, bytes32 qy, uint64 readyAt);
    /// @notice The owner cancelled a pending recovery.
    event RecoveryCancelled();
    /// @notice A recovery took effect: `keyId` is now the only passkey.
    event RecoveryCompleted(bytes32 indexed keyId);

    /// @notice {initialize} was called by someone other than the factory.
    error MarquePasskeyAccountUnauthorizedInitializer(address caller);
    /// @notice A function the account calls on itself (through a signed batch) was called by `caller`.
    error MarquePasskeyAccountOnlySelf(address caller);
    /// @notice The signed batch's deadline has passed.
    error MarquePasskeyAccountExpired(uint256 deadline, uint256 timestamp);
    /// @notice The signature is not a valid WebAuthn assertion of one of the account's passkeys.
    error MarquePasskeyAccountInvalidSignature();
    /// @notice Call `index` of a batch reverted with `reason`.
    error MarquePasskeyAccountCallFailed(uint256 index, bytes reason);
    /// @notice The key is not a point of P-256.
    error MarquePasskeyAccountInvalidKey(bytes32 qx, bytes32 qy);
    /// @notice The passkey already controls the account.
    error MarquePasskeyAccountKeyExists(bytes32 keyId);
    /// @notice The passkey does not control the account.
    error MarquePasskeyAccountUnknownKey(bytes32 keyId);
    /// @notice Removing the account's last passkey would lock it.
    error MarquePasskeyAccountLastKey(bytes32 keyId);
    /// @notice The account already holds {MAX_PASSKEYS} passkeys.
    error MarquePasskeyAccountTooManyKeys(uint256 max);
    /// @notice The recovery delay is shorter than {MIN_RECOVERY_DELAY}.
    error MarquePasskeyAccountRecoveryDelayTooShort(uint64 delay, uint64 minimum);
    /// @notice Only the recovery contact the owner named may start a recovery.
    error MarquePasskeyAccountNotRecoveryContact(address caller);
    /// @notice No recovery is pending.
    error MarquePasskeyAccountNoRecovery();
    /// @notice The pending recovery takes effect only at `readyAt`.
    error MarquePasskeyAccountRecoveryNotReady(uint64 readyAt, uint256 timestamp);

    modifier onlySelf() {
        if (msg.sender != address(this)) revert MarquePasskeyAccountOnlySelf(msg.sender);
        _;
    }

    /// @param factory_ The factory whose clones this implementation serves.
    constructor(address factory_) EIP712("Marque Passkey Account", "1") {
        factory = factory_;
        _disableInitializers();
    }

    /**
     * @notice Gives the freshly cloned account its first passkey.
     * @dev Only the factory, once, in the transaction that deploys the clone.
     */
    function initialize(bytes32 qx, bytes32 qy) external initializer {
        if (msg.sender != factory) revert MarquePasskeyAccountUnauthorizedInitializer(msg.sender);
        _addKey(qx, qy);
    }

    /**
     * @notice Runs `calls` in order if one of the account's passkeys signed them with the current
     * nonce before `deadline`. Anyone may submit it and pay its gas.
     * @param signature `abi.encode(qx, qy, WebAuthn.WebAuthnAuth)` over {executeDigest} as the challenge.
     */
    function execute(Call[] calldata calls, uint256 deadline, bytes calldata signature) external {
        if (block.timestamp > deadline) revert MarquePasskeyAccountExpired(deadline, block.timestamp);
        uint256 current = _nonce;
        if (!_isValidPasskeySignature(executeDigest(calls, current, deadline), signature)) {
            revert MarquePasskeyAccountInvalidSignature();
        }
        _nonce = current + 1;
        for (uint256 i = 0; i < calls.length; ++i) {
            (bool ok, bytes memory reason) = calls[i].target.call{value: calls[i].value}(calls[i].data);
            if (!ok) revert MarquePasskeyAccountCallFailed(i, reason);
        }
        emit PasskeyAccountExecuted(current, calls.length);
    }

    /// @notice The challenge a passkey signs to run `calls` with nonce `batchNonce` before `deadline`.
    function executeDigest(Call[] calldata calls, uint256 batchNonce, uint256 deadline) public view returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            hashes[i] = keccak256(abi.encode(calls[i].target, calls[i].value, keccak256(calls[i].data)));
        }
        bytes32 callsHash = keccak256(abi.encodePacked(hashes));
        return _hashTypedDataV4(keccak256(abi.encode(EXECUTE_TYPEHASH, callsHash, batchNonce, deadline)));
    }

    /// @notice The challenge a passkey signs for ERC-1271 `hash` (a sign-in message's hash, for instance).
    function messageDigest(bytes32 hash) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(MESSAGE_TYPEHASH, hash)));
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        return _isValidPasskeySignature(messageDigest(hash), signature) ? this.isValidSignature.selector : bytes4(0xffffffff);
    }

    /// @notice Nonce the next signed batch must carry.
    function nonce() external view returns (uint256) {
        return _nonce;
    }

    /// @notice Whether passkey (`qx`, `qy`) controls the account.
    function isPasskey(bytes32 qx, bytes32 qy) external view returns (bool) {
        return _keyIds.contains(keyIdOf(qx, qy));
    }

    /// @notice Every passkey that controls the account, as `[qx, qy]`.
    function passkeys() external view returns (bytes32[2][] memory keys) {
        uint256 count = _keyIds.length();
        keys = new bytes32[2][](count);
        for (uint256 i = 0; i < count; ++i) keys[i] = _keys[_keyIds.at(i)];
    }

    /// @notice The id of passkey (`qx`, `qy`) in events.
    function keyIdOf(bytes32 qx, bytes32 qy) public pure returns (bytes32) {
        return keccak256(abi.encode(qx, qy));
    }

    /// @notice Adds a passkey (another device). Only through a signed batch.
    function addPasskey(bytes32 qx, bytes32 qy) external onlySelf {
        _addKey(qx, qy);
    }

    /// @notice Removes a passkey (a lost device); never the last one. Only through a signed batch.
    function removePasskey(bytes32 qx, bytes32 qy) external onlySelf {
        bytes32 keyId = keyIdOf(qx, qy);
        if (!_keyIds.contains(keyId)) revert MarquePasskeyAccountUnknownKey(keyId);
        if (_keyIds.length() == 1) revert MarquePasskeyAccountLastKey(keyId);
        _removeKey(keyId);
    }

    /**
     * @notice Names the recovery contact (zero for none) and the delay before a recovery it starts
     * takes effect; cancels any pending recovery. Only through a signed batch.
     */
    function setRecoveryContact(address contact, uint64 delay) external onlySelf {
        if (delay < MIN_RECOVERY_DELAY) revert MarquePasskeyAccountRecoveryDelayTooShort(delay, MIN_RECOVERY_DELAY);
        _recoveryContact = contact;
        _recoveryDelay = delay;
        delete _pendingRecovery;
        emit RecoveryContactSet(contact, delay);
    }

    /// @notice The recovery contact, its delay, and the pending recovery (`readyAt` 0: none).
    function recovery() external view returns (address contact, uint64 delay, PendingRecovery memory pending) {
        return (_recoveryContact, _recoveryDelay, _pendingRecovery);
    }

    /**
     * @notice The recovery contact proposes passkey (`qx`, `qy`) to replace every passkey once the
     * owner's delay has passed; a new proposal replaces the pending one and restarts the delay.
     */
    function startRecovery(bytes32 qx, bytes32 qy) external {
        address contact = _recoveryContact;
        if (contact == address(0) || msg.sender != contact) revert MarquePasskeyAccountNotRecoveryContact(msg.sender);
        if (!P256.isValidPublicKey(qx, qy)) revert MarquePasskeyAccountInvalidKey(qx, qy);
        uint64 readyAt = uint64(block.timestamp) + _recoveryDelay;
        _pendingRecovery = PendingRecovery(qx, qy, readyAt);
        emit RecoveryStarted(contact, qx, qy, readyAt);
    }

    /// @notice Cancels the pending recovery. Only through a signed batch, from any remaining passkey.
    function cancelRecovery() external onlySelf {
        if (_pendingRecovery.readyAt == 0) revert MarquePasskeyAccountNoRecovery();
        delete _pendingRecovery;
        emit RecoveryCancelled();
    }

    /// @notice Applies the pending recovery once its delay has passed: its passkey becomes the only one. Anyone may call it.
    function completeRecovery() external {
        PendingRecovery memory pending = _pendingRecovery;
        if (pending.readyAt == 0) revert MarquePasskeyAccountNoRecovery();
        if (block.timestamp < pending.readyAt) revert MarquePasskeyAccountRecoveryNotReady(pending.readyAt, block.timestamp);
        delete _pendingRecovery;
        for (uint256 count = _keyIds.length(); count > 0; --count) _removeKey(_keyIds.at(count - 1));
        _addKey(pending.qx, pending.qy);
        emit RecoveryCompleted(keyIdOf(pending.qx, pending.qy));
    }

    function _addKey(bytes32 qx, bytes32 qy) private {
        if (!P256.isValidPublicKey(qx, qy)) revert MarquePasskeyAccountInvalidKey(qx, qy);
        if (_keyIds.length() >= MAX_PASSKEYS) revert MarquePasskeyAccountTooManyKeys(MAX_PASSKEYS);
        bytes32 keyId = keyIdOf(qx, qy);
        if (!_keyIds.add(keyId)) revert MarquePasskeyAccountKeyExists(keyId);
        _keys[keyId] = [qx, qy];
        emit PasskeyAdded(keyId, qx, qy);
    }

    function _removeKey(bytes32 keyId) private {
        _keyIds.remove(keyId);
        delete _keys[keyId];
        emit PasskeyRemoved(keyId);
    }

    function _isValidPasskeySignature(bytes32 digest, bytes calldata signature) private view returns (bool) {
        if (signature.length < 0x60) return false;
        (bytes32 qx, bytes32 qy) = abi.decode(signature[:0x40], (bytes32, bytes32));
        if (!_keyIds.contains(keyIdOf(qx, qy))) return false;
        (bool decoded, WebAuthn.WebAuthnAuth calldata auth) = WebAuthn.tryDecodeAuth(signature[0x40:]);
        return decoded && WebAuthn.verify(abi.encodePacked(digest), auth, qx, qy, true);
    }
}
