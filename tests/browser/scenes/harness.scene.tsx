/**
 * The harness checking itself: the fixtures arrive as frames @grafana/data reads, and @grafana/ui
 * renders in the page's theme. A failure here means the harness, not a product page, is broken.
 */
import React from 'react';
import { dataFrameFromJSON } from '@grafana/data';
import { Badge, Stack, Text } from '@grafana/ui';

import type { SceneProps } from '../fixtures';

export default function Scene({ theme, fixtures }: SceneProps) {
  const frames = fixtures.range.frames.map((frame) => dataFrameFromJSON(frame));
  const kpis = new Set(frames.flatMap((frame) => frame.fields.flatMap((field) => field.labels?.kpi ?? [])));
  return (
    <Stack direction="column" gap={1}>
      <Text element="h1" data-testid="theme">
        {theme}
      </Text>
      <Text data-testid="frames">{String(frames.length)}</Text>
      <Text data-testid="kpis">{String(kpis.size)}</Text>
      <Badge text="ok" color="green" data-testid="badge" />
    </Stack>
  );
}
