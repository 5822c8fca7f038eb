// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/**
 * @title MarqueEventPass
 * @notice Access passes to the marque's launches and badges for those who attended, as ERC-1155
 * tokens: two token ids per event, {accessPassId} and {badgeId}.
 * @dev `BRAND_TEAM_ROLE` creates events and mints access passes (transferable: a pass can be given to
 * a friend). Badges are soulbound and one per attendee: the brand team mints them directly with
 * {mintBadge}, or, the usual way, the marque's server, which saw the attendee stay at least the
 * event's {minimumStayOf}, signs a {BadgeClaim} with a brand-team key and the attendee (or anyone on
 * their behalf) redeems it with {claimBadge}. The claim is EIP-712 typed data checked with
 * SignatureChecker, so the signer may be an EOA or an ERC-1271 contract wallet. A claim needs no
 * nonce: an attendee can hold one badge per event, so a claim is spent once redeemed.
 *
 * Event ids are sequential from 1; token ids are `eventId * 2` (access pass) and `eventId * 2 + 1`
 * (badge), so token ids 0 and 1 are never used.
 */
contract MarqueEventPass is ERC1155, AccessControl, EIP712 {
    /// @notice Role of the brand team: creates events, mints passes and badges, signs badge claims.
    bytes32 public constant BRAND_TEAM_ROLE = keccak256("BRAND_TEAM_ROLE");

    /// @notice EIP-712 type hash of {BadgeClaim}.
    bytes32 public constant BADGE_CLAIM_TYPEHASH =
        keccak256("BadgeClaim(uint256 eventId,address attendee,address issuer,uint256 deadline)");

    /**
     * @notice A signed permission to claim an event's badge (EIP-712 primary type `BadgeClaim`, domain
     * name "Marque Event Pass", version "1").
     * @param eventId Event attended.
     * @param attendee Account that receives the badge.
     * @param issuer Brand-team account that signed (an EOA or an ERC-1271 contract wallet).
     * @param deadline Last block timestamp at which the claim may be redeemed.
     */
    struct BadgeClaim {
        uint256 eventId;
        address attendee;
        address issuer;
        uint256 deadline;
    }

    uint256 private _eventCount;
    mapping(uint256 eventId => uint32) private _minimumStay;

    /**
     * @notice Emitted when event `eventId` is created; its badge goes to attendees who stayed at least
     * `minimumStaySeconds`.
     */
    event EventCreated(uint256 indexed eventId, uint32 minimumStaySeconds);

    /// @notice Emitted when the stay that earns event `eventId`'s badge becomes `minimumStaySeconds`.
    event MinimumStayUpdated(uint256 indexed eventId, uint32 minimumStaySeconds);

    /// @notice Emitted when `attendee` receives event `eventId`'s badge, on `issuer`'s authority.
    event BadgeAwarded(uint256 indexed eventId, address indexed attendee, address indexed issuer);

    /// @notice The admin given to the constructor is not a valid account (e.g. `address(0)`).
    error MarqueEventPassInvalidAdmin(address admin);

    /// @notice No event `eventId` has been created.
    error MarqueEventPassUnknownEvent(uint256 eventId);

    /// @notice `account` already holds token `tokenId`; passes and badges are one per account.
    error MarqueEventPassAlreadyHeld(address account, uint256 tokenId);

    /// @notice The badge claim's `deadline` has passed.
    error MarqueEventPassExpiredClaim(uint256 deadline);

    /// @notice `issuer` does not hold `BRAND_TEAM_ROLE`.
    error MarqueEventPassUnauthorizedIssuer(address issuer);

    /// @notice The signature is not `issuer`'s signature of this claim.
    error MarqueEventPassInvalidSignature(address issuer);

    /// @notice Token `tokenId` is a badge, and badges cannot be transferred.
    error MarqueEventPassBadgeNonTransferable(uint256 tokenId);

    /**
     * @notice Deploys the collection with `admin` as its administrator.
     * @dev The admin holds only `DEFAULT_ADMIN_ROLE` and grants `BRAND_TEAM_ROLE`.
     * @param admin Account granted `DEFAULT_ADMIN_ROLE`.
     * @param uri_ ERC-1155 metadata URI, with `{id}` for the hexadecimal token id.
     */
    constructor(address admin, string memory uri_) ERC1155(uri_) EIP712("Marque Event Pass", "1") {
        if (admin == address(0)) {
            revert MarqueEventPassInvalidAdmin(address(0));
        }
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /**
     * @notice Creates an event: its access pass and badge can be minted from now on.
     * @dev Only `BRAND_TEAM_ROLE`.
     * @param minimumStaySeconds Time an attendee must stay to earn the badge; published here for the
     * server that signs the claims (the contract cannot see who stayed).
     * @return eventId Id of the new event.
     */
    function createEvent(uint32 minimumStaySeconds) external onlyRole(BRAND_TEAM_ROLE) returns (uint256 eventId) {
        eventId = ++_eventCount;
        _minimumStay[eventId] = minimumStaySeconds;
        emit EventCreated(eventId, minimumStaySeconds);
    }

    /**
     * @notice Changes the stay that earns event `eventId`'s badge; claims signed before stay valid.
     * @dev Only `BRAND_TEAM_ROLE`.
     */
    function setMinimumStay(uint256 eventId, uint32 minimumStaySeconds) external onlyRole(BRAND_TEAM_ROLE) {
        _requireEvent(eventId);
        _minimumStay[eventId] = minimumStaySeconds;
        emit MinimumStayUpdated(eventId, minimumStaySeconds);
    }

    /**
     * @notice Mints one access pass to event `eventId` to each of `recipients`.
     * @dev Only `BRAND_TEAM_ROLE`. Reverts, minting none, when a recipient already holds one
     * ({MarqueEventPassAlreadyHeld}) or is a contract that does not accept ERC-1155 tokens.
     */
    function mintAccessPasses(uint256 eventId, address[] calldata recipients) external onlyRole(BRAND_TEAM_ROLE) {
        _requireEvent(eventId);
        uint256 tokenId = accessPassId(eventId);
        for (uint256 i = 0; i < recipients.length; ++i) {
            _mintOnce(recipients[i], tokenId);
        }
    }

    /**
     * @notice Awards event `eventId`'s badge to `attendee` directly.
     * @dev Only `BRAND_TEAM_ROLE`. Reverts with {MarqueEventPassAlreadyHeld} when `attendee` has it.
     */
    function mintBadge(uint256 eventId, address attendee) external onlyRole(BRAND_TEAM_ROLE) {
        _requireEvent(eventId);
        _mintOnce(attendee, badgeId(eventId));
        emit BadgeAwarded(eventId, attendee, _msgSender());
    }

    /**
     * @notice Redeems a brand-team-signed claim: the claim's attendee receives the event's badge.
     * @dev Callable by anyone (the attendee, or a relayer paying the gas); the badge always goes to
     * `claim.attendee`. Checks, in order: the event, the deadline, the issuer's role, the signature
     * (ECDSA or ERC-1271), then that the attendee does not hold the badge yet.
     * @param claim The claim the issuer signed.
     * @param signature The issuer's signature of its EIP-712 digest ({hashBadgeClaim}).
     */
    function claimBadge(BadgeClaim calldata claim, bytes calldata signature) external {
        _requireEvent(claim.eventId);
        if (block.timestamp > claim.deadline) {
            revert MarqueEventPassExpiredClaim(claim.deadline);
        }
        if (!hasRole(BRAND_TEAM_ROLE, claim.issuer)) {
            revert MarqueEventPassUnauthorizedIssuer(claim.issuer);
        }
        if (!SignatureChecker.isValidSignatureNowCalldata(claim.issuer, hashBadgeClaim(claim), signature)) {
            revert MarqueEventPassInvalidSignature(claim.issuer);
        }
        _mintOnce(claim.attendee, badgeId(claim.eventId));
        emit BadgeAwarded(claim.eventId, claim.attendee, claim.issuer);
    }

    /// @notice EIP-712 digest of `claim` in this contract's domain: what the issuer signs.
    function hashBadgeClaim(BadgeClaim calldata claim) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(abi.encode(BADGE_CLAIM_TYPEHASH, claim.eventId, claim.attendee, claim.issuer, claim.deadline))
            );
    }

    /// @notice Token id of the access pass to event `eventId`.
    function accessPassId(uint256 eventId) public pure returns (uint256) {
        return eventId << 1;
    }

    /// @notice Token id of the attendance badge of event `eventId`.
    function badgeId(uint256 eventId) public pure returns (uint256) {
        return (eventId << 1) | 1;
    }

    /// @notice Event of token `tokenId`, an access pass or a badge.
    function eventOf(uint256 tokenId) external pure returns (uint256) {
        return tokenId >> 1;
    }

    /// @notice Whether token `tokenId` is a badge (otherwise an access pass).
    function isBadge(uint256 tokenId) public pure returns (bool) {
        return tokenId & 1 == 1;
    }

    /**
     * @notice Time an attendee must stay at event `eventId` to earn its badge.
     * @dev Reverts with {MarqueEventPassUnknownEvent} for an event never created.
     */
    function minimumStayOf(uint256 eventId) external view returns (uint32) {
        _requireEvent(eventId);
        return _minimumStay[eventId];
    }

    /// @notice Number of events created so far, which is also the id of the latest one.
    function eventCount() external view returns (uint256) {
        return _eventCount;
    }

    /// @notice EIP-712 domain separator of this contract (name "Marque Event Pass", version "1").
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /**
     * @notice Whether the contract implements `interfaceId`: ERC-165, ERC-1155 (+ metadata URI) and
     * AccessControl.
     */
    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    /// @dev Refuses to move a badge between accounts; access passes move freely.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values) internal override {
        if (from != address(0) && to != address(0)) {
            for (uint256 i = 0; i < ids.length; ++i) {
                if (isBadge(ids[i])) {
                    revert MarqueEventPassBadgeNonTransferable(ids[i]);
                }
            }
        }
        super._update(from, to, ids, values);
    }

    function _mintOnce(address account, uint256 tokenId) private {
        if (balanceOf(account, tokenId) != 0) {
            revert MarqueEventPassAlreadyHeld(account, tokenId);
        }
        _mint(account, tokenId, 1, "");
    }

    function _requireEvent(uint256 eventId) private view {
        if (eventId == 0 || eventId > _eventCount) {
            revert MarqueEventPassUnknownEvent(eventId);
        }
    }
}
