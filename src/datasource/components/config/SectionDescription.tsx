import React from 'react';
import { Text } from '@grafana/ui';

/**
 * A section's line under its title: what it holds and, when something in it is wrong, how many
 * problems, so a collapsed section still shows it needs the user.
 */
export function SectionDescription({ summary, problems }: { summary: string; problems: number }) {
  return (
    <>
      {summary}
      {problems > 0 && (
        <Text color="error" element="span">
          {` · ${problems} ${problems === 1 ? 'problem' : 'problems'}`}
        </Text>
      )}
    </>
  );
}
