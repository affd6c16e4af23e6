import {
  CustomVariableSupport,
  FieldType,
  createDataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type QueryEditorProps,
} from '@grafana/data';
import React from 'react';
import { from, type Observable } from 'rxjs';

import type { DataSource } from '../datasource';
import type { ResourceClient } from '../resources/types';
import type { PmmDataSourceOptions, PmmQuery, PmmVariableQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';
import { variableValues } from './variableValues';

type EditorProps = QueryEditorProps<DataSource, PmmQuery, PmmDataSourceOptions, PmmVariableQuery>;

function Editor({ query, onChange }: EditorProps) {
  return React.createElement(VariableQueryEditor, { query: { ...query, list: query.list ?? 'assets' }, onChange });
}

/** Query variables answered from the backend's lists, as a frame of text and value. */
export class PmmVariableSupport extends CustomVariableSupport<
  DataSource,
  PmmVariableQuery,
  PmmQuery,
  PmmDataSourceOptions
> {
  editor = Editor;

  constructor(private readonly resources: ResourceClient) {
    super();
  }

  query(request: DataQueryRequest<PmmVariableQuery>): Observable<DataQueryResponse> {
    const query = request.targets[0] ?? { refId: 'variable', list: 'assets' };
    return from(
      variableValues(this.resources, query).then((values) => ({
        data: [
          createDataFrame({
            fields: [
              { name: 'text', type: FieldType.string, values: values.map((v) => v.text) },
              { name: 'value', type: FieldType.string, values: values.map((v) => String(v.value ?? v.text)) },
            ],
          }),
        ],
      }))
    );
  }
}
