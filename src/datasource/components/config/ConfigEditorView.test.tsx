import React, { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import demoSettings from '../../../../pkg/demo/demo-settings.json';
import { fixedResources } from '../../resources/fixedResources';
import type { PmmDataSourceOptions } from '../../types';
import { ConfigEditorView } from './ConfigEditorView';
import type { PmmOptions } from './settingsEdit';

const demo = demoSettings as PmmDataSourceOptions;
const TITLES = ['Ethereum nodes', 'Wallets', 'Assets', 'Venues', 'Endpoints', 'Targets', 'Alert rules'];

function Editor({ jsonData }: { jsonData: PmmDataSourceOptions }) {
  const [options, setOptions] = useState(
    () => ({ uid: 'ds', jsonData, secureJsonFields: {}, secureJsonData: {} }) as unknown as PmmOptions
  );
  return <ConfigEditorView options={options} onOptionsChange={setOptions} resources={fixedResources({ get: {} })} />;
}

/** The sections whose toggle offers to collapse them, i.e. those open. */
function openSections(): string[] {
  return TITLES.filter((title) => screen.queryByRole('button', { name: `Collapse section ${title}` }) !== null);
}

describe('config editor: sections', () => {
  it('a new data source opens the sections to fill in', () => {
    render(<Editor jsonData={{}} />);
    expect(openSections()).toEqual(['Ethereum nodes', 'Wallets', 'Assets', 'Venues', 'Endpoints']);
    expect(screen.getByText(/add at least one Ethereum JSON-RPC node/)).toBeInTheDocument();
  });

  it('a saved, valid data source opens collapsed, and a section opens and closes on its toggle', () => {
    render(<Editor jsonData={demo} />);
    expect(openSections()).toEqual([]);
    expect(screen.queryByLabelText('Node 1 URL')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Expand section Ethereum nodes' }));
    expect(screen.getByLabelText('Node 1 URL')).toHaveValue(demo.nodes?.[0].url);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse section Ethereum nodes' }));
    expect(screen.queryByLabelText('Node 1 URL')).toBeNull();
  });

  it('a problem opens its section and its asset, and the line under the title counts it', () => {
    const assets = (demo.assets ?? []).map((asset, i) => (i === 1 ? { ...asset, heartbeatSec: -5 } : asset));
    render(<Editor jsonData={{ ...demo, assets }} />);
    expect(openSections()).toEqual(['Assets']);
    const symbols = assets.map((asset) => asset.symbol);
    const openAssets = symbols.filter((s) => screen.queryByRole('button', { name: `Collapse section ${s}` }));
    expect(openAssets).toEqual([symbols[1]]);
    expect(screen.getByLabelText('Asset 2 feed heartbeat')).toHaveValue(-5);
    expect(screen.getAllByText('· 1 problem')).toHaveLength(2);
  });
});
