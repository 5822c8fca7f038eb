// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/**
 * @title MarqueTwin
 * @notice Digital twin of a car ordered from the marque: one ERC-721 token per car, minted when the
 * order is confirmed, that follows the car through the factory and carries its digital-only add-ons.
 * @dev Token ids are sequential and start at 1, so that 0 never names a twin in off-chain records;
 * twins are never burned, so `1..totalMinted()` are exactly the minted ids.
 *
 * The model and the configuration hash are written once at mint and have no setter: they are the
 * car's birth certificate. Production stages move one step forward at a time (see {advanceStage});
 * a twin is version 1.0 while its car is being built and 2.0 once delivered. Digital-only add-ons
 * from an approved catalogue change {currentConfigurationHashOf}, never {configurationHashOf}.
 * Every change of what {tokenURI} describes emits ERC-4906's `MetadataUpdate`.
 */
contract MarqueTwin is IERC4906, ERC721, AccessControl {
    /// @notice Role that mints a twin when an order is confirmed.
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    /// @notice Role that records the car's progress through the factory.
    bytes32 public constant FACTORY_ROLE = keccak256("FACTORY_ROLE");

    /// @notice Most add-ons one twin can carry, which bounds the gas of every add-on change.
    uint256 public constant MAX_ADD_ONS = 16;

    /// @dev ERC-4906 defines no function, so `type(IERC4906).interfaceId` would be 0; the EIP fixes this id.
    bytes4 private constant ERC4906_INTERFACE_ID = 0x49064906;

    /**
     * @notice Where the car is on its way to its owner, in the only order it can happen.
     * @dev Stored as a uint8; {stageOf} returns that number (0 = Ordered … 5 = Delivered).
     */
    enum Stage {
        Ordered,
        BodyShop,
        Paint,
        Assembly,
        Quality,
        Delivered
    }

    struct Twin {
        string model;
        bytes32 configurationHash;
        Stage stage;
        // Kept in ascending order, so that the current configuration hash depends on the set of
        // add-ons and not on the order they were applied in.
        bytes32[] addOns;
    }

    uint256 private _totalMinted;
    string private _baseTokenURI;
    mapping(uint256 tokenId => Twin) private _twins;
    mapping(bytes32 addOn => bool) private _approvedAddOns;

    /**
     * @notice Emitted when the twin `tokenId` of a `model` car ordered as `configurationHash` is
     * minted to `owner`.
     */
    event TwinMinted(uint256 indexed tokenId, address indexed owner, string model, bytes32 configurationHash);

    /// @notice Emitted when the car of twin `tokenId` reaches `stage`, at block time `timestamp`.
    event StageAdvanced(uint256 indexed tokenId, Stage indexed stage, uint256 timestamp);

    /// @notice Emitted when twin `tokenId` becomes version `major`.`minor` (2.0 on delivery).
    event VersionUpdated(uint256 indexed tokenId, uint8 major, uint8 minor);

    /// @notice Emitted when the admin adds `addOn` to the catalogue owners may apply from.
    event AddOnApproved(bytes32 indexed addOn);

    /// @notice Emitted when the admin takes `addOn` out of the catalogue; twins carrying it keep it.
    event AddOnWithdrawn(bytes32 indexed addOn);

    /// @notice Emitted when `addOn` is applied to twin `tokenId`, whose configuration becomes `currentConfigurationHash`.
    event AddOnApplied(uint256 indexed tokenId, bytes32 indexed addOn, bytes32 currentConfigurationHash);

    /// @notice Emitted when `addOn` is removed from twin `tokenId`, whose configuration becomes `currentConfigurationHash`.
    event AddOnRemoved(uint256 indexed tokenId, bytes32 indexed addOn, bytes32 currentConfigurationHash);

    /// @notice Emitted when the admin changes the prefix of every token URI to `baseURI`.
    event BaseURIUpdated(string baseURI);

    /// @notice The admin given to the constructor is not a valid account (e.g. `address(0)`).
    error MarqueTwinInvalidAdmin(address admin);

    /// @notice A twin cannot be minted without a model id.
    error MarqueTwinEmptyModel();

    /// @notice A twin cannot be minted with a zero configuration hash; it could never be corrected.
    error MarqueTwinEmptyConfiguration();

    /**
     * @notice Twin `tokenId` is at stage `current` and cannot go to `requested`: stages move one
     * step forward at a time, never back, never skipping one, and not past Delivered.
     */
    error MarqueTwinInvalidStageTransition(uint256 tokenId, Stage current, Stage requested);

    /// @notice `addOn` is the zero code, which cannot name an add-on.
    error MarqueTwinInvalidAddOn(bytes32 addOn);

    /// @notice `addOn` is already in the catalogue.
    error MarqueTwinAddOnAlreadyApproved(bytes32 addOn);

    /// @notice `addOn` is not in the catalogue (never approved, or withdrawn).
    error MarqueTwinAddOnNotApproved(bytes32 addOn);

    /// @notice Twin `tokenId` already carries `addOn`.
    error MarqueTwinAddOnAlreadyApplied(uint256 tokenId, bytes32 addOn);

    /// @notice Twin `tokenId` does not carry `addOn`.
    error MarqueTwinAddOnNotApplied(uint256 tokenId, bytes32 addOn);

    /// @notice Twin `tokenId` already carries `max` add-ons, the most one twin may carry.
    error MarqueTwinTooManyAddOns(uint256 tokenId, uint256 max);

    /**
     * @notice Deploys the collection with `admin` as its administrator.
     * @dev The admin holds only `DEFAULT_ADMIN_ROLE` (catalogue, base URI, roles); it grants
     * `ISSUER_ROLE` and `FACTORY_ROLE` to the accounts that mint and build.
     * @param admin Account granted `DEFAULT_ADMIN_ROLE`.
     * @param baseURI_ Prefix of every token URI; the token id is appended to it.
     */
    constructor(address admin, string memory baseURI_) ERC721("Marque Twin", "TWIN") {
        if (admin == address(0)) {
            revert MarqueTwinInvalidAdmin(address(0));
        }
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _baseTokenURI = baseURI_;
    }

    /**
     * @notice Mints the twin of a car whose order was just confirmed to `to`, at stage Ordered and
     * version 1.0.
     * @dev Only `ISSUER_ROLE`. Reverts with `ERC721InvalidReceiver` when `to` is a contract that does
     * not accept ERC-721 tokens. The receiver hook runs after the state change and the event, so a
     * re-entering receiver sees a finished mint.
     * @param to Owner of the new twin.
     * @param model Model id of the car, e.g. "astrale-2025".
     * @param configurationHash Hash of the ordered configuration (paint, trim, options).
     * @return tokenId Id of the new twin.
     */
    function mint(
        address to,
        string calldata model,
        bytes32 configurationHash
    ) external onlyRole(ISSUER_ROLE) returns (uint256 tokenId) {
        if (bytes(model).length == 0) {
            revert MarqueTwinEmptyModel();
        }
        if (configurationHash == bytes32(0)) {
            revert MarqueTwinEmptyConfiguration();
        }
        tokenId = ++_totalMinted;
        Twin storage twin = _twins[tokenId];
        twin.model = model;
        twin.configurationHash = configurationHash;
        _mint(to, tokenId);
        emit TwinMinted(tokenId, to, model, configurationHash);
        ERC721Utils.checkOnERC721Received(_msgSender(), address(0), to, tokenId, "");
    }

    /**
     * @notice Records that the car of twin `tokenId` reached `next`, the stage right after its current one.
     * @dev Only `FACTORY_ROLE`. Naming the stage, rather than "the next one", makes a transaction sent
     * twice fail instead of skipping a stage. Reaching Delivered makes the twin version 2.0.
     * @param tokenId Twin whose car moved on.
     * @param next Stage it reached; must be exactly one after {stageOf}.
     */
    function advanceStage(uint256 tokenId, Stage next) external onlyRole(FACTORY_ROLE) {
        _requireOwned(tokenId);
        Twin storage twin = _twins[tokenId];
        Stage current = twin.stage;
        if (current == Stage.Delivered || uint8(next) != uint8(current) + 1) {
            revert MarqueTwinInvalidStageTransition(tokenId, current, next);
        }
        twin.stage = next;
        emit StageAdvanced(tokenId, next, block.timestamp);
        if (next == Stage.Delivered) {
            emit VersionUpdated(tokenId, 2, 0);
        }
        emit MetadataUpdate(tokenId);
    }

    /**
     * @notice Adds `addOn` to the catalogue of digital-only add-ons that owners may apply.
     * @dev Only `DEFAULT_ADMIN_ROLE`.
     * @param addOn Code of the add-on, e.g. its catalogue code right-padded to 32 bytes.
     */
    function approveAddOn(bytes32 addOn) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (addOn == bytes32(0)) {
            revert MarqueTwinInvalidAddOn(addOn);
        }
        if (_approvedAddOns[addOn]) {
            revert MarqueTwinAddOnAlreadyApproved(addOn);
        }
        _approvedAddOns[addOn] = true;
        emit AddOnApproved(addOn);
    }

    /**
     * @notice Takes `addOn` out of the catalogue: no twin can apply it any more.
     * @dev Only `DEFAULT_ADMIN_ROLE`. Twins that carry it keep it (the owner paid for it) and their
     * owners can still remove it.
     * @param addOn Code of an approved add-on.
     */
    function withdrawAddOn(bytes32 addOn) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_approvedAddOns[addOn]) {
            revert MarqueTwinAddOnNotApproved(addOn);
        }
        _approvedAddOns[addOn] = false;
        emit AddOnWithdrawn(addOn);
    }

    /**
     * @notice Applies the approved digital-only `addOn` to twin `tokenId`, changing its current
     * configuration hash; the original one stays as minted.
     * @dev Only the twin's owner or an account it approved (ERC-721 approval), else
     * `ERC721InsufficientApproval`. Allowed at any stage.
     * @param tokenId Twin to change.
     * @param addOn Code of an approved add-on the twin does not carry yet.
     */
    function applyAddOn(uint256 tokenId, bytes32 addOn) external {
        _checkAuthorized(_ownerOf(tokenId), _msgSender(), tokenId);
        if (!_approvedAddOns[addOn]) {
            revert MarqueTwinAddOnNotApproved(addOn);
        }
        Twin storage twin = _twins[tokenId];
        bytes32[] storage addOns = twin.addOns;
        uint256 count = addOns.length;
        if (count == MAX_ADD_ONS) {
            revert MarqueTwinTooManyAddOns(tokenId, MAX_ADD_ONS);
        }
        // Insertion into the sorted list: shift the larger codes up by one.
        addOns.push(addOn);
        uint256 i = count;
        while (i > 0) {
            bytes32 previous = addOns[i - 1];
            if (previous == addOn) {
                revert MarqueTwinAddOnAlreadyApplied(tokenId, addOn);
            }
            if (previous < addOn) break;
            addOns[i] = previous;
            --i;
        }
        if (i != count) addOns[i] = addOn;
        emit AddOnApplied(tokenId, addOn, _currentConfigurationHash(twin));
        emit MetadataUpdate(tokenId);
    }

    /**
     * @notice Removes `addOn` from twin `tokenId`, changing its current configuration hash back.
     * @dev Only the twin's owner or an account it approved (ERC-721 approval), else
     * `ERC721InsufficientApproval`. Works for withdrawn add-ons too.
     * @param tokenId Twin to change.
     * @param addOn Code of an add-on the twin carries.
     */
    function removeAddOn(uint256 tokenId, bytes32 addOn) external {
        _checkAuthorized(_ownerOf(tokenId), _msgSender(), tokenId);
        Twin storage twin = _twins[tokenId];
        bytes32[] storage addOns = twin.addOns;
        uint256 count = addOns.length;
        uint256 i = 0;
        while (i < count && addOns[i] != addOn) ++i;
        if (i == count) {
            revert MarqueTwinAddOnNotApplied(tokenId, addOn);
        }
        // Shift the larger codes down by one, keeping the list sorted.
        for (; i + 1 < count; ++i) addOns[i] = addOns[i + 1];
        addOns.pop();
        emit AddOnRemoved(tokenId, addOn, _currentConfigurationHash(twin));
        emit MetadataUpdate(tokenId);
    }

    /**
     * @notice Changes the prefix of every token URI.
     * @dev Only `DEFAULT_ADMIN_ROLE`. Emits ERC-4906's `BatchMetadataUpdate` over every minted twin.
     * @param newBaseURI New prefix; the token id is appended to it.
     */
    function setBaseURI(string calldata newBaseURI) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _baseTokenURI = newBaseURI;
        emit BaseURIUpdated(newBaseURI);
        if (_totalMinted > 0) emit BatchMetadataUpdate(1, _totalMinted);
    }

    /**
     * @notice Model id of the car twinned by `tokenId`, e.g. "astrale-2025".
     * @dev Reverts with `ERC721NonexistentToken` for an id that was never minted.
     */
    function modelOf(uint256 tokenId) external view returns (string memory) {
        _requireOwned(tokenId);
        return _twins[tokenId].model;
    }

    /**
     * @notice Hash of the configuration the car of `tokenId` was ordered with, fixed at mint.
     * @dev Reverts with `ERC721NonexistentToken` for an id that was never minted.
     */
    function configurationHashOf(uint256 tokenId) external view returns (bytes32) {
        _requireOwned(tokenId);
        return _twins[tokenId].configurationHash;
    }

    /**
     * @notice Hash of the twin's configuration including its digital-only add-ons.
     * @dev Equal to {configurationHashOf} without add-ons; otherwise
     * `keccak256(abi.encode(configurationHash, addOns))` with the add-on codes in ascending order, so
     * anyone can recompute it from {configurationHashOf} and {addOnsOf}. Reverts with
     * `ERC721NonexistentToken` for an id that was never minted.
     */
    function currentConfigurationHashOf(uint256 tokenId) external view returns (bytes32) {
        _requireOwned(tokenId);
        return _currentConfigurationHash(_twins[tokenId]);
    }

    /**
     * @notice Production stage of the car of `tokenId`: 0 Ordered, 1 BodyShop, 2 Paint, 3 Assembly,
     * 4 Quality, 5 Delivered.
     * @dev Reverts with `ERC721NonexistentToken` for an id that was never minted.
     */
    function stageOf(uint256 tokenId) external view returns (uint8) {
        _requireOwned(tokenId);
        return uint8(_twins[tokenId].stage);
    }

    /**
     * @notice Version of twin `tokenId`: 1.0 while the car is built, 2.0 once delivered.
     * @dev Reverts with `ERC721NonexistentToken` for an id that was never minted.
     * @return major 1 before delivery, 2 after.
     * @return minor Always 0 for now; reserved for later revisions of a delivered twin.
     */
    function versionOf(uint256 tokenId) external view returns (uint8 major, uint8 minor) {
        _requireOwned(tokenId);
        return (_twins[tokenId].stage == Stage.Delivered ? 2 : 1, 0);
    }

    /**
     * @notice Digital-only add-ons twin `tokenId` carries, in ascending order of their codes.
     * @dev Reverts with `ERC721NonexistentToken` for an id that was never minted.
     */
    function addOnsOf(uint256 tokenId) external view returns (bytes32[] memory) {
        _requireOwned(tokenId);
        return _twins[tokenId].addOns;
    }

    /// @notice Whether `addOn` is in the catalogue owners may apply from.
    function isAddOnApproved(bytes32 addOn) external view returns (bool) {
        return _approvedAddOns[addOn];
    }

    /// @notice Number of twins minted so far, which is also the id of the latest one.
    function totalMinted() external view returns (uint256) {
        return _totalMinted;
    }

    /**
     * @notice Whether the contract implements `interfaceId`: ERC-165, ERC-721 (+ metadata),
     * ERC-4906 (0x49064906) and AccessControl.
     */
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(IERC165, ERC721, AccessControl) returns (bool) {
        return interfaceId == ERC4906_INTERFACE_ID || super.supportsInterface(interfaceId);
    }

    /// @dev Prefix that {ERC721-tokenURI} puts before the token id.
    function _baseURI() internal view override returns (string memory) {
        return _baseTokenURI;
    }

    function _currentConfigurationHash(Twin storage twin) private view returns (bytes32) {
        if (twin.addOns.length == 0) return twin.configurationHash;
        return keccak256(abi.encode(twin.configurationHash, twin.addOns));
    }
}
