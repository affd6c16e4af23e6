/**
 * The page side of the harness: reads `?theme=` and the injected fixtures, and mounts a scene inside
 * Grafana's ThemeContext (so @grafana/ui renders themed, as in Grafana) and a router (Grafana's links
 * are react-router links). Sets `window.__SCENE_READY__` once React has committed the first render.
 */
import React, { useEffect, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { MemoryRouter } from 'react-router-dom';
import { createTheme, ThemeContext, type GrafanaTheme2 } from '@grafana/data';
import { GlobalStyles } from '@grafana/ui';

import type { BrowserFixtures, SceneProps, Theme } from '../fixtures';

declare global {
  interface Window {
    __FIXTURES__: BrowserFixtures;
    __SCENE_READY__?: boolean;
    __grafana_public_path__?: string;
    /** The theme the scene renders in, so checks compare against Grafana's own colours. */
    __grafanaTheme?: GrafanaTheme2;
  }
}

function Ready({ children }: { children: React.ReactNode }) {
  useEffect(() => {
    window.__SCENE_READY__ = true;
  }, []);
  return <>{children}</>;
}

export function mount(Scene: ComponentType<SceneProps>): void {
  const theme: Theme = new URLSearchParams(window.location.search).get('theme') === 'dark' ? 'dark' : 'light';
  const grafanaTheme = createTheme({ colors: { mode: theme } });
  window.__grafanaTheme = grafanaTheme;
  const container = document.getElementById('root');
  if (!container) {
    throw new Error('the page has no #root');
  }
  createRoot(container).render(
    <ThemeContext.Provider value={grafanaTheme}>
      <GlobalStyles />
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Ready>
          <Scene theme={theme} fixtures={window.__FIXTURES__} />
        </Ready>
      </MemoryRouter>
    </ThemeContext.Provider>
  );
}
