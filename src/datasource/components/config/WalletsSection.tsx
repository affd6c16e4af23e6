import React from 'react';
import { Button, Combobox, InlineField, InlineFieldRow, Input, Text } from '@grafana/ui';

import { WALLET_ROLES, type WalletRole, type WalletSettings } from '../../../core/settings/types';
import { LABEL_WIDTH, type SectionProps } from './sectionProps';
import { optionalText, patchJson, problemAt, removeAt, replaceAt } from './settingsEdit';

const ROLE_LABELS: Record<WalletRole, string> = {
  maker: 'Maker (signs quotes)',
  settlement: 'Settlement',
  treasury: 'Treasury',
  'flashloan-receiver': 'Flash-loan receiver (contract)',
};
const roleOptions = WALLET_ROLES.map((role) => ({ label: ROLE_LABELS[role], value: role }));

/** The market maker's addresses by role: holdings, gas, settlements and rebalances are read for them. */
export function WalletsSection({ options, onOptionsChange, problems }: SectionProps) {
  const wallets = options.jsonData.wallets ?? [];
  const setWallets = (next: WalletSettings[]) => onOptionsChange(patchJson(options, { wallets: next }));
  const update = (i: number, patch: Partial<WalletSettings>) =>
    setWallets(replaceAt(wallets, i, { ...wallets[i], ...patch }));
  const listProblem = problemAt(problems, 'wallets');

  return (
    <>
      {wallets.map((wallet, i) => (
        <InlineFieldRow key={i} data-testid={`wallet-${i}`}>
          <InlineField label="Role" labelWidth={LABEL_WIDTH}>
            <Combobox
              aria-label={`Wallet ${i + 1} role`}
              width={30}
              options={roleOptions}
              value={wallet.role}
              onChange={(option) => update(i, { role: option.value })}
            />
          </InlineField>
          <InlineField
            label="Address"
            invalid={Boolean(problemAt(problems, `wallets[${i}].address`))}
            error={problemAt(problems, `wallets[${i}].address`)}
          >
            <Input
              aria-label={`Wallet ${i + 1} address`}
              width={46}
              placeholder="0x…"
              value={wallet.address}
              onChange={(e) => update(i, { address: e.currentTarget.value.trim() })}
            />
          </InlineField>
          <InlineField label="Name" tooltip="Shown in breakdowns (e.g. aave:maker) and annotations">
            <Input
              aria-label={`Wallet ${i + 1} name`}
              width={16}
              value={wallet.name ?? ''}
              onChange={(e) => update(i, { name: optionalText(e.currentTarget.value) })}
            />
          </InlineField>
          <Button
            variant="secondary"
            fill="text"
            icon="trash-alt"
            aria-label={`Remove wallet ${i + 1}`}
            onClick={() => setWallets(removeAt(wallets, i))}
          />
        </InlineFieldRow>
      ))}
      {listProblem && (
        <Text color="error" element="p" data-testid="wallets-problem">
          {listProblem}
        </Text>
      )}
      <Button
        variant="secondary"
        icon="plus"
        onClick={() => setWallets([...wallets, { address: '', role: wallets.length === 0 ? 'maker' : 'treasury' }])}
      >
        Add wallet
      </Button>
    </>
  );
}
