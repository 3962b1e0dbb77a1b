import type { PathwayDefinitionInput } from './schema.ts';

/**
 * The Continuum of Need as Jersey's plan describes it (seed 003), with the moves of DOMAIN.md.
 * Simulation defaults are sized for Jersey: about 20,500 children and ~1,600 referrals a year;
 * durations follow England's published medians (assessment 33 days, CP plans mostly 6-12 months,
 * looked-after stays averaging ~1.5-2.4 years). They are starting points for calibration, not facts.
 */
export const defaultPathway: PathwayDefinitionInput = {
  id: 'continuum_of_need',
  name: 'Continuum of Need (Jersey)',
  entry: 'front_door',
  population: 20_500,
  // Jersey's bank holidays (e.g. Liberation Day, 9 May) set the working-day timescales.
  calendar: 'jersey',
  // The seed's Jersey baselines (2017-2019) and the one target it names (management oversight 90%).
  kpiBenchmarks: {
    referrals_per_10000: { baseline: 800.5 },
    re_referrals_12_months: { baseline: 24.2 },
    cin_count: { baseline: 246 },
    cin_rate_per_10000: { baseline: 198.8 },
    cp_count: { baseline: 77 },
    cp_rate_per_10000: { baseline: 37.4 },
    repeat_cp_plan_within_2_years: { baseline: 9.6 },
    cla_count: { baseline: 86 },
    cla_rate_per_10000: { baseline: 41.9 },
    care_leavers_eet: { baseline: 58 },
    management_oversight_31_days: { baseline: 73, target: 90 },
  },
  arrivals: {
    perYear: 2_300,
    // Contacts dip in the school summer holiday and peak in autumn term (England's seasonal pattern).
    seasonality: [1.02, 1.04, 1.06, 0.98, 1.02, 1.04, 0.96, 0.8, 0.98, 1.06, 1.06, 0.98],
  },
  recordEvents: ['management_oversight'],
  groups: [{ id: 'section_17', label: 'Social care assessment and child in need' }],
  stages: [
    {
      id: 'front_door',
      label: 'MASST front door',
      level: 3,
      timescale: { value: 1, unit: 'working_days', label: 'Decision on a contact' },
      duration: { type: 'exponential', meanDays: 1.2 },
      costPerDay: 60,
    },
    {
      id: 'early_help',
      label: 'Early help',
      level: 2,
      duration: { type: 'lognormal', medianDays: 120, sigma: 0.6 },
      costPerDay: 12,
      kpiTags: ['early_help'],
      // 440 places, a little under the ~460 families demand keeps open (p95 ~500 without a limit):
      // early help is capacity-bound, full most of the time, and families wait about a week.
      staffing: { workers: 22, casesPerWorker: 20 },
      // A family not picked up within about a month (median 28 days) re-presents at the front door.
      whenFull: { patience: { type: 'lognormal', medianDays: 28, sigma: 0.5 }, to: 'front_door' },
    },
    {
      id: 'assessment',
      label: 'Social care assessment',
      level: 3,
      group: 'section_17',
      timescale: { value: 45, unit: 'working_days', label: 'Assessment completed' },
      duration: { type: 'lognormal', medianDays: 33, sigma: 0.5 },
      costPerDay: 45,
    },
    {
      id: 'child_in_need',
      label: 'Child in need',
      level: 3,
      group: 'section_17',
      duration: { type: 'lognormal', medianDays: 90, sigma: 0.85 },
      costPerDay: 25,
      kpiTags: ['cin_plan'],
    },
    {
      id: 's47_enquiry',
      label: 'Section 47 enquiry',
      level: 4,
      timescale: { value: 15, unit: 'working_days', label: 'Initial child protection conference' },
      duration: { type: 'lognormal', medianDays: 16, sigma: 0.4 },
      costPerDay: 80,
    },
    {
      id: 'child_protection',
      label: 'Child protection plan',
      level: 4,
      duration: { type: 'lognormal', medianDays: 270, sigma: 0.6 },
      costPerDay: 40,
      kpiTags: ['cp_plan'],
    },
    {
      id: 'looked_after',
      label: 'Looked after',
      level: 4,
      duration: { type: 'lognormal', medianDays: 300, sigma: 1.1 },
      costPerDay: 180,
      kpiTags: ['looked_after'],
    },
    {
      id: 'care_leaver',
      label: 'Care leaver',
      level: 4,
      duration: { type: 'lognormal', medianDays: 1_000, sigma: 0.5 },
      costPerDay: 30,
      kpiTags: ['care_leaver'],
    },
    {
      id: 'closed',
      label: 'Closed',
      level: 1,
      terminal: true,
      duration: { type: 'exponential', meanDays: 365 },
    },
  ],
  transitions: [
    { from: 'front_door', to: 'closed', event: 'no_further_action', kind: 'close', weight: 0.25 },
    {
      from: 'front_door',
      to: 'early_help',
      event: 'refer_early_help',
      kind: 'progress',
      weight: 0.25,
      kpiTags: ['early_help_start'],
    },
    {
      from: 'front_door',
      to: 'assessment',
      event: 'accept_referral',
      kind: 'progress',
      weight: 0.42,
      kpiTags: ['referral'],
    },
    {
      from: 'front_door',
      to: 's47_enquiry',
      event: 'strategy_discussion',
      kind: 'step-up',
      weight: 0.075,
      kpiTags: ['referral', 's47_start'],
    },
    {
      from: 'front_door',
      to: 'looked_after',
      event: 'emergency_protection',
      kind: 'step-up',
      weight: 0.005,
      kpiTags: ['referral', 'cla_start'],
    },

    { from: 'early_help', to: 'closed', event: 'close_early_help', kind: 'close', weight: 0.85 },
    { from: 'early_help', to: 'front_door', event: 'step_up', kind: 'step-up', weight: 0.15 },

    // Shared by assessment and child in need, declared once on their group.
    {
      from: 'section_17',
      to: 'closed',
      event: 'close_case',
      kind: 'close',
      weight: 0.45,
      weightBySource: { child_in_need: 0.7 },
    },
    {
      from: 'section_17',
      to: 'early_help',
      event: 'step_down',
      kind: 'step-down',
      weight: 0.12,
      weightBySource: { child_in_need: 0.18 },
      kpiTags: ['early_help_start'],
    },
    {
      from: 'section_17',
      to: 's47_enquiry',
      event: 'start_s47',
      kind: 'step-up',
      weight: 0.13,
      weightBySource: { child_in_need: 0.08 },
      kpiTags: ['s47_start'],
    },
    { from: 'assessment', to: 'child_in_need', event: 'cin_plan', kind: 'progress', weight: 0.3 },
    // An assessment can end in care (s20 accommodation) with no plan first; the returns record it.
    {
      from: 'assessment',
      to: 'looked_after',
      event: 'become_looked_after',
      kind: 'step-up',
      weight: 0.005,
      kpiTags: ['cla_start'],
    },
    {
      from: 'child_in_need',
      to: 'looked_after',
      event: 'become_looked_after',
      kind: 'step-up',
      weight: 0.04,
      kpiTags: ['cla_start'],
    },

    {
      from: 's47_enquiry',
      to: 'child_protection',
      event: 'cp_plan',
      kind: 'step-up',
      weight: 0.18,
      kpiTags: ['cp_plan_start'],
    },
    { from: 's47_enquiry', to: 'child_in_need', event: 'no_plan_cin', kind: 'step-down', weight: 0.35 },
    { from: 's47_enquiry', to: 'closed', event: 'no_plan_close', kind: 'close', weight: 0.47 },
    // Care during an enquiry (police protection, an emergency protection order, s20): the CIN census
    // and SSDA903 record a looked-after start with no child protection plan before it.
    {
      from: 's47_enquiry',
      to: 'looked_after',
      event: 'become_looked_after',
      kind: 'step-up',
      weight: 0.02,
      kpiTags: ['cla_start'],
    },

    {
      from: 'child_protection',
      to: 'child_in_need',
      event: 'end_plan_cin',
      kind: 'step-down',
      weight: 0.6,
      kpiTags: ['cp_plan_end'],
    },
    {
      from: 'child_protection',
      to: 'looked_after',
      event: 'become_looked_after',
      kind: 'step-up',
      weight: 0.12,
      kpiTags: ['cp_plan_end', 'cla_start'],
    },
    {
      from: 'child_protection',
      to: 'closed',
      event: 'end_plan_close',
      kind: 'close',
      weight: 0.28,
      kpiTags: ['cp_plan_end'],
    },

    {
      from: 'looked_after',
      to: 'child_in_need',
      event: 'return_home',
      kind: 'step-down',
      weight: 0.35,
      kpiTags: ['cla_end'],
    },
    {
      from: 'looked_after',
      to: 'care_leaver',
      event: 'leave_care',
      kind: 'progress',
      weight: 0.3,
      kpiTags: ['cla_end'],
    },
    {
      from: 'looked_after',
      to: 'closed',
      event: 'cease_care',
      kind: 'close',
      weight: 0.35,
      kpiTags: ['cla_end'],
    },

    { from: 'care_leaver', to: 'closed', event: 'close_care_leaver', kind: 'close', weight: 1 },

    // A terminal stage's weights are probabilities: 30% of closed cases come back within the model.
    { from: 'closed', to: 'front_door', event: 're_referral', kind: 're-referral', weight: 0.3 },
  ],
};
