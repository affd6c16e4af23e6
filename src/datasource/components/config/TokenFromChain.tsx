import React, { useEffect, useState } from 'react';
import { Text } from '@grafana/ui';

import { addressProblem } from '../../../core/settings/validate';
import { resourceErrorMessage, type ResourceClient, type TokenAnswer } from '../../resources/types';

type Reading =
  | { state: 'idle' }
  | { state: 'reading' }
  | { state: 'read'; answer: TokenAnswer }
  | { state: 'failed'; error: string };

/** Wait for the user to stop typing before asking the node. */
const DEBOUNCE_MS = 400;

/** What the chain says a token is, and whether the symbol typed for it agrees. */
export function describeToken(answer: TokenAnswer, typedSymbol: string): { text: string; warning?: string } {
  const text = `On chain: ${answer.symbol}, ${answer.decimals} decimals`;
  if (typedSymbol !== '' && answer.symbol !== undefined && answer.symbol !== typedSymbol) {
    return { text, warning: `the token calls itself ${answer.symbol}, not ${typedSymbol}` };
  }
  return { text };
}

/**
 * Decimals and symbol read from chain through the backend (the saved nodes answer), shown under the
 * token address: the engine reads the same, so what the user sees here is what the KPIs will use.
 */
export function TokenFromChain({
  address,
  symbol,
  resources,
  testId,
}: {
  address: string;
  symbol: string;
  resources: ResourceClient;
  testId: string;
}) {
  // The answer is kept with the address it answers, so a stale one is never shown for a new address.
  const [answered, setAnswered] = useState<{ address: string; reading: Reading } | undefined>();
  const readable = address !== '' && addressProblem(address) === undefined;

  useEffect(() => {
    if (!readable) {
      return;
    }
    let current = true;
    const done = (reading: Reading) => current && setAnswered({ address, reading });
    const timer = setTimeout(() => {
      resources
        .post<TokenAnswer>('token', { address })
        .then((answer) =>
          done(answer.valid ? { state: 'read', answer } : { state: 'failed', error: answer.error ?? 'not a token' })
        )
        .catch((error: unknown) => done({ state: 'failed', error: resourceErrorMessage(error) }));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [address, readable, resources]);

  const reading: Reading = !readable
    ? { state: 'idle' }
    : answered?.address === address
      ? answered.reading
      : { state: 'reading' };
  if (reading.state === 'idle') {
    return null;
  }
  if (reading.state === 'reading') {
    return (
      <Text color="secondary" data-testid={testId}>
        Reading decimals and symbol from chain…
      </Text>
    );
  }
  if (reading.state === 'failed') {
    return (
      <Text color="warning" data-testid={testId}>
        {`Could not read the token (save the nodes first): ${reading.error}`}
      </Text>
    );
  }
  const { text, warning } = describeToken(reading.answer, symbol);
  return (
    <Text color={warning ? 'warning' : 'success'} data-testid={testId}>
      {warning ? `${text}: ${warning}` : text}
    </Text>
  );
}
