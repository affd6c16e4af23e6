/**
 * Resolves a Grafana colour in the page, through the theme the harness mounted (window.__grafanaTheme),
 * and normalises it the way getComputedStyle reports colours. Kept apart from any product code, so a
 * check compares the panel's colours against Grafana's theme, not against the panel's own choice.
 */
import type { Page } from 'playwright-core';

export function themeColour(page: Page, name: string): Promise<string> {
  return page.evaluate((colourName) => {
    const theme = window.__grafanaTheme;
    if (!theme) {
      throw new Error('the harness did not expose the theme');
    }
    const probe = document.createElement('div');
    probe.style.color = theme.visualization.getColorByName(colourName);
    document.body.append(probe);
    const rgb = getComputedStyle(probe).color;
    probe.remove();
    return rgb;
  }, name);
}
