// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";

/**
 * @title TestP256Verifier
 * @notice TEST ONLY, never deploy: exposes OpenZeppelin's two P-256 verifications so the gas report
 * can price a passkey signature with the chain's precompile (RIP-7212 / EIP-7951 at 0x100) and
 * without it (the Solidity implementation).
 */
contract TestP256Verifier {
    /// @notice Verifies with the precompile; reverts `MissingPrecompile` where the chain has none.
    function verifyNative(bytes32 h, bytes32 r, bytes32 s, bytes32 qx, bytes32 qy) external view returns (bool) {
        return P256.verifyNative(h, r, s, qx, qy);
    }

    /// @notice Verifies in Solidity, whatever the chain offers.
    function verifySolidity(bytes32 h, bytes32 r, bytes32 s, bytes32 qx, bytes32 qy) external view returns (bool) {
        return P256.verifySolidity(h, r, s, qx, qy);
    }
}
