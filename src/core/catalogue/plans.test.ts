/**
 * Checks the action plans against the market maker's own framework (the seed). The seed is parsed here,
 * independently of plans.ts, so the test fails when a seed bullet has no step, when the coverage map
 * drifts from the seed, or when a plan is malformed.
 */
import fs from 'fs';
import path from 'path';

import { PLAN_COVERAGE, type SeedPlanCoverage } from '../../../tests/fixtures/plan-coverage';
import { PLANS } from './plans';
import { AREAS, PLAN_IDS, type ActionPlan } from './types';

const SEED_FIXTURE = path.resolve(__dirname, '../../../tests/fixtures/seed/rfq-monitoring-framework.md');
const SHARED_SEED = path.resolve(__dirname, '../../../../shared/seed/rfq-monitoring-framework.md');

/** Headings that open the next area of the framework: a plan never runs past one. */
const AREA_HEADINGS = ['Position Management', 'Inventory Management', 'Risk Management', 'Performance Analysis'];
/** The plans that count are in the seed's first part, before this heading (the rest is tech-stack examples). */
const END_OF_PLANS = 'Performance Analysis';
/** Headings that open a part of the seed holding plans. */
const PLAN_REGION = /action plans|mitigation strategies/i;
/** A numbered heading ("2.1 Position Metrics") opens a new part: it ends a plan too. */
const NUMBERED = /^\d+(\.\d+)*\.?\s/;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type LineKind = 'blank' | 'title' | 'bullet' | 'text';

interface SeedLine {
  kind: LineKind;
  /** Without heading marks, bullet marker and markdown bold. */
  text: string;
  lineNo: number;
}

interface ParsedItem {
  text: string;
  plain: boolean;
}

interface ParsedSection {
  title: string;
  items: ParsedItem[];
}

interface ParsedPlan {
  heading: string;
  lineNo: number;
  sections: ParsedSection[];
  /** Lines before any section (the flat lists). */
  items: ParsedItem[];
}

interface ParsedSeed {
  plans: ParsedPlan[];
  /** Non-blank lines inside a plan part that belong to no known plan (e.g. a plan we do not know of). */
  orphans: SeedLine[];
}

const unbold = (s: string): string => s.replace(/\*\*/g, '').trim();

function classify(raw: string, lineNo: number): SeedLine {
  const line = raw.trim();
  if (line === '') {
    return { kind: 'blank', text: '', lineNo };
  }
  if (/^#{1,6}\s/.test(line)) {
    return { kind: 'title', text: unbold(line.replace(/^#+\s*/, '')), lineNo };
  }
  if (/^\*\*[^*]+\*\*:?$/.test(line)) {
    return { kind: 'title', text: unbold(line), lineNo };
  }
  if (/^[-*]\s/.test(line)) {
    return { kind: 'bullet', text: unbold(line.replace(/^[-*]\s+/, '')), lineNo };
  }
  return { kind: 'text', text: unbold(line), lineNo };
}

/**
 * Splits the seed's first part into plan blocks: a block starts at one of `headings` (a heading, bold
 * line or plain line with exactly that text) and ends at the next plan heading, area heading or
 * numbered heading. Inside, a heading or bold line opens a section; bullets and plain lines are its items.
 */
function parseSeed(markdown: string, headings: readonly string[]): ParsedSeed {
  const plans: ParsedPlan[] = [];
  const orphans: SeedLine[] = [];
  let inRegion = false;
  let plan: ParsedPlan | undefined;

  const lines = markdown.split(/\r?\n/).map((raw, i) => classify(raw, i + 1));
  for (const line of lines) {
    if (line.kind === 'blank') {
      continue;
    }
    if (line.kind === 'title' && line.text === END_OF_PLANS) {
      break;
    }
    if (line.kind !== 'bullet' && headings.includes(line.text)) {
      plan = { heading: line.text, lineNo: line.lineNo, sections: [], items: [] };
      plans.push(plan);
      continue;
    }
    if (line.kind === 'title' && PLAN_REGION.test(line.text)) {
      inRegion = true;
      plan = undefined;
      continue;
    }
    if (line.kind === 'title' && (AREA_HEADINGS.includes(line.text) || NUMBERED.test(line.text))) {
      inRegion = false;
      plan = undefined;
      continue;
    }
    if (!plan) {
      if (inRegion) {
        orphans.push(line);
      }
      continue;
    }
    if (line.kind === 'title') {
      plan.sections.push({ title: line.text, items: [] });
      continue;
    }
    const item = { text: line.text, plain: line.kind === 'text' };
    const section = plan.sections[plan.sections.length - 1];
    (section ? section.items : plan.items).push(item);
  }
  return { plans, orphans };
}

/** The coverage entry in the parser's shape, to compare the two. */
function expectedFromCoverage(coverage: SeedPlanCoverage): Omit<ParsedPlan, 'lineNo'> {
  const item = ({ text, plain }: { text: string; plain?: boolean }): ParsedItem => ({ text, plain: plain === true });
  return {
    heading: coverage.heading,
    sections: coverage.sections.map((s) => ({ title: s.title, items: s.items.map(item) })),
    items: coverage.items.map(item),
  };
}

/** Titles match case-insensitively, ignoring punctuation, hyphens and spacing. */
const titleKey = (title: string): string => title.toLowerCase().replace(/[^a-z0-9]/g, '');
/** For the "own words" check: case, outer spaces, inner spacing and a final full stop do not count. */
const sentenceKey = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');

function ourPlan(id: string): ActionPlan {
  const plan = PLANS.find((p) => p.id === id);
  if (!plan) {
    throw new Error(`no plan with id ${id} in PLANS`);
  }
  return plan;
}

const seedText = fs.readFileSync(SEED_FIXTURE, 'utf8');
const headings = PLAN_COVERAGE.map((c) => c.heading);
const seed = parseSeed(seedText, headings);
const parsedByHeading = new Map(seed.plans.map((p) => [p.heading, p]));
const allSeedItems = seed.plans.flatMap((p) => [...p.items, ...p.sections.flatMap((s) => s.items)]);

describe('seed parser', () => {
  it('finds the 8 seed plans, each once, in the seed’s first part, with no unknown plan beside them', () => {
    expect(seed.plans.map((p) => p.heading)).toEqual(headings);
    expect(seed.plans).toHaveLength(8);
    expect(new Set(headings).size).toBe(headings.length);
    expect(seed.orphans.map((l) => `line ${l.lineNo}: ${l.text}`)).toEqual([]);
  });

  it('notices a bullet added to the seed', () => {
    const edited = seedText.replace(
      '- Document lessons learned for future reference.',
      '- Document lessons learned for future reference.\n- Celebrate.'
    );
    const reparsed = parseSeed(edited, headings);
    const critical = reparsed.plans.find((p) => p.heading === PLAN_COVERAGE[0].heading);
    expect(critical?.sections[2].items.map((i) => i.text)).toContain('Celebrate.');
  });

  it('notices a plan the coverage map does not know', () => {
    const edited = seedText.replace(
      '# 3.2 Mitigation Strategies\n',
      '# 3.2 Mitigation Strategies\n\nPanic Mode\n\n- Run.\n'
    );
    expect(parseSeed(edited, headings).orphans.map((l) => l.text)).toEqual(['Panic Mode', 'Run.']);
  });
});

describe.each(PLAN_COVERAGE.map((c) => [c.plan, c] as const))('seed plan → %s', (_id, coverage) => {
  it('the coverage map lists exactly the seed’s sections and bullets', () => {
    const parsed = parsedByHeading.get(coverage.heading);
    expect(parsed).toBeDefined();
    const { lineNo, ...shape } = parsed!;
    expect(lineNo).toBeGreaterThan(0);
    expect(shape).toEqual(expectedFromCoverage(coverage));
  });

  it('our plan has a matching section, with steps, for every seed section', () => {
    const plan = ourPlan(coverage.plan);
    for (const seedSection of coverage.sections) {
      const section = plan.sections.find((s) => titleKey(s.title) === titleKey(seedSection.title));
      expect({ seedSection: seedSection.title, found: section !== undefined }).toEqual({
        seedSection: seedSection.title,
        found: true,
      });
      expect(section!.steps.length).toBeGreaterThan(0);
    }
  });

  it('every seed bullet points at a step of the matching section (anywhere in the plan for a flat list)', () => {
    const plan = ourPlan(coverage.plan);
    const missing: string[] = [];
    for (const seedSection of coverage.sections) {
      const section = plan.sections.find((s) => titleKey(s.title) === titleKey(seedSection.title));
      const stepIds = new Set(section?.steps.map((s) => s.id) ?? []);
      for (const item of seedSection.items) {
        if (!stepIds.has(item.step)) {
          missing.push(`${seedSection.title}: "${item.text}" → ${item.step}`);
        }
      }
    }
    const planStepIds = new Set(plan.sections.flatMap((s) => s.steps.map((step) => step.id)));
    for (const item of coverage.items) {
      if (!planStepIds.has(item.step)) {
        missing.push(`"${item.text}" → ${item.step}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('PLANS', () => {
  it('has exactly one plan per PLAN_ID, in PLAN_IDS order', () => {
    expect(PLANS.map((p) => p.id)).toEqual([...PLAN_IDS]);
    for (const id of PLAN_IDS) {
      expect(PLANS.filter((p) => p.id === id)).toHaveLength(1);
    }
  });

  it('maps every seed plan to a distinct plan of ours', () => {
    const ids = PLAN_COVERAGE.map((c) => c.plan);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(PLANS.map((p) => [p.id, p] as const))('%s', (_id, plan) => {
    it('has an area, title, trigger, summary and non-empty sections', () => {
      expect(AREAS).toContain(plan.area);
      expect(plan.id.startsWith(plan.area)).toBe(true);
      for (const text of [plan.title, plan.trigger, plan.summary]) {
        expect(text.trim()).not.toBe('');
      }
      expect(plan.sections.length).toBeGreaterThan(0);
      for (const section of plan.sections) {
        expect(section.title.trim()).not.toBe('');
        expect(section.steps.length).toBeGreaterThan(0);
      }
    });

    it('has unique kebab-case section ids and step ids', () => {
      const sectionIds = plan.sections.map((s) => s.id);
      const stepIds = plan.sections.flatMap((s) => s.steps.map((step) => step.id));
      expect(new Set(sectionIds).size).toBe(sectionIds.length);
      expect(new Set(stepIds).size).toBe(stepIds.length);
      expect([...sectionIds, ...stepIds].filter((id) => !KEBAB.test(id))).toEqual([]);
    });

    it('has steps with text, in our own words (no seed bullet copied)', () => {
      const seedKeys = new Set(allSeedItems.map((i) => sentenceKey(i.text)));
      expect(seedKeys.size).toBeGreaterThan(40);
      for (const step of plan.sections.flatMap((s) => s.steps)) {
        expect(step.text.trim()).not.toBe('');
        expect({ step: step.id, copiesSeed: seedKeys.has(sentenceKey(step.text)) }).toEqual({
          step: step.id,
          copiesSeed: false,
        });
      }
    });
  });

  it('performance-recovery has at least 3 sections with at least 2 steps each', () => {
    const plan = ourPlan('performance-recovery');
    expect(plan.sections.length).toBeGreaterThanOrEqual(3);
    for (const section of plan.sections) {
      expect({ section: section.id, steps: section.steps.length >= 2 }).toEqual({ section: section.id, steps: true });
    }
  });
});

describe('seed fixture', () => {
  const sharedExists = fs.existsSync(SHARED_SEED);
  (sharedExists ? it : it.skip)(
    sharedExists
      ? 'equals ../shared/seed/rfq-monitoring-framework.md byte for byte'
      : `equals the shared seed byte for byte (skipped: ${SHARED_SEED} not found)`,
    () => {
      expect(fs.readFileSync(SEED_FIXTURE).equals(fs.readFileSync(SHARED_SEED))).toBe(true);
    }
  );
});
