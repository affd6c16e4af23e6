import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import type { ResourceClient } from '../../resources/types';
import type { PmmQuery } from '../../types';
import { parseDuneQueryId } from './DuneQueryFields';
import { QueryTypeEditor } from './QueryTypeEditor';

// The KPI pickers (Grafana's Combobox measures text on a canvas jsdom lacks) stand in as a marker.
jest.mock('./QueryEditorView', () => ({ QueryEditorView: () => <p>KPI pickers</p> }));

/** The Dune fields ask the backend for nothing. */
const resources: ResourceClient = {
  get: () => Promise.reject(new Error('not asked')),
  post: () => Promise.reject(new Error('not asked')),
};

function renderEditor(query: PmmQuery, defaultDuneQueryId?: number) {
  const onChange = jest.fn<void, [PmmQuery]>();
  const onRunQuery = jest.fn();
  const view = render(
    <QueryTypeEditor
      query={query}
      onChange={onChange}
      onRunQuery={onRunQuery}
      resources={resources}
      variables={[]}
      defaultDuneQueryId={defaultDuneQueryId}
    />
  );
  return { onChange, onRunQuery, ...view };
}

describe('the query type in the query editor', () => {
  it("switches a KPI query to Dune with the settings' default query id, and runs it", () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'A', kpi: 'uptime' }, 4_200_001);
    expect(screen.getByText('KPI pickers')).toBeTruthy();
    expect(screen.queryByLabelText('Dune query id')).toBeNull();
    fireEvent.click(screen.getByLabelText('Dune'));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', kpi: 'uptime', queryType: 'dune', duneQueryId: 4_200_001 });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('shows the Dune query id of a Dune query, and takes a new one on leaving the field', () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'A', queryType: 'dune', duneQueryId: 4_200_001 }, 4_200_001);
    const input = screen.getByLabelText('Dune query id') as HTMLInputElement;
    expect(input.value).toBe('4200001');
    expect(screen.queryByText('KPI pickers')).toBeNull();
    fireEvent.change(input, { target: { value: '3493826' } });
    fireEvent.blur(input);
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'dune', duneQueryId: 3_493_826 });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('an emptied id falls back to the default, shown as the placeholder', () => {
    const { onChange } = renderEditor({ refId: 'A', queryType: 'dune', duneQueryId: 12 }, 4_200_001);
    const input = screen.getByLabelText('Dune query id') as HTMLInputElement;
    expect(input.placeholder).toBe('4200001 (default)');
    fireEvent.change(input, { target: { value: '' } });
    fireEvent.blur(input);
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'dune', duneQueryId: undefined });
  });

  it('says what is missing when there is neither an id nor a default', () => {
    renderEditor({ refId: 'A', queryType: 'dune' });
    expect(screen.getByText(/No Dune query: enter its id, or set a default Dune query id/)).toBeTruthy();
  });

  it('switches back to KPIs, dropping the Dune id', () => {
    const { onChange } = renderEditor({ refId: 'A', queryType: 'dune', duneQueryId: 7 });
    fireEvent.click(screen.getByLabelText('KPIs'));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: undefined, duneQueryId: undefined });
  });

  it('reads only positive whole numbers as query ids', () => {
    expect(parseDuneQueryId(' 42 ')).toBe(42);
    expect(parseDuneQueryId('')).toBeUndefined();
    expect(parseDuneQueryId('0')).toBeUndefined();
    expect(parseDuneQueryId('1.5')).toBeUndefined();
    expect(parseDuneQueryId('abc')).toBeUndefined();
  });
});
