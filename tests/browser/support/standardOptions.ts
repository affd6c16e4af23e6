/**
 * Grafana's standard field options, as Grafana's own frontend registers them at start-up (the
 * registry @grafana/data exports is empty until the app fills it): id, path, how an override's value is
 * processed, the default, and which fields an option applies to. Tests and scenes register them so
 * that a panel's frames go through applyFieldOverrides with the plugin's registry as in Grafana.
 */
import {
  booleanOverrideProcessor,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldConfigProperty,
  FieldType,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
  type Field,
  type FieldConfigPropertyItem,
} from '@grafana/data';

type Processor = FieldConfigPropertyItem['process'];

const NoEditor = () => null;
const numeric = (field: Field) => field.type === FieldType.number;
const any = () => true;

function option(
  id: FieldConfigProperty,
  process: Processor,
  shouldApply: (field: Field) => boolean,
  defaultValue?: unknown
): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    process,
    shouldApply,
    defaultValue,
    override: NoEditor,
    editor: NoEditor,
    settings: {},
    category: ['Standard options'],
  };
}

const STANDARD_OPTIONS: FieldConfigPropertyItem[] = [
  option(FieldConfigProperty.Unit, unitOverrideProcessor as Processor, any),
  option(FieldConfigProperty.Min, numberOverrideProcessor, numeric),
  option(FieldConfigProperty.Max, numberOverrideProcessor, numeric),
  option(FieldConfigProperty.FieldMinMax, booleanOverrideProcessor, numeric),
  option(FieldConfigProperty.Decimals, numberOverrideProcessor, numeric),
  option(FieldConfigProperty.DisplayName, displayNameOverrideProcessor, any),
  option(FieldConfigProperty.Color, identityOverrideProcessor, any, { mode: 'thresholds' }),
  option(FieldConfigProperty.NoValue, stringOverrideProcessor, any),
  option(FieldConfigProperty.Links, dataLinksOverrideProcessor as Processor, any, []),
  option(FieldConfigProperty.Actions, identityOverrideProcessor, any, []),
  option(FieldConfigProperty.Mappings, valueMappingsOverrideProcessor as Processor, any, []),
  option(FieldConfigProperty.Thresholds, thresholdsOverrideProcessor as Processor, any, {
    mode: 'absolute',
    steps: [
      { value: -Infinity, color: 'green' },
      { value: 80, color: 'red' },
    ],
  }),
  option(FieldConfigProperty.Filterable, booleanOverrideProcessor, any),
];

let registered = false;

/** Fills @grafana/data's standard registry once, as Grafana does before any panel plugin loads. */
export function registerStandardOptions(): void {
  if (!registered) {
    standardFieldConfigEditorRegistry.setInit(() => STANDARD_OPTIONS);
    registered = true;
  }
}
