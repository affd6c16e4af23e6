// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

interface ICometToken {
    function decimals() external view returns (uint8);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

interface ICometFeed {
    function decimals() external view returns (uint8);
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
}

/// A one-base-asset lending market for the demo world. Its external ABI matches Compound III (Comet)
/// for everything the engine reads, and so does its accounting: signed base principals projected by a
/// supply and a borrow index (1e15 scale), collateral valued at 8-decimal feed prices times 1e18-scaled
/// factors, absorb as Comet's. Left out (the demo never drives them): managers and allowances,
/// transfers, buyCollateral, reserves withdrawal, pause flags, reward tracking, baseBorrowMin.
/// Deliberate difference: the collateral checks project interest to the current second (real Comet uses
/// the indices of its last accrual), so isLiquidatable always agrees with borrowBalanceOf.
contract CometMarket {
    /// Comet's AssetConfig, with `scale` (10^decimals) in place of `decimals`.
    struct AssetConfig {
        address asset;
        address priceFeed;
        uint64 scale;
        uint64 borrowCollateralFactor;
        uint64 liquidateCollateralFactor;
        uint64 liquidationFactor;
        uint128 supplyCap;
    }

    struct AssetInfo {
        uint8 offset;
        address asset;
        address priceFeed;
        uint64 scale;
        uint64 borrowCollateralFactor;
        uint64 liquidateCollateralFactor;
        uint64 liquidationFactor;
        uint128 supplyCap;
    }

    struct TotalsBasic {
        uint64 baseSupplyIndex;
        uint64 baseBorrowIndex;
        uint64 trackingSupplyIndex;
        uint64 trackingBorrowIndex;
        uint104 totalSupplyBase;
        uint104 totalBorrowBase;
        uint40 lastAccrualTime;
        uint8 pauseFlags;
    }

    struct TotalsCollateral {
        uint128 totalSupplyAsset;
        uint128 _reserved;
    }

    struct UserBasic {
        int104 principal;
        uint64 baseTrackingIndex;
        uint64 baseTrackingAccrued;
        uint16 assetsIn;
        uint8 _reserved;
    }

    struct UserCollateral {
        uint128 balance;
        uint128 _reserved;
    }

    error BadAsset();
    error BadDecimals();
    error BadPrice();
    error BorrowCFTooLarge();
    error LiquidateCFTooLarge();
    error NotCollateralized();
    error NotLiquidatable();
    error SupplyCapExceeded();
    error TooManyAssets();
    error TransferInFailed();
    error TransferOutFailed();
    error Overflow();

    event Supply(address indexed from, address indexed dst, uint amount);
    event Transfer(address indexed from, address indexed to, uint amount);
    event Withdraw(address indexed src, address indexed to, uint amount);
    event SupplyCollateral(address indexed from, address indexed dst, address indexed asset, uint amount);
    event WithdrawCollateral(address indexed src, address indexed to, address indexed asset, uint amount);
    event AbsorbDebt(address indexed absorber, address indexed borrower, uint basePaidOut, uint usdValue);
    event AbsorbCollateral(
        address indexed absorber,
        address indexed borrower,
        address indexed asset,
        uint collateralAbsorbed,
        uint usdValue
    );

    uint64 internal constant FACTOR_SCALE = 1e18;
    uint64 internal constant BASE_INDEX_SCALE = 1e15;
    uint64 internal constant SECONDS_PER_YEAR = 31_536_000;
    uint8 internal constant PRICE_FEED_DECIMALS = 8;
    // An account's collateral assets are a uint16 bit set, as in Comet.
    uint8 internal constant MAX_ASSETS = 15;

    address public immutable governor;
    address public immutable baseToken;
    address public immutable baseTokenPriceFeed;
    uint public immutable baseScale;
    uint8 public immutable decimals;
    uint8 public immutable numAssets;
    uint public immutable borrowKink;
    uint public immutable borrowPerSecondInterestRateBase;
    uint public immutable borrowPerSecondInterestRateSlopeLow;
    uint public immutable borrowPerSecondInterestRateSlopeHigh;

    AssetInfo[] internal assets;
    TotalsBasic internal totals;
    mapping(address => TotalsCollateral) public totalsCollateral;
    mapping(address => UserBasic) public userBasic;
    mapping(address => mapping(address => UserCollateral)) public userCollateral;

    /// Rates are per year, scaled 1e18, and stored per second, as Comet's configurator does.
    constructor(
        address baseToken_,
        address baseTokenPriceFeed_,
        uint borrowKink_,
        uint borrowPerYearInterestRateBase,
        uint borrowPerYearInterestRateSlopeLow,
        uint borrowPerYearInterestRateSlopeHigh,
        AssetConfig[] memory assetConfigs
    ) {
        if (ICometFeed(baseTokenPriceFeed_).decimals() != PRICE_FEED_DECIMALS) revert BadDecimals();
        if (assetConfigs.length > MAX_ASSETS) revert TooManyAssets();
        uint8 baseDecimals = ICometToken(baseToken_).decimals();
        governor = msg.sender;
        baseToken = baseToken_;
        baseTokenPriceFeed = baseTokenPriceFeed_;
        decimals = baseDecimals;
        baseScale = 10 ** baseDecimals;
        borrowKink = borrowKink_;
        borrowPerSecondInterestRateBase = borrowPerYearInterestRateBase / SECONDS_PER_YEAR;
        borrowPerSecondInterestRateSlopeLow = borrowPerYearInterestRateSlopeLow / SECONDS_PER_YEAR;
        borrowPerSecondInterestRateSlopeHigh = borrowPerYearInterestRateSlopeHigh / SECONDS_PER_YEAR;
        numAssets = uint8(assetConfigs.length);
        for (uint8 i = 0; i < assetConfigs.length; i++) {
            AssetConfig memory c = assetConfigs[i];
            // A wrong scale would misprice the collateral silently, so refuse it here.
            if (10 ** ICometToken(c.asset).decimals() != c.scale) revert BadDecimals();
            if (ICometFeed(c.priceFeed).decimals() != PRICE_FEED_DECIMALS) revert BadDecimals();
            if (c.borrowCollateralFactor >= c.liquidateCollateralFactor) revert BorrowCFTooLarge();
            if (c.liquidateCollateralFactor > FACTOR_SCALE) revert LiquidateCFTooLarge();
            assets.push(AssetInfo(i, c.asset, c.priceFeed, c.scale, c.borrowCollateralFactor,
                c.liquidateCollateralFactor, c.liquidationFactor, c.supplyCap));
        }
        totals.baseSupplyIndex = BASE_INDEX_SCALE;
        totals.baseBorrowIndex = BASE_INDEX_SCALE;
        totals.lastAccrualTime = uint40(block.timestamp);
    }

    // ---- Views ----

    function totalsBasic() external view returns (TotalsBasic memory) {
        return totals;
    }

    function getAssetInfo(uint8 i) public view returns (AssetInfo memory) {
        if (i >= numAssets) revert BadAsset();
        return assets[i];
    }

    function getAssetInfoByAddress(address asset) public view returns (AssetInfo memory) {
        for (uint8 i = 0; i < numAssets; i++) {
            if (assets[i].asset == asset) return assets[i];
        }
        revert BadAsset();
    }

    function getPrice(address priceFeed) public view returns (uint256) {
        (, int256 price, , , ) = ICometFeed(priceFeed).latestRoundData();
        if (price <= 0) revert BadPrice();
        return uint256(price);
    }

    /// Like Comet, from the indices of the last accrual.
    function getUtilization() public view returns (uint) {
        uint supplied = uint(totals.totalSupplyBase) * totals.baseSupplyIndex / BASE_INDEX_SCALE;
        uint borrowed = uint(totals.totalBorrowBase) * totals.baseBorrowIndex / BASE_INDEX_SCALE;
        return supplied == 0 ? 0 : borrowed * FACTOR_SCALE / supplied;
    }

    function getBorrowRate(uint utilization) public view returns (uint64) {
        uint rate = borrowPerSecondInterestRateBase;
        if (utilization <= borrowKink) {
            rate += mulFactor(borrowPerSecondInterestRateSlopeLow, utilization);
        } else {
            rate += mulFactor(borrowPerSecondInterestRateSlopeLow, borrowKink)
                + mulFactor(borrowPerSecondInterestRateSlopeHigh, utilization - borrowKink);
        }
        return toU64(rate);
    }

    /// No reserve factor: suppliers earn exactly the interest borrowers pay, spread over the supply.
    function getSupplyRate(uint utilization) public view returns (uint64) {
        return toU64(mulFactor(getBorrowRate(utilization), utilization));
    }

    function totalSupply() external view returns (uint256) {
        (uint64 s, ) = accruedIndices();
        return uint(totals.totalSupplyBase) * s / BASE_INDEX_SCALE;
    }

    function totalBorrow() external view returns (uint256) {
        (, uint64 b) = accruedIndices();
        return uint(totals.totalBorrowBase) * b / BASE_INDEX_SCALE;
    }

    function balanceOf(address account) public view returns (uint256) {
        int256 balance = presentValue(userBasic[account].principal);
        return balance > 0 ? uint256(balance) : 0;
    }

    function borrowBalanceOf(address account) public view returns (uint256) {
        int256 balance = presentValue(userBasic[account].principal);
        return balance < 0 ? uint256(-balance) : 0;
    }

    function collateralBalanceOf(address account, address asset) external view returns (uint128) {
        return userCollateral[account][asset].balance;
    }

    function isBorrowCollateralized(address account) public view returns (bool) {
        return liquidity(account, true) >= 0;
    }

    function isLiquidatable(address account) public view returns (bool) {
        return liquidity(account, false) < 0;
    }

    // ---- Actions ----

    function supply(address asset, uint amount) external {
        supplyInternal(msg.sender, msg.sender, asset, amount);
    }

    function supplyTo(address dst, address asset, uint amount) external {
        supplyInternal(msg.sender, dst, asset, amount);
    }

    function withdraw(address asset, uint amount) external {
        withdrawInternal(msg.sender, msg.sender, asset, amount);
    }

    function withdrawTo(address to, address asset, uint amount) external {
        withdrawInternal(msg.sender, to, asset, amount);
    }

    /// No reward tracking here, so accruing an account is accruing the market.
    function accrueAccount(address) external {
        accrueInternal();
    }

    /// Takes all collateral of each underwater account and credits it at liquidationFactor against its debt.
    function absorb(address absorber, address[] calldata accounts) external {
        accrueInternal();
        for (uint i = 0; i < accounts.length; i++) {
            address account = accounts[i];
            if (!isLiquidatable(account)) revert NotLiquidatable();
            uint16 assetsIn = userBasic[account].assetsIn;
            uint256 credit;
            for (uint8 a = 0; a < numAssets; a++) {
                if (assetsIn & (uint16(1) << a) == 0) continue;
                AssetInfo memory info = assets[a];
                uint128 seized = userCollateral[account][info.asset].balance;
                uint256 value = uint256(seized) * getPrice(info.priceFeed) / info.scale;
                credit += mulFactor(value, info.liquidationFactor);
                setCollateral(account, info, 0);
                userCollateral[address(this)][info.asset].balance += seized;
                emit AbsorbCollateral(absorber, account, info.asset, seized, value);
            }
            uint256 basePrice = getPrice(baseTokenPriceFeed);
            int256 oldBalance = presentValue(userBasic[account].principal);
            int256 newBalance = oldBalance + toI256(credit * baseScale / basePrice);
            // The protocol's reserves take any debt the collateral does not cover.
            if (newBalance < 0) newBalance = 0;
            setPrincipal(account, principalValue(newBalance));
            uint256 basePaidOut = uint256(newBalance - oldBalance);
            emit AbsorbDebt(absorber, account, basePaidOut, basePaidOut * basePrice / baseScale);
        }
    }

    // ---- Internals ----

    function supplyInternal(address from, address dst, address asset, uint amount) internal {
        if (asset != baseToken) return supplyCollateral(from, dst, asset, amount);
        if (amount == type(uint256).max) amount = borrowBalanceOf(dst);
        doTransferIn(baseToken, from, amount);
        accrueInternal();
        int256 oldPrincipal = userBasic[dst].principal;
        int256 newPrincipal = principalValue(presentValue(oldPrincipal) + toI256(amount));
        setPrincipal(dst, newPrincipal);
        emit Supply(from, dst, amount);
        if (positive(newPrincipal) > positive(oldPrincipal)) {
            emit Transfer(address(0), dst, supplyValue(positive(newPrincipal) - positive(oldPrincipal)));
        }
    }

    function supplyCollateral(address from, address dst, address asset, uint amount) internal {
        doTransferIn(asset, from, amount);
        AssetInfo memory info = getAssetInfoByAddress(asset);
        uint128 total = totalsCollateral[asset].totalSupplyAsset + toU128(amount);
        if (total > info.supplyCap) revert SupplyCapExceeded();
        totalsCollateral[asset].totalSupplyAsset = total;
        setCollateral(dst, info, userCollateral[dst][asset].balance + toU128(amount));
        emit SupplyCollateral(from, dst, asset, amount);
    }

    function withdrawInternal(address src, address to, address asset, uint amount) internal {
        if (asset != baseToken) return withdrawCollateral(src, to, asset, amount);
        if (amount == type(uint256).max) amount = balanceOf(src);
        accrueInternal();
        int256 oldPrincipal = userBasic[src].principal;
        int256 balance = presentValue(oldPrincipal) - toI256(amount);
        int256 newPrincipal = principalValue(balance);
        setPrincipal(src, newPrincipal);
        // Withdrawing past the supplied balance is a borrow, allowed only within borrowCollateralFactor.
        if (balance < 0 && !isBorrowCollateralized(src)) revert NotCollateralized();
        doTransferOut(baseToken, to, amount);
        emit Withdraw(src, to, amount);
        if (positive(oldPrincipal) > positive(newPrincipal)) {
            emit Transfer(src, address(0), supplyValue(positive(oldPrincipal) - positive(newPrincipal)));
        }
    }

    function withdrawCollateral(address src, address to, address asset, uint amount) internal {
        AssetInfo memory info = getAssetInfoByAddress(asset);
        totalsCollateral[asset].totalSupplyAsset -= toU128(amount);
        setCollateral(src, info, userCollateral[src][asset].balance - toU128(amount));
        if (!isBorrowCollateralized(src)) revert NotCollateralized();
        doTransferOut(asset, to, amount);
        emit WithdrawCollateral(src, to, asset, amount);
    }

    /// Signed USD value (8 decimals) of the debt against the collateral weighted by the chosen factor;
    /// an account with no debt has nothing at risk, as in Comet.
    function liquidity(address account, bool forBorrow) internal view returns (int256) {
        int256 principal = userBasic[account].principal;
        if (principal >= 0) return 0;
        int256 total = -toI256(uint256(-presentValue(principal)) * getPrice(baseTokenPriceFeed) / baseScale);
        uint16 assetsIn = userBasic[account].assetsIn;
        for (uint8 a = 0; a < numAssets; a++) {
            if (assetsIn & (uint16(1) << a) == 0) continue;
            AssetInfo memory info = assets[a];
            uint256 value = uint256(userCollateral[account][info.asset].balance) * getPrice(info.priceFeed) / info.scale;
            total += toI256(mulFactor(value, forBorrow ? info.borrowCollateralFactor : info.liquidateCollateralFactor));
        }
        return total;
    }

    /// Indices projected to now, so views between transactions see interest grow second by second.
    function accruedIndices() internal view returns (uint64 supplyIndex, uint64 borrowIndex) {
        supplyIndex = totals.baseSupplyIndex;
        borrowIndex = totals.baseBorrowIndex;
        uint elapsed = block.timestamp - totals.lastAccrualTime;
        if (elapsed > 0) {
            uint utilization = getUtilization();
            supplyIndex += toU64(mulFactor(supplyIndex, getSupplyRate(utilization) * elapsed));
            borrowIndex += toU64(mulFactor(borrowIndex, getBorrowRate(utilization) * elapsed));
        }
    }

    function accrueInternal() internal {
        if (block.timestamp == totals.lastAccrualTime) return;
        (totals.baseSupplyIndex, totals.baseBorrowIndex) = accruedIndices();
        totals.lastAccrualTime = uint40(block.timestamp);
    }

    function presentValue(int256 principal) internal view returns (int256) {
        (uint64 supplyIndex, uint64 borrowIndex) = accruedIndices();
        if (principal >= 0) return toI256(uint256(principal) * supplyIndex / BASE_INDEX_SCALE);
        return -toI256(uint256(-principal) * borrowIndex / BASE_INDEX_SCALE);
    }

    /// Supply principal rounds down and borrow principal rounds up, so rounding never favours the user.
    function principalValue(int256 balance) internal view returns (int256) {
        if (balance >= 0) return toI256(uint256(balance) * BASE_INDEX_SCALE / totals.baseSupplyIndex);
        uint256 index = totals.baseBorrowIndex;
        return -toI256((uint256(-balance) * BASE_INDEX_SCALE + index - 1) / index);
    }

    function supplyValue(uint256 principal) internal view returns (uint256) {
        return principal * totals.baseSupplyIndex / BASE_INDEX_SCALE;
    }

    /// Moves the market totals by the change in the account's supplied and borrowed principal.
    function setPrincipal(address account, int256 newPrincipal) internal {
        int256 oldPrincipal = userBasic[account].principal;
        totals.totalSupplyBase = toU104(uint(totals.totalSupplyBase) + positive(newPrincipal) - positive(oldPrincipal));
        totals.totalBorrowBase = toU104(uint(totals.totalBorrowBase) + positive(-newPrincipal) - positive(-oldPrincipal));
        if (newPrincipal < type(int104).min || newPrincipal > type(int104).max) revert Overflow();
        userBasic[account].principal = int104(newPrincipal);
    }

    function setCollateral(address account, AssetInfo memory info, uint128 balance) internal {
        userCollateral[account][info.asset].balance = balance;
        uint16 bit = uint16(1) << info.offset;
        if (balance == 0) userBasic[account].assetsIn &= ~bit;
        else userBasic[account].assetsIn |= bit;
    }

    function doTransferIn(address asset, address from, uint amount) internal {
        if (!ICometToken(asset).transferFrom(from, address(this), amount)) revert TransferInFailed();
    }

    function doTransferOut(address asset, address to, uint amount) internal {
        if (!ICometToken(asset).transfer(to, amount)) revert TransferOutFailed();
    }

    function mulFactor(uint n, uint factor) internal pure returns (uint) {
        return n * factor / FACTOR_SCALE;
    }

    function positive(int256 x) internal pure returns (uint256) {
        return x > 0 ? uint256(x) : 0;
    }

    function toI256(uint256 x) internal pure returns (int256) {
        if (x > uint256(type(int256).max)) revert Overflow();
        return int256(x);
    }

    function toU64(uint256 x) internal pure returns (uint64) {
        if (x > type(uint64).max) revert Overflow();
        return uint64(x);
    }

    function toU104(uint256 x) internal pure returns (uint104) {
        if (x > type(uint104).max) revert Overflow();
        return uint104(x);
    }

    function toU128(uint256 x) internal pure returns (uint128) {
        if (x > type(uint128).max) revert Overflow();
        return uint128(x);
    }
}
