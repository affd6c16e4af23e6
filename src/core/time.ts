/** Time constants every layer shares, so a day or a default point count is written once. */
export const DAY_MS = 86_400_000;

/** Points in a series when Grafana sends no maxDataPoints (its own default for a panel is the width). */
export const DEFAULT_MAX_DATA_POINTS = 1_000;
