import type { ResourceClient } from '../../resources/types';
import type { PmmOptions, Problems } from './settingsEdit';

/** What every section of the config editor gets: the settings, a way to change them, and their problems. */
export interface SectionProps {
  options: PmmOptions;
  onOptionsChange: (options: PmmOptions) => void;
  problems: Problems;
}

export interface SectionWithResourcesProps extends SectionProps {
  resources: ResourceClient;
}

/** Label width of the inline fields, so every section lines up. */
export const LABEL_WIDTH = 20;
