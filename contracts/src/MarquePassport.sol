// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {MarqueTwin} from "./MarqueTwin.sol";

/**
 * @title MarquePassport
 * @notice The certified service history of each car: records signed by authorised dealers, kept
 * under the car's twin token id, so the history follows the car when the twin changes hands.
 * @dev The passport is not a token of its own. Keying the history by the twin's id means that any
 * transfer of the twin (a private sale, a marketplace) carries the history with it, with no hook in
 * {MarqueTwin} and no second token that could be sold apart from the car.
 *
 * A dealer signs a {ServiceRecord} as EIP-712 typed data; anyone may relay it with {record} (the
 * dealer's workshop system, the owner, the marque's server), so dealers need no gas. Signatures are
 * checked with SignatureChecker: an EOA's ECDSA signature, or ERC-1271 for a dealer that is a
 * contract wallet (a multisig, a smart account). Each dealer's records carry its next nonce, so a
 * record can be relayed once and in the order the dealer signed them.
 *
 * Only a hash of the full record (work order, parts, invoice; kept off chain by the dealer), the
 * mileage and the kind are certified; stored beside them, in the same storage slot, are the dealer
 * and the time of recording. Nothing about the owner is stored.
 */
contract MarquePassport is AccessControl, EIP712, Nonces {
    /// @notice Role of the dealers whose signed records are accepted.
    bytes32 public constant DEALER_ROLE = keccak256("DEALER_ROLE");

    /// @notice EIP-712 type hash of {ServiceRecord}.
    bytes32 public constant SERVICE_RECORD_TYPEHASH =
        keccak256(
            "ServiceRecord(uint256 tokenId,uint8 kind,uint32 mileage,bytes32 recordHash,address dealer,uint256 nonce,uint256 deadline)"
        );

    /// @notice What was done to the car; stored as a uint8.
    enum Kind {
        Service,
        Repair,
        Inspection,
        Bodywork
    }

    /**
     * @notice A service record as the dealer signs it (EIP-712 primary type `ServiceRecord`, domain
     * name "Marque Passport", version "1").
     * @param tokenId Twin id of the car.
     * @param kind 0 service, 1 repair, 2 inspection, 3 bodywork.
     * @param mileage Odometer reading in kilometres; never below the car's previous record.
     * @param recordHash Hash of the full record the dealer keeps off chain.
     * @param dealer Account with `DEALER_ROLE` that signed (an EOA or an ERC-1271 contract wallet).
     * @param nonce The dealer's next nonce, {nonces}`(dealer)`.
     * @param deadline Last block timestamp at which the record may be relayed.
     */
    struct ServiceRecord {
        uint256 tokenId;
        uint8 kind;
        uint32 mileage;
        bytes32 recordHash;
        address dealer;
        uint256 nonce;
        uint256 deadline;
    }

    /**
     * @notice A record as the passport keeps it (two storage slots).
     * @param recordHash Hash of the full record the dealer keeps off chain.
     * @param mileage Odometer reading in kilometres.
     * @param kind 0 service, 1 repair, 2 inspection, 3 bodywork.
     * @param dealer Account that signed it.
     * @param recordedAt Block timestamp at which it was relayed.
     */
    struct StoredRecord {
        bytes32 recordHash;
        uint32 mileage;
        uint8 kind;
        address dealer;
        uint40 recordedAt;
    }

    /// @notice The twin collection whose token ids key the histories.
    MarqueTwin public immutable twin;

    mapping(uint256 tokenId => StoredRecord[]) private _records;

    /**
     * @notice Emitted when record number `index` of the car of twin `tokenId`, signed by `dealer`,
     * is added to its passport.
     */
    event ServiceRecorded(
        uint256 indexed tokenId,
        uint256 indexed index,
        address indexed dealer,
        uint8 kind,
        uint32 mileage,
        bytes32 recordHash
    );

    /// @notice The admin or the twin collection given to the constructor is `address(0)`.
    error MarquePassportInvalidSetup(address admin, address twin);

    /// @notice No twin `tokenId` has been minted.
    error MarquePassportUnknownTwin(uint256 tokenId);

    /// @notice `kind` is not one of 0 service, 1 repair, 2 inspection, 3 bodywork.
    error MarquePassportInvalidKind(uint8 kind);

    /// @notice The record's `deadline` has passed.
    error MarquePassportExpiredRecord(uint256 deadline);

    /// @notice `dealer` does not hold `DEALER_ROLE`.
    error MarquePassportUnauthorizedDealer(address dealer);

    /// @notice The signature is not `dealer`'s signature of this record.
    error MarquePassportInvalidSignature(address dealer);

    /// @notice The car of twin `tokenId` was last recorded at `previous` km; `mileage` is lower.
    error MarquePassportMileageDecreased(uint256 tokenId, uint32 previous, uint32 mileage);

    /// @notice Twin `tokenId` has `count` records; there is none at `index`.
    error MarquePassportRecordOutOfRange(uint256 tokenId, uint256 index, uint256 count);

    /**
     * @notice Deploys the passport of the cars of `twin_`, with `admin` as its administrator.
     * @dev The admin holds only `DEFAULT_ADMIN_ROLE` and grants `DEALER_ROLE`.
     * @param admin Account granted `DEFAULT_ADMIN_ROLE`.
     * @param twin_ The twin collection.
     */
    constructor(address admin, MarqueTwin twin_) EIP712("Marque Passport", "1") {
        if (admin == address(0) || address(twin_) == address(0)) {
            revert MarquePassportInvalidSetup(admin, address(twin_));
        }
        twin = twin_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /**
     * @notice Adds a dealer-signed service record to the passport of its car.
     * @dev Callable by anyone: the signature is the authority. Checks, in order: the kind, that the
     * twin exists, the deadline, the dealer's role, the signature (ECDSA or ERC-1271), the dealer's
     * nonce (`InvalidAccountNonce(dealer, expected)` otherwise) and that the mileage does not go down.
     * @param serviceRecord The record the dealer signed.
     * @param signature The dealer's signature of its EIP-712 digest ({hashServiceRecord}).
     * @return index Position of the record in the car's history.
     */
    function record(
        ServiceRecord calldata serviceRecord,
        bytes calldata signature
    ) external returns (uint256 index) {
        uint256 tokenId = serviceRecord.tokenId;
        address dealer = serviceRecord.dealer;
        if (serviceRecord.kind > uint8(type(Kind).max)) {
            revert MarquePassportInvalidKind(serviceRecord.kind);
        }
        if (tokenId == 0 || tokenId > twin.totalMinted()) {
            revert MarquePassportUnknownTwin(tokenId);
        }
        if (block.timestamp > serviceRecord.deadline) {
            revert MarquePassportExpiredRecord(serviceRecord.deadline);
        }
        if (!hasRole(DEALER_ROLE, dealer)) {
            revert MarquePassportUnauthorizedDealer(dealer);
        }
        if (!SignatureChecker.isValidSignatureNowCalldata(dealer, hashServiceRecord(serviceRecord), signature)) {
            revert MarquePassportInvalidSignature(dealer);
        }
        _useCheckedNonce(dealer, serviceRecord.nonce);

        StoredRecord[] storage history = _records[tokenId];
        index = history.length;
        if (index > 0) {
            uint32 previous = history[index - 1].mileage;
            if (serviceRecord.mileage < previous) {
                revert MarquePassportMileageDecreased(tokenId, previous, serviceRecord.mileage);
            }
        }
        history.push(
            StoredRecord({
                recordHash: serviceRecord.recordHash,
                mileage: serviceRecord.mileage,
                kind: serviceRecord.kind,
                dealer: dealer,
                recordedAt: uint40(block.timestamp)
            })
        );
        emit ServiceRecorded(
            tokenId,
            index,
            dealer,
            serviceRecord.kind,
            serviceRecord.mileage,
            serviceRecord.recordHash
        );
    }

    /**
     * @notice EIP-712 digest of `serviceRecord` in this passport's domain: what the dealer signs
     * (`eth_signTypedData_v4` gives the same), and what an ERC-1271 wallet is asked to validate.
     */
    function hashServiceRecord(ServiceRecord calldata serviceRecord) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        SERVICE_RECORD_TYPEHASH,
                        serviceRecord.tokenId,
                        serviceRecord.kind,
                        serviceRecord.mileage,
                        serviceRecord.recordHash,
                        serviceRecord.dealer,
                        serviceRecord.nonce,
                        serviceRecord.deadline
                    )
                )
            );
    }

    /// @notice Every record of the car of twin `tokenId`, oldest first; empty when none.
    function recordsOf(uint256 tokenId) external view returns (StoredRecord[] memory) {
        return _records[tokenId];
    }

    /// @notice Number of records of the car of twin `tokenId`.
    function recordCountOf(uint256 tokenId) external view returns (uint256) {
        return _records[tokenId].length;
    }

    /**
     * @notice Record number `index` (0 = oldest) of the car of twin `tokenId`.
     * @dev Reverts with `MarquePassportRecordOutOfRange` past the last record.
     */
    function recordOf(uint256 tokenId, uint256 index) external view returns (StoredRecord memory) {
        StoredRecord[] storage history = _records[tokenId];
        if (index >= history.length) {
            revert MarquePassportRecordOutOfRange(tokenId, index, history.length);
        }
        return history[index];
    }

    /// @notice Mileage of the latest record of the car of twin `tokenId`; 0 when it has none.
    function mileageOf(uint256 tokenId) external view returns (uint32) {
        StoredRecord[] storage history = _records[tokenId];
        return history.length == 0 ? 0 : history[history.length - 1].mileage;
    }

    /// @notice EIP-712 domain separator of this passport (name "Marque Passport", version "1").
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }
}
