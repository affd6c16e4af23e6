import React from 'react';
import type { CoreApp, DataSourceInstanceSettings, QueryEditorProps, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { AnnotationQueryEditorView } from './annotations/AnnotationQueryEditor';
import { createAnnotationSupport } from './annotations/annotationSupport';
import { interpolateQuery } from './interpolate';
import type { ResourceClient } from './resources/types';
import { DEFAULT_QUERY, type PmmDataSourceOptions, type PmmQuery } from './types';
import { formatPmmVariable } from './variables/allValue';
import { PmmVariableSupport } from './variables/variableSupport';

/** Queries, health checks and editor look-ups all go to the plugin's backend, so keys never reach a browser. */
export class DataSource extends DataSourceWithBackend<PmmQuery, PmmDataSourceOptions> {
  /** The backend's lists for the editors (CallResource). */
  readonly resources: ResourceClient;
  /** The saved Dune query a `dune` query reads when it names none (settings' endpoints.duneQueryId). */
  readonly defaultDuneQueryId?: number;

  constructor(instanceSettings: DataSourceInstanceSettings<PmmDataSourceOptions>) {
    super(instanceSettings);
    this.defaultDuneQueryId = instanceSettings.jsonData.endpoints?.duneQueryId;
    this.resources = {
      get: (path, params) => this.getResource(path, params),
      post: (path, body) => this.postResource(path, body),
    };
    this.variables = new PmmVariableSupport(this.resources);
    const resources = this.resources;
    this.annotations = createAnnotationSupport(function PmmAnnotationEditor(
      props: QueryEditorProps<DataSource, PmmQuery, PmmDataSourceOptions>
    ) {
      return React.createElement(AnnotationQueryEditorView, {
        query: props.query,
        onChange: props.onChange,
        resources,
      });
    });
  }

  getDefaultQuery(_app: CoreApp): Partial<PmmQuery> {
    return DEFAULT_QUERY;
  }

  applyTemplateVariables(query: PmmQuery, scopedVars: ScopedVars): PmmQuery {
    const templateSrv = getTemplateSrv();
    // A variable at "All" is written as nothing, so the query widens to every entry (variables/allValue.ts).
    return interpolateQuery(query, (text, vars) => templateSrv.replace(text, vars, formatPmmVariable), scopedVars);
  }
}
