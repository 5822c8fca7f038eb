// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/**
 * @title IERC5192
 * @notice ERC-5192, minimal soulbound NFTs: a token whose `locked` is true cannot be transferred.
 * @dev Interface id 0xb45a3c0e.
 */
interface IERC5192 {
    /// @notice Emitted when the locking status of `tokenId` becomes locked.
    event Locked(uint256 tokenId);

    /// @notice Emitted when the locking status of `tokenId` becomes unlocked.
    event Unlocked(uint256 tokenId);

    /// @notice Whether `tokenId` is locked (cannot be transferred); throws for a token that does not exist.
    function locked(uint256 tokenId) external view returns (bool);
}

/**
 * @title MarqueOwnerProfile
 * @notice The owner's membership of the marque: a soulbound ERC-721 (ERC-5192) that opens owners'
 * spaces, with extra tokens the holder issues to members of their family.
 * @dev Every address holds at most one profile token, primary or family, so {profileOf} is a single
 * id. `ISSUER_ROLE` mints primaries (when an owner takes delivery, for instance); the primary holder
 * adds and removes family members themselves, up to {MAX_FAMILY_MEMBERS}: who belongs to a household
 * is the owner's decision, not the marque's. A family member may also leave. Tokens carry nothing but
 * their id and their link to a primary: no name, no e-mail, no personal data.
 *
 * Every token is locked from mint (`Locked` is emitted right after `Transfer`); transfers revert with
 * {MarqueOwnerProfileSoulbound}. Ids are sequential from 1, so 0 means "no profile".
 */
contract MarqueOwnerProfile is IERC5192, ERC721, AccessControl {
    /// @notice Role that mints primary profiles.
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    /// @notice Most family tokens one primary profile may have at a time.
    uint256 public constant MAX_FAMILY_MEMBERS = 4;

    uint256 private _totalMinted;
    mapping(address account => uint256) private _profileOf;
    /// @dev 0 for a primary profile; the primary's id for a family token.
    mapping(uint256 profileId => uint256) private _primaryOfFamily;
    mapping(uint256 primaryId => uint256) private _familyCount;

    /// @notice Emitted when primary profile `profileId` is minted to `owner`.
    event ProfileMinted(uint256 indexed profileId, address indexed owner);

    /// @notice Emitted when family token `profileId` of `member` is linked to primary `primaryId`.
    event FamilyMemberAdded(uint256 indexed primaryId, uint256 indexed profileId, address indexed member);

    /// @notice Emitted when family token `profileId` of `member` is unlinked from `primaryId` and burned.
    event FamilyMemberRemoved(uint256 indexed primaryId, uint256 indexed profileId, address indexed member);

    /// @notice The admin given to the constructor is not a valid account (e.g. `address(0)`).
    error MarqueOwnerProfileInvalidAdmin(address admin);

    /// @notice Profile `profileId` is soulbound: it cannot leave its holder.
    error MarqueOwnerProfileSoulbound(uint256 profileId);

    /// @notice `account` already holds profile `profileId`; an address holds one profile at most.
    error MarqueOwnerProfileAlreadyExists(address account, uint256 profileId);

    /// @notice `account` holds no primary profile, so it cannot manage a family.
    error MarqueOwnerProfileNotPrimaryHolder(address account);

    /// @notice Primary profile `primaryId` already has `max` family members.
    error MarqueOwnerProfileFamilyFull(uint256 primaryId, uint256 max);

    /// @notice Profile `profileId` is not a family token.
    error MarqueOwnerProfileNotFamily(uint256 profileId);

    /// @notice `account` may not remove family token `profileId`: only its primary holder or its holder may.
    error MarqueOwnerProfileUnauthorizedRemoval(address account, uint256 profileId);

    /**
     * @notice Deploys the collection with `admin` as its administrator.
     * @dev The admin holds only `DEFAULT_ADMIN_ROLE` and grants `ISSUER_ROLE`.
     * @param admin Account granted `DEFAULT_ADMIN_ROLE`.
     */
    constructor(address admin) ERC721("Marque Owner Profile", "MQOP") {
        if (admin == address(0)) {
            revert MarqueOwnerProfileInvalidAdmin(address(0));
        }
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /**
     * @notice Mints a primary profile to `owner`.
     * @dev Only `ISSUER_ROLE`. Reverts with {MarqueOwnerProfileAlreadyExists} when `owner` holds any
     * profile, and with `ERC721InvalidReceiver` for a contract that does not accept ERC-721 tokens.
     * @param owner Account of the car's owner.
     * @return profileId Id of the new profile.
     */
    function mint(address owner) external onlyRole(ISSUER_ROLE) returns (uint256 profileId) {
        profileId = _mintProfile(owner);
        emit ProfileMinted(profileId, owner);
        ERC721Utils.checkOnERC721Received(_msgSender(), address(0), owner, profileId, "");
    }

    /**
     * @notice Issues a family token to `member`, linked to the caller's primary profile.
     * @dev Only the holder of a primary profile, else {MarqueOwnerProfileNotPrimaryHolder}. Reverts with
     * {MarqueOwnerProfileAlreadyExists} when `member` holds any profile, and with
     * {MarqueOwnerProfileFamilyFull} at {MAX_FAMILY_MEMBERS}.
     * @param member Account of the family member.
     * @return profileId Id of the new family token.
     */
    function addFamilyMember(address member) external returns (uint256 profileId) {
        address holder = _msgSender();
        uint256 primaryId = _profileOf[holder];
        if (primaryId == 0 || _primaryOfFamily[primaryId] != 0) {
            revert MarqueOwnerProfileNotPrimaryHolder(holder);
        }
        if (_familyCount[primaryId] == MAX_FAMILY_MEMBERS) {
            revert MarqueOwnerProfileFamilyFull(primaryId, MAX_FAMILY_MEMBERS);
        }
        profileId = _mintProfile(member);
        _primaryOfFamily[profileId] = primaryId;
        ++_familyCount[primaryId];
        emit FamilyMemberAdded(primaryId, profileId, member);
        ERC721Utils.checkOnERC721Received(holder, address(0), member, profileId, "");
    }

    /**
     * @notice Unlinks and burns family token `profileId`; its holder may then receive another profile.
     * @dev Only the primary holder it is linked to, or the family member holding it.
     * @param profileId A family token.
     */
    function removeFamilyMember(uint256 profileId) external {
        address member = _requireOwned(profileId);
        uint256 primaryId = _primaryOfFamily[profileId];
        if (primaryId == 0) {
            revert MarqueOwnerProfileNotFamily(profileId);
        }
        address caller = _msgSender();
        if (caller != member && caller != _ownerOf(primaryId)) {
            revert MarqueOwnerProfileUnauthorizedRemoval(caller, profileId);
        }
        delete _primaryOfFamily[profileId];
        delete _profileOf[member];
        --_familyCount[primaryId];
        _burn(profileId);
        emit FamilyMemberRemoved(primaryId, profileId, member);
    }

    /**
     * @notice Always true: profiles are soulbound.
     * @dev Reverts with `ERC721NonexistentToken` for a token that does not exist, as ERC-5192 requires.
     */
    function locked(uint256 tokenId) external view returns (bool) {
        _requireOwned(tokenId);
        return true;
    }

    /// @notice Id of the profile `account` holds, primary or family; 0 when none.
    function profileOf(address account) external view returns (uint256) {
        return _profileOf[account];
    }

    /// @notice Whether `account` holds a profile, primary or family.
    function hasProfile(address account) external view returns (bool) {
        return _profileOf[account] != 0;
    }

    /**
     * @notice The primary profile `profileId` belongs to: itself for a primary, the linked primary for
     * a family token.
     * @dev Reverts with `ERC721NonexistentToken` for a token that does not exist.
     */
    function primaryOf(uint256 profileId) external view returns (uint256) {
        _requireOwned(profileId);
        uint256 primaryId = _primaryOfFamily[profileId];
        return primaryId == 0 ? profileId : primaryId;
    }

    /// @notice Number of family tokens linked to primary profile `primaryId`.
    function familyCountOf(uint256 primaryId) external view returns (uint256) {
        return _familyCount[primaryId];
    }

    /// @notice Number of profiles minted so far (burned family tokens included), the latest id.
    function totalMinted() external view returns (uint256) {
        return _totalMinted;
    }

    /**
     * @notice Whether the contract implements `interfaceId`: ERC-165, ERC-721 (+ metadata),
     * ERC-5192 (0xb45a3c0e) and AccessControl.
     */
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, AccessControl) returns (bool) {
        return interfaceId == type(IERC5192).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev Refuses every transfer: only mints and burns change a profile's holder.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        // Checked before the approval check, so every attempt reads the same, whoever makes it.
        if (to != address(0) && _ownerOf(tokenId) != address(0)) {
            revert MarqueOwnerProfileSoulbound(tokenId);
        }
        return super._update(to, tokenId, auth);
    }

    function _mintProfile(address account) private returns (uint256 profileId) {
        uint256 existing = _profileOf[account];
        if (existing != 0) {
            revert MarqueOwnerProfileAlreadyExists(account, existing);
        }
        profileId = ++_totalMinted;
        _profileOf[account] = profileId;
        _mint(account, profileId);
        emit Locked(profileId);
    }
}
