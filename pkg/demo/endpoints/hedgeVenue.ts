/** The hedge venue's account endpoint: positions, margin, fees and funding at any time of the history. */
import type { WorldRecord } from '../ledger/record';
import type { HedgeState } from '../sim/hedge';
import { json, type Route } from './http';

function toWire(state: HedgeState) {
  return {
    timestamp: state.timestamp,
    positions: state.positions.map((p) => ({ ...p, side: p.size < 0 ? 'short' : p.size > 0 ? 'long' : 'flat' })),
    balances: [{ asset: 'USDC', amount: state.marginBalance }],
    realizedPnl: state.realizedPnl,
    feesPaid: state.feesPaid,
    fundingNet: state.fundingNet,
    // USDC credited through the deposit address since the account opened: the equity change that is not PnL.
    deposits: state.deposits,
  };
}

export function hedgeVenueRoutes(record: WorldRecord): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/hedge/account',
      handler: ({ query }) => {
        const at = query.has('at') ? Number(query.get('at')) : record.now();
        if (!Number.isFinite(at)) {
          return json(400, { error: '"at" is a Unix time in seconds' });
        }
        const state = record.hedgeAt(at);
        return state ? json(200, toWire(state)) : json(404, { error: `no hedge account state at or before ${at}` });
      },
    },
    {
      method: 'GET',
      pattern: '/hedge/history',
      handler: ({ query }) => {
        const from = Number(query.get('from') ?? 0);
        const to = Number(query.get('to') ?? record.now());
        if (!Number.isFinite(from) || !Number.isFinite(to)) {
          return json(400, { error: '"from" and "to" are Unix times in seconds' });
        }
        const states = record.hedge
          .slice(0, record.blocks.length)
          .filter((s) => s.timestamp >= from && s.timestamp <= to);
        return json(200, { states: states.map(toWire) });
      },
    },
  ];
}
