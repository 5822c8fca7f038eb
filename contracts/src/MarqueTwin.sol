// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/**
 * @title MarqueTwin
 * @notice Digital twin of a car built by the marque: one ERC-721 token per car, carrying the car's
 * model name and a hash of its build configuration.
 * @dev Token ids are sequential and start at 1, so that 0 never names a twin in off-chain records.
 * The configuration hash is written once at mint and has no setter: it is the car's birth
 * certificate, and later changes (production stages, service history) belong in their own records.
 */
contract MarqueTwin is ERC721, AccessControl {
    /// @notice Role allowed to mint twins.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    struct Twin {
        string model;
        bytes32 configurationHash;
    }

    uint256 private _totalMinted;
    string private _baseTokenURI;
    mapping(uint256 tokenId => Twin) private _twins;

    /**
     * @notice Emitted when the twin `tokenId` of a `model` car built to `configurationHash` is
     * minted to `owner`.
     */
    event TwinMinted(uint256 indexed tokenId, address indexed owner, string model, bytes32 configurationHash);

    /// @notice Emitted when the admin changes the prefix of every token URI to `baseURI`.
    event BaseURIUpdated(string baseURI);

    /// @notice The admin given to the constructor is not a valid account (e.g. `address(0)`).
    error MarqueTwinInvalidAdmin(address admin);

    /// @notice A twin cannot be minted without a model name.
    error MarqueTwinEmptyModel();

    /// @notice A twin cannot be minted with a zero configuration hash; it could never be corrected.
    error MarqueTwinEmptyConfiguration();

    /**
     * @notice Deploys the collection with `admin` as its administrator and first minter.
     * @param admin Account granted `DEFAULT_ADMIN_ROLE` and `MINTER_ROLE`.
     * @param baseURI_ Prefix of every token URI; the token id is appended to it.
     */
    constructor(address admin, string memory baseURI_) ERC721("Marque Twin", "TWIN") {
        if (admin == address(0)) {
            revert MarqueTwinInvalidAdmin(address(0));
        }
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
        _baseTokenURI = baseURI_;
    }

    /**
     * @notice Mints the twin of a newly built car to `to`.
     * @dev Only `MINTER_ROLE`. Reverts with `ERC721InvalidReceiver` when `to` is a contract that does
     * not accept ERC-721 tokens. The receiver hook runs after the state change and the event, so a
     * re-entering receiver sees a finished mint.
     * @param to Owner of the new twin.
     * @param model Model name of the car, e.g. "Aurelia GT".
     * @param configurationHash Hash of the car's build configuration (paint, trim, options).
     * @return tokenId Id of the new twin.
     */
    function mint(
        address to,
        string calldata model,
        bytes32 configurationHash
    ) external onlyRole(MINTER_ROLE) returns (uint256 tokenId) {
        if (bytes(model).length == 0) {
            revert MarqueTwinEmptyModel();
        }
        if (configurationHash == bytes32(0)) {
            revert MarqueTwinEmptyConfiguration();
        }
        tokenId = ++_totalMinted;
        _twins[tokenId] = Twin(model, configurationHash);
        _mint(to, tokenId);
        emit TwinMinted(tokenId, to, model, configurationHash);
        ERC721Utils.checkOnERC721Received(_msgSender(), address(0), to, tokenId, "");
    }

    /**
     * @notice Changes the prefix of every token URI.
     * @dev Only `DEFAULT_ADMIN_ROLE`.
     * @param newBaseURI New prefix; the token id is appended to it.
     */
    function setBaseURI(string calldata newBaseURI) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _baseTokenURI = newBaseURI;
        emit BaseURIUpdated(newBaseURI);
    }

    /**
     * @notice Model name of the car twinned by `tokenId`.
     * @dev Reverts with `ERC721NonexistentToken` for an id that was never minted.
     */
    function modelOf(uint256 tokenId) external view returns (string memory) {
        _requireOwned(tokenId);
        return _twins[tokenId].model;
    }

    /**
     * @notice Build configuration hash of the car twinned by `tokenId`, fixed at mint.
     * @dev Reverts with `ERC721NonexistentToken` for an id that was never minted.
     */
    function configurationHashOf(uint256 tokenId) external view returns (bytes32) {
        _requireOwned(tokenId);
        return _twins[tokenId].configurationHash;
    }

    /// @notice Number of twins minted so far, which is also the id of the latest one.
    function totalMinted() external view returns (uint256) {
        return _totalMinted;
    }

    /// @inheritdoc AccessControl
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    /// @dev Prefix that {ERC721-tokenURI} puts before the token id.
    function _baseURI() internal view override returns (string memory) {
        return _baseTokenURI;
    }
}
