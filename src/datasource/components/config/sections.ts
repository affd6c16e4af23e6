/**
 * The config editor's sections and which settings each holds, so a section with a problem opens itself
 * when the editor opens and, collapsed, still says how many problems it holds.
 */
import type { PmmSettings } from '../../../core/settings/types';
import type { PmmDataSourceOptions } from '../../types';
import type { Problems } from './settingsEdit';

export const SECTION_IDS = ['nodes', 'wallets', 'assets', 'venues', 'endpoints', 'targets', 'alertRules'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/**
 * The section each top-level setting is edited in; typed over every key of the settings, so a new
 * setting does not compile until it is given a section.
 */
const SECTION_OF_SETTING: Record<keyof PmmSettings, SectionId> = {
  nodes: 'nodes',
  wallets: 'wallets',
  assets: 'assets',
  venues: 'venues',
  endpoints: 'endpoints',
  explorerUrl: 'endpoints',
  chainId: 'endpoints',
  maxFeedDeviationPct: 'endpoints',
  bandOverrides: 'targets',
};

/** The section a problem's field (`assets[1].feed`, `venues.aave.pool`, `nodes`) is shown in. */
export function sectionOf(field: string): SectionId | undefined {
  const key = /^[A-Za-z]+/.exec(field)?.[0];
  return key !== undefined && Object.hasOwn(SECTION_OF_SETTING, key)
    ? SECTION_OF_SETTING[key as keyof PmmSettings]
    : undefined;
}

/** How many problem messages each section holds. */
export function problemCounts(problems: Problems): Record<SectionId, number> {
  const counts = Object.fromEntries(SECTION_IDS.map((id) => [id, 0])) as Record<SectionId, number>;
  for (const [field, messages] of problems) {
    const section = sectionOf(field);
    if (section) {
      counts[section] += messages.length;
    }
  }
  return counts;
}

/** How many problem messages one asset holds (its fields, and `assets[i]` itself: a missing price). */
export function assetProblemCount(problems: Problems, index: number): number {
  const own = `assets[${index}]`;
  let count = 0;
  for (const [field, messages] of problems) {
    if (field === own || field.startsWith(`${own}.`)) {
      count += messages.length;
    }
  }
  return count;
}

/** Nothing entered yet: the section is a form to fill in, not settings to summarise. */
function isEmpty(section: SectionId, json: PmmDataSourceOptions): boolean {
  switch (section) {
    case 'nodes':
    case 'wallets':
    case 'assets':
      return (json[section] ?? []).length === 0;
    case 'venues':
      return Object.values(json.venues ?? {}).every((venue) => venue === undefined);
    case 'endpoints':
      return (
        Object.values(json.endpoints ?? {}).every((value) => value === undefined) &&
        json.explorerUrl === undefined &&
        json.chainId === undefined &&
        json.maxFeedDeviationPct === undefined
      );
    case 'targets':
    case 'alertRules':
      return false;
  }
}

/**
 * Which sections start open: those holding a problem (so the user sees the message in place) and
 * those with nothing entered yet (a new data source is a form to fill in). A saved, valid data source
 * opens as a list of collapsed sections, each summarising what it holds. Band overrides and the alert
 * rules are optional extras: they open only for a problem.
 */
export function initiallyOpenSections(json: PmmDataSourceOptions, problems: Problems): Record<SectionId, boolean> {
  const counts = problemCounts(problems);
  return Object.fromEntries(SECTION_IDS.map((id) => [id, counts[id] > 0 || isEmpty(id, json)])) as Record<
    SectionId,
    boolean
  >;
}
