// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// The two Aave V3 Pool functions this receiver uses (IPool's signatures).
interface IFlashLoanSimplePool {
    function flashLoanSimple(
        address receiverAddress,
        address asset,
        uint256 amount,
        bytes calldata params,
        uint16 referralCode
    ) external;

    function ADDRESSES_PROVIDER() external view returns (address);
}

interface IApprovable {
    function approve(address spender, uint256 amount) external returns (bool);
}

/// The market maker's Aave V3 flash-loan receiver (IFlashLoanSimpleReceiver): it borrows, does nothing
/// with the funds, and lets the pool pull back amount + premium. The premium comes from a balance the
/// owner sends it beforehand, so every loan is a real, repaid (mode 0) flash loan on chain.
contract FlashLoanReceiver {
    error NotOwner();
    error NotPool();
    error NotInitiator();
    error ApproveFailed();

    address public immutable owner;
    /// The pool of the latest run, for POOL() and ADDRESSES_PROVIDER().
    address public lastPool;
    // Set only while run() waits for the pool's callback, so no other caller can trigger an approval.
    address transient activePool;

    constructor() {
        owner = msg.sender;
    }

    function run(address pool, address asset, uint256 amount) external {
        if (msg.sender != owner) revert NotOwner();
        lastPool = pool;
        activePool = pool;
        IFlashLoanSimplePool(pool).flashLoanSimple(address(this), asset, amount, "", 0);
        activePool = address(0);
    }

    function executeOperation(
        address asset,
        uint256 amount,
        uint256 premium,
        address initiator,
        bytes calldata
    ) external returns (bool) {
        if (activePool == address(0) || msg.sender != activePool) revert NotPool();
        if (initiator != address(this)) revert NotInitiator();
        if (!IApprovable(asset).approve(msg.sender, amount + premium)) revert ApproveFailed();
        return true;
    }

    function POOL() external view returns (address) {
        return lastPool;
    }

    function ADDRESSES_PROVIDER() external view returns (address) {
        return lastPool == address(0) ? address(0) : IFlashLoanSimplePool(lastPool).ADDRESSES_PROVIDER();
    }
}
