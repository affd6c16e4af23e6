/**
 * Annotations: a PMM Monitor query with `queryType: 'annotations'`, answered by the backend with one
 * frame of events (time, timeEnd, title, text with the explorer link, tags) that Grafana's standard
 * frame-to-event mapping reads as is.
 */
import type { AnnotationQuery, AnnotationSupport } from '@grafana/data';

import { ANNOTATIONS_QUERY_TYPE, EVENT_KINDS, type PmmQuery } from '../types';

export function annotationQueryOf(annotation: AnnotationQuery<PmmQuery>): PmmQuery | undefined {
  const target = annotation.target;
  return {
    ...target,
    refId: target?.refId ?? 'Anno',
    queryType: ANNOTATIONS_QUERY_TYPE,
    eventKinds: target?.eventKinds ?? [...EVENT_KINDS],
  };
}

export function createAnnotationSupport(
  QueryEditor: NonNullable<AnnotationSupport<PmmQuery>['QueryEditor']>
): AnnotationSupport<PmmQuery> {
  return {
    QueryEditor,
    getDefaultQuery: () => ({ queryType: ANNOTATIONS_QUERY_TYPE, eventKinds: [...EVENT_KINDS] }),
    prepareQuery: annotationQueryOf,
  };
}
